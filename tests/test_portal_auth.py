"""Contacts sign in to /kunden/: realms, tenants, deactivation, rate limits, password links."""

import re
from urllib.parse import urlsplit

import pytest
from flask import g
from sqlalchemy import select

from crm.contacts.models import Contact
from crm.contacts.service import set_contact_active
from crm.customers.models import Customer
from gorilla.extensions import db
from mail_templates.links import set_password_url
from mail_templates.models import OutboxMessage
from tests.conftest import client_for
from tests.portal_helpers import CONTACT_PASSWORD, make_contact, update


@pytest.fixture
def contact(app, tenant):
    """Kim of "Kunde GmbH" at acme; ids of customer and contact."""
    return make_contact(app, tenant, "kim@kunde.de")


@pytest.fixture
def contact_client(app, tenant, contact):
    """Kim, signed in to acme's customer area."""
    client = client_for(app, "acme")
    response = client.sign_in("kim@kunde.de", CONTACT_PASSWORD, path="/kunden/login")
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def test_anonymous_visitor_sees_the_sign_in_form(client):
    page = client.get("/kunden/").get_data(as_text=True)
    assert 'name="email"' in page and 'name="password"' in page
    assert "Kundenbereich von ACME Agentur" in page


def test_contact_signs_in_and_sees_the_dashboard(contact_client):
    page = contact_client.get("/kunden/").get_data(as_text=True)
    assert "Willkommen, Kim" in page and "Kunde GmbH" in page


def test_last_login_is_recorded(app, tenant, contact, contact_client):
    with app.app_context():
        g.tenant = tenant
        assert db.session.get(Contact, contact[1]).last_login is not None


@pytest.mark.parametrize(
    "email, password", [("nobody@kunde.de", CONTACT_PASSWORD), ("kim@kunde.de", "falsch-falsch")]
)
def test_unknown_email_and_wrong_password_get_the_same_answer(client, contact, email, password):
    response = client.sign_in(email, password, path="/kunden/login")
    assert response.status_code == 200
    assert "E-Mail-Adresse oder Passwort ist falsch." in response.get_data(as_text=True)


def test_staff_account_cannot_sign_in_to_the_customer_area(client):
    response = client.sign_in("admin@acme.test", path="/kunden/login")
    assert response.status_code == 200


def test_contact_cookie_does_not_open_admin(contact_client):
    response = contact_client.get("/admin/")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_staff_cookie_does_not_open_the_customer_area(staff_client):
    page = staff_client.get("/kunden/").get_data(as_text=True)
    assert 'name="password"' in page and "Willkommen" not in page
    assert staff_client.get("/kunden/profil").status_code == 302


def test_contact_cookie_replayed_on_another_tenant_is_anonymous(app, contact_client, other_tenant):
    cookie = contact_client.get_cookie("gorilla_session", domain=contact_client.host)
    intruder = client_for(app, "globex")
    intruder.set_cookie("gorilla_session", cookie.value, domain=intruder.host)
    assert intruder.get("/kunden/profil").status_code == 302
    assert "Kim" not in intruder.get("/kunden/").get_data(as_text=True)


def test_deactivating_the_contact_ends_its_session(app, tenant, contact, contact_client):
    with app.app_context():
        g.tenant = tenant
        set_contact_active(db.session.get(Contact, contact[1]), False)
        db.session.commit()
    assert contact_client.get("/kunden/profil").status_code == 302
    again = client_for(app, "acme").sign_in("kim@kunde.de", CONTACT_PASSWORD, path="/kunden/login")
    assert again.status_code == 200


def test_deactivating_the_customer_ends_its_contacts_sessions(app, tenant, contact, contact_client):
    update(app, tenant, Customer, contact[0], active=False)
    assert contact_client.get("/kunden/profil").status_code == 302


def test_deactivating_the_customer_kills_its_contacts_links_for_good(
    app, tenant, contact, staff_client
):
    with app.app_context():
        g.tenant = tenant
        link = urlsplit(set_password_url(db.session.get(Contact, contact[1]))).path
        db.session.commit()  # issuing the link stored its nonce
    assert client_for(app, "acme").get(link).status_code == 200
    path = f"/admin/customers/{contact[0]}"
    staff_client.submit(f"{path}/active", {"active": "0"}, form_path=path)
    assert client_for(app, "acme").get(link).status_code == 410
    staff_client.submit(f"{path}/active", {"active": "1"}, form_path=path)

    assert client_for(app, "acme").get(link).status_code == 410


def test_the_eleventh_wrong_password_gets_429(client, contact):
    for _attempt in range(10):
        assert (
            client.sign_in("kim@kunde.de", "falsch-falsch", path="/kunden/login").status_code == 200
        )
    response = client.sign_in("kim@kunde.de", "falsch-falsch", path="/kunden/login")
    assert response.status_code == 429
    assert "Zu viele Versuche" in response.get_data(as_text=True)


def test_rate_limit_per_account_is_per_tenant(app, client, contact, other_tenant):
    for _attempt in range(11):
        client.sign_in("kim@kunde.de", "falsch-falsch", path="/kunden/login")
    other = client_for(app, "globex")
    assert other.sign_in("kim@kunde.de", "falsch-falsch", path="/kunden/login").status_code == 200


def outbox(app, tenant, slug):
    with app.app_context():
        g.tenant = tenant
        return db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.template_slug == slug)
        ).all()


def test_forgot_password_answers_the_same_and_sends_a_link_when_known(app, tenant, client, contact):
    for email in ("kim@kunde.de", "nobody@kunde.de"):
        response = client.submit("/kunden/passwort-vergessen", {"email": email})
        assert "Wenn die Adresse bei uns bekannt ist" in response.get_data(as_text=True)
    messages = outbox(app, tenant, "contact-forgot-password")
    assert [m.to_email for m in messages] == ["kim@kunde.de"]
    link = re.search(
        r"http://acme\.gorilla\.test(/kunden/passwort-setzen/\S+)", messages[0].body_text
    )
    assert link, messages[0].body_text
    fresh = client_for(app, "acme")
    response = fresh.submit(
        link.group(1), {"password": "ganz-neu-und-lang", "password_confirm": "ganz-neu-und-lang"}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/kunden/"
    assert "Willkommen, Kim" in fresh.get("/kunden/").get_data(as_text=True)
    assert [m.to_email for m in outbox(app, tenant, "contact-password-reset")] == ["kim@kunde.de"]
    assert client_for(app, "acme").get(link.group(1)).status_code == 410  # single use


def test_forgot_password_link_ignores_a_poisoned_host_header(app, tenant, client, contact):
    client.submit(
        "/kunden/passwort-vergessen",
        {"email": "kim@kunde.de"},
        headers={"X-Forwarded-Host": "evil.example"},
    )
    body = outbox(app, tenant, "contact-forgot-password")[0].body_text
    assert "evil.example" not in body and "http://acme.gorilla.test/kunden/passwort-setzen/" in body


def test_password_change_ends_other_sessions(app, tenant, contact_client, contact):
    other = client_for(app, "acme")
    other.sign_in("kim@kunde.de", CONTACT_PASSWORD, path="/kunden/login")
    data = {
        "current_password": CONTACT_PASSWORD,
        "new_password": "neues-passwort-22",
        "new_password_confirm": "neues-passwort-22",
    }
    response = contact_client.submit("/kunden/profil/passwort", data, form_path="/kunden/profil")
    assert response.status_code == 303
    assert contact_client.get("/kunden/profil").status_code == 200  # this session continues
    assert other.get("/kunden/profil").status_code == 302  # the other one ended


def test_logout_is_a_post(contact_client):
    assert contact_client.get("/kunden/logout").status_code == 405
    contact_client.submit("/kunden/logout", {}, form_path="/kunden/profil")
    assert contact_client.get("/kunden/profil").status_code == 302
