"""Estimate form (line items as invoices, plus the valid-until date) and the list filters."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from crm.invoices.forms import LineItemsForm


class EstimateForm(LineItemsForm):
    """Customer, date, valid-until (``expirydate``), notes/terms and items."""

    date = DateField(_l("Estimate date"), validators=[DataRequired(_l("Please enter a date."))])
    expirydate = DateField(_l("Valid until"), validators=[Optional()])
    notes = TextAreaField(_l("Notes and terms"), validators=[Length(max=5000)])
    too_large = _l("The estimate total is too large.")

    def validate_expirydate(self, field) -> None:
        """The valid-until date cannot lie before the estimate date."""
        if field.data and self.date.data and field.data < self.date.data:
            raise ValidationError(_l("The valid-until date must not be before the estimate date."))
