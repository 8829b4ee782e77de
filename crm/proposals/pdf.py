"""The proposal as PDF on the documents' base (``gorilla.pdf``): letterhead, the customer's
address, subject and facts, the sanitised rich text, the items with totals, and the signature
once accepted."""

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _

from crm.invoices.pdf import document_start, items_table
from gorilla.richtext import render
from gorilla.storage import upload_path

from .models import Proposal, ProposalStatus


def proposal_pdf(proposal: Proposal) -> bytes:
    """The proposal document: sender, customer, subject, content, items, signature."""
    facts = [
        (_("Proposal"), proposal.number),
        (_("Open till"), format_date(proposal.open_till) if proposal.open_till else "—"),
        (_("Status"), ProposalStatus.label_of(proposal.shown_status)),
    ]
    pdf = document_start(
        proposal.customer, proposal.subject, facts, f"{proposal.number} {proposal.subject}"
    )
    pdf.rich_text(render(proposal.content))
    if proposal.items:
        items_table(pdf, proposal)
    if proposal.status == ProposalStatus.ACCEPTED and proposal.is_signed:
        signed = _(
            "%(name)s <%(email)s>, %(time)s",
            name=proposal.signed_name,
            email=proposal.signed_email,
            time=format_datetime(proposal.signed_at, "short"),
        )
        pdf.signature(_("Accepted"), upload_path(proposal.signature_file), [signed])
    return pdf.render()
