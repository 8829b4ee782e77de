"""Simultaneous writers against a real server (gunicorn, several processes and threads).

On SQLite a request that writes takes the tenant's write lock when its transaction begins
(``BEGIN IMMEDIATE``) and waits for it; so ten staff saving at once all succeed, and of several
simultaneous uses of one link or one subdomain exactly one wins, the others get a clear 4xx.
"""

import re
from urllib.parse import urlencode, urlsplit

import pytest
from flask import g
from sqlalchemy import func, select

from crm.contacts.models import Contact
from crm.customers.models import Customer
from crm.gdpr.models import ErasureRequest
from crm.staff.service import create_staff
from gorilla.extensions import db
from mail_templates.links import set_password_url
from tests.conftest import BASE_DOMAIN, PASSWORD, run_together
from tests.crm_factories import add_contact, add_customer, contact_rows
from tests.live_server import gunicorn
from tests.portal_helpers import CONTACT_PASSWORD, make_contact

HOST = f"acme.{BASE_DOMAIN}"
FORM_TYPE = {"Content-Type": "application/x-www-form-urlencoded"}
SIGNUP = {
    "agency_name": "Müller & Söhne",
    "subdomain": "mueller-soehne",
    "password": "sicheres-passwort-1",
    "terms": "y",
}


@pytest.fixture
def server(app, tenant):
    """acme served by two gunicorn processes of five threads each."""
    with gunicorn(app, workers=2, threads=5) as live:
        yield live


def post(server, host: str, path: str, cookie: str, data: dict):
    """POST the form ``data``; status, Set-Cookie and body."""
    return server.request("POST", path, host, urlencode(data), {"Cookie": cookie, **FORM_TYPE})


def signed_in_staff(server, email: str) -> str:
    """The session cookie of ``email`` after signing in through the form."""
    cookie, token = server.form_session(HOST, "/admin/login")
    data = {"csrf_token": token, "email": email, "password": PASSWORD}
    status, new_cookie, page = post(server, HOST, "/admin/login", cookie, data)
    assert status == 302, page
    return new_cookie.split(";", 1)[0]


def add_staff(app, tenant, count: int, **fields) -> list[str]:
    """``count`` more staff members of ``tenant`` (password PASSWORD, ``fields`` such as
    ``is_admin``); their emails."""
    emails = [f"mitarbeiter{number}@acme.test" for number in range(count)]
    with app.app_context():
        g.tenant = tenant
        for email in emails:
            create_staff({"email": email, "first_name": "M", "password": PASSWORD, **fields})
        db.session.commit()
    return emails


def test_ten_staff_members_saving_contacts_at_the_same_moment_all_succeed(app, tenant, server):
    customer_id = add_customer(app, tenant, "Kunde AG")
    path = f"/admin/customers/{customer_id}/contacts/new"
    forms = []
    for email in ["admin@acme.test", *add_staff(app, tenant, 9)]:
        cookie, token = server.form_session(HOST, path, signed_in_staff(server, email))
        forms.append((cookie, {"csrf_token": token, "firstname": "K", "lastname": email}))

    def save(number, cookie, data):
        data |= {"email": f"kontakt{number}@kunde.de", "password": "ein-langes-passwort"}
        return lambda: post(server, HOST, path, cookie, data)[0]

    statuses = run_together(*(save(number, *form) for number, form in enumerate(forms)))

    assert statuses == [303] * 10
    assert len(contact_rows(app, tenant)) == 10


def test_one_set_password_link_submitted_at_once_sets_the_password_once(app, tenant, server):
    contact_id = add_contact(app, tenant, add_customer(app, tenant), "kim@kunde.test")
    with app.app_context():
        g.tenant = tenant
        link = urlsplit(set_password_url(db.session.get(Contact, contact_id))).path
        db.session.commit()  # issuing the link stored its nonce
    forms = [server.form_session(HOST, link) for _ in range(5)]

    def submit(number, cookie, token):
        password = f"passwort-nummer-{number}"
        data = {"csrf_token": token, "password": password, "password_confirm": password}
        return lambda: post(server, HOST, link, cookie, data)[0]

    statuses = run_together(*(submit(number, *form) for number, form in enumerate(forms)))

    assert sorted(statuses) == [302, 410, 410, 410, 410]


def test_one_staff_set_password_link_submitted_at_once_sets_the_password_once(app, tenant, server):
    with app.app_context():
        g.tenant = tenant
        _member, link = create_staff({"email": "neu@acme.test", "first_name": "N"})
        db.session.commit()
    link = urlsplit(link).path
    forms = [server.form_session(HOST, link) for _ in range(5)]

    def submit(number, cookie, token):
        password = f"passwort-nummer-{number}"
        data = {"csrf_token": token, "password": password, "password_confirm": password}
        return lambda: post(server, HOST, link, cookie, data)

    results = run_together(*(submit(number, *form) for number, form in enumerate(forms)))

    assert sorted(status for status, _cookie, _page in results) == [302, 410, 410, 410, 410]
    assert all("nicht mehr gültig" in page for status, _cookie, page in results if status == 410)
    winner = next(number for number, result in enumerate(results) if result[0] == 302)
    cookie, token = server.form_session(HOST, "/admin/login")
    data = {"csrf_token": token, "email": "neu@acme.test", "password": f"passwort-nummer-{winner}"}
    assert post(server, HOST, "/admin/login", cookie, data)[0] == 302


def add_at_once(app, tenant, server, path: str, data: dict) -> list[tuple]:
    """Five admins POST the same new-record form ``data`` to ``path`` at the same moment."""
    admins = ["admin@acme.test", *add_staff(app, tenant, 4, is_admin=True)]
    forms = [server.form_session(HOST, path, signed_in_staff(server, email)) for email in admins]

    def add(cookie, token):
        return lambda: post(server, HOST, path, cookie, data | {"csrf_token": token})

    return run_together(*(add(*form) for form in forms))


def assert_one_added_and_the_others_see(results, error: str) -> None:
    assert sorted(status for status, _cookie, _page in results) == [200, 200, 200, 200, 303]
    assert all(error in page for status, _cookie, page in results if status == 200)


def test_admins_adding_the_same_staff_email_at_once_one_wins_the_others_see_the_error(
    app, tenant, server
):
    data = {
        "email": "doppelt@acme-agentur.example.com",
        "first_name": "D",
        "language": "de",
        "password": "staff-passwort-22",
    }

    results = add_at_once(app, tenant, server, "/admin/staff/new", data)

    assert_one_added_and_the_others_see(
        results, "Es gibt bereits einen Mitarbeiter mit dieser E-Mail-Adresse."
    )


def test_admins_adding_the_same_contact_email_at_once_one_wins_the_others_see_the_error(
    app, tenant, server
):
    path = f"/admin/customers/{add_customer(app, tenant)}/contacts/new"
    data = {
        "email": "doppelt@kunde.example.com",
        "firstname": "D",
        "lastname": "X",
        "password": "kontakt-passwort-1",
    }

    results = add_at_once(app, tenant, server, path, data)

    assert_one_added_and_the_others_see(results, "bereits von einem anderen Kontakt verwendet")
    assert len(contact_rows(app, tenant)) == 1


def sign_up(server, cookie: str, token: str, email: str):
    data = SIGNUP | {"csrf_token": token, "email": email}
    return post(server, BASE_DOMAIN, "/signup", cookie, data)


def test_one_sign_up_hand_off_opened_at_once_signs_in_once(server):
    status, _cookie, page = sign_up(server, *server.form_session(BASE_DOMAIN, "/signup"), "c@m.de")
    assert status == 303, page
    handoff = urlsplit(re.search(r'href="([^"]+)"', page).group(1))

    def open_link():
        return server.request("GET", handoff.path, handoff.hostname)[0]

    statuses = run_together(*(open_link for _ in range(5)))

    assert sorted(statuses) == [302, 410, 410, 410, 410]


def test_two_sign_ups_of_one_subdomain_at_once_one_wins_the_other_gets_409(server):
    forms = [server.form_session(BASE_DOMAIN, "/signup") for _ in range(2)]

    def submit(number, cookie, token):
        return lambda: sign_up(server, cookie, token, f"chef{number}@m.de")

    results = run_together(*(submit(number, *form) for number, form in enumerate(forms)))

    assert sorted(status for status, _cookie, _page in results) == [303, 409]
    loser = next(page for status, _cookie, page in results if status == 409)
    assert "bereits vergeben" in loser


def test_one_import_confirmed_from_several_tabs_at_once_imports_once(app, tenant, server):
    cookie = signed_in_staff(server, "admin@acme.test")
    upload = "/admin/import/customers"
    cookie, token = server.form_session(HOST, upload, cookie)
    boundary = "gorilla-atk"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="k.csv"\r\n'
        f"Content-Type: text/csv\r\n\r\nFirma;Ort\nAlpha GmbH;Köln\nBeta AG;Bonn\n\r\n"
        f"--{boundary}--\r\n"
    ).encode()
    headers = {"Cookie": cookie, "Content-Type": f"multipart/form-data; boundary={boundary}"}
    status, _cookie, page = server.request("POST", upload, HOST, body, headers)
    assert status == 303, page
    preview = re.search(r"/admin/import/customers/[0-9a-f]{32}", page).group(0)
    forms = [server.form_session(HOST, preview, cookie) for _ in range(4)]

    def submit(cookie, token):
        return lambda: post(server, HOST, f"{preview}/confirm", cookie, {"csrf_token": token})[0]

    statuses = run_together(*(submit(*form) for form in forms))

    assert sorted(statuses) == [303, 404, 404, 404]
    with app.app_context():
        g.tenant = tenant
        assert db.session.scalar(select(func.count()).select_from(Customer)) == 2


def test_one_erasure_request_sent_from_several_tabs_at_once_is_stored_once(app, tenant, server):
    make_contact(app, tenant, "kim@kunde.test")
    cookie, token = server.form_session(HOST, "/kunden/login")
    data = {"csrf_token": token, "email": "kim@kunde.test", "password": CONTACT_PASSWORD}
    status, new_cookie, page = post(server, HOST, "/kunden/login", cookie, data)
    assert status == 302, page
    cookie = new_cookie.split(";", 1)[0]
    forms = [server.form_session(HOST, "/kunden/profil/daten-export", cookie) for _ in range(4)]

    def ask(cookie, token):
        data = {"csrf_token": token, "password": CONTACT_PASSWORD}
        return lambda: post(server, HOST, "/kunden/profil/loeschung-beantragen", cookie, data)[0]

    assert run_together(*(ask(*form) for form in forms)) == [303] * 4
    with app.app_context():
        g.tenant = tenant
        assert db.session.scalar(select(func.count()).select_from(ErasureRequest)) == 1
