"""The contact form: "Neuer Kontakt" and editing a contact."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

import mail_templates
from gorilla.forms import AppForm, MultiCheckboxField, choices, email_field, password_problem
from gorilla.uploads import LimitedFileField

from .models import NOTIFICATIONS, Direction, Notification, Permission
from .pictures import PictureError, clean_picture
from .service import email_in_use


class ContactForm(AppForm):
    """Every field of the contact screens; fields that do not apply are dropped."""

    profile_image = LimitedFileField(_l("Profile picture"))
    remove_profile_image = BooleanField(_l("Remove picture"))
    firstname = StringField(
        _l("First name"),
        validators=[DataRequired(_l("Please enter the first name.")), Length(max=100)],
    )
    lastname = StringField(
        _l("Last name"),
        validators=[DataRequired(_l("Please enter the last name.")), Length(max=100)],
    )
    title = StringField(_l("Position"), validators=[Length(max=100)])
    email = email_field()
    phonenumber = StringField(_l("Phone number"), validators=[Length(max=50)])
    direction = SelectField(_l("Direction"), choices=choices(Direction.choices()), default="")
    password = PasswordField(_l("Password"))
    send_set_password_email = BooleanField(_l("Send set-password email"))
    donotsendwelcomeemail = BooleanField(_l("Do not send welcome email"))
    is_primary = BooleanField(_l("Primary contact"))
    permissions = MultiCheckboxField(_l("Permissions"), choices=choices(Permission.choices()))
    invoice_emails = BooleanField(Notification.INVOICE.label)
    estimate_emails = BooleanField(Notification.ESTIMATE.label)
    credit_note_emails = BooleanField(Notification.CREDIT_NOTE.label)
    project_emails = BooleanField(Notification.PROJECT.label)
    ticket_emails = BooleanField(Notification.TICKET.label)
    task_emails = BooleanField(Notification.TASK.label)
    contract_emails = BooleanField(Notification.CONTRACT.label)

    def __init__(self, *args, contact=None, **kwargs):
        super().__init__(*args, obj=contact, **kwargs)
        self.contact = contact
        self.picture = None
        if contact is None:
            del self.remove_profile_image
            if not mail_templates.is_active("contact-welcome"):
                del self.donotsendwelcomeemail
        else:
            del self.donotsendwelcomeemail
        if not self.send_set_password_email.data and not mail_templates.is_active(
            "contact-set-password"
        ):
            del self.send_set_password_email  # kept when ticked, to show why it is not sent

    @property
    def sends_set_password(self) -> bool:
        """Whether the set-password email was asked for (and is available)."""
        return "send_set_password_email" in self and bool(self.send_set_password_email.data)

    @property
    def notification_fields(self):
        """The seven ``*_emails`` checkboxes."""
        return [self[name] for name in NOTIFICATIONS]

    def validate_email(self, field) -> None:
        """Unique within the tenant, case-insensitively."""
        if email_in_use(field.data or "", self.contact.id if self.contact else None):
            raise ValidationError(_l("Another contact already uses this email address."))

    def validate_password(self, field) -> None:
        """Required on create unless a set-password email goes out; strong when given."""
        if not field.data:
            if self.contact is None and not self.sends_set_password:
                if "send_set_password_email" in self:
                    raise ValidationError(
                        _l("Please set a password or send the set-password email.")
                    )
                raise ValidationError(_l("Please set a password."))
            return
        problem = password_problem(field.data, self.email.data or "")
        if problem:
            raise ValidationError(problem)

    def validate_profile_image(self, field) -> None:
        """Verify and re-encode the picture now, so nothing is stored on errors."""
        upload = field.data
        if not upload or not getattr(upload, "filename", None):
            return
        try:
            self.picture = clean_picture(upload.stream, upload.filename)
        except PictureError as error:
            raise ValidationError(str(error)) from None

    def contact_data(self) -> dict:
        """The submitted values as the service functions expect them."""
        data = {
            name: self[name].data
            for name in ("firstname", "lastname", "title", "email", "phonenumber", "direction")
        }
        data |= {name: self[name].data for name in NOTIFICATIONS}
        data |= {
            "password": self.password.data or None,
            "is_primary": self.is_primary.data,
            "permissions": set(self.permissions.data or ()),
            "picture": self.picture,
            "remove_picture": "remove_profile_image" in self and self.remove_profile_image.data,
        }
        return data
