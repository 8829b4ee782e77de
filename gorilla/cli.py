"""The ``gorilla`` command: a Flask CLI group bound to ``create_app``."""

from flask.cli import FlaskGroup

from gorilla import create_app


def _make_app():
    return create_app()


main = FlaskGroup(create_app=_make_app, help="Gorilla: multi-tenant CRM for agencies.")
