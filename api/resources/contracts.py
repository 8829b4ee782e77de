"""``/contracts``: list (by ``customer_id``, ``status``), read, and the PDF as it is now."""

from crm.api_keys.models import Scope
from crm.contracts.models import Contract, ContractStatus
from crm.contracts.pdf import pdf_response

from .. import schemas
from ..crud import Resource, declare

declare(Resource(
    "contracts", "contract", Contract, schemas.Contract(),
    schemas.customer_status_filter(ContractStatus), Scope.CONTRACTS_READ,
    equal=("customer_id", "status"), pdf=pdf_response,
))  # fmt: skip
