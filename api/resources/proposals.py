"""``/proposals``: list (by ``customer_id``, ``status``; with items), read, and the PDF."""

from functools import partial

from sqlalchemy.orm import selectinload

from crm.api_keys.models import Scope
from crm.invoices.pdf import pdf_response
from crm.proposals.models import Proposal, ProposalStatus
from crm.proposals.pdf import proposal_pdf

from .. import schemas
from ..crud import Resource, declare

declare(Resource(
    "proposals", "proposal", Proposal, schemas.Proposal(),
    schemas.customer_status_filter(ProposalStatus), Scope.PROPOSALS_READ,
    equal=("customer_id", "status"), options=(selectinload(Proposal.items),),
    pdf=partial(pdf_response, render=proposal_pdf),
))  # fmt: skip
