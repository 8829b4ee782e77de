"""Forms of the contact's privacy page."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired

from gorilla.forms import AppForm


class ConsentForm(AppForm):
    """``accept``: the checkbox "Datenschutzerklärung akzeptieren"."""

    accept = BooleanField(
        _l("I accept the privacy policy"),
        validators=[DataRequired(_l("Please tick the box to accept the privacy policy."))],
    )


class ErasureForm(AppForm):
    """``password``: the contact confirms the request with its password."""

    password = PasswordField(
        _l("Your password"), validators=[DataRequired(_l("Please enter your password."))]
    )
