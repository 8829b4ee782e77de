"""URL map of projects: list, create, project page and the Projekte tab of a customer."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState
from flask_babel import lazy_gettext as _l

from crm.customers.hooks import register_customer_tab, register_delete_guard
from crm.navigation import NavItem, register_nav_item
from gorilla.search import SearchSource, register_source

from . import demo, views
from .models import Project, ProjectStatus
from .service import customer_has_projects

bp = Blueprint("projects", __name__, template_folder="templates")

bp.add_url_rule("/projects", "list", views.project_list)
bp.add_url_rule("/projects/new", "new", views.project_new, methods=["GET", "POST"])
bp.add_url_rule("/projects/<int:project_id>", "show", views.project_detail, methods=["GET", "POST"])
bp.add_url_rule("/customers/<int:customer_id>/projects", "customer_tab", views.customer_projects)


@bp.record_once
def wire(state: BlueprintSetupState) -> None:
    """The Projekte link and customer tab, the delete guard, the statuses for templates."""
    register_nav_item(state.app, NavItem("admin.projects.list", _l("Projects"), 30))
    register_customer_tab(state.app, _l("Projects"), "admin.projects.customer_tab")
    register_delete_guard(state.app, customer_has_projects)
    state.app.jinja_env.globals["ProjectStatus"] = ProjectStatus
    demo.init_app(state.app)  # this feature's part of ``gorilla demo``
    register_source(
        state.app,
        SearchSource(
            "project",
            _l("Project"),
            Project,
            ("name",),
            ("description",),
            "admin.projects.show",
            "project_id",
        ),
    )
