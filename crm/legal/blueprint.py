"""URL map of Einstellungen › Rechtliches."""

from flask import Blueprint

from . import views

bp = Blueprint("legal", __name__, template_folder="templates")

bp.add_url_rule("/settings/legal", "edit", views.edit, methods=["GET", "POST"])
