"""The contract form, the send dialog, attachments, contract types and the reminder setting."""

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from gorilla.bounds import record_id
from gorilla.forms import AppForm, no_control_characters
from gorilla.money import NumberField
from gorilla.richtext import MAX_LENGTH, RichTextField
from gorilla.uploads import LimitedFileField


def optional_id(value) -> int | None:
    """A select's record id, or ``None`` for the empty choice."""
    if value in (None, "", "None"):
        return None
    return record_id(value)


class ContractForm(AppForm):
    """``customer_id``, ``subject``, ``contract_type``, ``contract_value``, ``datestart``,
    ``dateend``, ``content`` (Markdown)."""

    customer_id = SelectField(
        _l("Customer"), coerce=record_id, validators=[DataRequired(_l("Please choose a customer."))]
    )
    subject = StringField(
        _l("Subject"),
        validators=[
            DataRequired(_l("Please enter a subject.")),
            Length(max=200),
            no_control_characters,
        ],
    )
    contract_type = SelectField(_l("Contract type"), coerce=optional_id, validate_choice=True)
    contract_value = NumberField(
        _l("Contract value"),
        validators=[
            Optional(),
            NumberRange(min=Decimal("0"), message=_l("Please enter a positive amount.")),
        ],
    )
    datestart = DateField(_l("Start date"), validators=[DataRequired(_l("Please enter a date."))])
    dateend = DateField(_l("End date"), validators=[Optional()])
    content = RichTextField(_l("Content"), validators=[Length(max=MAX_LENGTH)])

    def validate_dateend(self, field) -> None:
        """The end date cannot lie before the start."""
        if field.data and self.datestart.data and field.data < self.datestart.data:
            raise ValidationError(_l("The end date must not be before the start date."))

    def values(self) -> dict:
        """The form's data as the service takes it."""
        data = dict(self.data)
        data["contract_type_id"] = data.pop("contract_type")
        return data


class AttachmentForm(AppForm):
    """One file for the contract."""

    file = LimitedFileField(_l("File"))


class ContractTypeForm(AppForm):
    """A contract type's name."""

    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(_l("Please enter a name.")),
            Length(max=100),
            no_control_characters,
        ],
    )


class ReminderForm(AppForm):
    """How many days before the end date contacts are reminded."""

    days = IntegerField(
        _l("Reminder before the end date (days)"),
        validators=[
            DataRequired(_l("Please enter a number of days.")),
            NumberRange(min=1, max=365, message=_l("Between 1 and 365 days, please.")),
        ],
    )
