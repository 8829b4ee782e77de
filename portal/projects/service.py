"""What a contact may see of projects and tasks: always scoped to its own customer."""

from flask import abort

from crm.projects.models import Project
from crm.projects.service import project_count
from crm.tasks.models import Task
from crm.tasks.queries import active_projects_of, visible_task
from gorilla.extensions import db
from portal.sections import PANEL_LIMIT


def project_tile(contact) -> int:
    """Dashboard figure: the contact's customer's projects."""
    return project_count(contact.customer_id)


def active_projects(contact):
    """Start-page panel: the customer's active projects with the progress of the tasks it may
    see, and how many active projects there are."""
    return active_projects_of(contact.customer_id, PANEL_LIMIT)


def own_project(contact, project_id: int) -> Project:
    """The project if it belongs to the contact's customer, else 404."""
    project = db.session.get(Project, project_id)
    if project is None or project.customer_id != contact.customer_id:
        abort(404)
    return project


def own_visible_task(contact, task_id: int) -> Task:
    """The task if the contact's customer may see it, else 404."""
    task = visible_task(contact.customer_id, task_id)
    if task is None:
        abort(404)
    return task
