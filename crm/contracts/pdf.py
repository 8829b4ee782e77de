"""The contract as PDF on the documents' base (``gorilla.pdf``): letterhead, the customer's
address, subject and facts, the Markdown content (rendered and sanitised by
``gorilla.richtext``) and, once signed, the signature block."""

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _

from crm.invoices.pdf import document_start
from gorilla.money import money
from gorilla.pdf import pdf_response as document_response
from gorilla.richtext import render
from gorilla.storage import upload_path

from .models import Contract


def _facts(contract: Contract) -> list[tuple[str, str]]:
    return [
        (_("Contract type"), contract.contract_type.name if contract.contract_type else "—"),
        (_("Contract value"), money(contract.contract_value) if contract.contract_value else "—"),
        (_("Start date"), format_date(contract.datestart)),
        (_("End date"), format_date(contract.dateend) if contract.dateend else "—"),
        (_("Version"), str(contract.version)),
    ]


def contract_pdf(contract: Contract) -> bytes:
    """The contract as it is now; with the signature block while it is the signed version."""
    pdf = document_start(contract.customer, contract.subject, _facts(contract), contract.subject)
    pdf.rich_text(render(contract.content))
    if contract.is_signed and contract.signed_version == contract.version:
        lines = [
            contract.signed_name,
            contract.signed_email or "",
            _("Signed on %(time)s", time=format_datetime(contract.signed_at, "medium")),
            _("IP address: %(ip)s", ip=contract.signed_ip or "—"),
        ]
        pdf.signature(_("Signature"), upload_path(contract.signature_file), lines)
    return pdf.render()


def file_name(contract: Contract) -> str:
    """The download name: ``Vertrag-7-v2.pdf``."""
    return f"{_('Contract')}-{contract.id}-v{contract.version}.pdf"


def pdf_response(contract: Contract):
    """A PDF download of the contract as it is now."""
    return document_response(contract_pdf(contract), file_name(contract))
