"""URL rules and wiring of projects and tasks in the staff CRM."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from crm.customers.hooks import register_customer_tab, register_delete_guard
from crm.tasks import views as tasks

from . import views as projects
from .service import customer_has_projects


def add_rules(bp: Blueprint) -> None:
    """Projects and tasks under /admin."""
    bp.add_url_rule("/projects", "project_list", projects.project_list)
    bp.add_url_rule("/projects/new", "project_new", projects.project_new, methods=["GET", "POST"])
    bp.add_url_rule(
        "/projects/<int:project_id>",
        "project_detail",
        projects.project_detail,
        methods=["GET", "POST"],
    )
    bp.add_url_rule(
        "/customers/<int:customer_id>/projects", "customer_projects", projects.customer_projects
    )
    bp.add_url_rule("/tasks", "task_list", tasks.task_list)
    bp.add_url_rule("/tasks/new", "task_new", tasks.task_new, methods=["GET", "POST"])
    bp.add_url_rule(
        "/tasks/<int:task_id>", "task_detail", tasks.task_detail, methods=["GET", "POST"]
    )
    bp.add_url_rule(
        "/tasks/<int:task_id>/comments", "task_comment", tasks.task_comment, methods=["POST"]
    )
    bp.add_url_rule("/customers/<int:customer_id>/tasks", "customer_tasks", tasks.customer_tasks)


def init_app(app: Flask) -> None:
    """The Projekte and Aufgaben tabs on the customer page and the delete guard."""
    register_customer_tab(app, _l("Projects"), "admin.customer_projects")
    register_customer_tab(app, _l("Tasks"), "admin.customer_tasks")
    register_delete_guard(app, customer_has_projects)
