"""Credit note form (items as invoices), apply and refund forms."""

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange

from crm.invoices.forms import LineItemsForm
from gorilla.bounds import record_id
from gorilla.forms import AppForm
from gorilla.money import NumberField


class CreditNoteForm(LineItemsForm):
    """Date, notes and items (the customer stays the invoice's)."""

    date = DateField(_l("Credit note date"), validators=[DataRequired(_l("Please enter a date."))])
    notes = TextAreaField(_l("Notes"), validators=[Length(max=5000)])
    too_large = _l("The credit note total is too large.")


def _amount():
    return NumberField(
        _l("Amount"),
        validators=[
            DataRequired(_l("Please enter the amount.")),
            NumberRange(min=Decimal("0.01"), message=_l("The amount must be positive.")),
        ],
    )


class ApplyForm(AppForm):
    """Apply credit to one of the customer's open invoices."""

    invoice_id = SelectField(
        _l("Invoice"), coerce=record_id, validators=[DataRequired(_l("Please choose an invoice."))]
    )
    amount = _amount()


class RefundForm(AppForm):
    """Credit paid back to the customer."""

    amount = _amount()
    date = DateField(_l("Refund date"), validators=[DataRequired(_l("Please enter a date."))])
    note = StringField(_l("Note"), validators=[Length(max=200)])
