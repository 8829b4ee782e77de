"""Contact service: create, update, primary flag, activation, deletion.

Every change that touches the primary flag first locks the customer row, so two concurrent
requests for one customer take turns; the partial unique index is the last line of defence.
"""

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import partial
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

import mail_templates
import webhooks
from crm.customer_groups.service import group_default_permissions
from crm.customers.models import Customer
from gorilla.audit import AuditAction, record
from gorilla.auth import impersonate, normalize_email
from gorilla.extensions import db
from gorilla.passwords import new_session_token
from gorilla.sessions import end_sessions
from gorilla.storage import delete_upload, save_upload
from gorilla.unique_email import email_kept_unique
from gorilla.unit_of_work import on_commit, on_rollback
from tenants.settings import get_setting

from .models import NOTIFICATIONS, NOTIFICATIONS_BY_PERMISSION, PERMISSIONS, Contact
from .pictures import Picture

DEFAULT_PERMISSIONS_KEY = "default_contact_permissions"
PROFILE_FIELDS = ("firstname", "lastname", "title", "phonenumber", "direction")


def email_in_use(email: str, except_id: int | None = None) -> bool:
    """Whether a contact other than ``except_id`` has ``email`` (any case)."""
    query = select(Contact.id).where(Contact.email == normalize_email(email))
    if except_id is not None:
        query = query.where(Contact.id != except_id)
    return db.session.scalar(query.limit(1)) is not None


def default_permissions() -> set[str]:
    """The tenant's default permissions for new contacts (Settings › Customers)."""
    return set(get_setting(DEFAULT_PERMISSIONS_KEY, list(PERMISSIONS))) & set(PERMISSIONS)


def default_permissions_for(customer: Customer) -> set[str]:
    """What a new contact of ``customer`` gets: the union of the default permissions of its
    customer groups that have their own, else the tenant's defaults."""
    from_groups = group_default_permissions(customer.id)
    return default_permissions() if from_groups is None else from_groups


def notifications_for(permissions: Iterable[str]) -> set[str]:
    """The email notifications that belong to ``permissions`` (DESIGN.md §4)."""
    return {flag for name in permissions for flag in NOTIFICATIONS_BY_PERMISSION.get(name, ())}


def new_defaults(customer: Customer) -> dict:
    """What a new contact form starts with: the default permissions (the customer groups',
    else the tenant's) and the matching notifications."""
    permissions = default_permissions_for(customer)
    return {
        "permissions": sorted(permissions),
        "is_primary": primary_contact(customer) is None,
        **dict.fromkeys(notifications_for(permissions), True),
    }


def contacts_of(customer: Customer) -> list[Contact]:
    """The customer's contacts, the primary one first."""
    return db.session.scalars(
        select(Contact)
        .where(Contact.customer_id == customer.id)
        .order_by(Contact.is_primary.desc(), Contact.lastname, Contact.firstname, Contact.id)
    ).all()


def primary_contact(customer: Customer) -> Contact | None:
    """The customer's primary contact (what forms choosing a contact preselect)."""
    return db.session.scalar(
        select(Contact).where(Contact.customer_id == customer.id, Contact.is_primary)
    )


def lock_customer(customer_id: int) -> Customer:
    """Load the customer row FOR UPDATE (PostgreSQL) so primary changes take turns."""
    return db.session.scalars(
        select(Customer)
        .where(Customer.id == customer_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def _make_primary(contact: Contact) -> None:
    current = primary_contact(contact.customer)
    if current is not None and current is not contact:
        current.is_primary = False
        db.session.flush()
    contact.is_primary = True


def _apply(contact: Contact, data: Mapping[str, Any], picture_name: str | None) -> None:
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(contact, name, (data[name] or "").strip())
    if "email" in data:
        contact.email = normalize_email(data["email"])
    if "permissions" in data:
        contact.permissions = data["permissions"]
    for flag in NOTIFICATIONS:
        if flag in data:
            setattr(contact, flag, bool(data[flag]))
    if data.get("password"):
        contact.set_password(data["password"])
    if picture_name is not None:
        contact.profile_image = picture_name


@contextmanager
def _saving(stored: str | None, email: str, except_id: int | None = None) -> Iterator[None]:
    """Save the block's changes in a savepoint; when they fail (an address another contact took
    meanwhile raises ``EmailTaken``), or the request's transaction does not commit, the newly
    stored file is removed."""
    try:
        with email_kept_unique(email, partial(email_in_use, except_id=except_id)):
            yield
    except BaseException:
        delete_upload(stored)
        raise
    on_rollback(partial(delete_upload, stored))


def _store(picture: Picture | None) -> str | None:
    return save_upload(picture.data, picture.extension) if picture else None


def create_contact(
    customer: Customer, data: Mapping[str, Any], *, send_welcome: bool, send_set_password: bool
) -> Contact:
    """Create a contact of ``customer`` and queue its emails (one savepoint).

    ``data`` holds the form fields (``firstname``, ``lastname``, ``email``, …, optionally
    ``password``, ``is_primary``, ``permissions``, the ``*_emails`` flags and ``picture``).
    Missing permissions come from the defaults (``default_permissions_for``: its customer
    groups', else the tenant's); a new contact gets only notifications
    its permissions allow, all of them when none are given. The first contact is primary.
    When the requested set-password email cannot be queued, ``mail_templates.NotQueued`` is
    raised and nothing is saved.
    """
    customer = lock_customer(customer.id)
    if "permissions" in data:
        permissions = set(data["permissions"])
    else:
        permissions = default_permissions_for(customer)
    allowed = notifications_for(permissions)
    flags = {flag: bool(data.get(flag, True)) and flag in allowed for flag in NOTIFICATIONS}
    stored = _store(data.get("picture"))
    with _saving(stored, normalize_email(data.get("email"))):
        contact = Contact(customer=customer, is_primary=False, active=True, token_version=0)
        _apply(contact, {**data, **flags, "permissions": permissions}, stored)
        db.session.add(contact)
        if primary_contact(customer) is None or data.get("is_primary"):
            _make_primary(contact)
        db.session.flush()
        webhooks.emit("contact.created", {
            "id": contact.id, "customer_id": customer.id, "firstname": contact.firstname,
            "lastname": contact.lastname, "email": contact.email, "is_primary": contact.is_primary,
        })  # fmt: skip
        if send_welcome:
            mail_templates.send("contact-welcome", to=contact)
        if send_set_password:
            mail_templates.queue_set_password_link(contact)
    return contact


def update_contact(
    contact: Contact, data: Mapping[str, Any], *, send_set_password: bool = False
) -> Contact:
    """Save the edit form (and queue a set-password link) in one savepoint.

    The primary flag can move to this contact here but is never simply removed. When the
    set-password email cannot be queued, ``mail_templates.NotQueued`` is raised and nothing
    is saved.
    """
    lock_customer(contact.customer_id)
    stored = _store(data.get("picture"))
    discarded = contact.profile_image if stored or data.get("remove_picture") else None
    permissions = sorted(contact.permissions)
    with _saving(stored, normalize_email(data.get("email")), contact.id):
        _apply(contact, data, stored)
        if data.get("remove_picture") and not stored:
            contact.profile_image = None
        if data.get("is_primary") and not contact.is_primary:
            _make_primary(contact)
        db.session.flush()
        if send_set_password:
            mail_templates.queue_set_password_link(contact)
    if permissions != sorted(contact.permissions):
        details = {"old": permissions, "new": sorted(contact.permissions)}
        record(
            AuditAction.PERMISSIONS_CHANGED,
            subject=contact,
            customer_id=contact.customer_id,
            details=details,
        )
    on_commit(partial(delete_upload, discarded))
    return contact


def send_set_password_link(contact: Contact) -> None:
    """Queue the set-password email for an existing contact in the caller's transaction.

    Raises ``mail_templates.NotQueued`` when the contact or its customer is deactivated or
    the template is switched off; then nothing changes (earlier links stay valid).
    """
    if not (contact.active and contact.customer.active):
        raise mail_templates.NotQueued(_("The contact is deactivated."))
    with db.session.begin_nested():  # a refusal rolls back the link's new nonce
        mail_templates.queue_set_password_link(contact)


def send_welcome_email(contact: Contact) -> None:
    """Queue the welcome email for an existing contact in the caller's transaction.

    Raises ``mail_templates.NotQueued`` when the contact or its customer is deactivated or
    the template is switched off.
    """
    if not (contact.active and contact.customer.active):
        raise mail_templates.NotQueued(_("The contact is deactivated."))
    mail_templates.queue("contact-welcome", to=contact)


def set_contact_active(contact: Contact, active: bool) -> None:
    """Activate or deactivate; a deactivated contact is signed out and its links die."""
    contact.active = active
    if not active:
        contact.session_token = new_session_token()
        contact.token_version += 1
        end_sessions(contact)


def sign_in_as(contact: Contact) -> None:
    """Open the customer area as ``contact`` for the signed-in staff member (a session of
    its own beside the staff session) and log it."""
    impersonate(contact)
    record(AuditAction.IMPERSONATION_STARTED, subject=contact, customer_id=contact.customer_id)


def delete_contacts(contacts: Iterable[Contact]) -> list[str]:
    """Delete ``contacts`` in the caller's transaction; returns picture names to remove."""
    pictures = []
    for contact in contacts:
        pictures.append(contact.profile_image)
        db.session.delete(contact)
    db.session.flush()
    return [name for name in pictures if name]


def delete_contact(contact: Contact) -> None:
    """Delete a contact and its picture; the next contact becomes primary if needed."""
    customer = lock_customer(contact.customer_id)
    was_primary = contact.is_primary
    record(AuditAction.CONTACT_DELETED, subject=contact, customer_id=customer.id)
    pictures = delete_contacts([contact])
    if was_primary:
        successor = next(iter(contacts_of(customer)), None)
        if successor is not None:
            successor.is_primary = True
    for name in pictures:
        on_commit(partial(delete_upload, name))
