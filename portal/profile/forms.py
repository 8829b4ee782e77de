"""Profile forms: only the fields a contact may change about itself."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, RadioField, StringField
from wtforms.validators import DataRequired, Length, Optional

from crm.contacts.models import Direction
from gorilla.forms import (
    AppForm,
    MultiCheckboxField,
    choices,
    new_password_field,
    repeat_password_field,
)
from gorilla.uploads import LimitedFileField


class ProfileForm(AppForm):
    """Name, position, phone, direction and picture (never email, customer or rights)."""

    firstname = StringField(
        _l("First name"),
        validators=[DataRequired(_l("Please enter a first name.")), Length(max=100)],
    )
    lastname = StringField(
        _l("Last name"), validators=[DataRequired(_l("Please enter a last name.")), Length(max=100)]
    )
    title = StringField(_l("Position"), validators=[Optional(), Length(max=100)])
    phonenumber = StringField(_l("Phone"), validators=[Optional(), Length(max=50)])
    direction = RadioField(_l("Direction"), choices=choices(Direction.choices()), default="")
    profile_image = LimitedFileField(_l("Profile picture"))
    remove_profile_image = BooleanField(_l("Remove picture"))


class PasswordChangeForm(AppForm):
    """``current_password``, ``new_password``, ``new_password_confirm``."""

    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(_l("Please enter your current password."))]
    )
    new_password = new_password_field(_l("New password"))
    new_password_confirm = repeat_password_field("new_password", _l("Repeat new password"))


class NotificationsForm(AppForm):
    """The email notifications the contact's permissions cover."""

    notifications = MultiCheckboxField(_l("Email notifications"), choices=[])
