"""Files of customers, projects and tasks: one registry of owners, one way to add, find,
list and remove a file (storage rules: ``gorilla.attachments``)."""

from dataclasses import dataclass

from flask import abort, url_for
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from crm.customers.models import Customer
from crm.projects.models import Project
from crm.tasks.models import Task
from gorilla.attachments import delete_attachment, store_attachment
from gorilla.extensions import db

from .models import CustomerFile, FileLink, ProjectFile, TaskFile


@dataclass(frozen=True)
class Owner:
    """What files can hang on: ``kind`` is the URL segment (``customers``), ``model`` the
    owner's class, ``link`` its link table and ``column`` the link's owner column."""

    kind: str
    model: type
    link: type[FileLink]
    column: str
    page: str  # the owner's staff page that shows its files

    def page_url(self, owner_id: int) -> str:
        """Where the owner's files are shown to staff."""
        if self.kind == "customers":
            return url_for(self.page, customer_id=owner_id)
        return url_for(self.page, _anchor="files", **{self.column: owner_id})

    def owner_of(self, owner_id: int):
        """The owner row, or 404."""
        return db.get_or_404(self.model, owner_id)

    def links(self, owner_ids) -> list[FileLink]:
        """The file links of the owners ``owner_ids``, newest first."""
        column = getattr(self.link, self.column)
        query = select(self.link).where(column.in_(owner_ids))
        return list(db.session.scalars(query.order_by(self.link.id.desc())))

    def link_of(self, owner_id: int, link_id: int) -> FileLink:
        """The file ``link_id`` if it hangs on owner ``owner_id``, else 404."""
        link = db.session.get(self.link, link_id)
        if link is None or getattr(link, self.column) != owner_id:
            abort(404)
        return link


OWNERS = {
    owner.kind: owner
    for owner in (
        Owner("customers", Customer, CustomerFile, "customer_id", "admin.files.customer_tab"),
        Owner("projects", Project, ProjectFile, "project_id", "admin.projects.show"),
        Owner("tasks", Task, TaskFile, "task_id", "admin.tasks.show"),
    )
}
KINDS = tuple(OWNERS)


def add_file(owner: Owner, owner_id: int, upload: FileStorage, *, staff=None, contact=None):
    """Store ``upload`` on the owner; raises ``AttachmentRefused`` with the reason."""
    stored = store_attachment(upload)
    link = owner.link(stored_file=stored, staff=staff, contact=contact)
    setattr(link, owner.column, owner_id)
    db.session.add(link)
    return link


def remove_file(link: FileLink) -> None:
    """Delete the file and its link."""
    stored = link.stored_file
    db.session.delete(link)
    delete_attachment(stored)


def remove_files_of_customer(customer: Customer) -> None:
    """Delete every file of ``customer`` (called when the customer is deleted)."""
    for link in OWNERS["customers"].links([customer.id]):
        remove_file(link)
    db.session.flush()  # before the customer's own DELETE, whose cascade would take the links
