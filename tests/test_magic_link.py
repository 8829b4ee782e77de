# ruff: noqa: F811 - the ``clock`` fixture is imported from tests.two_factor_helpers
"""Sign-in link by email (/kunden/login/link): off by default, the same answer for unknown
addresses, one use, 15 minutes, only on its tenant, the second step still applies."""

import re

from sqlalchemy import select

from gorilla.audit import AuditEntry
from mail_templates.models import OutboxMessage
from tests.conftest import client_for
from tests.crm_factories import in_tenant
from tests.portal_helpers import CONTACT_PASSWORD, make_contact
from tests.two_factor_helpers import clock, code_at, enrol, second_step  # noqa: F401

ASK = "/kunden/login/link"
SENT = "Wenn die Adresse bei uns bekannt ist, haben wir Ihnen einen Anmeldelink gesendet."
LINK_RE = re.compile(r"http://acme\.gorilla\.test(/kunden/login/link/[^\s\"<]+)")


def switch_on(app, slug="acme") -> None:
    admin = client_for(app, slug)
    admin.sign_in(f"admin@{slug}.test")
    admin.submit("/admin/settings/security", {"magic_link": "y"})


def ask(client, email: str) -> str:
    response = client.submit(ASK, {"email": email})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def link_from(smtp, index: int = -1) -> str:
    return LINK_RE.search(smtp.messages[index].get_body(("plain",)).get_content()).group(1)


def test_the_link_page_is_404_while_the_setting_is_off(app, tenant, client):
    assert client.get(ASK).status_code == 404
    assert "Mit einem Link per E-Mail anmelden" not in client.get("/kunden/login").get_data(
        as_text=True
    )


def test_known_and_unknown_addresses_get_the_same_answer_and_only_the_known_a_mail(
    app, tenant, client, smtp
):
    make_contact(app, tenant, "kim@kunde.test")
    switch_on(app)
    assert "Mit einem Link per E-Mail anmelden" in client.get("/kunden/login").get_data(
        as_text=True
    )
    known, unknown = ask(client, "Kim@Kunde.test"), ask(client, "niemand@kunde.test")
    assert SENT in known and SENT in unknown
    [message] = smtp.messages
    assert message["To"].addresses[0].addr_spec == "kim@kunde.test"
    assert "Ihr Anmeldelink" in message["Subject"]
    with in_tenant(app, tenant) as session:
        slugs = session.scalars(select(OutboxMessage.template_slug)).all()
        assert slugs == ["contact-magic-link"]


def test_the_link_signs_in_once(app, tenant, client, smtp):
    make_contact(app, tenant, "kim@kunde.test")
    switch_on(app)
    ask(client, "kim@kunde.test")
    link = link_from(smtp)
    browser = client_for(app, "acme")
    assert "Anmelden" in browser.get(link).get_data(as_text=True)  # a button, not spent yet
    response = browser.submit(link, {})
    assert response.status_code == 302 and response.headers["Location"].endswith("/kunden/")
    assert browser.get("/kunden/profil").status_code == 200
    again = client_for(app, "acme")
    assert again.get(link).status_code == 410
    with in_tenant(app, tenant) as session:
        actions = session.scalars(select(AuditEntry.action)).all()
        assert "magic_link_sign_in" in actions and "sign_in" in actions


def test_an_expired_link_is_refused(app, tenant, client, smtp):
    make_contact(app, tenant, "kim@kunde.test")
    switch_on(app)
    ask(client, "kim@kunde.test")
    link = link_from(smtp)
    app.config["MAGIC_LINK_MAX_AGE"] = -1  # the 15 minutes are over
    assert client_for(app, "acme").get(link).status_code == 410


def test_the_link_does_not_work_on_another_tenant(app, tenant, other_tenant, client, smtp):
    make_contact(app, tenant, "kim@kunde.test")
    switch_on(app)
    switch_on(app, "globex")
    ask(client, "kim@kunde.test")
    link = link_from(smtp)
    stranger = client_for(app, "globex")
    assert stranger.get(link).status_code == 410
    assert stranger.get("/kunden/profil").status_code == 302


def test_the_link_stops_working_when_the_setting_is_switched_off(app, tenant, client, smtp):
    make_contact(app, tenant, "kim@kunde.test")
    switch_on(app)
    ask(client, "kim@kunde.test")
    link = link_from(smtp)
    admin = client_for(app, "acme")
    admin.sign_in("admin@acme.test")
    admin.submit("/admin/settings/security", {})
    assert client_for(app, "acme").get(link).status_code == 410


def test_with_two_factor_on_the_link_leads_to_the_second_step(app, tenant, client, smtp, clock):
    make_contact(app, tenant, "kim@kunde.test")
    switch_on(app)
    contact = client_for(app, "acme")
    contact.sign_in("kim@kunde.test", CONTACT_PASSWORD, path="/kunden/login")
    secret, _ = enrol(contact, clock, "/kunden/profil/2fa")
    ask(client, "kim@kunde.test")
    browser = client_for(app, "acme")
    response = browser.submit(link_from(smtp), {})
    assert response.headers["Location"].endswith("/kunden/login/2fa")
    assert browser.get("/kunden/profil").status_code == 302
    assert second_step(browser, code_at(secret, clock.now), "/kunden/login/2fa").status_code == 302
    assert browser.get("/kunden/profil").status_code == 200


def test_link_requests_are_rate_limited(app, tenant, client):
    switch_on(app)
    statuses = [client.submit(ASK, {"email": "x@kunde.test"}).status_code for _ in range(6)]
    assert statuses[:5] == [200] * 5 and statuses[5] == 429


def test_the_link_email_is_an_editable_template(app, tenant, staff_client):
    page = staff_client.get("/admin/settings/email-templates").get_data(as_text=True)
    assert "Anmeldelink (Kundenbereich)" in page
    edit = staff_client.get("/admin/settings/email-templates/contact-magic-link/de")
    assert edit.status_code == 200 and "{sign_in_url}" in edit.get_data(as_text=True)
