"""Task lists: the staff list with filters and what a customer may see."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, and_, case, func, select, true
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
    earliest first, and the counts over all of them: one statement joining the first
    ``limit`` ids to the counts (so only those rows are loaded with their project)."""
    today = date.today()
    due = (
        select(Task.id, Task.duedate)
        .join(task_assignees, task_assignees.c.task_id == Task.id)
        .where(
            task_assignees.c.staff_id == staff_id,
            Task.status != TaskStatus.COMPLETE,
            Task.duedate <= today + timedelta(days=DUE_SOON_DAYS),
        )
    )
    first = due.order_by(Task.duedate, Task.id).limit(limit).subquery()
    every = due.subquery()
    totals = select(
        func.count().label("count"), func.sum(case((every.c.duedate < today, 1), else_=0))
    ).subquery()
    query = (
        select(Task, *totals.c)
        .join(first, first.c.id == Task.id)
        .join(totals, true())
        .options(joinedload(Task.project))
        .order_by(Task.duedate, Task.id)
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
    """Open tasks (any status but ``complete``) whose latest comment was written by a contact
    (``Task.waiting_since``): the customer has spoken and the agency owes the next word.
    Longest waiting first, and how many there are; one statement reading the waiting tasks'
    index, the names joined for the first ``limit`` only."""
    waiting = (Task.waiting_since.is_not(None), Task.status != TaskStatus.COMPLETE)
    first = (
        select(Task.id)
        .where(*waiting)
        .order_by(Task.waiting_since, Task.id)
        .limit(limit)
        .subquery()
    )
    total = select(func.count()).select_from(Task).where(*waiting).scalar_subquery()
    last = aliased(TaskComment)
    last_comment = select(func.max(last.id)).where(last.task_id == Task.id).scalar_subquery()
    query = (
        select(
            Task.id, Task.name, Task.waiting_since, Contact.firstname, Contact.lastname,
            Customer.company, total,
        )
        .join(first, first.c.id == Task.id)
        .outerjoin(TaskComment, TaskComment.id == last_comment)
        .outerjoin(Contact, Contact.id == TaskComment.contact_id)
        .outerjoin(Customer, Customer.id == Contact.customer_id)
        .order_by(Task.waiting_since, Task.id)
    )  # fmt: skip
    rows = db.session.execute(query).all()
    tasks = [
        WaitingTask(row[0], row[1], row[2], f"{row[3] or ''} {row[4] or ''}".strip(), row[5] or "")
        for row in rows
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
    """The customer's first ``limit`` projects that are neither finished nor cancelled, by
    deadline, with the tasks it may see and how many of them are complete, and how many
    active projects there are. One statement; only the tasks of the listed projects are read."""
    active = select(Project).where(
        Project.customer_id == customer_id,
        Project.status.not_in((ProjectStatus.FINISHED, ProjectStatus.CANCELLED)),
    )
    first = (
        active.order_by(Project.deadline.is_(None), Project.deadline, Project.id)
        .limit(limit)
        .subquery()
    )
    every = active.with_only_columns(func.count()).scalar_subquery()
    shared = and_(Task.project_id == first.c.id, Task.visible_to_customer, first.c.view_tasks)
    done = case((Task.status == TaskStatus.COMPLETE, 1), else_=0)
    columns = (first.c.id, first.c.name, first.c.status, first.c.deadline)
    query = (
        select(*columns, func.count(Task.id), func.coalesce(func.sum(done), 0), every)
        .outerjoin(Task, shared)
        .group_by(*columns)
        .order_by(first.c.deadline.is_(None), first.c.deadline, first.c.id)
    )
    rows = db.session.execute(query).all()
    projects = [ProjectProgress(*row[:4], int(row[4]), int(row[5])) for row in rows]
    return projects, rows[0][6] if rows else 0


def visible_task_ids(project: Project) -> Select:
    """The ids of the project's tasks its customer may see."""
    visible = _visible_to(project.customer_id).where(Task.project_id == project.id)
    return visible.with_only_columns(Task.id)
