"""Service steps every sales document repeats: emailing the contacts ticked in the send
dialog, telling staff about the customer's answer, and claiming a one-time change with a
conditional UPDATE (race-safe)."""

from collections.abc import Iterable

from sqlalchemy import select, update

import mail_templates
from crm.contacts.models import Contact
from crm.staff.models import Staff
from gorilla.extensions import db


def send_to_chosen(slug: str, contacts: Iterable[Contact], chosen: set[int], **fields) -> int:
    """Queue ``slug`` with ``fields`` to those of ``contacts`` whose id is ``chosen``; returns
    how many were queued (``send`` skips those who switched the notification off)."""
    queued = [
        mail_templates.send(slug, to=contact, **fields)
        for contact in contacts
        if contact.id in chosen
    ]
    return sum(1 for message in queued if message is not None)


def author_or_admins(author: Staff | None) -> list[Staff]:
    """Who hears about a customer's answers and comments: the document's author while active,
    else every active admin."""
    if author is not None and author.active:
        return [author]
    return list(db.session.scalars(select(Staff).where(Staff.is_admin, Staff.active)))


def claim(document, *conditions, **values) -> bool:
    """Set ``values`` on ``document``'s row if it still meets ``conditions``: one conditional
    UPDATE, so of two requests racing exactly one wins (on SQLite and PostgreSQL alike).
    Returns whether this call made the change; the object is not refreshed."""
    model = type(document)
    result = db.session.execute(
        update(model)
        .where(model.id == document.id, *conditions)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1
