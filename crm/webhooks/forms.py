"""The new-endpoint form."""

from flask_babel import lazy_gettext as _l
from wtforms import URLField
from wtforms.validators import DataRequired, Length, ValidationError

from gorilla.forms import AppForm, MultiCheckboxField
from webhooks import EVENTS
from webhooks.guard import UnsafeUrl, check_url


class EndpointForm(AppForm):
    """URL (checked by the SSRF guard) and the events it receives (at least one)."""

    url = URLField(_l("URL"), validators=[DataRequired(_l("Please enter the URL.")),
                                          Length(max=500)])  # fmt: skip
    events = MultiCheckboxField(
        _l("Events"), validators=[DataRequired(_l("Please choose at least one event."))]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.events.choices = [(event.name, f"{event.name} – {event.label}")
                               for event in EVENTS.values()]  # fmt: skip

    def validate_url(self, field) -> None:
        """http(s) to a public address (unless the setting allows private ones)."""
        try:
            check_url(field.data or "")
        except UnsafeUrl as error:
            raise ValidationError(str(error)) from None
