"""URL map of Einstellungen › API (admins only)."""

from flask import Blueprint

from . import views

bp = Blueprint("api_keys", __name__, template_folder="templates")
KEYS = "/settings/api-keys"

bp.add_url_rule(KEYS, "list", views.key_list)
bp.add_url_rule(f"{KEYS}/new", "new", views.key_new, methods=["POST"])
bp.add_url_rule(f"{KEYS}/<int:key_id>/revoke", "revoke", views.key_revoke, methods=["POST"])
