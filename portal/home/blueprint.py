"""URL map of the customer area's start page (/kunden/)."""

from flask import Blueprint

from . import views

bp = Blueprint("home", __name__, template_folder="templates")

bp.add_url_rule("/", "index", views.home)
