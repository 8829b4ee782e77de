"""What a contact may see of projects and tasks: always scoped to its own customer."""

from flask import abort
from sqlalchemy import func, select

from crm.paging import Page, paginate
from crm.projects.models import Project
from crm.tasks.models import Task
from crm.tasks.queries import visible_task
from gorilla.extensions import db


def customer_projects(customer_id: int, page: int) -> Page:
    """The customer's projects, newest first."""
    query = select(Project).where(Project.customer_id == customer_id).order_by(Project.id.desc())
    return paginate(query, page)


def project_count(contact) -> int:
    """Dashboard figure: the contact's customer's projects."""
    return db.session.scalar(
        select(func.count()).select_from(Project).where(Project.customer_id == contact.customer_id)
    )


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
