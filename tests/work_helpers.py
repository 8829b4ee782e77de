"""Builders for projects and tasks, created through the same services the pages use."""

from crm.projects.models import Project
from crm.projects.service import save_project
from crm.tasks.models import Task
from crm.tasks.service import save_task
from tests.crm_factories import in_tenant

SHARED = {"view_tasks": True, "view_task_comments": True, "comment_on_tasks": True}


def add_project(app, tenant, customer_id: int, name: str = "Website-Relaunch", **fields) -> int:
    """A project of the customer that shares tasks and discussion; returns its id."""
    with in_tenant(app, tenant) as session:
        data = {"customer_id": customer_id, "name": name, **SHARED, **fields}
        project = save_project(Project(), data)
        session.commit()  # what the request does after the view
        return project.id


def add_task(app, tenant, project_id: int | None, name: str, **fields) -> int:
    """A task in the project; returns its id."""
    with in_tenant(app, tenant) as session:
        task = save_task(Task(), {"project_id": project_id, "name": name, **fields})
        session.commit()
        return task.id
