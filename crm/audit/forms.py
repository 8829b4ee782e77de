"""The retention form of Einstellungen › Protokoll."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange

from gorilla.forms import AppForm

from .service import MAX_RETENTION_DAYS


class RetentionForm(AppForm):
    """How many days entries are kept before ``gorilla tenants purge-audit`` deletes them."""

    retention_days = IntegerField(
        _l("Keep entries for (days)"),
        validators=[
            InputRequired(_l("Please enter a number of days.")),
            NumberRange(1, MAX_RETENTION_DAYS),
        ],
    )
