"""Task lists: the staff list with filters and what a customer may see."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, and_, case, exists, func, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from crm.contacts.models import Contact
from crm.customers.models import Customer
from crm.projects.models import Project, ProjectStatus
from gorilla.extensions import db
from gorilla.paging import Page, paginate

from .models import Task, TaskComment, TaskStatus, task_assignees


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


# Tasks due within this many days count as "due soon" on the staff dashboard.
DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class DueTasks:
    """The first tasks of a staff member due soon or overdue, and how many there are."""

    tasks: list[Task]
    count: int
    overdue: int
    today: date


def due_tasks_of(staff_id: int, limit: int) -> DueTasks:
    """Open tasks assigned to ``staff_id`` that are overdue or due within ``DUE_SOON_DAYS``,
    earliest first; counts over all of them come with the rows (one query)."""
    today = date.today()
    late = case((Task.duedate < today, 1), else_=0)
    query = (
        select(Task, func.count().over(), func.sum(late).over())
        .join(task_assignees, task_assignees.c.task_id == Task.id)
        .where(
            task_assignees.c.staff_id == staff_id,
            Task.status != TaskStatus.COMPLETE,
            Task.duedate <= today + timedelta(days=DUE_SOON_DAYS),
        )
        .options(joinedload(Task.project))
        .order_by(Task.duedate, Task.id)
        .limit(limit)
    )
    rows = db.session.execute(query).all()
    count, overdue = (rows[0][1], rows[0][2]) if rows else (0, 0)
    return DueTasks([row[0] for row in rows], int(count), int(overdue or 0), today)


@dataclass(frozen=True)
class WaitingTask:
    """An open task whose last comment came from a contact: who wrote it and when."""

    id: int
    name: str
    since: datetime
    contact_name: str
    company: str


def waiting_on_agency(limit: int) -> tuple[list[WaitingTask], int]:
    """Open tasks (any status but ``complete``) whose latest comment was written by a contact:
    the customer has spoken and the agency owes the next word. Longest waiting first, and how
    many there are (one query)."""
    later = aliased(TaskComment)
    answered = exists().where(later.task_id == TaskComment.task_id, later.id > TaskComment.id)
    query = (
        select(
            Task.id, Task.name, TaskComment.created_at, Contact.firstname, Contact.lastname,
            Customer.company, func.count().over(),
        )
        .join(TaskComment, TaskComment.task_id == Task.id)
        .join(Contact, Contact.id == TaskComment.contact_id)
        .join(Customer, Customer.id == Contact.customer_id)
        .where(Task.status != TaskStatus.COMPLETE, ~answered)
        .order_by(TaskComment.created_at, TaskComment.id)
        .limit(limit)
    )  # fmt: skip
    rows = db.session.execute(query).all()
    tasks = [
        WaitingTask(row[0], row[1], row[2], f"{row[3]} {row[4]}".strip(), row[5]) for row in rows
    ]
    return tasks, rows[0][6] if rows else 0


@dataclass(frozen=True)
class ProjectProgress:
    """An active project as its customer sees it: share of its visible tasks that are done."""

    id: int
    name: str
    status: str
    deadline: date | None
    tasks: int
    done: int

    @property
    def percent(self) -> int | None:
        """Done tasks in percent (None without visible tasks)."""
        return round(100 * self.done / self.tasks) if self.tasks else None


def active_projects_of(customer_id: int, limit: int) -> tuple[list[ProjectProgress], int]:
    """The customer's projects that are neither finished nor cancelled, by deadline, with the
    tasks it may see and how many of them are complete; and how many such projects there are
    (one grouped query)."""
    visible = and_(Task.project_id == Project.id, Task.visible_to_customer, Project.view_tasks)
    done = case((Task.status == TaskStatus.COMPLETE, 1), else_=0)
    query = (
        select(
            Project.id, Project.name, Project.status, Project.deadline,
            func.count(Task.id), func.coalesce(func.sum(done), 0), func.count().over(),
        )
        .outerjoin(Task, visible)
        .where(
            Project.customer_id == customer_id,
            Project.status.not_in((ProjectStatus.FINISHED, ProjectStatus.CANCELLED)),
        )
        .group_by(Project.id, Project.name, Project.status, Project.deadline)
        .order_by(Project.deadline.is_(None), Project.deadline, Project.id)
        .limit(limit)
    )  # fmt: skip
    rows = db.session.execute(query).all()
    projects = [ProjectProgress(*row[:4], int(row[4]), int(row[5])) for row in rows]
    return projects, rows[0][6] if rows else 0
