"""Invoice lists: the staff list with filters and totals, and the customer's own list."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Select, and_, case, func, select, true
from sqlalchemy.orm import joinedload

from crm.documents.queries import by_status_and_customer
from gorilla.extensions import db
from gorilla.money import cents
from gorilla.paging import Page, paginate
from tenants.company import company_profile

from .legal import invoice_facts
from .models import Invoice, InvoiceStatus


@dataclass(frozen=True)
class InvoiceFilter:
    """Filters of the staff list: shown status (incl. ``overdue``) and customer."""

    status: str | None = None
    customer_id: int | None = None


def _overdue():
    return and_(Invoice.status == InvoiceStatus.UNPAID, Invoice.duedate < date.today())


def _filtered(query: Select, filters: InvoiceFilter) -> Select:
    return by_status_and_customer(
        query, Invoice, filters, InvoiceStatus.OVERDUE, _overdue(), (InvoiceStatus.UNPAID,)
    )


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


@dataclass(frozen=True)
class OpenAmounts:
    """Unpaid invoices of one currency: not yet due and overdue, count and open balance."""

    currency: str
    due_count: int
    due_amount: Decimal
    overdue_count: int
    overdue_amount: Decimal


def _amount(value) -> Decimal:
    return cents(Decimal(str(value or 0)))


def open_amounts() -> list[OpenAmounts]:
    """Dashboard: open balances of unpaid invoices per currency, split as the list's ``unpaid``
    and ``overdue`` filters split them (one grouped query, a row per currency)."""
    overdue, balance = _overdue(), Invoice.total - Invoice.amount_paid
    query = (
        select(
            Invoice.currency,
            func.sum(case((overdue, 0), else_=1)),
            func.sum(case((overdue, 0), else_=balance)),
            func.sum(case((overdue, 1), else_=0)),
            func.sum(case((overdue, balance), else_=0)),
        )
        .where(Invoice.status == InvoiceStatus.UNPAID)
        .group_by(Invoice.currency)
        .order_by(Invoice.currency)
    )
    return [
        OpenAmounts(currency, int(due), _amount(due_sum), int(late), _amount(late_sum))
        for currency, due, due_sum, late, late_sum in db.session.execute(query)
    ]


@dataclass(frozen=True)
class OpenInvoice:
    """One unpaid invoice as the customer's start page lists it."""

    id: int
    number: str
    duedate: date | None
    currency: str
    balance: Decimal

    @property
    def overdue(self) -> bool:
        """Whether it is past its due date."""
        return self.duedate is not None and self.duedate < date.today()


@dataclass(frozen=True)
class OpenInvoices:
    """The first ``limit`` unpaid invoices by due date, and count and sum per currency."""

    invoices: list[OpenInvoice]
    totals: list[tuple[str, int, Decimal]]

    @property
    def count(self) -> int:
        """All unpaid invoices, in every currency."""
        return sum(count for _currency, count, _sum in self.totals)


def customer_open_invoices(customer_id: int, limit: int) -> OpenInvoices:
    """The customer's first ``limit`` unpaid invoices, most urgent first, and count and sum
    per currency. One statement: the listed invoices joined to the per-currency totals (a
    row per listed invoice and currency; the currencies in use are few)."""
    balance = Invoice.total - Invoice.amount_paid
    unpaid = (Invoice.customer_id == customer_id, Invoice.status == InvoiceStatus.UNPAID)
    first = (
        select(Invoice.id, Invoice.number, Invoice.duedate, Invoice.currency, balance.label("open"))
        .where(*unpaid)
        .order_by(Invoice.duedate.asc().nulls_last(), Invoice.id)
        .limit(limit)
        .subquery()
    )
    totals = (
        select(
            Invoice.currency.label("code"),
            func.count().label("count"),
            func.sum(balance).label("sum"),
        )
        .where(*unpaid)
        .group_by(Invoice.currency)
        .subquery()
    )
    rows = db.session.execute(select(first, totals).join(totals, true())).all()
    invoices = {
        row.id: OpenInvoice(row.id, row.number, row.duedate, row.currency, _amount(row.open))
        for row in rows
    }
    shown = sorted(
        invoices.values(), key=lambda i: (i.duedate is None, i.duedate or date.max, i.id)
    )
    totals_by_code = {row.code: (row.code, row.count, _amount(row.sum)) for row in rows}
    return OpenInvoices(shown, [totals_by_code[code] for code in sorted(totals_by_code)])


def sheet_context(invoice: Invoice) -> dict:
    """Template values of ``partials/invoice_sheet.html``: ``profile`` and ``facts``."""
    profile = company_profile()
    return {"profile": profile, "facts": invoice_facts(invoice, profile)}
