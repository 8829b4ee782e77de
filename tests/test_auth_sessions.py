"""Server-side sign-in sessions: sign-out ends the session, devices list, timeouts, isolation."""

from datetime import timedelta

import pytest
from flask_login.utils import encode_cookie
from sqlalchemy import select

from crm.staff.models import Staff
from gorilla.sessions import AuthSession
from tests.conftest import PASSWORD, client_for, count_queries
from tests.crm_factories import in_tenant
from tests.portal_helpers import CONTACT_PASSWORD, make_contact

COOKIE = "gorilla_session"
ADMIN = "/admin/profile"
PORTAL = "/kunden/profil"


@pytest.fixture
def contact(app, tenant):
    """Kim of "Kunde GmbH" at acme; ids of customer and contact."""
    return make_contact(app, tenant, "kim@kunde.de")


def browser(app, slug: str = "acme", agent: str = "Firefox/1") -> object:
    """A client on ``slug`` that sends the User-Agent ``agent``."""
    client = client_for(app, slug)
    client.environ_base["HTTP_USER_AGENT"] = agent
    return client


def staff_browser(app, agent: str = "Firefox/1", slug: str = "acme"):
    client = browser(app, slug, agent)
    assert client.sign_in(f"admin@{slug}.test").status_code == 302
    return client


def contact_browser(app, agent: str = "Firefox/1"):
    client = browser(app, agent=agent)
    response = client.sign_in("kim@kunde.de", CONTACT_PASSWORD, path="/kunden/login")
    assert response.status_code == 302
    return client


def replay(app, source, slug: str = "acme"):
    """A fresh client that presents ``source``'s session cookie."""
    cookie = source.get_cookie(COOKIE, domain=source.host)
    thief = client_for(app, slug)
    thief.set_cookie(COOKIE, cookie.value, domain=thief.host)
    return thief


def sessions(app, tenant) -> list[AuthSession]:
    with in_tenant(app, tenant) as session:
        rows = session.scalars(select(AuthSession).order_by(AuthSession.id)).all()
        session.expunge_all()
        return rows


def shift(app, tenant, **ages: timedelta) -> None:
    """Move the stored timestamps of every session row back by ``ages`` (no sleeping)."""
    with in_tenant(app, tenant) as session:
        for row in session.scalars(select(AuthSession)):
            for column, age in ages.items():
                setattr(row, column, getattr(row, column) - int(age.total_seconds()))
        session.commit()


def device_row(page: str, agent: str) -> str:
    """The table row of the devices list that shows ``agent``."""
    return next(row for row in page.split("<tr>") if agent in row)


def signed_in_as_staff(client) -> bool:
    return client.get("/admin/").status_code == 200


def signed_in_as_contact(client) -> bool:
    return client.get(PORTAL).status_code == 200


def test_staff_cookie_copied_before_sign_out_does_not_sign_in_afterwards(app, tenant):
    client = staff_browser(app)
    thief = replay(app, client)
    assert signed_in_as_staff(thief)
    client.submit("/admin/logout", {}, form_path="/admin/")
    assert not signed_in_as_staff(thief)
    assert sessions(app, tenant) == []


def test_contact_cookie_copied_before_sign_out_does_not_sign_in_afterwards(app, tenant, contact):
    client = contact_browser(app)
    thief = replay(app, client)
    assert signed_in_as_contact(thief)
    client.submit("/kunden/logout", {}, form_path="/kunden/")
    assert not signed_in_as_contact(thief)
    assert sessions(app, tenant) == []


def test_sign_in_records_realm_user_agent_and_address(app, tenant, contact):
    staff_browser(app, "Firefox/1")
    contact_browser(app, "Safari/2")
    staff_row, contact_row = sessions(app, tenant)
    assert (staff_row.realm, staff_row.user_id, staff_row.user_agent) == ("staff", 1, "Firefox/1")
    assert (contact_row.realm, contact_row.user_id) == ("contact", contact[1])
    assert contact_row.user_agent == "Safari/2" and contact_row.ip_address == "127.0.0.1"
    assert contact_row.created_at is not None and contact_row.last_seen_at is not None


def test_the_cookie_holds_a_random_id_that_is_stored_only_hashed(app, tenant):
    client = staff_browser(app)
    with client.session_transaction() as session:
        session_id = session["sid"]
    assert len(session_id) >= 40
    assert session_id not in {row.key_hash for row in sessions(app, tenant)}


def test_staff_profile_lists_devices_and_signs_out_one(app, tenant):
    office = staff_browser(app, "Firefox/1")
    laptop = staff_browser(app, "Safari/2")
    page = office.get(ADMIN).get_data(as_text=True)
    assert "Angemeldete Geräte" in page and "Firefox/1" in page and "Safari/2" in page
    assert "Dieses Gerät" in device_row(page, "Firefox/1")
    assert "Gerät abmelden" in device_row(page, "Safari/2")
    other = next(row for row in sessions(app, tenant) if row.user_agent == "Safari/2")
    response = office.submit(f"{ADMIN}/sessions/{other.id}/end", {}, form_path=ADMIN)
    assert response.status_code == 303 and response.headers["Location"] == ADMIN
    assert not signed_in_as_staff(laptop) and signed_in_as_staff(office)
    assert "Safari/2" not in office.get(ADMIN).get_data(as_text=True)


def test_staff_signs_out_everywhere(app, tenant):
    office = staff_browser(app, "Firefox/1")
    laptop = staff_browser(app, "Safari/2")
    response = office.submit(f"{ADMIN}/sessions/end-all", {}, form_path=ADMIN)
    assert response.status_code == 303 and "/admin/login" in response.headers["Location"]
    assert not signed_in_as_staff(laptop) and not signed_in_as_staff(office)
    assert sessions(app, tenant) == []


@pytest.mark.parametrize("path", [f"{ADMIN}/sessions/end-all", f"{ADMIN}/sessions/1/end"])
def test_ending_sessions_needs_the_csrf_token(app, tenant, path):
    office = staff_browser(app)
    assert office.post(path, data={}).status_code == 400
    assert signed_in_as_staff(office) and len(sessions(app, tenant)) == 1


def test_nobody_ends_a_session_of_another_user(app, tenant, contact):
    contact_browser(app)
    contact_row = sessions(app, tenant)[0]
    office = staff_browser(app)
    response = office.submit(f"{ADMIN}/sessions/{contact_row.id}/end", {}, form_path=ADMIN)
    assert response.status_code == 404
    assert len(sessions(app, tenant)) == 2


def test_contact_profile_lists_devices_and_signs_out_one(app, tenant, contact):
    phone = contact_browser(app, "Firefox/1")
    desktop = contact_browser(app, "Safari/2")
    page = phone.get(PORTAL).get_data(as_text=True)
    assert "Angemeldete Geräte" in page and "Firefox/1" in page and "Safari/2" in page
    other = next(row for row in sessions(app, tenant) if row.user_agent == "Safari/2")
    response = phone.submit(f"{PORTAL}/sitzungen/{other.id}/beenden", {}, form_path=PORTAL)
    assert response.status_code == 303 and response.headers["Location"] == PORTAL
    assert not signed_in_as_contact(desktop) and signed_in_as_contact(phone)


def test_contact_signs_out_everywhere(app, tenant, contact):
    phone = contact_browser(app, "Firefox/1")
    desktop = contact_browser(app, "Safari/2")
    response = phone.submit(f"{PORTAL}/sitzungen/beenden", {}, form_path=PORTAL)
    assert response.status_code == 303
    assert not signed_in_as_contact(desktop) and not signed_in_as_contact(phone)
    assert sessions(app, tenant) == []


def test_staff_deactivating_a_contact_ends_its_sessions(app, tenant, contact):
    kim = contact_browser(app)
    office = staff_browser(app)
    path = f"/admin/contacts/{contact[1]}/active"
    form = f"/admin/contacts/{contact[1]}/edit"
    assert office.submit(path, {"active": "0"}, form_path=form).status_code in (302, 303)
    assert not signed_in_as_contact(kim)
    assert [row.realm for row in sessions(app, tenant)] == ["staff"]


def test_deactivating_a_customer_ends_its_contacts_sessions_for_good(app, tenant, contact):
    kim = contact_browser(app)
    office = staff_browser(app)
    path = f"/admin/customers/{contact[0]}"
    office.submit(f"{path}/active", {"active": "0"}, form_path=path)
    office.submit(f"{path}/active", {"active": "1"}, form_path=path)
    assert not signed_in_as_contact(kim)
    assert [row.realm for row in sessions(app, tenant)] == ["staff"]


def test_deactivating_a_staff_member_ends_their_sessions(app, tenant):
    office = staff_browser(app)
    with in_tenant(app, tenant) as session:
        member = Staff(email="bea@acme.test", first_name="Bea")
        member.set_password(PASSWORD)
        session.add(member)
        session.commit()
        member_id = member.id
    bea = browser(app)
    assert bea.sign_in("bea@acme.test").status_code == 302
    path = f"/admin/staff/{member_id}/active"
    office.submit(path, {"active": "0"}, form_path=f"/admin/staff/{member_id}")
    assert not signed_in_as_staff(bea)
    assert [row.user_id for row in sessions(app, tenant)] == [1]


def test_password_change_ends_other_sessions_and_lists_only_this_one(app, tenant, contact):
    desktop = contact_browser(app, "Safari/2")
    phone = contact_browser(app, "Firefox/1")
    data = {
        "current_password": CONTACT_PASSWORD,
        "new_password": "ein-ganz-neues-passwort",
        "new_password_confirm": "ein-ganz-neues-passwort",
    }
    assert phone.submit(f"{PORTAL}/passwort", data, form_path=PORTAL).status_code == 303
    assert signed_in_as_contact(phone) and not signed_in_as_contact(desktop)
    page = phone.get(PORTAL).get_data(as_text=True)
    assert "Firefox/1" in page and "Safari/2" not in page


def test_idle_session_ends_after_the_idle_timeout(app, tenant):
    client = staff_browser(app)
    idle = app.config["SESSION_IDLE_TIMEOUT"]
    shift(app, tenant, last_seen=timedelta(seconds=idle - 120))
    assert signed_in_as_staff(client)  # and this request counts as activity
    shift(app, tenant, last_seen=timedelta(seconds=idle + 1))
    assert not signed_in_as_staff(client)


def test_session_ends_after_its_absolute_lifetime_despite_activity(app, tenant, contact):
    client = contact_browser(app)
    shift(app, tenant, created=timedelta(seconds=app.config["SESSION_MAX_AGE"] + 1))
    assert not signed_in_as_contact(client)


def test_last_seen_is_written_at_most_once_a_minute(app, tenant):
    client = staff_browser(app)
    shift(app, tenant, last_seen=timedelta(seconds=30))
    before = sessions(app, tenant)[0].last_seen
    assert signed_in_as_staff(client)
    assert sessions(app, tenant)[0].last_seen == before
    shift(app, tenant, last_seen=timedelta(seconds=60))
    assert signed_in_as_staff(client)
    assert sessions(app, tenant)[0].last_seen > before


def test_signing_in_purges_expired_session_rows(app, tenant):
    staff_browser(app)
    shift(app, tenant, last_seen=timedelta(seconds=app.config["SESSION_IDLE_TIMEOUT"] + 1))
    staff_browser(app)
    assert len(sessions(app, tenant)) == 1


def test_session_id_of_one_tenant_signs_in_nobody_on_another(app, tenant, other_tenant):
    """Both admins have id 1; a cookie re-signed for globex still carries acme's session id."""
    acme = staff_browser(app)
    staff_browser(app, slug="globex")
    with acme.session_transaction() as stolen:
        data = dict(stolen)
    data["tenant_id"] = other_tenant.id
    forged = app.session_interface.get_signing_serializer(app).dumps(data)
    intruder = client_for(app, "globex")
    intruder.set_cookie(COOKIE, forged, domain=intruder.host)
    assert not signed_in_as_staff(intruder)


def test_a_remember_cookie_signs_in_nobody(app, tenant):
    with in_tenant(app, tenant) as session:
        token = session.scalar(select(Staff.session_token))
    client = client_for(app, "acme")
    with app.app_context():
        client.set_cookie("remember_token", encode_cookie(token), domain=client.host)
    assert not signed_in_as_staff(client)


def test_signed_in_pages_run_as_many_queries_as_without_session_records(app, tenant, contact):
    """The session row comes with the user in one joined query (and no write per request)."""
    # staff with session row, the page, its customers' groups, the group filter: both DBs
    assert count_queries(staff_browser(app), "/admin/customers") == 4
    # the contact's start page: one bounded query per visible section (open invoices, open
    # tickets, contracts to sign, estimates and proposals to answer, credit notes)
    assert count_queries(contact_browser(app), "/kunden/") == 9


def test_a_form_posted_after_a_minute_of_silence_is_saved_and_touches_last_seen(app, tenant):
    """On SQLite a writing request holds the write lock from its first statement on: the
    ``last seen`` write must not wait for it."""
    client = staff_browser(app)
    before = sessions(app, tenant)[0].last_seen
    token = client.csrf("/admin/profile")
    shift(app, tenant, last_seen=timedelta(seconds=120))
    data = {"csrf_token": token, "first_name": "Ada", "last_name": "Admin", "language": "de"}
    response = client.post("/admin/profile", data=data)
    assert response.status_code == 303
    assert sessions(app, tenant)[0].last_seen >= before
