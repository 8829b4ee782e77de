"""The estimate as PDF: the invoice PDF's layout, with validity and the acceptance signature."""

from flask import Response, abort
from flask_babel import format_date, format_datetime
from flask_babel import gettext as _

from crm.invoices.pdf import document_pdf, pdf_response
from gorilla.pdf import DocumentPDF
from gorilla.storage import upload_path

from .models import Estimate, EstimateStatus


def _signature(estimate: Estimate):
    def finish(pdf: DocumentPDF) -> None:
        signed = _(
            "Signed by %(name)s (%(email)s) on %(time)s",
            name=estimate.signed_name,
            email=estimate.signed_email,
            time=format_datetime(estimate.signed_at),
        )
        pdf.signature(_("Accepted"), upload_path(estimate.signature_file), [signed])

    return finish


def estimate_pdf(estimate: Estimate) -> bytes:
    """Sender, recipient, estimate date, valid-until, status, items, totals, notes, and the
    signature once accepted."""
    facts = [
        (_("Estimate date"), format_date(estimate.issue_date)),
        (_("Valid until"), format_date(estimate.expirydate) if estimate.expirydate else "—"),
        (_("Status"), EstimateStatus.label_of(estimate.shown_status)),
    ]
    title = _("Estimate %(number)s", number=estimate.number)
    return document_pdf(
        estimate, title, facts, _signature(estimate) if estimate.is_signed else None
    )


def estimate_pdf_response(estimate: Estimate):
    """A PDF download of ``estimate`` named after its number."""
    return pdf_response(estimate, estimate_pdf)


def signature_response(estimate: Estimate):
    """The acceptance signature as PNG (404 when there is none)."""
    path = upload_path(estimate.signature_file)
    if path is None:
        abort(404)
    return Response(path.read_bytes(), mimetype="image/png")  # a few kilobytes
