"""Task lists: the staff list with filters and what a customer may see."""

from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from crm.projects.models import Project
from gorilla.extensions import db
from gorilla.paging import Page, paginate

from .models import Task, TaskStatus, task_assignees


@dataclass(frozen=True)
class TaskFilter:
    """Filters of the staff task list (``None`` = any)."""

    status: str | None = None
    assignee_id: int | None = None
    customer_id: int | None = None
    project_id: int | None = None


def task_page(filters: TaskFilter, page: int) -> Page:
    """Tasks matching ``filters``, open ones by due date first."""
    query = (
        select(Task)
        .outerjoin(Project, Project.id == Task.project_id)
        .options(selectinload(Task.project), selectinload(Task.assignees))
    )
    if filters.status:
        query = query.where(Task.status == filters.status)
    if filters.project_id:
        query = query.where(Task.project_id == filters.project_id)
    if filters.customer_id:
        query = query.where(Project.customer_id == filters.customer_id)
    if filters.assignee_id:
        query = query.where(
            Task.id.in_(
                select(task_assignees.c.task_id).where(
                    task_assignees.c.staff_id == filters.assignee_id
                )
            )
        )
    query = query.order_by(
        Task.status == TaskStatus.COMPLETE, Task.duedate.is_(None), Task.duedate, Task.id
    )
    return paginate(query, page)


def _visible_to(customer_id: int) -> Select:
    return (
        select(Task)
        .join(Project, Project.id == Task.project_id)
        .where(Project.customer_id == customer_id, Project.view_tasks, Task.visible_to_customer)
    )


def visible_task(customer_id: int, task_id: int) -> Task | None:
    """The task if the customer may open it (visible, in its project with ``view_tasks``)."""
    return db.session.scalar(_visible_to(customer_id).where(Task.id == task_id))


def visible_tasks_page(project: Project, page: int) -> Page:
    """The project's tasks the customer may see, by due date."""
    query = (
        _visible_to(project.customer_id)
        .where(Task.project_id == project.id)
        .order_by(Task.duedate.is_(None), Task.duedate, Task.id)
    )
    return paginate(query, page)
