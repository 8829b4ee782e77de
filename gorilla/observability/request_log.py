"""One JSON line per request on the ``gorilla.requests`` logger, with the request's ID.

A WSGI middleware (outside Flask) times each request, takes a sane incoming ``X-Request-ID`` or
makes one, returns it on the response, counts the request (``metrics``) and logs tenant slug,
realm, user id, status and duration. Who asked is noted by an ``after_request`` hook in the
WSGI environ; only ids go to the log, never email addresses.
"""

import logging
import os
import re
import sys
from time import perf_counter

from flask import Flask, g, request
from pythonjsonlogger.json import JsonFormatter

from . import metrics

logger = logging.getLogger("gorilla.requests")
REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/+=@-]{0,127}")
ENVIRON_ID = "gorilla.request_id"
ENVIRON_WHO = "gorilla.request_who"
ANONYMOUS = (None, None, None, None)
# The first path segment names the area (a fixed, small set of metric labels).
AREAS = {
    "admin": "admin",
    "kunden": "portal",
    "api": "api",
    "static": "static",
    "healthz": "probe",
    "readyz": "probe",
    "metrics": "probe",
}


def area_of(path: str) -> str:
    """``admin``, ``portal``, ``api``, ``static``, ``probe`` or ``site`` for a request path."""
    return AREAS.get(path[1:].partition("/")[0], "site")


def request_id(environ: dict) -> str:
    """The request's ID: the client's ``X-Request-ID`` if it looks sane, else a new one."""
    incoming = environ.get("HTTP_X_REQUEST_ID", "")
    if incoming and REQUEST_ID.fullmatch(incoming):
        return incoming
    return os.urandom(16).hex()


class RequestObserver:
    """WSGI middleware: request ID header, request metrics and the request log line."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        started = perf_counter()
        environ[ENVIRON_ID] = rid = request_id(environ)
        header = ("X-Request-ID", rid)
        statuses = []

        def start(status, headers, exc_info=None):
            statuses.append(status)
            headers.append(header)
            return start_response(status, headers, exc_info)

        try:
            return self.wsgi_app(environ, start)
        finally:
            observe(environ, int(statuses[-1][:3]) if statuses else 500, perf_counter() - started)


def observe(environ: dict, status: int, seconds: float) -> None:
    """Count the request and write its log line."""
    path = environ.get("PATH_INFO", "")
    area = area_of(path)
    metrics.count_request(area, status, seconds)
    if logger.isEnabledFor(logging.INFO):
        route, tenant, realm, user_id = environ.get(ENVIRON_WHO, ANONYMOUS)
        method, path = environ.get("REQUEST_METHOD"), route or path
        line = {
            "message": f"{method} {path} {status}",
            "request_id": environ[ENVIRON_ID],
            "method": method,
            "path": path,
            "area": area,
            "status": status,
            "duration_ms": round(seconds * 1000, 2),
            "tenant": tenant,
            "realm": realm,
            "user_id": user_id,
        }
        # The line is the record's message (a dict, which python-json-logger writes as JSON
        # fields); makeRecord + handle, as logger.info would also look up the caller's line.
        logger.handle(logger.makeRecord(logger.name, logging.INFO, __file__, 0, line, (), None))


def note_who(response):
    """``after_request``: the URL rule (so tokens in links never reach the log), tenant slug,
    realm and user id (if a user was loaded) for the log line."""
    rule = request.url_rule
    tenant = g.get("tenant")
    user = g.get("_login_user")  # Flask-Login's user of this request, if any code asked for it
    signed_in = user is not None and user.is_authenticated
    request.environ[ENVIRON_WHO] = (
        rule.rule if rule is not None else None,
        tenant.slug if tenant is not None else None,
        user.realm if signed_in else None,
        user.id if signed_in else None,
    )
    return response


class StderrHandler(logging.StreamHandler):
    """Writes to ``sys.stderr`` as it is when a record comes (gunicorn's error log, a test's
    capture), like the handler of last resort of ``logging``."""

    def __init__(self):
        super().__init__(sys.stderr)

    @property
    def stream(self):
        """The current ``sys.stderr``."""
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def json_handler() -> logging.Handler:
    """A handler writing JSON lines to stderr."""
    handler = StderrHandler()
    handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s"))
    return handler


def init_app(app: Flask) -> None:
    """Wrap ``app``. With ``REQUEST_LOG`` on, the request log goes to stderr as JSON lines,
    unless logging is configured (a root handler exists): then its records propagate there."""
    app.after_request(note_who)
    app.wsgi_app = RequestObserver(app.wsgi_app)
    if not app.config["REQUEST_LOG"]:
        logger.setLevel(logging.WARNING)
        return
    logger.setLevel(logging.INFO)
    if not logging.getLogger().handlers and not logger.handlers:
        logger.addHandler(json_handler())
        logger.propagate = False
