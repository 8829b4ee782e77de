"""URL rules and the Projekte section of the customer area."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from crm.contacts.models import Permission
from portal.sections import Section, register_section

from . import views
from .service import project_tile


def add_rules(bp: Blueprint) -> None:
    """/kunden/projekte and /kunden/aufgaben."""
    bp.add_url_rule("/projekte", "projects", views.project_list)
    bp.add_url_rule("/projekte/<int:project_id>", "project_detail", views.project_detail)
    bp.add_url_rule("/aufgaben/<int:task_id>", "task_detail", views.task_detail)
    bp.add_url_rule(
        "/aufgaben/<int:task_id>/kommentare", "task_comment", views.task_comment, methods=["POST"]
    )


def init_app(app: Flask) -> None:
    """Projekte in the navigation and on the dashboard for contacts with ``projects``."""
    register_section(
        app, Section("portal.projects", _l("Projects"), Permission.PROJECTS, project_tile)
    )
