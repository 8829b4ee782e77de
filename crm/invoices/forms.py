"""Invoice form with line items, payment form and the send dialog."""

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    DecimalField,
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
    StopValidation,
    ValidationError,
)

from gorilla.bounds import record_id
from gorilla.forms import AppForm, MultiCheckboxField, SubForm, choices

from .models import TAX_RATES
from .money import MAX_AMOUNT, percent

BLANK_ROWS = 2


def rate_key(value) -> str:
    """A VAT rate as select value: ``19``, ``7``, ``0`` (also for stored ``19.00``)."""
    try:
        return f"{Decimal(str(value)).normalize():f}"
    except ArithmeticError:
        raise ValueError(value) from None


class AmountField(DecimalField):
    """A decimal that also accepts German notation (``1.234,56``); at most MAX_AMOUNT."""

    def process_formdata(self, valuelist):
        if valuelist and "," in valuelist[0]:
            valuelist = [valuelist[0].replace(".", "").replace(",", ".").strip()]
        super().process_formdata(valuelist)
        if self.data is not None and not self.data.is_finite():
            self.data = None
            raise ValueError(self.gettext("Not a valid decimal value."))

    def pre_validate(self, form):
        """Refuse amounts beyond what an invoice can hold."""
        if self.data is not None and abs(self.data) > MAX_AMOUNT:
            raise StopValidation(_l("The number is too large."))


class ItemForm(SubForm):
    """One line item; a completely empty row is ignored."""

    description = StringField(_l("Description"), validators=[Length(max=1000)])
    qty = AmountField(
        _l("Quantity"), places=2, validators=[Optional(), NumberRange(min=Decimal("0.01"))]
    )
    rate = AmountField(_l("Unit price"), places=2, validators=[Optional()])
    taxrate = SelectField(
        _l("VAT"),
        coerce=rate_key,
        choices=choices((rate_key(rate), percent(rate)) for rate in TAX_RATES),
        default=rate_key(TAX_RATES[0]),
    )

    @property
    def is_blank(self) -> bool:
        """Whether nothing was entered in this row."""
        return not (self.description.data or "").strip() and self.rate.data is None


class InvoiceForm(AppForm):
    """Customer, dates, notes and line items (``items-N-description`` …)."""

    customer_id = SelectField(
        _l("Customer"), coerce=record_id, validators=[DataRequired(_l("Please choose a customer."))]
    )
    date = DateField(_l("Invoice date"), validators=[DataRequired(_l("Please enter a date."))])
    duedate = DateField(_l("Due date"), validators=[Optional()])
    notes = TextAreaField(_l("Notes"), validators=[Length(max=5000)])
    items = FieldList(FormField(ItemForm), min_entries=1)

    def validate_duedate(self, field) -> None:
        """The due date cannot lie before the invoice date."""
        if field.data and self.date.data and field.data < self.date.data:
            raise ValidationError(_l("The due date must not be before the invoice date."))

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
        if sum(row.qty.data * row.rate.data for row in filled) > MAX_AMOUNT:
            raise ValidationError(_l("The invoice total is too large."))

    def item_rows(self) -> list[dict]:
        """The filled rows as dicts for the service."""
        return [row.form.data for row in self.items if not row.form.is_blank]


class PaymentForm(AppForm):
    """A payment received."""

    amount = AmountField(
        _l("Amount"),
        places=2,
        validators=[
            DataRequired(_l("Please enter the amount.")),
            NumberRange(min=Decimal("0.01"), message=_l("The amount must be positive.")),
        ],
    )
    date = DateField(_l("Payment date"), validators=[DataRequired(_l("Please enter a date."))])
    note = StringField(_l("Note"), validators=[Length(max=200)])


class SendForm(AppForm):
    """The contacts who receive the invoice."""

    contact_ids = MultiCheckboxField(
        _l("Recipients"),
        coerce=record_id,
    )

    def validate_contact_ids(self, field) -> None:
        """At least one recipient (checked here: ``DataRequired`` would mark every box required)."""
        if not field.data:
            raise ValidationError(_l("Please choose at least one contact."))
