"""Projects (tenant table) and their staff members."""

from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Column, Date, DateTime, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.customers.models import Customer
from crm.staff.models import Staff
from gorilla.choices import LabelledEnum
from tenants.model_base import TenantModel
from tenants.models import utcnow

if TYPE_CHECKING:
    from crm.tasks.models import Task


class ProjectStatus(LabelledEnum):
    """Where a project stands."""

    NOT_STARTED = "not_started", _l("Not started")
    IN_PROGRESS = "in_progress", _l("In progress")
    ON_HOLD = "on_hold", _l("On hold")
    FINISHED = "finished", _l("Finished")
    CANCELLED = "cancelled", _l("Cancelled")


project_members = Table(
    "project_members",
    TenantModel.metadata,
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column("staff_id", ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True),
)


class Project(TenantModel):
    """Work for one customer; the ``view_*``/``comment_*`` flags govern the customer area."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=ProjectStatus.NOT_STARTED)
    start_date: Mapped[date | None] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)
    view_tasks: Mapped[bool] = mapped_column(Boolean, default=True)
    view_task_comments: Mapped[bool] = mapped_column(Boolean, default=True)
    comment_on_tasks: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    customer: Mapped[Customer] = relationship()
    members: Mapped[list[Staff]] = relationship(secondary=project_members, order_by=Staff.id)
    tasks: Mapped[list["Task"]] = relationship(back_populates="project", viewonly=True)
