"""Invoice form with line items, payment form and the send dialogs."""

from decimal import Decimal

from flask_babel import LazyString, gettext
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from crm.customers.service import customer_choices
from gorilla.bounds import record_id
from gorilla.forms import AppForm, MultiCheckboxField, SubForm, choices
from gorilla.money import NumberField, percent

from .lines import TAX_RATES

# Invoice totals stay below this, so totals plus payments fit the Numeric(12, 2) columns.
MAX_TOTAL = Decimal("999999999.99")

BLANK_ROWS = 2


def rate_key(value) -> str:
    """A VAT rate as select value: ``19``, ``7``, ``0`` (also for stored ``19.00``)."""
    try:
        return f"{Decimal(str(value)).normalize():f}"
    except ArithmeticError:
        raise ValueError(value) from None


class ItemForm(SubForm):
    """One line item; a completely empty row is ignored."""

    description = StringField(_l("Description"), validators=[Length(max=1000)])
    qty = NumberField(_l("Quantity"), validators=[Optional(), NumberRange(min=Decimal("0.01"))])
    rate = NumberField(_l("Unit price"), validators=[Optional()])
    taxrate = SelectField(
        _l("VAT"),
        coerce=rate_key,
        choices=choices((rate_key(rate), LazyString(percent, rate)) for rate in TAX_RATES),
        default=rate_key(TAX_RATES[0]),
    )

    @property
    def is_blank(self) -> bool:
        """Whether nothing was entered in this row."""
        return not (self.description.data or "").strip() and self.rate.data is None


class LineItemsForm(AppForm):
    """Customer and line items (``items-N-description`` …) of an invoice, estimate or credit
    note; subclasses add dates and notes."""

    customer_id = SelectField(
        _l("Customer"), coerce=record_id, validators=[DataRequired(_l("Please choose a customer."))]
    )
    items = FieldList(FormField(ItemForm), min_entries=1)
    too_large = _l("The invoice total is too large.")

    def validate_items(self, field) -> None:
        """At least one complete row; every filled row needs description, quantity, price."""
        filled = [row.form for row in field if not row.form.is_blank]
        if not filled:
            raise ValidationError(_l("Please add at least one item."))
        for row in filled:
            if not (row.description.data or "").strip():
                row.description.errors.append(_l("Please enter a description."))
            if row.qty.data is None:
                row.qty.errors.append(_l("Please enter a quantity."))
            if row.rate.data is None:
                row.rate.errors.append(_l("Please enter a price."))
        if any(row.errors for row in filled):
            raise ValidationError(_l("Please complete the items."))
        if sum(row.qty.data * row.rate.data for row in filled) > MAX_TOTAL:
            raise ValidationError(self.too_large)

    def item_rows(self) -> list[dict]:
        """The filled rows as dicts for the service."""
        return [row.form.data for row in self.items if not row.form.is_blank]


class InvoiceForm(LineItemsForm):
    """Customer, dates (with the service date or period of § 14 UStG), notes and line items
    (``items-N-description`` …)."""

    date = DateField(_l("Invoice date"), validators=[DataRequired(_l("Please enter a date."))])
    duedate = DateField(_l("Due date"), validators=[Optional()])
    service_date = DateField(_l("Service date"), validators=[Optional()])
    service_start = DateField(_l("Service period from"), validators=[Optional()])
    service_end = DateField(_l("Service period to"), validators=[Optional()])
    notes = TextAreaField(_l("Notes"), validators=[Length(max=5000)])

    def validate(self, extra_validators=None) -> bool:
        """The fields, then the service period (checked here: empty dates stop the fields'
        own validators)."""
        valid = super().validate(extra_validators)
        problem = self._service_period_problem()
        if problem is not None:
            self.service_end.errors = [*self.service_end.errors, problem]
            return False
        return valid

    def _service_period_problem(self):
        """A period has both ends, in order; a single date and a period exclude each other."""
        start, end = self.service_start.data, self.service_end.data
        if bool(start) != bool(end):
            return _l("Please enter both ends of the service period.")
        if start and end < start:
            return _l("The period must not end before it starts.")
        if start and self.service_date.data:
            return _l("Please enter either a service date or a period.")
        return None

    def validate_duedate(self, field) -> None:
        """The due date cannot lie before the invoice date."""
        if field.data and self.date.data and field.data < self.date.data:
            raise ValidationError(_l("The due date must not be before the invoice date."))


class PaymentForm(AppForm):
    """A payment received."""

    amount = NumberField(
        _l("Amount"),
        validators=[
            DataRequired(_l("Please enter the amount.")),
            NumberRange(min=Decimal("0.01"), message=_l("The amount must be positive.")),
        ],
    )
    date = DateField(_l("Payment date"), validators=[DataRequired(_l("Please enter a date."))])
    note = StringField(_l("Note"), validators=[Length(max=200)])


class SendForm(AppForm):
    """The contacts who receive the invoice (or estimate, credit note): build it with
    ``SendForm.for_contacts``."""

    contact_ids = MultiCheckboxField(
        _l("Recipients"),
        coerce=record_id,
    )

    @classmethod
    def for_contacts(cls, contacts, flag: str) -> "SendForm":
        """The dialog for ``contacts`` (primary first), those with notification ``flag``
        (``invoice_emails`` …) ticked."""
        form = cls(contact_ids=[c.id for c in contacts if getattr(c, flag)])
        form.contact_ids.choices = choices(
            (
                c.id,
                f"{c.full_name} <{c.email}>"
                + (f" · {gettext('Primary contact')}" if c.is_primary else ""),
            )
            for c in contacts
        )
        return form

    def send_options(self) -> dict:
        """What the dialog adds to the recipients for the send function (nothing here)."""
        return {}

    def validate_contact_ids(self, field) -> None:
        """At least one recipient (checked here: ``DataRequired`` would mark every box required)."""
        if not field.data:
            raise ValidationError(_l("Please choose at least one contact."))


class DocumentSendForm(SendForm):
    """The send dialog of an invoice, estimate or credit note: recipients, and whether the
    document's PDF goes with the email (ticked at first, as in Perfex)."""

    attach_pdf = BooleanField(_l("Attach PDF"), default=True)

    def send_options(self) -> dict:
        """Whether the send function attaches the PDF."""
        return {"attach_pdf": self.attach_pdf.data}


def document_form(form_class: type[LineItemsForm], document=None, **kwargs) -> LineItemsForm:
    """``form_class`` for a new or stored document (``issue_date`` shown as ``date``), with the
    customer choices and blank item rows to fill in."""
    form = form_class(obj=document, **kwargs)
    keep = document.customer_id if document is not None else None
    form.customer_id.choices = choices(customer_choices(keep=keep))
    if document is not None and not form.is_submitted():
        form.date.data = document.issue_date
    if not form.is_submitted():
        for _row in range(BLANK_ROWS):
            form.items.append_entry()
    return form
