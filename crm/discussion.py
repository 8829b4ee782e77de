"""Discussions on a record between staff and the customer's contacts (tasks, proposals, contracts,
tickets).

A comment table mixes in ``CommentColumns`` and adds its foreign key to the discussed record;
services store comments with ``post`` and read them with ``thread``; pages show them with
``partials/discussion.html`` and take new comments with ``gorilla.forms.CommentForm``.
"""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Text, select
from sqlalchemy.orm import Mapped, declared_attr, joinedload, mapped_column, relationship

from crm.contacts.models import Contact
from crm.staff.models import Staff
from gorilla.extensions import db
from tenants.models import utcnow


class CommentColumns:
    """One message by a staff member or a contact: author, body and time."""

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @declared_attr
    def staff_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))

    @declared_attr
    def contact_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))

    @declared_attr
    def staff(cls) -> Mapped[Staff | None]:
        return relationship(Staff)

    @declared_attr
    def contact(cls) -> Mapped[Contact | None]:
        return relationship(Contact)

    @property
    def author_name(self) -> str:
        """Who wrote the comment (a removed author shows as empty)."""
        author = self.staff or self.contact
        return author.full_name if author else ""


def post(comment) -> dict[str, str]:
    """Store ``comment``; returns the merge fields ``comment`` and ``comment_author`` of the
    emails that tell the other side."""
    db.session.add(comment)
    db.session.flush()
    return {"comment": comment.body, "comment_author": comment.author_name}


def thread(comment_model, record_key, limit: int | None = None) -> list:
    """The comments of ``comment_model`` whose ``record_key`` column matches (e.g.
    ``ProposalComment.proposal_id == proposal.id``), oldest first, authors loaded with them;
    at most ``limit``."""
    return list(
        db.session.scalars(
            select(comment_model)
            .options(joinedload(comment_model.staff), joinedload(comment_model.contact))
            .where(record_key)
            .order_by(comment_model.created_at, comment_model.id)
            .limit(limit)
        )
    )
