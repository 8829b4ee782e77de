"""Forms of the customer area's sign-in and password pages."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from gorilla.forms import AppForm


class ContactLoginForm(AppForm):
    """``email`` and ``password`` at /kunden/login."""

    email = EmailField(_l("Email"), validators=[DataRequired(_l("Please enter your email."))])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Please enter your password."))]
    )


class ForgotPasswordForm(AppForm):
    """``email`` at /kunden/passwort-vergessen (no longer than an outbox address)."""

    email = EmailField(
        _l("Email"),
        validators=[
            DataRequired(_l("Please enter your email.")),
            Length(max=254, message=_l("Please enter a valid email address.")),
        ],
    )
