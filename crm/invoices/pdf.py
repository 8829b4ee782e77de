"""The invoice as PDF, drawn with fpdf2 (pure Python, no system libraries).

The built-in Helvetica covers Windows-1252 (German umlauts, €); characters outside it are
replaced by "?".
"""

from collections.abc import Callable

from flask import g, make_response
from flask_babel import format_date
from flask_babel import gettext as _
from fpdf import FPDF

from gorilla.money import money, number, percent
from tenants.settings import get_setting

from .models import Invoice, InvoiceStatus

ENCODING = "windows-1252"
COLUMNS = ((90, "L"), (20, "R"), (30, "R"), (15, "R"), (35, "R"))  # mm, alignment


def _text(value) -> str:
    return str(value).encode(ENCODING, "replace").decode(ENCODING)


def sender() -> tuple[str, str]:
    """The agency's name and address from the tenant's settings."""
    name = get_setting("company_name", g.tenant.name)
    return name, get_setting("company_address", "")


def _row(pdf: FPDF, cells, *, bold: bool = False) -> None:
    pdf.set_font("Helvetica", "B" if bold else "", 10)
    for (width, align), value in zip(COLUMNS, cells, strict=True):
        pdf.cell(width, 7, _text(value), border="B", align=align)
    pdf.ln()


def _header(pdf: FPDF, document, title: str, facts) -> None:
    name, address = sender()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 8, _text(name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(0, 4.5, _text(address), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    customer = document.customer
    recipient = [customer.company, customer.address, f"{customer.zip} {customer.city}".strip()]
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 5, _text("\n".join(line for line in recipient if line)))
    pdf.ln(8)
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 9, _text(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    for caption, value in facts:
        pdf.cell(40, 5, _text(caption))
        pdf.cell(0, 5, _text(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)


def invoice_pdf(invoice: Invoice) -> bytes:
    """The invoice document: sender, recipient, items, totals and notes."""
    facts = [
        (_("Invoice date"), format_date(invoice.issue_date)),
        (_("Due date"), format_date(invoice.duedate) if invoice.duedate else "—"),
        (_("Status"), InvoiceStatus.label_of(invoice.shown_status)),
    ]
    return document_pdf(invoice, _("Invoice %(number)s", number=invoice.number), facts)


def document_pdf(invoice, title: str, facts, finish: Callable[[FPDF], None] | None = None) -> bytes:
    """A document with items (invoice, estimate, credit note): sender, recipient, ``title``,
    ``facts`` (caption, value pairs), items, totals and notes; ``finish`` draws what follows
    (an acceptance signature)."""
    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = ENCODING
    pdf.set_title(_text(invoice.number))
    pdf.add_page()
    _header(pdf, invoice, title, facts)
    _row(pdf, (_("Description"), _("Quantity"), _("Unit price"), _("VAT"), _("Amount")), bold=True)
    for item in invoice.items:
        _row(
            pdf,
            (
                item.description,
                number(item.qty),
                money(item.rate, invoice.currency),
                percent(item.taxrate),
                money(item.amount, invoice.currency),
            ),
        )
    pdf.ln(2)
    for caption, value, bold in (
        (_("Net"), invoice.subtotal, False),
        (_("VAT"), invoice.tax, False),
        (_("Total"), invoice.total, True),
    ):
        pdf.set_font("Helvetica", "B" if bold else "", 10)
        pdf.cell(155, 6, _text(caption), align="R")
        pdf.cell(
            35, 6, _text(money(value, invoice.currency)), align="R", new_x="LMARGIN", new_y="NEXT"
        )
    if invoice.notes:
        pdf.ln(6)
        pdf.set_font("Helvetica", "", 9)
        pdf.multi_cell(0, 4.5, _text(invoice.notes))
    if finish is not None:
        finish(pdf)
    return bytes(pdf.output())


def pdf_response(invoice, render: Callable[..., bytes] = invoice_pdf):
    """A PDF download of ``invoice`` (or another document drawn by ``render``) named after
    its number."""
    response = make_response(render(invoice))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{invoice.number}.pdf"'
    return response
