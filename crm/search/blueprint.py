"""URL map of the global search (/admin/search?q=)."""

from flask import Blueprint

from . import views

bp = Blueprint("search", __name__, template_folder="templates")

bp.add_url_rule("/search", "results", views.results)
