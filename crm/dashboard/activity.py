"""Recent customer activity: what contacts did lately, from the audit log and task comments.

One query: the newest audit entries whose actor is a contact (sign-ins, and whatever later
features log for contacts) and the newest task comments written by contacts, each side cut to
the limit before they are merged, so the cost does not grow with the log.
"""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, String, literal, null, select, union_all

from crm.contacts.models import Contact
from crm.customers.models import Customer
from crm.tasks.models import Task, TaskComment
from gorilla.audit import AuditAction, AuditEntry
from gorilla.auth import Realm
from gorilla.extensions import db

COMMENT = "task_comment"


@dataclass(frozen=True)
class Activity:
    """One thing a contact did: when, who, for which customer, what, on which record."""

    when: datetime
    who: str
    customer_id: int | None
    company: str
    action: str
    label: str
    task_id: int | None

    @property
    def what(self) -> str:
        """The translated kind of activity."""
        if self.action == COMMENT:
            return str(_l("Commented on a task"))
        return AuditAction.label_of(self.action)


def recent_activity(limit: int) -> list[Activity]:
    """The ``limit`` newest activities of contacts, newest first."""
    logged = (
        select(
            AuditEntry.created_at.label("when"),
            AuditEntry.actor_name.label("who"),
            AuditEntry.customer_id.label("customer_id"),
            Customer.company.label("company"),
            AuditEntry.action.label("action"),
            AuditEntry.subject_label.label("label"),
            null().cast(Integer).label("task_id"),
        )
        .outerjoin(Customer, Customer.id == AuditEntry.customer_id)
        .where(AuditEntry.actor_realm == Realm.CONTACT)
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        .limit(limit)
        .subquery()
    )
    commented = (
        select(
            TaskComment.created_at,
            (Contact.firstname + " " + Contact.lastname),
            Contact.customer_id,
            Customer.company,
            literal(COMMENT, String),
            Task.name,
            Task.id,
        )
        .join(Contact, Contact.id == TaskComment.contact_id)
        .join(Customer, Customer.id == Contact.customer_id)
        .join(Task, Task.id == TaskComment.task_id)
        .order_by(TaskComment.id.desc())
        .limit(limit)
        .subquery()
    )
    merged = union_all(select(logged), select(commented)).subquery()
    query = select(merged).order_by(merged.c.when.desc()).limit(limit)
    return [Activity(*row) for row in db.session.execute(query)]
