"""Customer service: the searchable list, create/update, activation, deletion."""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import aliased

import webhooks
from crm.contacts.models import Contact
from crm.contacts.service import delete_contacts, lock_customer
from crm.customer_groups.models import CustomerGroup
from crm.customer_groups.service import groups_by_customer, in_group, set_customer_groups
from gorilla.audit import AuditAction, record
from gorilla.extensions import db
from gorilla.paging import Page, paginate
from gorilla.sessions import end_realm_sessions
from gorilla.storage import delete_upload
from gorilla.tokens import spend_links
from gorilla.unit_of_work import on_commit

from .hooks import delete_refusals, run_delete_cleanups
from .models import Approval, Customer

FIELDS = (
    "company", "vat", "phonenumber", "website", "address", "city", "zip", "country",
    "default_language",
)  # fmt: skip


class CustomerInUse(ValueError):
    """The customer still owns records (invoices, projects) and cannot be deleted."""


@dataclass(frozen=True)
class CustomerRow:
    """One line of the customer list."""

    customer: Customer
    primary: Contact | None
    groups: list[CustomerGroup]


def _search_filter(term: str):
    pattern = f"%{term.strip().lower()}%"
    name = func.lower(Contact.firstname + " " + Contact.lastname)
    matching_contact = exists().where(
        Contact.customer_id == Customer.id,
        or_(name.like(pattern), Contact.email.like(pattern)),
    )
    return or_(func.lower(Customer.company).like(pattern), matching_contact)


@dataclass(frozen=True)
class CustomerListing:
    """A page of the customer list and how many customers wait for approval (its filter)."""

    page: Page
    pending: int


def customer_page(
    search: str = "", page: int = 1, group: int | None = None, approval: str | None = None
) -> CustomerListing:
    """Customers sorted by company with their primary contact and their groups, and the number
    awaiting approval: two queries per page. ``group`` keeps the members of that group,
    ``approval`` the self-registered customers in that state (``pending``)."""
    primary, other = aliased(Contact), aliased(Customer)
    waiting = (
        select(func.count()).select_from(other).where(other.approval == Approval.PENDING)
    ).scalar_subquery()
    query = (
        select(Customer, primary, waiting)
        .outerjoin(primary, and_(primary.customer_id == Customer.id, primary.is_primary))
        .order_by(Customer.company, Customer.id)
    )
    if search.strip():
        query = query.where(_search_filter(search))
    if group is not None:
        query = query.where(in_group(Customer.id, group))
    if approval:
        query = query.where(Customer.approval == approval)
    found = paginate(query, page, scalars=False)
    groups = groups_by_customer(customer.id for customer, _, _ in found.items)
    rows = [
        CustomerRow(customer, contact, groups[customer.id]) for customer, contact, _ in found.items
    ]
    pending = found.items[0][2] if found.items else pending_approval_count()
    return CustomerListing(replace(found, items=rows), pending)


def save_customer(customer: Customer, data: Mapping[str, Any]) -> Customer:
    """Create (``customer`` new) or update a customer from form data (``groups``: the ids of
    its customer groups, when given)."""
    is_new = customer.id is None
    for name in FIELDS:
        if name in data:
            setattr(customer, name, (data[name] or "").strip())
    if "reverse_charge" in data:
        customer.reverse_charge = bool(data["reverse_charge"])
    db.session.add(customer)
    db.session.flush()
    if is_new:
        webhooks.emit("customer.created", {"id": customer.id, "company": customer.company})
    if "groups" in data:
        set_customer_groups(customer, data["groups"] or ())
    return customer


def set_customer_active(customer: Customer, active: bool) -> None:
    """Activate or deactivate a customer; deactivating ends its contacts' sessions and kills
    their password links for good (reactivating brings neither back)."""
    customer.active = active
    if not active:
        end_realm_sessions(
            Contact.realm, select(Contact.id).where(Contact.customer_id == customer.id)
        )
        spend_links(Contact, Contact.customer_id == customer.id)


def delete_customer(customer: Customer) -> None:
    """Delete the customer with its contacts and their pictures; refused while in use."""
    reasons = delete_refusals(customer)
    if reasons:
        raise CustomerInUse("; ".join(str(reason) for reason in reasons))
    customer = lock_customer(customer.id)
    record(AuditAction.CUSTOMER_DELETED, subject=customer, customer_id=customer.id)
    contacts = db.session.scalars(select(Contact).where(Contact.customer_id == customer.id))
    pictures = delete_contacts(contacts)
    run_delete_cleanups(customer)
    db.session.delete(customer)
    for name in pictures:
        on_commit(partial(delete_upload, name))


def pending_approval_count() -> int:
    """How many self-registered customers wait for approval (the list's filter link)."""
    pending = select(func.count()).select_from(Customer)
    return db.session.scalar(pending.where(Customer.approval == Approval.PENDING))


def customer_choices(keep: int | None = None) -> list[tuple[int, str]]:
    """``(id, company)`` of the active customers, plus ``keep`` (the record's own customer,
    even when deactivated: a form must never silently switch a record to another customer)."""
    shown = or_(Customer.active, Customer.id == keep) if keep else Customer.active
    rows = db.session.execute(
        select(Customer.id, Customer.company).where(shown).order_by(Customer.company)
    ).all()
    return [(row.id, row.company) for row in rows]
