"""URL map of a customer's contacts (staff side)."""

from flask import Blueprint

from . import views

bp = Blueprint("contacts", __name__, template_folder="templates")
CONTACT = "/contacts/<int:contact_id>"

bp.add_url_rule(
    "/customers/<int:customer_id>/contacts/new", "new", views.contact_new, methods=["GET", "POST"]
)
bp.add_url_rule(f"{CONTACT}/edit", "edit", views.contact_edit, methods=["GET", "POST"])
bp.add_url_rule(f"{CONTACT}/active", "set_active", views.contact_set_active, methods=["POST"])
bp.add_url_rule(f"{CONTACT}/login-as", "login_as", views.contact_login_as, methods=["POST"])
bp.add_url_rule(f"{CONTACT}/delete", "delete", views.contact_delete, methods=["POST"])
bp.add_url_rule(f"{CONTACT}/picture", "picture", views.contact_picture)
