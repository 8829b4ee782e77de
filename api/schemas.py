"""Marshmallow schemas: what the API shows and accepts. The business rules (required fields,
lengths, unique email, deadline after start) stay in the screens' forms, which validate every
write (``api.forms``); these schemas give types, enums and the OpenAPI document."""

from datetime import UTC

from marshmallow import RAISE, Schema, fields
from marshmallow.validate import OneOf, Range

from crm.contacts.models import NOTIFICATIONS, Direction, Permission
from crm.invoices.models import InvoiceStatus
from crm.projects.models import ProjectStatus
from crm.tasks.models import TaskPriority, TaskStatus
from gorilla.bounds import MAX_INT
from gorilla.i18n import Language

from .representation import MAX_LIMIT


def one_of(enum) -> OneOf:
    """The stored values of a ``LabelledEnum``."""
    return OneOf([member.value for member in enum])


def record_id(strict: bool = True, **options) -> fields.Integer:
    """An id (1 … MAX_INT); ``strict=False`` for query parameters (text)."""
    return fields.Integer(strict=strict, validate=Range(1, MAX_INT), **options)


def amount() -> fields.Decimal:
    """A decimal amount as text ("119.00"), exact."""
    return fields.Decimal(as_string=True, metadata={"type": "string", "format": "decimal"})


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


class InvoiceItem(Schema):
    description = fields.String()
    qty = amount()
    rate = amount()
    taxrate = amount()


class Invoice(Schema):
    id = fields.Integer()
    customer_id = fields.Integer()
    number = fields.String()
    issue_date = fields.Date()
    duedate = fields.Date(allow_none=True)
    status = fields.String(validate=one_of(InvoiceStatus))
    currency = fields.String()
    subtotal = amount()
    tax = amount()
    total = amount()
    amount_paid = amount()
    sent_at = UtcDateTime(allow_none=True)
    items = fields.List(fields.Nested(InvoiceItem))


class InvoiceFilter(ListArgs):
    customer_id = record_id(strict=False)
    status = fields.String(validate=one_of(InvoiceStatus))


class Sent(Schema):
    queued = fields.Boolean()
