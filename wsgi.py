"""WSGI entry point: `gunicorn wsgi:app`."""

from gorilla import create_app

app = create_app()
