"""The ``gorilla`` command: a Flask CLI group bound to ``create_app``."""

from flask.cli import FlaskGroup

from gorilla import create_app_or_exit

main = FlaskGroup(create_app=create_app_or_exit, help="Gorilla: multi-tenant CRM for agencies.")
