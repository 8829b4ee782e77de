"""Forms of staff sign-in and password setting."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

MIN_PASSWORD_LENGTH = 10


class LoginForm(FlaskForm):
    """Staff sign-in at /admin/login."""

    email = EmailField(_l("Email"), validators=[DataRequired(_l("Please enter your email."))])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Please enter your password."))]
    )


class SetPasswordForm(FlaskForm):
    """Choose a password (link from `tenants create` without --admin-password)."""

    password = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(_l("Please enter a password.")),
            Length(min=MIN_PASSWORD_LENGTH, message=_l("At least 10 characters, please.")),
        ],
    )
    password_confirm = PasswordField(
        _l("Repeat password"),
        validators=[
            DataRequired(_l("Please repeat the password.")),
            EqualTo("password", message=_l("The passwords do not match.")),
        ],
    )
