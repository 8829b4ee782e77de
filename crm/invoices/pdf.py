"""The invoice as PDF on the shared document base (``gorilla.pdf``): letterhead with logo,
Unicode text, and every field § 14 UStG asks for (see ``legal.py``).

``document_start`` begins any document to a customer on the same base (sender line, address,
heading, facts); ``document_pdf`` draws the documents with items (estimate, credit note) with
it, and the proposal and contract PDFs add their own parts after it.
"""

from collections.abc import Callable

from drafthorse.pdf import attach_xml
from flask_babel import format_date
from flask_babel import gettext as _

from gorilla.money import money, number, percent
from gorilla.pdf import MUTED, DocumentPDF
from gorilla.pdf import pdf_response as document_response
from tenants.company import CompanyProfile, company_profile, letterhead

from .einvoice import invoice_xml
from .legal import invoice_facts
from .models import Invoice

COLUMNS = ((86, "L"), (18, "R"), (30, "R"), (16, "R"), (30, "R"))  # mm, alignment
TOTALS = ((150, "R"), (30, "R"))


def _recipient(pdf: DocumentPDF, profile: CompanyProfile, address_lines) -> None:
    """The sender in one small line above the recipient's address, as in a window envelope."""
    pdf.font(7, color=MUTED)
    pdf.cell(0, 4, " · ".join((profile.company_name, *profile.address_lines)))
    pdf.ln(5)
    pdf.paragraph("\n".join(line for line in address_lines if line), size=10, gap=0)


def _addresses(pdf: DocumentPDF, invoice: Invoice, profile: CompanyProfile) -> None:
    facts = invoice_facts(invoice, profile)
    _recipient(pdf, profile, facts.customer_address)
    if facts.customer_vat_id:
        pdf.paragraph(_("VAT ID: %(id)s", id=facts.customer_vat_id), size=9, gap=0)
    pdf.ln(8)


def _facts(pdf: DocumentPDF, invoice: Invoice, profile: CompanyProfile) -> None:
    facts = invoice_facts(invoice, profile)
    pdf.heading(_("Invoice %(number)s", number=invoice.number))
    pdf.ln(1)
    pdf.facts(
        [
            (_("Invoice number"), invoice.number),
            (_("Invoice date"), format_date(invoice.issue_date)),
            (_("Service date"), facts.service_period),
            (_("Due date"), format_date(invoice.duedate) if invoice.duedate else ""),
            (_("VAT ID") if profile.vat_id else _("Tax number"), facts.seller_tax_id),
        ]
    )
    pdf.ln(5)


def items_table(pdf: DocumentPDF, invoice) -> None:
    """The lines of ``invoice`` (or any document with items and totals), then the net amount
    and VAT per rate and the totals."""
    currency = invoice.currency
    pdf.table_row(
        COLUMNS, (_("Description"), _("Quantity"), _("Unit price"), _("VAT"), _("Amount")),
        bold=True,
    )  # fmt: skip
    for item in invoice.items:
        pdf.table_row(
            COLUMNS,
            (
                item.description,
                number(item.qty),
                money(item.rate, currency),
                percent(item.taxrate),
                money(item.amount, currency),
            ),
        )
    pdf.ln(2)
    for group in invoice.tax_groups:
        rate = percent(group.rate)
        pdf.table_row(
            TOTALS, (_("Net amount at %(rate)s VAT", rate=rate), money(group.net, currency)),
            rule=False,
        )  # fmt: skip
        pdf.table_row(
            TOTALS, (_("VAT %(rate)s", rate=rate), money(group.tax, currency)), rule=False
        )
    pdf.table_row(TOTALS, (_("Total net"), money(invoice.subtotal, currency)), rule=False)
    pdf.table_row(TOTALS, (_("Total VAT"), money(invoice.tax, currency)), rule=False)
    pdf.table_row(TOTALS, (_("Total"), money(invoice.total, currency)), bold=True, rule=False)
    pdf.ln(4)


def invoice_pdf(invoice: Invoice) -> bytes:
    """The invoice document: letterhead, addresses, § 14 facts, lines, totals per VAT rate,
    VAT note, payment terms, notes; company, tax and bank data in the footer."""
    profile = company_profile()
    facts = invoice_facts(invoice, profile)
    pdf = DocumentPDF(letterhead(profile), title=invoice.number)
    pdf.add_page()
    _addresses(pdf, invoice, profile)
    _facts(pdf, invoice, profile)
    items_table(pdf, invoice)
    pdf.paragraph(facts.vat_note, bold=True)
    pdf.paragraph(facts.payment_terms)
    if profile.iban:
        bank = ", ".join(filter(None, (profile.bank_name, f"IBAN {profile.iban}", profile.bic)))
        pdf.paragraph(_("Please transfer the amount to: %(bank)s", bank=bank), size=9)
    pdf.paragraph(invoice.notes, size=9)
    return pdf.render()


def document_start(customer, heading: str, facts, title: str) -> DocumentPDF:
    """A document to ``customer`` on the letterhead: sender line and the customer's address,
    ``heading`` and ``facts`` (caption, value pairs); ``title`` goes into the PDF's metadata.
    The caller draws the rest and renders it."""
    profile = company_profile()
    pdf = DocumentPDF(letterhead(profile), title=title)
    pdf.add_page()
    address = (customer.company, customer.address, f"{customer.zip} {customer.city}".strip())
    _recipient(pdf, profile, address)
    pdf.ln(8)
    pdf.heading(heading)
    pdf.ln(1)
    pdf.facts(facts)
    pdf.ln(5)
    return pdf


def document_pdf(
    document, title: str, facts, finish: Callable[[DocumentPDF], None] | None = None
) -> bytes:
    """A document with items (estimate, credit note) on the invoice's base: letterhead,
    recipient, ``title``, ``facts`` (caption, value pairs), items with totals per VAT rate,
    notes; ``finish`` draws what follows (an acceptance signature)."""
    pdf = document_start(document.customer, title, facts, document.number)
    items_table(pdf, document)
    pdf.paragraph(document.notes, size=9)
    if finish is not None:
        finish(pdf)
    return pdf.render()


def pdf_response(document, render: Callable[..., bytes] = invoice_pdf):
    """A PDF download of ``document`` (an invoice, or what ``render`` draws) named after its
    number."""
    return document_response(render(document), f"{document.number}.pdf")


def zugferd_pdf(invoice: Invoice) -> bytes:
    """The invoice PDF with its CII XML embedded as ``factur-x.xml`` (PDF/A-3, ZUGFeRD /
    Factur-X profile EN 16931), by ``drafthorse``."""
    return attach_xml(invoice_pdf(invoice), invoice_xml(invoice), level="EN 16931", lang="de")


def zugferd_response(invoice: Invoice):
    """The ZUGFeRD PDF as a download ``<number>-zugferd.pdf``."""
    return document_response(zugferd_pdf(invoice), f"{invoice.number}-zugferd.pdf")


def sender() -> tuple[str, str]:
    """The agency's name and address (lines) from Settings › Firma."""
    profile = company_profile()
    return profile.company_name, "\n".join(profile.address_lines)
