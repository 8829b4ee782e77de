"""Link tables from customers, projects and tasks to their stored files (``stored_files``)."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from gorilla.attachments import StoredFile
from tenants.model_base import TenantModel
from tenants.models import utcnow


class FileLink:
    """One file on an owner: who uploaded it (a staff member or a contact) and when."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    stored_file_id: Mapped[int] = mapped_column(
        ForeignKey("stored_files.id", ondelete="CASCADE"), unique=True
    )
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @declared_attr
    def stored_file(cls) -> Mapped[StoredFile]:  # noqa: N805 - declared_attr takes the class
        return relationship(StoredFile, lazy="joined")

    @declared_attr
    def staff(cls):  # noqa: N805
        return relationship("Staff", lazy="joined")

    @declared_attr
    def contact(cls):  # noqa: N805
        return relationship("Contact", lazy="joined")

    @property
    def uploader(self) -> str:
        """Who uploaded the file, by name."""
        person = self.staff or self.contact
        return person.full_name if person else "—"


class CustomerFile(FileLink, TenantModel):
    """A file on a customer (staff only)."""

    __tablename__ = "customer_files"
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )


class ProjectFile(FileLink, TenantModel):
    """A file on a project (shown to the customer's contacts with ``projects``)."""

    __tablename__ = "project_files"
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )


class TaskFile(FileLink, TenantModel):
    """A file on a task (shown to the customer while the task is visible to it)."""

    __tablename__ = "task_files"
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    task = relationship("Task")
