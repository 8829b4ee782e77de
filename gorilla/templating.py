"""Template helpers shared by every page."""

from collections.abc import Callable
from functools import wraps

from flask import Flask
from markupsafe import Markup, escape

from gorilla.legal import LEGAL_PAGES
from gorilla.money import money, number, percent
from gorilla.richtext import render as richtext
from gorilla.uploads import upload_limit_text

# Filters whose output is a number, an amount or a date: on a right-to-left page it is shown
# left-to-right and isolated from its neighbours, so "19 %" never reads "% 19".
ISOLATED_FILTERS = ("money", "number", "percent", "dateformat", "datetimeformat")


def ltr(value) -> Markup:
    """``value`` in an isolated left-to-right run (``<bdi dir="ltr">``), escaped."""
    return Markup('<bdi dir="ltr">%s</bdi>') % escape(value)


def isolate(value) -> Markup:
    """``value`` (Latin text, an address, a note) isolated from the text around it, in the
    direction of its own first letter (``<bdi>``), escaped."""
    return Markup("<bdi>%s</bdi>") % escape(value)


def _isolated(format_value: Callable) -> Callable:
    @wraps(format_value)
    def formatted(*args, **kwargs) -> Markup:
        return ltr(format_value(*args, **kwargs))

    return formatted


def init_app(app: Flask) -> None:
    """Install the template helpers (after Flask-Babel has added its date filters)."""
    app.jinja_env.filters.update(money=money, number=number, percent=percent)
    app.jinja_env.filters["richtext"] = richtext  # Markdown as sanitised HTML
    for name in ISOLATED_FILTERS:
        app.jinja_env.filters[name] = _isolated(app.jinja_env.filters[name])
    app.jinja_env.filters.update(ltr=ltr, isolate=isolate)
    app.jinja_env.globals["upload_limit_text"] = upload_limit_text
    app.jinja_env.globals["legal_pages"] = LEGAL_PAGES
