"""Staff sign-in at /admin/login: same answer for every failure, safe redirects, rotation."""

import pytest
from flask import g

from crm.staff.models import Staff
from gorilla.extensions import db
from tests.conftest import PASSWORD, client_for


def test_admin_pages_need_a_signed_in_staff_member(client):
    response = client.get("/admin/staff")
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/login?next=/admin/staff"


def test_sign_in_lands_on_dashboard(client):
    response = client.sign_in("admin@acme.test")
    assert response.headers["Location"] == "/admin/"
    page = client.get("/admin/").get_data(as_text=True)
    assert "Willkommen" in page and 'lang="de"' in page


def test_email_is_case_insensitive(client):
    assert client.sign_in("ADMIN@Acme.Test").status_code == 302


@pytest.mark.parametrize(
    "email, password", [("nobody@acme.test", PASSWORD), ("admin@acme.test", "wrong-password")]
)
def test_unknown_email_and_wrong_password_get_the_same_answer(client, email, password):
    response = client.sign_in(email, password)
    assert response.status_code == 200
    assert "E-Mail-Adresse oder Passwort ist falsch." in response.get_data(as_text=True)
    assert client.get("/admin/").status_code == 302


def test_deactivated_staff_cannot_sign_in_and_is_signed_out(app, tenant, staff_client):
    with app.app_context():
        g.tenant = tenant
        db.session.scalar(db.select(Staff)).active = False
        db.session.commit()
    assert staff_client.get("/admin/").status_code == 302
    assert client_for(app, "acme").sign_in("admin@acme.test").status_code == 200


def test_password_change_ends_other_sessions(app, tenant, staff_client):
    with app.app_context():
        g.tenant = tenant
        db.session.scalar(db.select(Staff)).set_password("ganz-neues-passwort")
        db.session.commit()
    assert staff_client.get("/admin/").status_code == 302
    assert (
        client_for(app, "acme").sign_in("admin@acme.test", "ganz-neues-passwort").status_code == 302
    )


def test_session_stores_a_token_not_the_user_id(staff_client):
    with staff_client.session_transaction() as session:
        assert session["realm"] == "staff"
        assert session["_user_id"] != "1" and len(session["_user_id"]) > 30


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "http:/evil.example",
        "/%0d%0aLocation:evil",
        "javascript:alert(1)",
    ],
)
def test_next_never_leaves_the_host(client, target):
    payload = {"email": "admin@acme.test", "password": PASSWORD}
    response = client.submit(f"/admin/login?next={target}", payload, form_path="/admin/login")
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"


def test_next_to_a_local_path_is_honoured(client):
    payload = {"email": "admin@acme.test", "password": PASSWORD}
    response = client.submit("/admin/login?next=/admin/staff", payload, form_path="/admin/login")
    assert response.headers["Location"] == "/admin/staff"


def test_login_without_csrf_token_is_refused(client):
    response = client.post("/admin/login", data={"email": "admin@acme.test", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/admin/").status_code == 302


def test_logout_is_a_post_and_ends_the_session(staff_client):
    assert staff_client.get("/admin/logout").status_code == 405
    response = staff_client.submit("/admin/logout", {}, form_path="/admin/")
    assert response.status_code == 302
    assert staff_client.get("/admin/").status_code == 302


def test_english_is_available(staff_client):
    page = staff_client.get("/admin/?lang=en").get_data(as_text=True)
    assert "Welcome" in page and 'lang="en"' in page


def test_the_eleventh_wrong_staff_password_gets_429(client):
    for _attempt in range(10):
        assert client.sign_in("admin@acme.test", "wrong-password").status_code == 200
    response = client.sign_in("admin@acme.test", PASSWORD)
    assert response.status_code == 429  # even the right password waits out the window
    assert "Zu viele Versuche" in response.get_data(as_text=True)


def test_healthz_on_a_tenant_host_keeps_the_session(staff_client):
    assert staff_client.get("/healthz").status_code == 200
    assert staff_client.get("/admin/").status_code == 200


def test_a_locked_account_is_told_when_to_try_again(client):
    for _attempt in range(10):
        client.sign_in("admin@acme.test", "wrong-password")
    response = client.sign_in("admin@acme.test", PASSWORD)
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "900"
    assert "Bitte versuchen Sie es in 15 Minuten erneut." in response.get_data(as_text=True)
