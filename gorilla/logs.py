"""Warnings of the libraries Gorilla relies on reach stderr like the app's own (``app.logger``).

When logging is not configured, Flask gives ``app.logger`` its default handler (stderr, or the
server's error stream during a request). Flask-Limiter logs to its own logger, which has only a
``NullHandler``: under gunicorn or the ``gorilla`` command its warnings (e.g. "Rate limit storage
unreachable") would vanish.
"""

import logging

from flask import Flask
from flask.logging import default_handler

LIBRARY_LOGGERS = ("flask-limiter",)


def init_app(app: Flask) -> None:
    """Give ``LIBRARY_LOGGERS`` Flask's default handler when ``app.logger`` got it, i.e. when
    no handler is configured (a configured root handler already receives their records)."""
    if default_handler not in app.logger.handlers:
        return
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        if default_handler not in logger.handlers:
            logger.addHandler(default_handler)
