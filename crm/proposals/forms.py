"""Proposal form (subject, rich-text content, customer, open till, optional items) and the
decline form; customer, items and the send dialog are the invoice feature's."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, StringField
from wtforms.validators import DataRequired, Length, Optional

from crm.invoices.forms import LineItemsForm
from gorilla.forms import no_control_characters
from gorilla.richtext import MAX_LENGTH, RichTextField


class ProposalForm(LineItemsForm):
    """``subject``, ``content`` (Markdown), ``customer_id``, ``open_till`` and optional items
    (``items-N-description`` …, checked as on invoices once any row is filled)."""

    subject = StringField(
        _l("Subject"),
        validators=[
            DataRequired(_l("Please enter a subject.")),
            Length(max=200),
            no_control_characters,
        ],
    )
    content = RichTextField(_l("Content"), validators=[Length(max=MAX_LENGTH)])
    open_till = DateField(_l("Open till"), validators=[Optional()])
    too_large = _l("The proposal total is too large.")

    def validate_items(self, field) -> None:
        """No rows is fine; filled rows must be complete."""
        if any(not row.form.is_blank for row in field):
            super().validate_items(field)
