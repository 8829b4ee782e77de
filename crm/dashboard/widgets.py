"""The staff dashboard's widgets: each feature registers its own panel.

A widget is a template (a name, or a compiled ``jinja2.Template``) and a loader that runs
**one bounded query** for the signed-in staff member; the dashboard renders the widgets in
``order`` with the loader's result as ``data``. So the page costs one statement per widget
however much data the tenant holds, and a later feature (tickets, estimates, …) adds its panel
from its blueprint's ``wire`` without the dashboard importing it::

    register_widget(app, Widget("tickets", "tickets/_widget.html", waiting_tickets, 45))
"""

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter

from flask import Flask, current_app

# How many rows a list widget shows (its loader fetches at most this many).
LIST_LIMIT = 8


@dataclass(frozen=True)
class Widget:
    """A dashboard panel: name, template, loader ``load(staff) -> data``, position."""

    name: str
    template: object
    load: Callable[[object], object]
    order: int
    admin_only: bool = False


def register_widget(app: Flask, widget: Widget) -> None:
    """Add ``widget`` to the staff dashboard of ``app``."""
    widgets = app.extensions.setdefault("gorilla.dashboard_widgets", [])
    widgets.append(widget)
    widgets.sort(key=attrgetter("order"))


def widgets_for(staff) -> list[Widget]:
    """The widgets ``staff`` sees, in display order."""
    widgets = current_app.extensions.get("gorilla.dashboard_widgets", [])
    return [widget for widget in widgets if staff.is_admin or not widget.admin_only]


def loaded_widgets(staff) -> list[tuple[Widget, object]]:
    """Each visible widget with its data (one query each)."""
    return [(widget, widget.load(staff)) for widget in widgets_for(staff)]
