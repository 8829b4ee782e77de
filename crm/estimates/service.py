"""Estimate service: create/update with items, send, answer (race-safe), convert, remind."""

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from flask import g
from flask_babel import LazyString, format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

import mail_templates
import webhooks
from crm.contacts.models import Contact, Permission
from crm.customers.models import Customer
from crm.documents.service import claim, send_to_chosen
from crm.invoices.attachments import pdf_attachments
from crm.invoices.lines import item_rows, set_items
from crm.invoices.models import Invoice
from crm.invoices.numbering import next_number
from crm.invoices.service import save_invoice
from crm.notify import link, notify_contacts, portal_contacts
from crm.staff.models import Staff
from gorilla.audit import AuditAction, record
from gorilla.extensions import db
from gorilla.money import money
from gorilla.signatures import SignatureForm, record_signature
from tenants.models import utcnow
from tenants.settings import get_setting

from .models import Estimate, EstimateEvent, EstimateHistory, EstimateItem, EstimateStatus
from .pdf import estimate_pdf

DEFAULT_PREFIX = "AN-"  # the tenant setting ``estimate_prefix``
DEFAULT_VALIDITY_DAYS = 30
REMINDER_DAYS_SETTING, DEFAULT_REMINDER_DAYS = "estimate_reminder_days", 3


class EstimateLocked(ValueError):
    """The estimate was answered (or converted) and cannot change that way any more."""


def add_history(estimate: Estimate, event: EstimateEvent, actor: str = "", detail: str = ""):
    """Append a line to the estimate's history."""
    estimate.history.append(
        EstimateHistory(event=event, actor=actor[:200], detail=detail[:500], created_at=utcnow())
    )


def _staff_name() -> str:
    staff = g.get("staff")
    return staff.full_name if staff is not None else ""


def save_estimate(estimate: Estimate, data: Mapping[str, Any]) -> Estimate:
    """Create (draft, with the next ``AN-`` number) or update an estimate and its items.
    ``data``: ``customer_id``, ``date``, ``expirydate``, ``notes``, ``items`` (dicts of
    ``description``, ``qty``, ``rate``, ``taxrate``)."""
    if estimate.id is not None and not estimate.editable:
        raise EstimateLocked(estimate.number)
    estimate.customer_id = data["customer_id"]
    estimate.issue_date = data["date"]
    estimate.expirydate = data.get("expirydate")
    estimate.notes = (data.get("notes") or "").strip()
    set_items(estimate, data["items"], EstimateItem)
    if estimate.id is None:
        estimate.status = EstimateStatus.DRAFT
        estimate.declined_reason = ""
        estimate.number = next_number(
            "estimate_prefix", DEFAULT_PREFIX, estimate.issue_date.year, series="estimate:"
        )
        add_history(estimate, EstimateEvent.CREATED, _staff_name())
        db.session.add(estimate)
    db.session.flush()
    return estimate


def create_estimate(data: Mapping[str, Any]) -> Estimate:
    """A new draft estimate (for other features, e.g. an accepted proposal): ``data`` as for
    ``save_estimate``; ``expirydate`` defaults to 30 days after ``date``."""
    data = dict(data)
    data.setdefault("expirydate", data["date"] + timedelta(days=DEFAULT_VALIDITY_DAYS))
    return save_estimate(Estimate(), data)


def estimate_from_proposal(proposal) -> int:
    """A draft estimate with an accepted proposal's customer and items (a proposal conversion
    target); valid until the proposal's ``open_till`` while that lies ahead."""
    today = date.today()
    till = proposal.open_till if proposal.open_till and proposal.open_till >= today else None
    data = {"customer_id": proposal.customer_id, "date": today, "notes": proposal.subject,
            "items": item_rows(proposal)}  # fmt: skip
    if till is not None:
        data["expirydate"] = till
    return create_estimate(data).id


def duplicate_estimate(estimate: Estimate) -> Estimate:
    """A new draft with the same customer, items and notes, dated today."""
    today = date.today()
    validity = (
        estimate.expirydate - estimate.issue_date
        if estimate.expirydate
        else timedelta(days=DEFAULT_VALIDITY_DAYS)
    )
    return save_estimate(
        Estimate(),
        {
            "customer_id": estimate.customer_id,
            "date": today,
            "expirydate": today + validity,
            "notes": estimate.notes,
            "items": item_rows(estimate),
        },
    )


def delete_estimate(estimate: Estimate) -> None:
    """Delete a draft (sent estimates stay, with their number)."""
    if estimate.status != EstimateStatus.DRAFT:
        raise EstimateLocked(estimate.number)
    record(AuditAction.ESTIMATE_DELETED, subject=estimate, customer_id=estimate.customer_id)
    db.session.delete(estimate)


def recipients(estimate: Estimate) -> list[Contact]:
    """Active contacts who may open estimates in the customer area, primary first."""
    return portal_contacts(estimate.customer_id, Permission.ESTIMATES)


def mail_fields(estimate: Estimate, endpoint: str = "portal.estimates.show") -> dict:
    """Merge fields of the estimate emails (amounts and dates in each recipient's language)."""
    return {
        "estimate_number": estimate.number,
        "estimate_link": link(endpoint, estimate_id=estimate.id),
        "estimate_total": LazyString(money, estimate.total, estimate.currency),
        "estimate_expirydate": (
            LazyString(format_date, estimate.expirydate) if estimate.expirydate else ""
        ),
    }


def send_estimate(estimate: Estimate, contact_ids: Iterable[int], attach_pdf: bool = False) -> int:
    """Email ``estimate-sent`` to the chosen contacts, with the estimate's PDF (showing it
    sent) when ``attach_pdf``, and mark a draft as sent, in one transaction. Returns the
    number of emails queued; raises ``mail_templates.NotQueued`` (nothing changed) when the
    template is switched off or the PDF is too large."""
    if not estimate.editable:
        raise EstimateLocked(estimate.number)
    mail_templates.ensure_active("estimate-sent")
    chosen = {int(contact_id) for contact_id in contact_ids}
    fields = mail_fields(estimate)
    with db.session.begin_nested():  # a refused PDF leaves the estimate as it was
        estimate.status = EstimateStatus.SENT
        pdf = pdf_attachments(estimate, estimate_pdf, attach_pdf)
    count = send_to_chosen("estimate-sent", recipients(estimate), chosen, attachments=pdf, **fields)
    estimate.sent_at = utcnow()
    names = ", ".join(c.full_name for c in recipients(estimate) if c.id in chosen)
    add_history(estimate, EstimateEvent.SENT, _staff_name(), names)
    webhooks.emit("estimate.sent", webhooks.document_data(estimate, contact_ids=sorted(chosen)))
    return count


def _claim(estimate: Estimate, **values) -> bool:
    """Answer ``estimate`` if it is still open: one conditional UPDATE, so of two answers
    racing (two tabs, two contacts) exactly one wins on SQLite and PostgreSQL alike."""
    today = date.today()
    if not claim(
        estimate,
        Estimate.status == EstimateStatus.SENT,
        (Estimate.expirydate.is_(None)) | (Estimate.expirydate >= today),
        answered_at=utcnow(),
        **values,
    ):
        return False
    db.session.refresh(estimate)
    return True


def _tell_staff(slug: str, estimate: Estimate, **fields) -> None:
    values = {
        **mail_fields(estimate, "admin.estimates.show"),
        "client_company": estimate.customer.company,
        **fields,
    }
    staff = db.session.scalars(select(Staff).where(Staff.active)).all()
    for member in staff:
        mail_templates.send(slug, to=member, **values)


def accept_estimate(estimate: Estimate, contact: Contact, form: SignatureForm) -> bool:
    """The contact accepts with a drawn signature. Returns False (nothing changed) when the
    estimate was answered already or has expired."""
    if not _claim(estimate, status=EstimateStatus.ACCEPTED):
        return False
    record_signature(estimate, form, estimate.answered_at)
    signer = estimate.signed_name
    add_history(estimate, EstimateEvent.ACCEPTED, signer, f"{estimate.signed_email}")
    record(
        AuditAction.ESTIMATE_ACCEPTED,
        actor=contact,
        subject=estimate,
        customer_id=estimate.customer_id,
    )
    _tell_staff("staff-estimate-accepted", estimate, signer_name=signer)
    webhooks.emit("estimate.accepted", webhooks.document_data(estimate, contact_id=contact.id))
    return True


def decline_estimate(estimate: Estimate, contact: Contact, reason: str) -> bool:
    """The contact declines, with an optional reason. Returns False (nothing changed) when
    the estimate was answered already."""
    reason = (reason or "").strip()
    if not _claim(estimate, status=EstimateStatus.DECLINED, declined_reason=reason,
                  answered_by_id=contact.id):  # fmt: skip
        return False
    add_history(estimate, EstimateEvent.DECLINED, contact.full_name, reason)
    record(
        AuditAction.ESTIMATE_DECLINED,
        actor=contact,
        subject=estimate,
        customer_id=estimate.customer_id,
    )
    _tell_staff(
        "staff-estimate-declined", estimate, signer_name=contact.full_name, decline_reason=reason
    )
    webhooks.emit("estimate.declined", webhooks.document_data(estimate, contact_id=contact.id))
    return True


def mark_viewed(estimate: Estimate, contact: Contact) -> None:
    """The first time a contact opens a sent estimate: a history line (once, race-safe)."""
    if estimate.viewed_at is not None:
        return
    if claim(estimate, Estimate.viewed_at.is_(None), viewed_at=utcnow()):
        add_history(estimate, EstimateEvent.VIEWED, contact.full_name)


def convert_to_invoice(estimate: Estimate) -> Invoice | None:
    """A draft invoice with the estimate's customer and items (today's date). An estimate
    converts once: the claim is a conditional UPDATE, so of two clicks racing one gets the
    invoice and the other ``None``."""
    if not estimate.convertible:
        return None
    if not claim(
        estimate,
        Estimate.converted_at.is_(None),
        Estimate.status != EstimateStatus.DECLINED,
        converted_at=utcnow(),
    ):
        return None
    db.session.refresh(estimate)
    invoice = save_invoice(
        Invoice(),
        {
            "customer_id": estimate.customer_id,
            "date": date.today(),
            "duedate": None,
            "notes": "\n".join(
                filter(
                    None, [str(_l("Estimate %(number)s", number=estimate.number)), estimate.notes]
                )
            ),
            "items": item_rows(estimate),
        },
    )
    estimate.invoice_id = invoice.id
    add_history(estimate, EstimateEvent.CONVERTED, _staff_name(), invoice.number)
    record(AuditAction.ESTIMATE_CONVERTED, subject=estimate, customer_id=estimate.customer_id)
    db.session.flush()
    return invoice


def estimate_for_invoice(invoice_id: int) -> Estimate | None:
    """The estimate an invoice was converted from, if any."""
    return db.session.scalar(select(Estimate).where(Estimate.invoice_id == invoice_id))


def remind_expiring(today: date) -> int:
    """Reminder job: sent estimates expiring within the tenant's ``estimate_reminder_days``
    get ``estimate-expiry-reminder`` once (claimed with ``reminded_at IS NULL``)."""
    days = int(get_setting(REMINDER_DAYS_SETTING, DEFAULT_REMINDER_DAYS) or 0)
    if days <= 0:
        return 0
    due = db.session.scalars(
        select(Estimate).where(
            Estimate.status == EstimateStatus.SENT,
            Estimate.reminded_at.is_(None),
            Estimate.expirydate.is_not(None),
            Estimate.expirydate >= today,
            Estimate.expirydate <= today + timedelta(days=days),
        )
    ).all()
    queued = 0
    for estimate in due:
        if not claim(estimate, Estimate.reminded_at.is_(None), reminded_at=utcnow()):
            continue
        sent = notify_contacts(
            "estimate-expiry-reminder",
            estimate.customer_id,
            Permission.ESTIMATES,
            **mail_fields(estimate),
        )
        add_history(estimate, EstimateEvent.REMINDED, "", str(sent))
        queued += sent
    return queued


def customer_has_estimates(customer: Customer) -> str | None:
    """Delete guard: a customer with estimates cannot be deleted."""
    count = db.session.scalar(
        select(func.count()).select_from(Estimate).where(Estimate.customer_id == customer.id)
    )
    return str(_l("the customer has estimates")) if count else None
