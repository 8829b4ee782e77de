"""Forms of two-factor sign-in: a code, switching off, the recovery-code download."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from gorilla.forms import AppForm


class CodeForm(AppForm):
    """``code``: six digits from the app, or a recovery code."""

    code = StringField(
        _l("Code"),
        validators=[
            DataRequired(_l("Please enter the code.")),
            Length(max=64, message=_l("This code is not valid.")),
        ],
    )


class DisableForm(CodeForm):
    """Switching off needs the password and a code."""

    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Please enter your password."))]
    )


class RecoveryCodesForm(AppForm):
    """The codes just shown, posted back to download them as a text file."""

    codes = HiddenField(validators=[DataRequired(), Length(max=400)])
