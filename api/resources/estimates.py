"""``/estimates``: list (by ``customer_id``, ``status``; with items), read, and the PDF."""

from sqlalchemy.orm import selectinload

from crm.api_keys.models import Scope
from crm.estimates.models import Estimate, EstimateStatus
from crm.estimates.pdf import estimate_pdf_response

from .. import schemas
from ..crud import Resource, declare

declare(Resource(
    "estimates", "estimate", Estimate, schemas.Estimate(),
    schemas.customer_status_filter(EstimateStatus), Scope.ESTIMATES_READ,
    equal=("customer_id", "status"), options=(selectinload(Estimate.items),),
    pdf=estimate_pdf_response,
))  # fmt: skip
