"""Template helpers shared by every page."""

from flask import Flask

from gorilla.money import money, number, percent
from gorilla.richtext import render as richtext
from gorilla.uploads import upload_limit_text


def init_app(app: Flask) -> None:
    """Install the template helpers."""
    app.jinja_env.filters.update(money=money, number=number, percent=percent)
    app.jinja_env.filters["richtext"] = richtext  # Markdown as sanitised HTML
    app.jinja_env.globals["upload_limit_text"] = upload_limit_text
