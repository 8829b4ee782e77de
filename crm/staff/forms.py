"""Forms of staff sign-in, password setting, profile and staff management."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from gorilla.forms import AppForm, choices, email_field, password_problem
from gorilla.i18n import DEFAULT_LANGUAGE, Language

from .service import find_staff_by_email


class LoginForm(AppForm):
    """Staff sign-in at /admin/login."""

    email = EmailField(_l("Email"), validators=[DataRequired(_l("Please enter your email."))])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Please enter your password."))]
    )


EMAIL_TAKEN = _l("A staff member with this email already exists.")


class ProfileForm(AppForm):
    """A staff member's own name and interface language."""

    first_name = StringField(_l("First name"), validators=[Length(max=100)])
    last_name = StringField(_l("Last name"), validators=[Length(max=100)])
    language = SelectField(
        _l("Language"), choices=choices(Language.native_choices()), default=DEFAULT_LANGUAGE
    )


class StaffForm(ProfileForm):
    """Admins invite or create a staff member (without password: a set-password link)."""

    email = email_field()
    is_admin = BooleanField(_l("Administrator"))
    can_impersonate = BooleanField(_l("May sign in as a contact"))
    password = PasswordField(
        _l("Password"),
        validators=[Optional()],
    )

    def validate_email(self, field) -> None:
        """Staff emails are unique within the agency, case-insensitively."""
        if find_staff_by_email(field.data or "") is not None:
            raise ValidationError(EMAIL_TAKEN)

    def validate_password(self, field) -> None:
        """The shared strength rule (length, not the email address)."""
        if problem := password_problem(field.data, self.email.data):
            raise ValidationError(problem)
