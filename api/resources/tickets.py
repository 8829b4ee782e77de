"""``/tickets``: list (by ``customer_id``, ``status``), and read with the thread — replies and
internal notes, oldest first."""

from crm.api_keys.models import Scope
from crm.tickets.models import Ticket, TicketStatus

from .. import schemas
from ..crud import Resource, declare

declare(Resource(
    "tickets", "ticket", Ticket, schemas.Ticket(), schemas.customer_status_filter(TicketStatus),
    Scope.TICKETS_READ, equal=("customer_id", "status"), detail=schemas.TicketThread(),
))  # fmt: skip
