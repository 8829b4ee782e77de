"""Form pieces shared by several screens."""

from collections.abc import Iterable

from wtforms import SelectChoice, SelectMultipleField, widgets


def choices(pairs: Iterable[tuple[str, object]]) -> list[SelectChoice]:
    """Select options from ``(value, label)`` pairs (labels may be lazy translations)."""
    return [SelectChoice(value=value, label=label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    """A repeated field shown as one checkbox per choice (``name=value`` for each ticked)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()
