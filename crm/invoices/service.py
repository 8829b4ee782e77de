"""Invoice service: create/update with items and totals, payments, cancelling, sending."""

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import LazyString, format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

import mail_templates
import webhooks
from crm.contacts.models import Contact, Permission
from crm.customers.models import Customer
from crm.documents.service import send_to_chosen
from crm.notify import link, portal_contacts
from gorilla.extensions import db
from gorilla.money import cents, money
from tenants.company import company_profile
from tenants.models import utcnow

from .attachments import pdf_attachments
from .lines import set_items
from .models import Invoice, InvoiceItem, InvoiceStatus, Payment, VatExemption
from .numbering import next_invoice_number

SERVICE_DATES = ("service_date", "service_start", "service_end")


class InvoiceLocked(ValueError):
    """The invoice is paid or cancelled and cannot change any more."""


def vat_exemption(customer: Customer) -> VatExemption:
    """The VAT rule for a new or edited invoice: § 19 UStG when the agency is a small
    business, reverse charge when the customer owes the VAT, else VAT is charged."""
    if company_profile().small_business:
        return VatExemption.SMALL_BUSINESS
    if customer.reverse_charge:
        return VatExemption.REVERSE_CHARGE
    return VatExemption.NONE


def save_invoice(invoice: Invoice, data: Mapping[str, Any]) -> Invoice:
    """Create (draft, with the next number) or update an invoice and its items in one
    transaction. ``data``: ``customer_id``, ``date``, ``duedate``, ``service_date`` or
    ``service_start``/``service_end`` (optional), ``notes``, ``items`` (dicts of
    ``description``, ``qty``, ``rate``, ``taxrate``)."""
    if invoice.id is not None and not invoice.editable:
        raise InvoiceLocked(invoice.number)
    invoice.customer_id = data["customer_id"]
    invoice.issue_date = data["date"]
    invoice.duedate = data.get("duedate")
    for name in SERVICE_DATES:
        setattr(invoice, name, data.get(name))
    invoice.vat_exemption = vat_exemption(db.session.get(Customer, invoice.customer_id))
    invoice.notes = (data.get("notes") or "").strip()
    exempt = invoice.vat_exemption != VatExemption.NONE
    set_items(invoice, data["items"], InvoiceItem, exempt=exempt)
    if invoice.id is None:
        invoice.status = InvoiceStatus.DRAFT
        invoice.amount_paid = Decimal("0")
        invoice.number = next_invoice_number(invoice.issue_date.year)
        db.session.add(invoice)
    db.session.flush()
    return invoice


def invoice_event(invoice: Invoice) -> dict:
    """What a webhook tells about ``invoice``."""
    return {
        "id": invoice.id, "number": invoice.number, "customer_id": invoice.customer_id,
        "status": invoice.status, "total": str(invoice.total), "currency": invoice.currency,
        "amount_paid": str(invoice.amount_paid),
    }  # fmt: skip


def record_payment(invoice: Invoice, amount: Decimal, paid_on: date, note: str = "") -> Payment:
    """Book a payment; an invoice paid in full becomes ``paid``."""
    if not invoice.takes_payments:
        raise InvoiceLocked(invoice.number)
    payment = Payment(invoice_id=invoice.id, amount=cents(amount), paid_on=paid_on, note=note)
    db.session.add(payment)
    invoice.amount_paid = cents(invoice.amount_paid + payment.amount)
    if invoice.amount_paid >= invoice.total:
        invoice.status = InvoiceStatus.PAID
        webhooks.emit("invoice.paid", invoice_event(invoice))
    db.session.flush()
    return payment


def cancel_invoice(invoice: Invoice) -> None:
    """Cancel a draft or unpaid invoice (its number stays used)."""
    if not invoice.editable:
        raise InvoiceLocked(invoice.number)
    invoice.status = InvoiceStatus.CANCELLED


def recipients(invoice: Invoice) -> list[Contact]:
    """Active contacts who may open invoices in the customer area, primary first."""
    return portal_contacts(invoice.customer_id, Permission.INVOICES)


def send_invoice(invoice: Invoice, contact_ids: Iterable[int], attach_pdf: bool = False) -> int:
    """Email ``invoice-sent`` to the chosen contacts (those with invoice emails), with the
    invoice PDF when ``attach_pdf``, and mark a draft as unpaid, in one transaction. Returns
    the number of emails queued; raises ``mail_templates.NotQueued`` (nothing changed) when
    the template is switched off or the PDF is too large."""
    if invoice.cancelled:
        raise InvoiceLocked(invoice.number)
    mail_templates.ensure_active("invoice-sent")
    pdf = pdf_attachments(invoice, attach=attach_pdf)
    chosen = {int(contact_id) for contact_id in contact_ids}
    fields = {
        "invoice_number": invoice.number,
        "invoice_link": link("portal.invoices.show", invoice_id=invoice.id),
        # formatted in each recipient's language when the email is rendered
        "invoice_total": LazyString(money, invoice.total, invoice.currency),
        "invoice_duedate": LazyString(format_date, invoice.duedate) if invoice.duedate else "",
    }
    if invoice.status == InvoiceStatus.DRAFT:
        invoice.status = InvoiceStatus.UNPAID
    invoice.sent_at = utcnow()
    count = send_to_chosen("invoice-sent", recipients(invoice), chosen, attachments=pdf, **fields)
    webhooks.emit("invoice.sent", invoice_event(invoice) | {"contact_ids": sorted(chosen)})
    return count


def customer_has_invoices(customer: Customer) -> str | None:
    """Delete guard: a customer with invoices cannot be deleted."""
    count = db.session.scalar(
        select(func.count()).select_from(Invoice).where(Invoice.customer_id == customer.id)
    )
    return str(_l("the customer has invoices")) if count else None
