"""Signed Flask session cookies for load tests, forged instead of signing in over HTTP.

A forged session looks like one left by a real sign-in from the load tool: it carries
Flask-Login's session-protection identifier for 127.0.0.1 and the bench User-Agent, so the
server accepts it as fresh and never has to rewrite (re-sign and re-send) the cookie. Gorilla
signs nobody in without a live server-side session row: ``tenancy.add_tenant`` records one and
passes its id as ``sid``.
"""

from flask import Flask
from flask_login.utils import _create_identifier
from harness import HOST, USER_AGENT


def session_cookie(app: Flask, user_id: str | None, **extra) -> str:
    """``Cookie`` header value of a session signed in as ``user_id`` (plus ``extra`` keys);
    with ``user_id`` None, of an anonymous visitor's session holding only ``extra``."""
    data = dict(extra)
    if user_id is not None:
        with app.test_request_context(
            environ_base={"REMOTE_ADDR": HOST}, headers={"User-Agent": USER_AGENT}
        ):
            data.update(_user_id=user_id, _fresh=True, _id=_create_identifier())
    value = app.session_interface.get_signing_serializer(app).dumps(data)
    return f"{app.config['SESSION_COOKIE_NAME']}={value}"
