"""Tasks, their assignees and their discussion (tenant tables)."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    event,
    update,
)  # fmt: skip
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.discussion import CommentColumns
from crm.projects.models import Project
from crm.staff.models import Staff
from gorilla.choices import LabelledEnum
from tenants.model_base import TenantModel
from tenants.models import utcnow


class TaskStatus(LabelledEnum):
    """Where a task stands; ``COMPLETE`` ones sort last in the list."""

    NOT_STARTED = "not_started", _l("Not started")
    IN_PROGRESS = "in_progress", _l("In progress")
    TESTING = "testing", _l("Testing")
    AWAITING_FEEDBACK = "awaiting_feedback", _l("Awaiting feedback")
    COMPLETE = "complete", _l("Complete")


class TaskPriority(LabelledEnum):
    """How urgent a task is."""

    LOW = "low", _l("Low")
    MEDIUM = "medium", _l("Medium")
    HIGH = "high", _l("High")
    URGENT = "urgent", _l("Urgent")


task_assignees = Table(
    "task_assignees",
    TenantModel.metadata,
    Column("task_id", ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True),
    Column("staff_id", ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_task_assignees_staff_id", "staff_id", "task_id"),  # a member's tasks
)


class Task(TenantModel):
    """A piece of work; ``description`` holds sanitised HTML. ``waiting_since`` is the time
    of the last comment while a contact wrote it (the agency owes an answer), else None."""

    __tablename__ = "tasks"
    __table_args__ = (Index("ix_tasks_waiting", "waiting_since", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=TaskStatus.NOT_STARTED, index=True)
    priority: Mapped[str] = mapped_column(String(10), default=TaskPriority.MEDIUM)
    duedate: Mapped[date | None] = mapped_column(Date)
    visible_to_customer: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    waiting_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    project: Mapped[Project | None] = relationship(back_populates="tasks")
    assignees: Mapped[list[Staff]] = relationship(secondary=task_assignees, order_by=Staff.id)

    @property
    def customer_visible(self) -> bool:
        """Whether the project's customer may open this task in the customer area."""
        return bool(self.visible_to_customer and self.project and self.project.view_tasks)


class TaskComment(CommentColumns, TenantModel):
    """One message in a task's discussion, written by a staff member or a contact."""

    __tablename__ = "task_comments"

    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)


@event.listens_for(TaskComment, "after_insert")
def _track_last_word(mapper, connection, comment: TaskComment) -> None:
    """Every new comment decides whether its task waits on the agency: a contact's comment
    sets ``waiting_since``, a staff member's clears it (in the comment's own statement batch,
    so every ORM path keeps it right)."""
    since = (comment.created_at or utcnow()) if comment.contact_id is not None else None
    connection.execute(
        update(Task.__table__)
        .where(Task.__table__.c.id == comment.task_id)
        .values(waiting_since=since)
    )
