"""URL map of a contact's own profile (/kunden/profil…)."""

from flask import Blueprint

from gorilla import devices

from . import views

bp = Blueprint("profile", __name__, template_folder="templates")

bp.add_url_rule("/profil", "show", views.profile)
bp.add_url_rule("/profil/daten", "details", views.save_details, methods=["POST"])
bp.add_url_rule("/profil/passwort", "password", views.save_password, methods=["POST"])
bp.add_url_rule(
    "/profil/benachrichtigungen", "notifications", views.save_notifications, methods=["POST"]
)
bp.add_url_rule("/profil/bild", "picture", views.picture)
bp.add_url_rule(
    "/profil/sitzungen/<int:row_id>/beenden", "end_device", devices.end_device, methods=["POST"]
)
bp.add_url_rule(
    "/profil/sitzungen/beenden", "end_all_devices", devices.end_all_devices, methods=["POST"]
)
