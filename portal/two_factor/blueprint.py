"""URL map of two-factor sign-in in the customer area: /kunden/profil/2fa (refused while staff
are signed in as the contact) and the second step /kunden/login/2fa."""

from flask import Blueprint

from gorilla.two_factor import views
from tenants.sqlite import writes_on_get

bp = Blueprint("two_factor", __name__)

bp.add_url_rule("/profil/2fa", "setup", writes_on_get(views.setup), methods=["GET", "POST"])
bp.add_url_rule("/profil/2fa/ausschalten", "disable", views.disable, methods=["POST"])
bp.add_url_rule(
    "/profil/2fa/wiederherstellungscodes",
    "renew_recovery_codes",
    views.renew_recovery_codes,
    methods=["POST"],
)
bp.add_url_rule(
    "/profil/2fa/wiederherstellungscodes.txt",
    "download_recovery_codes",
    views.download_recovery_codes,
    methods=["POST"],
)
bp.add_url_rule("/login/2fa", "verify", views.verify, methods=["GET", "POST"])
