"""The proposal as PDF (fpdf2): the documents' header, the sanitised rich text through
``write_html``, the items with totals, and the signature once accepted."""

import nh3
from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.errors import FPDFException

from crm.invoices.pdf import ENCODING, _header, _row, _text
from gorilla.money import money, number, percent
from gorilla.richtext import render
from gorilla.storage import upload_path

from .models import Proposal, ProposalStatus

BULLET = "\u2022"  # in Windows-1252, unlike fpdf2's default bullet


def _content(pdf: FPDF, proposal: Proposal) -> None:
    """The rich text as the page shows it; HTML fpdf2 cannot lay out falls back to text."""
    html = _text(render(proposal.content))
    try:
        pdf.write_html(html, ul_bullet_char=BULLET)
    except (FPDFException, ValueError, KeyError, IndexError):
        pdf.multi_cell(0, 5, nh3.clean(html, tags=set()), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.ln(4)


def _items(pdf: FPDF, proposal: Proposal) -> None:
    currency = proposal.currency
    _row(pdf, (_("Description"), _("Quantity"), _("Unit price"), _("VAT"), _("Amount")), bold=True)
    for item in proposal.items:
        cells = (
            item.description,
            number(item.qty),
            money(item.rate, currency),
            percent(item.taxrate),
            money(item.amount, currency),
        )
        _row(pdf, cells)
    pdf.ln(2)
    for caption, value, bold in (
        (_("Net"), proposal.subtotal, False),
        (_("VAT"), proposal.tax, False),
        (_("Total"), proposal.total, True),
    ):
        pdf.set_font("Helvetica", "B" if bold else "", 10)
        pdf.cell(155, 6, _text(caption), align="R")
        pdf.cell(35, 6, _text(money(value, currency)), align="R", new_x="LMARGIN", new_y="NEXT")


def _signature(pdf: FPDF, proposal: Proposal) -> None:
    pdf.ln(8)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 6, _text(_("Accepted")), new_x="LMARGIN", new_y="NEXT")
    path = upload_path(proposal.signature_file)
    if path is not None:
        pdf.image(str(path), w=60)
    pdf.set_font("Helvetica", "", 9)
    signed = _(
        "%(name)s <%(email)s>, %(time)s",
        name=proposal.signed_name,
        email=proposal.signed_email,
        time=format_datetime(proposal.signed_at, "short"),
    )
    pdf.multi_cell(0, 4.5, _text(signed), new_x="LMARGIN", new_y="NEXT")


def proposal_pdf(proposal: Proposal) -> bytes:
    """The proposal document: sender, customer, subject, content, items, signature."""
    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = ENCODING
    pdf.set_title(_text(f"{proposal.number} {proposal.subject}"))
    pdf.add_page()
    facts = [
        (_("Proposal"), proposal.number),
        (_("Open till"), format_date(proposal.open_till) if proposal.open_till else "—"),
        (_("Status"), ProposalStatus.label_of(proposal.shown_status)),
    ]
    _header(pdf, proposal, proposal.subject, facts)
    _content(pdf, proposal)
    if proposal.items:
        _items(pdf, proposal)
    if proposal.status == ProposalStatus.ACCEPTED and proposal.is_signed:
        _signature(pdf, proposal)
    return bytes(pdf.output())
