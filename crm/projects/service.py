"""Project service: create/update (announcing new projects), lists, delete guard."""

from collections.abc import Mapping
from typing import Any

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from crm.contacts.models import Permission
from crm.customers.models import Customer
from crm.notify import link, notify_contacts
from crm.staff.models import Staff
from crm.tasks.models import Task
from gorilla.extensions import db
from gorilla.forms import assign_fields
from gorilla.paging import Page, paginate

from .models import Project

FIELDS = (
    "customer_id", "name", "description", "status", "start_date", "deadline",
    "view_tasks", "view_task_comments", "comment_on_tasks",
)  # fmt: skip


def save_project(project: Project, data: Mapping[str, Any]) -> Project:
    """Create (``project`` new) or update a project from form data.

    ``data`` may hold ``members`` (staff ids). A new project is announced with
    ``project-created`` to the customer's contacts who get project emails.
    """
    is_new = project.id is None
    assign_fields(project, data, FIELDS)
    if "members" in data:
        project.members = staff_by_ids(data["members"])
    db.session.add(project)
    db.session.flush()
    if is_new:
        deadline = format_date(project.deadline) if project.deadline else ""
        notify_contacts(
            "project-created",
            project.customer_id,
            Permission.PROJECTS,
            project_name=project.name,
            project_link=link("portal.projects.show", project_id=project.id),
            project_deadline=deadline,
        )
    return project


def staff_by_ids(ids) -> list[Staff]:
    """The staff members with the given ids (unknown ids are ignored)."""
    wanted = {int(staff_id) for staff_id in ids or ()}
    if not wanted:
        return []
    return list(db.session.scalars(select(Staff).where(Staff.id.in_(wanted)).order_by(Staff.id)))


def project_page(page: int, customer_id: int | None = None) -> Page:
    """Projects, newest first, optionally of one customer."""
    query = select(Project).options(joinedload(Project.customer)).order_by(Project.id.desc())
    if customer_id is not None:
        query = query.where(Project.customer_id == customer_id)
    return paginate(query, page)


def project_choices() -> list[tuple[int, str]]:
    """``(id, "Customer – Project")`` for task forms."""
    rows = db.session.execute(
        select(Project.id, Customer.company, Project.name)
        .join(Customer, Customer.id == Project.customer_id)
        .order_by(Customer.company, Project.name)
    ).all()
    return [(row.id, f"{row.company} – {row.name}") for row in rows]


def keeps_customer(project: Project | None) -> bool:
    """A project with tasks stays with its customer: their discussion belongs to it."""
    if project is None or project.id is None:
        return False
    return (
        db.session.scalar(select(Task.id).where(Task.project_id == project.id).limit(1)) is not None
    )


def project_count(customer_id: int) -> int:
    """How many projects the customer has."""
    return db.session.scalar(
        select(func.count()).select_from(Project).where(Project.customer_id == customer_id)
    )


def customer_has_projects(customer: Customer) -> str | None:
    """Delete guard: a customer with projects cannot be deleted."""
    return str(_l("the customer has projects")) if project_count(customer.id) else None
