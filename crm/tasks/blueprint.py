"""URL map of tasks: list, create, task page with its discussion, the Aufgaben tab of a customer."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState
from flask_babel import lazy_gettext as _l

from crm.customers.hooks import register_customer_tab
from crm.dashboard.widgets import LIST_LIMIT, Widget, register_widget
from crm.navigation import NavItem, register_nav_item
from gorilla.search import SearchSource, register_source

from . import demo, views
from .models import Task, TaskPriority, TaskStatus
from .queries import due_tasks_of, waiting_on_agency

bp = Blueprint("tasks", __name__, template_folder="templates")

bp.add_url_rule("/tasks", "list", views.task_list)
bp.add_url_rule("/tasks/new", "new", views.task_new, methods=["GET", "POST"])
bp.add_url_rule("/tasks/<int:task_id>", "show", views.task_detail, methods=["GET", "POST"])
bp.add_url_rule("/tasks/<int:task_id>/comments", "comment", views.task_comment, methods=["POST"])
bp.add_url_rule("/customers/<int:customer_id>/tasks", "customer_tab", views.customer_tasks)


def my_tasks(staff):
    """Dashboard: the signed-in member's tasks due soon or overdue."""
    return due_tasks_of(staff.id, LIST_LIMIT)


def waiting_tasks(staff):
    """Dashboard: tasks where a contact wrote last."""
    return waiting_on_agency(LIST_LIMIT)


@bp.record_once
def wire(state: BlueprintSetupState) -> None:
    """The Aufgaben link and customer tab, the statuses and priorities for templates, the
    dashboard widgets."""
    register_nav_item(state.app, NavItem("admin.tasks.list", _l("Tasks"), 40))
    register_customer_tab(state.app, _l("Tasks"), "admin.tasks.customer_tab")
    state.app.jinja_env.globals.update(TaskPriority=TaskPriority, TaskStatus=TaskStatus)
    demo.init_app(state.app)  # this feature's part of ``gorilla demo``
    register_widget(state.app, Widget("my_tasks", "tasks/_dashboard_mine.html", my_tasks, 30))
    register_widget(
        state.app, Widget("waiting", "tasks/_dashboard_waiting.html", waiting_tasks, 40)
    )
    register_source(
        state.app,
        SearchSource(
            "task", _l("Task"), Task, ("name",), ("description",), "admin.tasks.show", "task_id"
        ),
    )
