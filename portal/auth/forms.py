"""Forms of the customer area's sign-in and password pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

MIN_PASSWORD_LENGTH = 10


class ContactLoginForm(FlaskForm):
    """``email`` and ``password`` at /kunden/login."""

    email = EmailField(_l("Email"), validators=[DataRequired(_l("Please enter your email."))])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Please enter your password."))]
    )


class ForgotPasswordForm(FlaskForm):
    """``email`` at /kunden/passwort-vergessen."""

    email = EmailField(_l("Email"), validators=[DataRequired(_l("Please enter your email."))])


def new_password_field(label) -> PasswordField:
    """A password field with the strength rule (length; not the email: checked in the view)."""
    return PasswordField(
        label,
        validators=[
            DataRequired(_l("Please enter a password.")),
            Length(min=MIN_PASSWORD_LENGTH, message=_l("At least 10 characters, please.")),
        ],
    )


class ChoosePasswordForm(FlaskForm):
    """``password`` and ``password_confirm`` at /kunden/passwort-setzen/<token>."""

    password = new_password_field(_l("New password"))
    password_confirm = PasswordField(
        _l("Repeat password"),
        validators=[
            DataRequired(_l("Please repeat the password.")),
            EqualTo("password", message=_l("The passwords do not match.")),
        ],
    )
