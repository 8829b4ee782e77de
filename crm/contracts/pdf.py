"""The contract as PDF, drawn with fpdf2: header, facts, the Markdown content (rendered and
sanitised by ``gorilla.richtext``, then ``write_html``) and, once signed, the signature block.

Like the invoice PDF it uses the built-in Helvetica (Windows-1252); other characters become "?".
"""

import io

from flask import current_app, make_response
from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.errors import FPDFException

from crm.invoices.pdf import ENCODING, sender
from gorilla.money import money
from gorilla.richtext import render
from gorilla.storage import upload_path

from .models import Contract


def _text(value) -> str:
    return str(value).encode(ENCODING, "replace").decode(ENCODING)


def _header(pdf: FPDF, contract: Contract) -> None:
    name, address = sender()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 8, _text(name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(0, 4.5, _text(address), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, _text(contract.subject), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    facts = [
        (_("Customer"), contract.customer.company),
        (_("Contract type"), contract.contract_type.name if contract.contract_type else "—"),
        (_("Contract value"), money(contract.contract_value) if contract.contract_value else "—"),
        (_("Start date"), format_date(contract.datestart)),
        (_("End date"), format_date(contract.dateend) if contract.dateend else "—"),
        (_("Version"), str(contract.version)),
    ]
    for caption, value in facts:
        pdf.cell(40, 5, _text(caption))
        pdf.cell(0, 5, _text(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)


def _content(pdf: FPDF, contract: Contract) -> None:
    pdf.set_font("Helvetica", "", 10)
    html = _text(render(contract.content))
    try:
        pdf.write_html(html, ul_bullet_char="•")
    except (FPDFException, ValueError, KeyError, IndexError):
        # fpdf2 cannot lay out every shape of HTML (a table in a list, …): the text still goes in
        current_app.logger.warning("contract %s: content drawn as plain text", contract.id)
        pdf.multi_cell(0, 5, _text(contract.content), new_x="LMARGIN", new_y="NEXT")


def _signature(pdf: FPDF, contract: Contract) -> None:
    pdf.ln(8)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 6, _text(_("Signature")), new_x="LMARGIN", new_y="NEXT")
    path = upload_path(contract.signature_file)
    if path is not None:
        pdf.image(io.BytesIO(path.read_bytes()), w=60)
    pdf.set_font("Helvetica", "", 9)
    lines = [
        contract.signed_name,
        contract.signed_email or "",
        _("Signed on %(time)s", time=format_datetime(contract.signed_at, "medium")),
        _("IP address: %(ip)s", ip=contract.signed_ip or "—"),
    ]
    for line in lines:
        pdf.cell(0, 4.5, _text(line), new_x="LMARGIN", new_y="NEXT")


def contract_pdf(contract: Contract) -> bytes:
    """The contract as it is now; with the signature block while it is the signed version."""
    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = ENCODING
    pdf.set_title(_text(contract.subject))
    pdf.add_page()
    _header(pdf, contract)
    _content(pdf, contract)
    if contract.is_signed and contract.signed_version == contract.version:
        _signature(pdf, contract)
    return bytes(pdf.output())


def file_name(contract: Contract) -> str:
    """The download name: ``Vertrag-7-v2.pdf``."""
    return f"{_('Contract')}-{contract.id}-v{contract.version}.pdf"


def pdf_response(contract: Contract):
    """A PDF download of the contract as it is now."""
    response = make_response(contract_pdf(contract))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{file_name(contract)}"'
    return response
