"""Marshmallow schemas: what the API shows and accepts. The business rules (required fields,
lengths, unique email, deadline after start) stay in the screens' forms, which validate every
write (``api.forms``); these schemas give types, enums and the OpenAPI document."""

from datetime import UTC

from marshmallow import RAISE, Schema, fields
from marshmallow.validate import OneOf, Range

from crm.contacts.models import NOTIFICATIONS, Direction, Permission
from crm.contracts.models import ContractStatus
from crm.credit_notes.models import CreditNoteStatus
from crm.estimates.models import EstimateStatus
from crm.invoices.models import InvoiceStatus
from crm.projects.models import ProjectStatus
from crm.proposals.models import ProposalStatus
from crm.tasks.models import TaskPriority, TaskStatus
from crm.tickets.models import TicketPriority, TicketStatus
from crm.tickets.queries import thread
from gorilla.bounds import MAX_INT
from gorilla.i18n import Language

from .representation import MAX_LIMIT


def one_of(enum) -> OneOf:
    """The stored values of a ``LabelledEnum``."""
    return OneOf([member.value for member in enum])


def record_id(strict: bool = True, **options) -> fields.Integer:
    """An id (1 … MAX_INT); ``strict=False`` for query parameters (text)."""
    return fields.Integer(strict=strict, validate=Range(1, MAX_INT), **options)


def amount(**options) -> fields.Decimal:
    """A decimal amount as text ("119.00"), exact."""
    return fields.Decimal(
        as_string=True, metadata={"type": "string", "format": "decimal"}, **options
    )


class UtcDateTime(fields.DateTime):
    """A moment in UTC with its offset (SQLite hands back naive UTC values)."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class SortedList(fields.List):
    """A list shown sorted (sets of permissions), so that equal records have equal ETags."""

    def _serialize(self, value, attr, obj, **kwargs):
        shown = super()._serialize(value, attr, obj, **kwargs)
        return sorted(shown) if shown is not None else None


class Strict(Schema):
    """Unknown fields are refused."""

    class Meta:
        unknown = RAISE


class ListArgs(Strict):
    """Paging of every list."""

    cursor = fields.String(metadata={"description": "``next_cursor`` of the previous page"})
    limit = fields.Integer(validate=Range(1, MAX_LIMIT), metadata={"default": 25})


class Customer(Strict):
    id = fields.Integer(dump_only=True)
    company = fields.String(required=True)
    vat = fields.String()
    phonenumber = fields.String()
    website = fields.String()
    address = fields.String()
    city = fields.String()
    zip = fields.String()
    country = fields.String()
    default_language = fields.String(validate=one_of(Language))
    active = fields.Boolean(dump_only=True)
    created_at = UtcDateTime(dump_only=True)


class CustomerPatch(Customer):
    company = fields.String()


class CustomerFilter(ListArgs):
    active = fields.Boolean()
    company = fields.String(metadata={"description": "part of the company name"})


class Contact(Strict):
    id = fields.Integer(dump_only=True)
    customer_id = record_id(required=True)
    firstname = fields.String(required=True)
    lastname = fields.String(required=True)
    title = fields.String()
    email = fields.String(required=True)
    phonenumber = fields.String()
    direction = fields.String(validate=one_of(Direction))
    is_primary = fields.Boolean()
    active = fields.Boolean(dump_only=True)
    permissions = SortedList(fields.String(validate=one_of(Permission)))
    last_login = UtcDateTime(dump_only=True, allow_none=True)
    password = fields.String(load_only=True)
    send_set_password_email = fields.Boolean(load_only=True)
    donotsendwelcomeemail = fields.Boolean(load_only=True)


for _flag in NOTIFICATIONS:
    Contact._declared_fields[str(_flag)] = fields.Boolean()


class ContactPatch(Contact):
    customer_id = record_id(dump_only=True)
    firstname = fields.String()
    lastname = fields.String()
    email = fields.String()

    class Meta:
        unknown = RAISE
        exclude = ("donotsendwelcomeemail",)


class ContactFilter(ListArgs):
    customer_id = record_id(strict=False)
    email = fields.String()


class Project(Strict):
    id = fields.Integer(dump_only=True)
    customer_id = record_id(required=True)
    name = fields.String(required=True)
    description = fields.String()
    status = fields.String(validate=one_of(ProjectStatus))
    start_date = fields.Date(allow_none=True)
    deadline = fields.Date(allow_none=True)
    view_tasks = fields.Boolean()
    view_task_comments = fields.Boolean()
    comment_on_tasks = fields.Boolean()
    created_at = UtcDateTime(dump_only=True)


class ProjectPatch(Project):
    customer_id = record_id()
    name = fields.String()


class ProjectFilter(ListArgs):
    customer_id = record_id(strict=False)
    status = fields.String(validate=one_of(ProjectStatus))


class Task(Strict):
    id = fields.Integer(dump_only=True)
    project_id = record_id(allow_none=True)
    name = fields.String(required=True)
    description = fields.String()
    status = fields.String(validate=one_of(TaskStatus))
    priority = fields.String(validate=one_of(TaskPriority))
    duedate = fields.Date(allow_none=True)
    visible_to_customer = fields.Boolean()
    created_at = UtcDateTime(dump_only=True)


class TaskPatch(Task):
    name = fields.String()


class TaskFilter(ListArgs):
    project_id = record_id(strict=False)
    status = fields.String(validate=one_of(TaskStatus))


class LineItem(Schema):
    description = fields.String()
    qty = amount()
    rate = amount()
    taxrate = amount()


class Document(Schema):
    """What every document with line items shows (invoice, estimate, credit note, proposal)."""

    id = fields.Integer()
    customer_id = fields.Integer()
    number = fields.String()
    currency = fields.String()
    subtotal = amount()
    tax = amount()
    total = amount()
    sent_at = UtcDateTime(allow_none=True)
    items = fields.List(fields.Nested(LineItem))


class Invoice(Document):
    issue_date = fields.Date()
    duedate = fields.Date(allow_none=True)
    status = fields.String(validate=one_of(InvoiceStatus))
    amount_paid = amount()


class Estimate(Document):
    issue_date = fields.Date()
    expirydate = fields.Date(allow_none=True)
    status = fields.String(validate=one_of(EstimateStatus))
    invoice_id = fields.Integer(allow_none=True)


class CreditNote(Document):
    invoice_id = fields.Integer(allow_none=True)
    issue_date = fields.Date()
    status = fields.String(validate=one_of(CreditNoteStatus))
    amount_applied = amount()
    amount_refunded = amount()
    remaining = amount()


class Proposal(Document):
    subject = fields.String()
    content = fields.String(metadata={"description": "Markdown"})
    open_till = fields.Date(allow_none=True)
    status = fields.String(validate=one_of(ProposalStatus))
    created_at = UtcDateTime()


class Contract(Schema):
    id = fields.Integer()
    customer_id = fields.Integer()
    subject = fields.String()
    contract_type_id = fields.Integer(allow_none=True)
    contract_value = amount(allow_none=True)
    datestart = fields.Date()
    dateend = fields.Date(allow_none=True)
    content = fields.String(metadata={"description": "Markdown"})
    status = fields.String(validate=one_of(ContractStatus))
    version = fields.Integer()
    signed_version = fields.Integer(allow_none=True)
    signed_at = UtcDateTime(allow_none=True)
    sent_at = UtcDateTime(allow_none=True)
    created_at = UtcDateTime()


class TicketReply(Schema):
    id = fields.Integer()
    body = fields.String()
    internal = fields.Boolean(metadata={"description": "a staff-only note"})
    via_email = fields.Boolean()
    staff_id = fields.Integer(allow_none=True)
    contact_id = fields.Integer(allow_none=True)
    author_name = fields.String()
    created_at = UtcDateTime()


class Thread(fields.List):
    """A ticket's replies and notes, oldest first (``crm.tickets.queries.thread``)."""

    def get_value(self, obj, attr, accessor=None, default=None):
        return thread(obj, internal=True)


class Ticket(Schema):
    id = fields.Integer()
    customer_id = fields.Integer()
    contact_id = fields.Integer(allow_none=True)
    subject = fields.String()
    department_id = fields.Integer(allow_none=True)
    assignee_id = fields.Integer(allow_none=True)
    priority = fields.String(validate=one_of(TicketPriority))
    status = fields.String(validate=one_of(TicketStatus))
    merged_into_id = fields.Integer(allow_none=True)
    created_at = UtcDateTime()
    last_activity_at = UtcDateTime()
    waiting_since = UtcDateTime(allow_none=True)


class TicketThread(Ticket):
    replies = Thread(fields.Nested(TicketReply))


def customer_status_filter(statuses) -> ListArgs:
    """The filters of a document list: ``customer_id`` and a status of ``statuses``."""
    fields_ = {
        "customer_id": record_id(strict=False),
        "status": fields.String(validate=one_of(statuses)),
    }
    return type(f"{statuses.__name__}Filter", (ListArgs,), fields_)()


class Sent(Schema):
    queued = fields.Boolean()
