"""Sign-in limits counted in the tenant's database: per account and, far higher, per address."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import g

from gorilla.extensions import db
from gorilla.sign_in_limits import SignInFailure
from tenants.models import utcnow
from tests.conftest import PASSWORD, client_for, make_app
from tests.live_server import gunicorn
from tests.portal_helpers import CONTACT_PASSWORD, make_contact

WRONG = "wrong-password"


def wrong_staff_sign_ins(client, count: int, email: str = "admin@acme.test"):
    return [client.sign_in(email, WRONG).status_code for _ in range(count)]


def sign_in_from(client, address: str, email: str, password: str = PASSWORD):
    """Sign in through the form with ``address`` in ``X-Forwarded-For``."""
    form = {"email": email, "password": password}
    return client.submit("/admin/login", form, headers={"X-Forwarded-For": address})


def test_wrong_passwords_across_four_gunicorn_workers_get_at_most_ten_answers(app, tenant):
    with gunicorn(app, workers=4) as server:
        host = "acme.gorilla.test"
        cookie, token = server.form_session(host, "/admin/login")
        form = {"csrf_token": token, "email": "admin@acme.test", "password": WRONG}

        def attempt(_index):
            return server.post_form(host, "/admin/login", cookie, form)

        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(attempt, range(45)))
    assert set(statuses) <= {200, 429}, statuses
    assert statuses.count(200) <= 10, statuses
    assert statuses.count(429) >= 35


def test_a_success_does_not_count_and_resets_the_account(client):
    assert wrong_staff_sign_ins(client, 9) == [200] * 9
    assert client.sign_in("admin@acme.test").status_code == 302
    fresh = client_for(client.application, "acme")
    assert wrong_staff_sign_ins(fresh, 10) == [200] * 10
    locked = fresh.sign_in("admin@acme.test")
    assert locked.status_code == 429
    assert "Zu viele Versuche" in locked.get_data(as_text=True)


def test_failures_older_than_the_window_no_longer_count(app, tenant, client):
    with app.app_context():
        g.tenant = tenant
        long_ago = utcnow() - timedelta(minutes=16)
        db.session.add_all(
            SignInFailure(realm="staff", account="admin@acme.test", address="127.0.0.1",
                          created_at=long_ago)
            for _ in range(10)
        )  # fmt: skip
        db.session.commit()
    assert wrong_staff_sign_ins(client, 10) == [200] * 10
    assert wrong_staff_sign_ins(client, 1) == [429]


def test_staff_and_contacts_are_counted_apart(app, tenant, client):
    make_contact(app, tenant, "kim@kunde.de")
    assert wrong_staff_sign_ins(client, 10, email="kim@kunde.de") == [200] * 10
    assert wrong_staff_sign_ins(client, 1, email="kim@kunde.de") == [429]
    response = client.sign_in("kim@kunde.de", CONTACT_PASSWORD, path="/kunden/login")
    assert response.status_code == 302


def test_failures_are_rows_of_the_tenant(app, tenant, other_tenant, client):
    wrong_staff_sign_ins(client, 3)
    with app.app_context():
        g.tenant = tenant
        counted = db.session.scalar(sa.select(sa.func.count()).select_from(SignInFailure))
    assert counted == 3


def test_failures_on_other_accounts_do_not_lock_the_admin_out(client):
    for index in range(12):
        assert wrong_staff_sign_ins(client, 1, email=f"guess{index}@acme.test") == [200]
    assert client.sign_in("admin@acme.test").status_code == 302


def test_the_address_limit_counts_failures_of_every_account(app, client):
    app.config["SIGN_IN_ADDRESS_LIMIT"] = "5 per 15 minutes"
    for index in range(5):
        wrong_staff_sign_ins(client, 1, email=f"guess{index}@acme.test")
    assert client.sign_in("admin@acme.test").status_code == 429


@pytest.fixture
def proxied_app(app, tmp_path, database_url):
    """The same installation served behind one proxy (``GORILLA_PROXY_COUNT=1``)."""
    proxied = make_app(tmp_path, database_url, PROXY_COUNT=1)
    proxied.config["SIGN_IN_ADDRESS_LIMIT"] = "3 per 15 minutes"
    yield proxied
    with proxied.app_context():
        db.engine.dispose()


def spray(client, address: str) -> list[int]:
    return [
        sign_in_from(client, address, f"guess{index}@acme.test", WRONG).status_code
        for index in range(3)
    ]


def test_behind_one_proxy_x_forwarded_for_is_the_address(proxied_app, tenant):
    client = client_for(proxied_app, "acme")
    assert spray(client, "203.0.113.7") == [200] * 3
    assert sign_in_from(client, "203.0.113.7", "admin@acme.test").status_code == 429
    assert sign_in_from(client, "198.51.100.2", "admin@acme.test").status_code == 302


def test_without_proxies_x_forwarded_for_is_ignored(app, client):
    app.config["SIGN_IN_ADDRESS_LIMIT"] = "3 per 15 minutes"
    assert spray(client, "203.0.113.7") == [200] * 3
    assert sign_in_from(client, "198.51.100.2", "admin@acme.test").status_code == 429


def test_a_password_set_through_the_emailed_link_unlocks_the_account(app, tenant, client):
    from crm.staff.service import create_staff

    with app.app_context():
        g.tenant = tenant
        create_staff({"email": "neu@acme.test", "first_name": "N", "password": PASSWORD})
        db.session.commit()
    assert wrong_staff_sign_ins(client, 11, email="neu@acme.test")[-1] == 429
    with app.app_context():
        g.tenant = tenant
        _member, link = create_staff({"email": "neu2@acme.test", "first_name": "M"})
        db.session.commit()
    assert wrong_staff_sign_ins(client, 11, email="neu2@acme.test")[-1] == 429
    path = link.split("acme.gorilla.test", 1)[1]
    new = "ganz-neues-passwort-7"
    response = client.submit(path, {"password": new, "password_confirm": new})
    assert response.status_code == 302
    fresh = client_for(app, tenant.slug)
    assert fresh.sign_in("neu2@acme.test", new).status_code == 302
    other = client_for(app, tenant.slug)
    assert other.sign_in("neu@acme.test", PASSWORD).status_code == 429  # others stay locked
