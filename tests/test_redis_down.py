"""With GORILLA_REDIS_URL set and Redis unreachable, signing up and signing in keep working."""

import logging

import pytest

from gorilla.extensions import db
from tests.conftest import client_for, make_app
from tests.live_server import gunicorn
from tests.portal_helpers import CONTACT_PASSWORD, make_contact

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens there: every connection is refused


@pytest.fixture
def redis_down_app(app, tmp_path, database_url):
    """The installation of ``app`` configured for a Redis that is down."""
    down = make_app(tmp_path, database_url, REDIS_URL=CLOSED_PORT)
    yield down
    with down.app_context():
        db.engine.dispose()


SIGNUP = {
    "agency_name": "Globex",
    "subdomain": "globex",
    "email": "chefin@globex.de",
    "password": "sicheres-passwort-1",
    "terms": "y",
}


def test_sign_up_works_and_a_warning_is_logged(redis_down_app, caplog):
    with caplog.at_level(logging.WARNING, logger="flask-limiter"):
        response = client_for(redis_down_app, None).submit("/signup", SIGNUP)
    assert response.status_code == 303
    assert "/admin/handoff/" in response.headers["Location"]
    assert any("unreachable" in record.getMessage() for record in caplog.records)


def test_staff_and_contacts_sign_in_and_wrong_passwords_are_still_limited(
    redis_down_app, app, tenant
):
    make_contact(app, tenant, "kim@kunde.de")
    client = client_for(redis_down_app, "acme")
    assert client.sign_in("admin@acme.test").status_code == 302
    contact = client_for(redis_down_app, "acme")
    response = contact.sign_in("kim@kunde.de", CONTACT_PASSWORD, path="/kunden/login")
    assert response.status_code == 302
    guesser = client_for(redis_down_app, "acme")
    statuses = [guesser.sign_in("nobody@acme.test", "falsch").status_code for _ in range(11)]
    assert statuses == [200] * 10 + [429]


def test_forgot_password_answers(redis_down_app, tenant):
    client = client_for(redis_down_app, "acme")
    response = client.submit("/kunden/passwort-vergessen", {"email": "kim@kunde.de"})
    assert response.status_code == 200
    assert "Wenn die Adresse bei uns bekannt ist" in response.get_data(as_text=True)


def test_gunicorn_writes_the_fallback_warning_to_stderr(redis_down_app, tenant):
    with gunicorn(redis_down_app, workers=1) as server:
        host = "acme.gorilla.test"
        cookie, token = server.form_session(host, "/kunden/passwort-vergessen")
        data = {"csrf_token": token, "email": "kim@kunde.de"}
        assert server.post_form(host, "/kunden/passwort-vergessen", cookie, data) == 200
        assert "falling back to in-memory storage" in server.stderr_line_with("unreachable")
