"""Als Kontakt anmelden: staff open the customer area as a contact in a session of its own,
with a banner, without the contact's credentials, ended with one click, always logged."""

import pytest
from sqlalchemy import select

from crm.contacts.models import Contact
from crm.customers.models import Customer
from gorilla.audit import AuditEntry
from gorilla.sessions import AuthSession
from tests.conftest import client_for
from tests.crm_factories import in_tenant
from tests.portal_helpers import make_contact, update
from tests.test_auth_sessions import replay
from tests.test_settings_and_staff import add_member

BANNER = "Sie sind als Kim Kunde angemeldet"
END = "/kunden/als-kontakt/beenden"


def login_as(client, contact_id: int, form_path: str = "/admin/customers"):
    return client.submit(f"/admin/contacts/{contact_id}/login-as", {}, form_path)


def contact_sessions(app, tenant) -> list[AuthSession]:
    with in_tenant(app, tenant) as session:
        return list(session.scalars(select(AuthSession).where(AuthSession.realm == "contact")))


def audit(app, tenant) -> list[AuditEntry]:
    with in_tenant(app, tenant) as session:
        query = select(AuditEntry).where(AuditEntry.action.like("impersonation%"))
        return list(session.scalars(query.order_by(AuditEntry.id)))


def test_staff_open_the_customer_area_as_the_contact_with_a_banner(app, tenant, staff_client):
    customer_id, contact_id = make_contact(app, tenant, "kim@kunde.test")
    tab = staff_client.get(f"/admin/customers/{customer_id}/contacts").get_data(as_text=True)
    assert f"/admin/contacts/{contact_id}/login-as" in tab and "Als Kontakt anmelden" in tab
    edit = staff_client.get(f"/admin/contacts/{contact_id}/edit").get_data(as_text=True)
    assert f"/admin/contacts/{contact_id}/login-as" in edit
    response = login_as(staff_client, contact_id)
    assert response.status_code == 303 and response.headers["Location"].endswith("/kunden/")
    home = staff_client.get("/kunden/").get_data(as_text=True)
    assert "Kim Kunde" in home and "Kunde GmbH" in home
    assert BANNER in home and "zurück zur Verwaltung" in home and END in home
    profile = staff_client.get("/kunden/profil").get_data(as_text=True)
    assert BANNER in profile and "kim@kunde.test" in profile
    assert staff_client.get("/admin/customers").status_code == 200  # still staff in /admin
    (row,) = contact_sessions(app, tenant)
    assert row.user_id == contact_id


def test_signed_in_as_contact_the_password_and_sessions_cannot_be_changed(
    app, tenant, staff_client
):
    _, contact_id = make_contact(app, tenant, "kim@kunde.test")
    login_as(staff_client, contact_id)
    profile = staff_client.get("/kunden/profil").get_data(as_text=True)
    assert 'name="current_password"' not in profile and "Passwort" in profile
    assert "Zwei-Faktor-Anmeldung und Sitzungen nicht ändern" in profile
    change = {
        "current_password": "kontakt-passwort-1",
        "new_password": "ein-neues-passwort-9",
        "new_password_confirm": "ein-neues-passwort-9",
    }
    assert (
        staff_client.submit("/kunden/profil/passwort", change, "/kunden/profil").status_code == 403
    )
    assert (
        staff_client.submit("/kunden/profil/sitzungen/beenden", {}, "/kunden/profil").status_code
        == 403
    )
    with in_tenant(app, tenant) as session:
        contact = session.get(Contact, contact_id)
        assert contact.check_password("kontakt-passwort-1") and contact.email == "kim@kunde.test"
    details = {"firstname": "Kimberly", "lastname": "Kunde", "email": "boese@example.test"}
    assert staff_client.submit("/kunden/profil/daten", details, "/kunden/profil").status_code == 303
    with in_tenant(app, tenant) as session:
        contact = session.get(Contact, contact_id)
        assert (contact.firstname, contact.email) == ("Kimberly", "kim@kunde.test")


def test_ending_returns_to_the_contact_in_admin_still_signed_in_as_staff(app, tenant, staff_client):
    _, contact_id = make_contact(app, tenant, "kim@kunde.test")
    login_as(staff_client, contact_id)
    response = staff_client.submit(END, {}, "/kunden/")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/admin/contacts/{contact_id}/edit")
    assert staff_client.get(f"/admin/contacts/{contact_id}/edit").status_code == 200
    assert staff_client.get("/kunden/profil").status_code == 302  # no contact session left
    assert contact_sessions(app, tenant) == []
    assert staff_client.submit(END, {}, "/admin/customers").status_code in (302, 404)


def test_start_and_end_are_logged_with_the_staff_member_as_actor(app, tenant, staff_client):
    customer_id, contact_id = make_contact(app, tenant, "kim@kunde.test")
    login_as(staff_client, contact_id)
    staff_client.submit("/kunden/logout", {}, "/kunden/")  # the portal's sign-out ends it too
    assert staff_client.get("/admin/customers").status_code == 200
    started, ended = audit(app, tenant)
    assert (started.action, ended.action) == ("impersonation_started", "impersonation_ended")
    for entry in (started, ended):
        assert (entry.actor_realm, entry.actor_name) == ("staff", "Admin")
        assert (entry.subject_id, entry.subject_label) == (contact_id, "Kim Kunde")
        assert entry.customer_id == customer_id


def test_a_deactivated_contact_or_customer_cannot_be_signed_in_as(app, tenant, staff_client):
    customer_id, contact_id = make_contact(app, tenant, "kim@kunde.test")
    update(app, tenant, Contact, contact_id, active=False)
    response = login_as(staff_client, contact_id)
    assert response.status_code == 303 and "/login-as" not in response.headers["Location"]
    assert staff_client.get("/kunden/profil").status_code == 302
    update(app, tenant, Contact, contact_id, active=True)
    update(app, tenant, Customer, customer_id, active=False)
    login_as(staff_client, contact_id)
    assert staff_client.get("/kunden/profil").status_code == 302
    assert contact_sessions(app, tenant) == [] and audit(app, tenant) == []


def test_deactivating_the_contact_ends_the_session_opened_as_it(app, tenant, staff_client):
    _, contact_id = make_contact(app, tenant, "kim@kunde.test")
    login_as(staff_client, contact_id)
    staff_client.submit(f"/admin/contacts/{contact_id}/active", {"active": "0"}, "/admin/customers")
    assert staff_client.get("/kunden/profil").status_code == 302


def test_signing_out_of_admin_ends_the_contact_session_too(app, tenant, staff_client):
    _, contact_id = make_contact(app, tenant, "kim@kunde.test")
    login_as(staff_client, contact_id)
    thief = replay(app, staff_client)
    staff_client.submit("/admin/logout", {}, "/admin/customers")
    assert contact_sessions(app, tenant) == []
    assert thief.get("/kunden/profil").status_code == 302


def test_another_tenants_contact_id_is_404(app, tenant, other_tenant, staff_client):
    _, foreign_id = make_contact(app, other_tenant, "kim@globex-kunde.test")
    assert login_as(staff_client, foreign_id).status_code == 404
    assert login_as(staff_client, 99999).status_code == 404
    assert staff_client.get("/kunden/profil").status_code == 302


def test_the_contact_session_does_not_work_on_another_tenants_host(
    app, tenant, other_tenant, staff_client
):
    _, contact_id = make_contact(app, tenant, "kim@kunde.test")
    make_contact(app, other_tenant, "kim@globex-kunde.test")
    login_as(staff_client, contact_id)
    assert staff_client.get("/kunden/profil").status_code == 200
    intruder = replay(app, staff_client, "globex")
    assert intruder.get("/kunden/profil").status_code == 302
    assert intruder.get("/admin/customers").status_code == 302
    assert intruder.post(END).status_code in (302, 400)


def test_staff_with_the_right_may_sign_in_as_a_contact(app, tenant, staff_client):
    _, contact_id = make_contact(app, tenant, "kim@kunde.test")
    member_id = add_member(app, tenant)
    member = client_for(app, tenant.slug)
    member.sign_in("mia@acme.test")
    assert login_as(member, contact_id).status_code == 403
    right = f"/admin/staff/{member_id}/impersonation"
    assert member.submit(right, {"can_impersonate": "1"}, "/admin/customers").status_code == 403
    page = f"/admin/staff/{member_id}"
    assert staff_client.submit(right, {"can_impersonate": "1"}, page).status_code == 303
    assert "Anmelden als Kontakt entziehen" in staff_client.get(page).get_data(as_text=True)
    assert login_as(member, contact_id).status_code == 303
    assert BANNER in member.get("/kunden/").get_data(as_text=True)
    assert staff_client.submit(right, {"can_impersonate": "0"}, page).status_code == 303
    assert login_as(member, contact_id).status_code == 403
    with in_tenant(app, tenant) as session:
        changes = session.scalars(
            select(AuditEntry.details).where(
                AuditEntry.action == "permissions_changed", AuditEntry.subject_id == member_id
            )
        ).all()
    assert changes == [
        '{"can_impersonate": {"new": true, "old": false}}',
        '{"can_impersonate": {"new": false, "old": true}}',
    ]


def test_non_admin_staff_cannot_sign_in_as_a_contact(app, tenant):
    _, contact_id = make_contact(app, tenant, "kim@kunde.test")
    add_member(app, tenant)
    member = client_for(app, tenant.slug)
    member.sign_in("mia@acme.test")
    tab = member.get("/admin/customers/1/contacts").get_data(as_text=True)
    assert "/login-as" not in tab
    assert login_as(member, contact_id).status_code == 403
    assert member.get("/kunden/profil").status_code == 302


def test_a_contact_cannot_use_the_end_route(app, tenant, client):
    make_contact(app, tenant, "kim@kunde.test")
    client.sign_in("kim@kunde.test", "kontakt-passwort-1", path="/kunden/login")
    assert client.submit(END, {}, "/kunden/").status_code == 404
    assert client.get("/kunden/profil").status_code == 200


def _member_signed_in_as_contact(app, tenant, staff_client):
    """Mia (given the right) has opened the customer area as Kim; returns her client."""
    customer_id, contact_id = make_contact(app, tenant, "kim@kunde.test")
    member_id = add_member(app, tenant)
    page = f"/admin/staff/{member_id}"
    right = {"can_impersonate": "1"}
    staff_client.submit(f"{page}/impersonation", right, page)
    member = client_for(app, tenant.slug)
    member.sign_in("mia@acme.test")
    assert login_as(member, contact_id).status_code == 303
    assert BANNER in member.get("/kunden/").get_data(as_text=True)
    return member, member_id, customer_id, contact_id


@pytest.mark.parametrize(
    ("action", "form", "reason"),
    [
        ("impersonation", {"can_impersonate": "0"}, "right_withdrawn"),
        ("active", {"active": "0"}, "staff_deactivated"),
    ],
)
def test_withdrawing_the_right_or_deactivating_ends_a_running_impersonation(
    app, tenant, staff_client, action, form, reason
):
    member, member_id, customer_id, contact_id = _member_signed_in_as_contact(
        app, tenant, staff_client
    )
    page = f"/admin/staff/{member_id}"
    assert staff_client.submit(f"{page}/{action}", form, page).status_code == 303
    assert contact_sessions(app, tenant) == []
    assert BANNER not in member.get("/kunden/").get_data(as_text=True)
    assert member.get("/kunden/profil").status_code == 302
    if action == "impersonation":
        assert member.get("/admin/customers").status_code == 200  # still signed in as staff
    started, ended = audit(app, tenant)
    assert (started.action, ended.action) == ("impersonation_started", "impersonation_ended")
    assert (ended.actor_realm, ended.actor_id, ended.actor_name) == ("staff", member_id, "Mia Mit")
    assert (ended.subject_id, ended.subject_label) == (contact_id, "Kim Kunde")
    assert ended.customer_id == customer_id
    assert f'"reason": "{reason}"' in ended.details and "Admin" in ended.details


def test_another_members_right_leaves_an_impersonation_running(app, tenant, staff_client):
    member, _, _, contact_id = _member_signed_in_as_contact(app, tenant, staff_client)
    login_as(staff_client, contact_id)  # the admin too, in a browser of its own
    other_id = add_member(app, tenant, email="tom@acme.test")
    page = f"/admin/staff/{other_id}"
    staff_client.submit(f"{page}/impersonation", {"can_impersonate": "1"}, page)
    staff_client.submit(f"{page}/impersonation", {"can_impersonate": "0"}, page)
    assert BANNER in member.get("/kunden/").get_data(as_text=True)
    assert len(contact_sessions(app, tenant)) == 2
