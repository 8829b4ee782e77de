"""Forms of tickets: the staff reply, note, properties and merge; the departments and
predefined replies in the settings."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from gorilla.bounds import optional_record_id, record_id
from gorilla.forms import MESSAGE_MAX, AppForm, choices, message_field
from gorilla.uploads import attachments_field

from .models import TicketPriority, TicketStatus


class StaffReplyForm(AppForm):
    """Staff answer (``message``, ``status``, ``attachments``), optionally from a
    predefined reply (used when the message is left empty)."""

    message = message_field(required=False)
    predefined_reply_id = SelectField(
        _l("Predefined reply"), coerce=optional_record_id, validate_choice=True
    )
    status = SelectField(
        _l("Status after the answer"),
        choices=choices(TicketStatus.choices()),
        default=TicketStatus.ANSWERED,
    )
    attachments = attachments_field()

    def validate_message(self, field) -> None:
        """A message or a predefined reply is needed."""
        if not (field.data or "").strip() and not self.predefined_reply_id.data:
            raise ValueError(_l("Please enter a message."))


class NoteForm(AppForm):
    """An internal note (staff only)."""

    message = message_field()


class PropertiesForm(AppForm):
    """Status, priority, department and assignee of a ticket."""

    status = SelectField(_l("Status"), choices=choices(TicketStatus.choices()))
    priority = SelectField(_l("Priority"), choices=choices(TicketPriority.choices()))
    department_id = SelectField(_l("Department"), coerce=optional_record_id, validate_choice=True)
    assignee_id = SelectField(_l("Assigned to"), coerce=optional_record_id, validate_choice=True)


class MergeForm(AppForm):
    """The ticket this duplicate is merged into."""

    target_id = SelectField(
        _l("Merge into ticket"),
        coerce=record_id,
        validators=[DataRequired(_l("Please choose a ticket."))],
    )


class DepartmentForm(AppForm):
    """A support department and its optional support email address."""

    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Please enter a name.")), Length(max=100)]
    )
    email = StringField(
        _l("Support email address"),
        validators=[Optional(), Email(_l("Please enter a valid email address.")), Length(max=254)],
    )


class PredefinedReplyForm(AppForm):
    """A predefined reply: title and text."""

    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Please enter a title.")), Length(max=100)]
    )
    body = TextAreaField(
        _l("Text"),
        validators=[DataRequired(_l("Please enter a text.")), Length(max=MESSAGE_MAX)],
    )


class TicketSettingsForm(AppForm):
    """Who in the customer area sees which tickets."""

    all_contacts = BooleanField(_l("Contacts see every ticket of their customer"))
