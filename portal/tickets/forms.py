"""Forms of the customer area's tickets: open a ticket, answer one."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from crm.tickets.models import TicketPriority
from gorilla.bounds import optional_record_id
from gorilla.forms import AppForm, choices, message_field
from gorilla.uploads import attachments_field


class NewTicketForm(AppForm):
    """A contact opens a ticket."""

    subject = StringField(
        _l("Subject"), validators=[DataRequired(_l("Please enter a subject.")), Length(max=200)]
    )
    department_id = SelectField(_l("Department"), coerce=optional_record_id, validate_choice=True)
    priority = SelectField(
        _l("Priority"), choices=choices(TicketPriority.choices()), default=TicketPriority.MEDIUM
    )
    message = message_field()
    attachments = attachments_field()


class ContactReplyForm(AppForm):
    """A contact answers (``message``, ``attachments``)."""

    message = message_field()
    attachments = attachments_field()
