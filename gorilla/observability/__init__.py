"""Operations: request IDs, one JSON log line per request, Prometheus metrics, readiness.

``init_app`` wraps the WSGI app (request ID, timing, log line, request metrics); ``bp`` holds
``/readyz`` and ``/metrics`` on the platform host. Features report state at scrape time with
``register_state``.
"""

from flask import Flask

from . import metrics, request_log
from .blueprint import bp
from .metrics import register_state

__all__ = ["bp", "init_app", "register_state"]


def init_app(app: Flask) -> None:
    """Log and count every request of ``app`` and keep the DB pool gauge."""
    request_log.init_app(app)
    metrics.init_app(app)
