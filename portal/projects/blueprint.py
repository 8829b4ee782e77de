"""URL map and the Projekte section of the customer area (projects and their tasks)."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from crm.contacts.models import Permission
from portal.sections import Panel, Section, add_section

from . import views
from .service import active_projects, project_tile

bp = Blueprint("projects", __name__, template_folder="templates")

bp.add_url_rule("/projekte", "list", views.project_list)
bp.add_url_rule("/projekte/<int:project_id>", "show", views.project_detail)
bp.add_url_rule("/aufgaben/<int:task_id>", "task", views.task_detail)
bp.add_url_rule(
    "/aufgaben/<int:task_id>/kommentare", "task_comment", views.task_comment, methods=["POST"]
)

# Projekte in the navigation and on the start page for contacts with ``projects``.
add_section(
    bp,
    Section(
        "portal.projects.list",
        _l("Projects"),
        Permission.PROJECTS,
        project_tile,
        Panel("portal/projects/_home.html", active_projects),
    ),
)
