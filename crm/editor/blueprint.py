"""URL map of the rich-text editor (/admin/editor/…)."""

from flask import Blueprint

from . import views

bp = Blueprint("editor", __name__)

bp.add_url_rule("/editor/preview", "preview", views.preview, methods=["POST"])
