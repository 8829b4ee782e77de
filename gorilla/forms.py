"""Form pieces shared by several screens."""

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectChoice, SelectMultipleField, widgets
from wtforms.validators import DataRequired, Email, Length


def choices(pairs: Iterable[tuple[str, object]]) -> list[SelectChoice]:
    """Select options from ``(value, label)`` pairs (labels may be lazy translations)."""
    return [SelectChoice(value=value, label=label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    """A repeated field shown as one checkbox per choice (``name=value`` for each ticked)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def email_field() -> EmailField:
    """A required, valid email address field with German-translatable errors."""
    return EmailField(
        _l("Email"),
        validators=[
            DataRequired(_l("Please enter the email address.")),
            Email(_l("Please enter a valid email address.")),
            Length(max=254),
        ],
    )
