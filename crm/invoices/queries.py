"""Invoice lists: the staff list with filters and totals, and the customer's own list."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Select, and_, func, not_, select
from sqlalchemy.orm import joinedload

from gorilla.extensions import db
from gorilla.paging import Page, paginate

from .models import Invoice, InvoiceStatus


@dataclass(frozen=True)
class InvoiceFilter:
    """Filters of the staff list: shown status (incl. ``overdue``) and customer."""

    status: str | None = None
    customer_id: int | None = None


def _overdue():
    return and_(Invoice.status == InvoiceStatus.UNPAID, Invoice.duedate < date.today())


def _filtered(query: Select, filters: InvoiceFilter) -> Select:
    if filters.status == InvoiceStatus.OVERDUE:
        query = query.where(_overdue())
    elif filters.status == InvoiceStatus.UNPAID:
        query = query.where(Invoice.status == InvoiceStatus.UNPAID, not_(_overdue()))
    elif filters.status:
        query = query.where(Invoice.status == filters.status)
    if filters.customer_id:
        query = query.where(Invoice.customer_id == filters.customer_id)
    return query


@dataclass(frozen=True)
class InvoiceTotals:
    """Sums over the filtered invoices (cancelled ones excluded)."""

    count: int
    total: Decimal
    open: Decimal


def invoice_page(filters: InvoiceFilter, page: int) -> Page:
    """Invoices matching ``filters``, newest first."""
    query = _filtered(select(Invoice).options(joinedload(Invoice.customer)), filters)
    query = query.order_by(Invoice.id.desc())
    return paginate(query, page)


def invoice_totals(filters: InvoiceFilter) -> InvoiceTotals:
    """Number, total and open amount of the filtered invoices in one query."""
    query = _filtered(
        select(
            func.count(Invoice.id),
            func.coalesce(func.sum(Invoice.total), 0),
            func.coalesce(func.sum(Invoice.total - Invoice.amount_paid), 0),
        ).where(Invoice.status != InvoiceStatus.CANCELLED),
        filters,
    )
    count, total, open_amount = db.session.execute(query).one()
    return InvoiceTotals(count, Decimal(total), Decimal(open_amount))


def _customer_invoices(customer_id: int) -> Select:
    return select(Invoice).where(
        Invoice.customer_id == customer_id, Invoice.status != InvoiceStatus.DRAFT
    )


def customer_invoice_page(customer_id: int, page: int) -> Page:
    """What the customer sees: its invoices except drafts, newest first."""
    return paginate(_customer_invoices(customer_id).order_by(Invoice.id.desc()), page)


def customer_invoice(customer_id: int, invoice_id: int) -> Invoice | None:
    """The customer's invoice ``invoice_id`` unless it is a draft."""
    return db.session.scalar(_customer_invoices(customer_id).where(Invoice.id == invoice_id))


def customer_invoice_count(customer_id: int) -> int:
    """Dashboard figure: the customer's invoices except drafts."""
    query = _customer_invoices(customer_id).with_only_columns(func.count(Invoice.id))
    return db.session.scalar(query)
