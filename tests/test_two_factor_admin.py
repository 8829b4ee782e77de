# ruff: noqa: F811 - the ``clock`` fixture is imported from tests.two_factor_helpers
"""Einstellungen › Sicherheit (two-factor sign-in required for staff or contacts, the emailed
sign-in link) and admins' reset of a member's or contact's two-factor sign-in."""

import pytest
from sqlalchemy import select

from crm.contacts.models import Contact
from crm.staff.models import Staff
from gorilla.audit import AuditEntry
from tests.conftest import client_for
from tests.crm_factories import in_tenant
from tests.portal_helpers import CONTACT_PASSWORD, make_contact
from tests.test_settings_and_staff import add_member
from tests.two_factor_helpers import clock, code_at, enrol, second_step  # noqa: F401

SETTINGS = "/admin/settings/security"


def switch(client, **values) -> None:
    data = {key: "y" for key, on in values.items() if on}
    response = client.submit(SETTINGS, data)
    assert response.status_code == 303


def member_client(app, email="mia@acme.test"):
    client = client_for(app, "acme")
    return client, client.sign_in(email)


def reset_entries(app, tenant) -> list[AuditEntry]:
    with in_tenant(app, tenant) as session:
        query = select(AuditEntry).where(AuditEntry.action == "two_factor_reset")
        entries = list(session.scalars(query))
        session.expunge_all()
        return entries


def test_the_settings_are_off_by_default_and_saved_with_an_audit_entry(app, tenant, staff_client):
    page = staff_client.get(SETTINGS).get_data(as_text=True)
    assert "Zwei-Faktor-Anmeldung für Mitarbeiter verpflichtend" in page and "checked" not in page
    switch(staff_client, two_factor_staff=True, magic_link=True)
    page = staff_client.get(SETTINGS).get_data(as_text=True)
    assert page.count("checked") == 2
    with in_tenant(app, tenant) as session:
        entry = session.scalar(
            select(AuditEntry).where(AuditEntry.action == "security_settings_changed")
        )
        assert "two_factor_staff" in entry.details and "magic_link" in entry.details


def test_staff_without_admin_rights_get_403_on_the_settings_and_resets(app, tenant, staff_client):
    mia = add_member(app, tenant)
    _, contact_id = make_contact(app, tenant, "kim@kunde.test")
    client, _ = member_client(app)
    assert client.get(SETTINGS).status_code == 403
    assert client.submit(f"/admin/staff/{mia}/reset-2fa", {}, "/admin/customers").status_code == 403
    path = f"/admin/contacts/{contact_id}/reset-2fa"
    assert client.submit(path, {}, "/admin/customers").status_code == 403


def test_required_for_staff_forces_enrolment_at_the_next_sign_in(app, tenant, staff_client, clock):
    add_member(app, tenant)
    switch(staff_client, two_factor_staff=True)
    assert staff_client.get("/admin/customers").status_code == 200  # running sessions go on
    client, response = member_client(app)
    assert response.headers["Location"].endswith("/admin/profile/2fa")
    blocked = client.get("/admin/customers")
    assert blocked.status_code == 302 and blocked.headers["Location"].endswith("/admin/profile/2fa")
    page = client.get("/admin/profile/2fa").get_data(as_text=True)
    assert "Ihre Organisation verlangt die Zwei-Faktor-Anmeldung" in page
    assert "Zwei-Faktor-Anmeldung ausschalten" not in page
    secret, _ = enrol(client, clock)
    assert client.get("/admin/customers").status_code == 200
    again, response = member_client(app)
    assert response.headers["Location"].endswith("/admin/login/2fa")
    assert second_step(again, code_at(secret, clock.now)).status_code == 302


def test_required_for_contacts_forces_enrolment_in_the_customer_area(
    app, tenant, staff_client, clock
):
    make_contact(app, tenant, "kim@kunde.test")
    switch(staff_client, two_factor_contacts=True)
    client = client_for(app, "acme")
    response = client.sign_in("kim@kunde.test", CONTACT_PASSWORD, path="/kunden/login")
    assert response.headers["Location"].endswith("/kunden/profil/2fa")
    assert client.get("/kunden/profil").headers["Location"].endswith("/kunden/profil/2fa")
    enrol(client, clock, "/kunden/profil/2fa")
    assert client.get("/kunden/profil").status_code == 200
    # staff are not affected by the contacts' requirement
    assert member_client(app, "admin@acme.test")[1].headers["Location"].endswith("/admin/")


def test_an_admin_resets_a_members_two_factor_and_it_is_logged(app, tenant, staff_client, clock):
    mia = add_member(app, tenant)
    client, _ = member_client(app)
    enrol(client, clock)
    page = staff_client.get(f"/admin/staff/{mia}").get_data(as_text=True)
    assert "Zwei-Faktor-Anmeldung zurücksetzen" in page
    response = staff_client.submit(f"/admin/staff/{mia}/reset-2fa", {}, f"/admin/staff/{mia}")
    assert response.status_code == 303
    _, signed_in = member_client(app)
    assert signed_in.headers["Location"].endswith("/admin/")  # the password alone again
    (entry,) = reset_entries(app, tenant)
    assert (entry.actor_name, entry.subject_id, entry.subject_type) == (
        "Admin",
        mia,
        "staff",
    )
    with in_tenant(app, tenant) as session:
        assert session.get(Staff, mia).totp_secret is None


def test_an_admin_resets_a_contacts_two_factor_from_its_page(app, tenant, staff_client, clock):
    customer_id, contact_id = make_contact(app, tenant, "kim@kunde.test")
    contact = client_for(app, "acme")
    contact.sign_in("kim@kunde.test", CONTACT_PASSWORD, path="/kunden/login")
    enrol(contact, clock, "/kunden/profil/2fa")
    edit = f"/admin/contacts/{contact_id}/edit"
    assert f"/admin/contacts/{contact_id}/reset-2fa" in staff_client.get(edit).get_data(
        as_text=True
    )
    response = staff_client.submit(f"/admin/contacts/{contact_id}/reset-2fa", {}, edit)
    assert response.status_code == 303 and response.headers["Location"].endswith(edit)
    (entry,) = reset_entries(app, tenant)
    assert (entry.subject_id, entry.customer_id) == (contact_id, customer_id)
    with in_tenant(app, tenant) as session:
        assert not session.get(Contact, contact_id).two_factor_enabled
    again = client_for(app, "acme")
    response = again.sign_in("kim@kunde.test", CONTACT_PASSWORD, path="/kunden/login")
    assert response.headers["Location"].endswith("/kunden/")


@pytest.mark.parametrize("kind", ["staff", "contacts"])
def test_resetting_another_tenants_user_is_404(app, tenant, other_tenant, staff_client, kind):
    foreign = (
        add_member(app, other_tenant, "mia@globex.test")
        if kind == "staff"
        else make_contact(app, other_tenant, "kim@globex-kunde.test")[1]
    )
    path = f"/admin/{kind}/{foreign}/reset-2fa"
    assert staff_client.submit(path, {}, "/admin/customers").status_code == 404
    assert (
        staff_client.submit(f"/admin/{kind}/99999/reset-2fa", {}, "/admin/customers").status_code
        == 404
    )


def test_the_admin_profile_links_to_two_factor(staff_client):
    page = staff_client.get("/admin/profile").get_data(as_text=True)
    assert "/admin/profile/2fa" in page and "Zwei-Faktor-Anmeldung ist ausgeschaltet" in page
