"""The new-key form."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from gorilla.forms import AppForm, MultiCheckboxField, choices

from .models import Scope


class ApiKeyForm(AppForm):
    """Name and scopes of a new key (at least one scope)."""

    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Please name the key.")), Length(max=100)],
    )
    scopes = MultiCheckboxField(
        _l("Scopes"),
        choices=choices(Scope.choices()),
        validators=[DataRequired(_l("Please choose at least one scope."))],
    )
