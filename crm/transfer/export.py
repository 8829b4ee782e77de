"""Exports of customers, contacts and invoices as CSV and XLSX, read in batches and streamed.

CSV: UTF-8 with a byte order mark and semicolons, as German Excel opens it by double-click;
amounts with a decimal comma in German. XLSX: openpyxl's write-only workbook (rows go to a
temporary file, never all into memory), then the file is streamed in chunks. Text that starts
like a formula is prefixed with ``'`` in both (``gorilla.spreadsheets``).
"""

import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from babel.numbers import format_decimal
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from sqlalchemy import Select, select

from crm.contacts.models import Contact
from crm.customers.models import Customer
from crm.invoices.models import Invoice, InvoiceStatus
from gorilla.audit import AuditAction, record
from gorilla.extensions import db
from gorilla.i18n import Language
from gorilla.spreadsheets import csv_line, safe_cell

BATCH = 1000
CHUNK = 64 * 1024
BOM = "\ufeff"


def _yes(value: bool) -> str:
    return _("Yes") if value else _("No")


def _customer(row) -> list:
    (customer,) = row
    return [customer.id, customer.company, customer.vat, customer.phonenumber,
            customer.website, customer.address, customer.zip, customer.city, customer.country,
            Language.label_of(customer.default_language), _yes(customer.active),
            customer.created_at]  # fmt: skip


def _contact(row) -> list:
    contact, company = row
    return [contact.id, contact.customer_id, company, contact.firstname, contact.lastname,
            contact.title, contact.email, contact.phonenumber, _yes(contact.is_primary),
            _yes(contact.active), ", ".join(sorted(contact.permissions)), contact.last_login,
            contact.created_at]  # fmt: skip


def _invoice(row) -> list:
    invoice, company = row
    return [invoice.id, invoice.number, invoice.customer_id, company, invoice.issue_date,
            invoice.duedate, InvoiceStatus.label_of(invoice.shown_status), invoice.currency,
            invoice.subtotal, invoice.tax, invoice.total, invoice.amount_paid,
            invoice.balance]  # fmt: skip


@dataclass(frozen=True)
class Dataset:
    """What one export holds: its label, column headers, query (one statement) and row."""

    label: object
    headers: tuple
    query: Callable[[], Select]
    row: Callable[[object], list]

    def rows(self) -> Iterator[list]:
        """The rows in id order, fetched ``BATCH`` at a time from one statement."""
        result = db.session.execute(self.query().execution_options(yield_per=BATCH))
        for partition in result.partitions():
            yield from map(self.row, partition)


DATASETS = {
    "customers": Dataset(
        _l("Customers"),
        (_l("ID"), _l("Company"), _l("VAT number"), _l("Phone"), _l("Website"), _l("Address"),
         _l("ZIP code"), _l("City"), _l("Country"), _l("Language"), _l("Active"),
         _l("Created")),
        lambda: select(Customer).order_by(Customer.id),
        _customer,
    ),
    "contacts": Dataset(
        _l("Contacts"),
        (_l("ID"), _l("Customer ID"), _l("Company"), _l("First name"), _l("Last name"),
         _l("Position"), _l("Email"), _l("Phone number"), _l("Primary contact"), _l("Active"),
         _l("Permissions"), _l("Last sign-in"), _l("Created")),
        lambda: select(Contact, Customer.company).join(Contact.customer).order_by(Contact.id),
        _contact,
    ),
    "invoices": Dataset(
        _l("Invoices"),
        (_l("ID"), _l("Invoice number"), _l("Customer ID"), _l("Company"), _l("Invoice date"),
         _l("Due date"), _l("Status"), _l("Currency"), _l("Net"), _l("Tax"), _l("Total"),
         _l("Paid"), _l("Balance")),
        lambda: select(Invoice, Customer.company).join(Invoice.customer).order_by(Invoice.id),
        _invoice,
    ),
}  # fmt: skip


def _plain(value: object) -> object:
    """A value for both formats: times in UTC without zone (Excel has none)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    return value


def _csv_text(value: object) -> object:
    value = _plain(value)
    if isinstance(value, Decimal):
        return format_decimal(value, "0.00", locale=get_locale())
    if isinstance(value, date):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return value


def export_csv(dataset: Dataset) -> Iterator[str]:
    """The CSV text in chunks: BOM and header first, then ``BATCH`` rows at a time."""
    lines = [BOM + csv_line([str(header) for header in dataset.headers], ";")]
    for row in dataset.rows():
        lines.append(csv_line([_csv_text(value) for value in row], ";"))
        if len(lines) >= BATCH:
            yield "".join(lines)
            lines = []
    yield "".join(lines)


def export_xlsx(dataset: Dataset) -> Iterator[bytes]:
    """The XLSX file in chunks (written to a temporary file first, row by row)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(dataset.label)[:31])
    bold = Font(bold=True)
    header = []
    for text in dataset.headers:
        cell = WriteOnlyCell(sheet, value=str(text))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in dataset.rows():
        sheet.append([safe_cell(_plain(value)) for value in row])
    with tempfile.TemporaryFile() as file:
        workbook.save(file)
        file.seek(0)
        while chunk := file.read(CHUNK):
            yield chunk


def log_export(what: str, extension: str) -> None:
    """Record that the signed-in staff member exported ``what``."""
    label = f"{DATASETS[what].label} ({extension.upper()})"
    record(AuditAction.EXPORTED, label=label, details={"what": what, "format": extension})
