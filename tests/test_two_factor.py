# ruff: noqa: F811 - the ``clock`` fixture is imported from tests.two_factor_helpers
"""Two-factor sign-in (TOTP) of staff and contacts: enrolment from the QR page, the second step
after the password, replay and lockout, recovery codes, switching off."""

import pytest
from sqlalchemy import select

from crm.contacts.models import Contact
from crm.staff.models import Staff
from gorilla.audit import AuditEntry
from gorilla.sessions import AuthSession
from gorilla.two_factor import totp
from gorilla.two_factor.models import TwoFactorChallenge
from tests.conftest import PASSWORD, client_for
from tests.crm_factories import in_tenant
from tests.portal_helpers import CONTACT_PASSWORD, make_contact
from tests.test_auth_sessions import replay
from tests.two_factor_helpers import SECRET_RE, clock, code_at, enrol, second_step  # noqa: F401

ADMIN = "admin@acme.test"
VERIFY = "/admin/login/2fa"
INVALID = "Dieser Code ist ungültig oder wurde bereits verwendet."


def signed_in(client, path: str = "/admin/customers") -> bool:
    return client.get(path).status_code == 200


def password_step(app, email: str = ADMIN, password: str = PASSWORD, login="/admin/login"):
    client = client_for(app, "acme")
    response = client.sign_in(email, password, path=login)
    return client, response


def actions(app, tenant) -> list[str]:
    with in_tenant(app, tenant) as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_the_qr_page_shows_an_inline_svg_and_the_secret_as_text(tenant, staff_client, clock):
    page = staff_client.get("/admin/profile/2fa").get_data(as_text=True)
    assert "<svg" in page and "Zwei-Faktor-Anmeldung" in page
    svg = page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # no external service
    secret = SECRET_RE.search(page).group(1)
    again = staff_client.get("/admin/profile/2fa").get_data(as_text=True)
    assert SECRET_RE.search(again).group(1) == secret  # the pending secret stays while enrolling


def test_a_wrong_confirmation_code_does_not_switch_it_on(app, tenant, staff_client, clock):
    staff_client.get("/admin/profile/2fa")
    response = staff_client.submit("/admin/profile/2fa", {"code": "000000"})
    assert INVALID in response.get_data(as_text=True)
    with in_tenant(app, tenant) as session:
        admin = session.scalar(select(Staff).where(Staff.email == ADMIN))
        assert admin.totp_secret and not admin.two_factor_enabled


def test_staff_enrol_and_then_sign_in_with_the_second_step(app, tenant, staff_client, clock):
    secret, codes = enrol(staff_client, clock)
    assert "two_factor_enabled" in actions(app, tenant)
    client, response = password_step(app)
    assert response.status_code == 302 and response.headers["Location"].endswith(VERIFY)
    assert not signed_in(client)  # half signed in: nothing opens yet
    assert "Zwei-Faktor-Anmeldung" in client.get(VERIFY).get_data(as_text=True)
    done = second_step(client, code_at(secret, clock.now))
    assert done.status_code == 302 and done.headers["Location"].endswith("/admin/")
    assert signed_in(client)
    with in_tenant(app, tenant) as session:
        assert session.scalars(select(TwoFactorChallenge)).all() == []


def test_the_code_of_the_previous_window_is_accepted(app, tenant, staff_client, clock):
    secret, _ = enrol(staff_client, clock)
    clock.advance(totp.STEP)
    client, _ = password_step(app)
    assert second_step(client, code_at(secret, clock.now - totp.STEP)).status_code == 302
    assert signed_in(client)


def test_a_code_two_windows_old_is_refused(app, tenant, staff_client, clock):
    secret, _ = enrol(staff_client, clock)
    clock.advance(2 * totp.STEP)
    client, _ = password_step(app)
    response = second_step(client, code_at(secret, clock.now - 2 * totp.STEP))
    assert response.status_code == 200 and INVALID in response.get_data(as_text=True)
    assert not signed_in(client)


def test_a_used_code_is_refused_within_its_window(app, tenant, staff_client, clock):
    secret, _ = enrol(staff_client, clock)
    code = code_at(secret, clock.now)
    first, _ = password_step(app)
    assert second_step(first, code).status_code == 302
    replayed, _ = password_step(app)
    response = second_step(replayed, code)
    assert INVALID in response.get_data(as_text=True) and not signed_in(replayed)


def test_wrong_codes_count_toward_the_password_lockout(app, tenant, staff_client, clock):
    app.config["SIGN_IN_LIMIT"] = "3 per 15 minutes"
    secret, _ = enrol(staff_client, clock)
    client, _ = password_step(app)
    for _ in range(2):
        assert second_step(client, "123456").status_code == 200
    # the right password does not restart the count of an account that owes a code
    client, response = password_step(app)
    assert response.status_code == 302
    assert second_step(client, "654321").status_code == 200
    assert second_step(client, code_at(secret, clock.now)).status_code == 429
    assert password_step(app)[1].status_code == 429
    assert actions(app, tenant).count("sign_in_failed") >= 3


def test_recovery_codes_work_once(app, tenant, staff_client, clock):
    _, codes = enrol(staff_client, clock)
    client, _ = password_step(app)
    assert second_step(client, codes[0].upper().replace("-", " ")).status_code == 302
    assert signed_in(client)
    again, _ = password_step(app)
    assert INVALID in second_step(again, codes[0]).get_data(as_text=True)
    assert second_step(again, codes[1]).status_code == 302
    assert "recovery_code_used" in actions(app, tenant)
    page = again.get("/admin/profile/2fa").get_data(as_text=True)
    assert "Unbenutzte Wiederherstellungscodes: 8." in page


def test_recovery_codes_download_as_a_text_file(app, tenant, staff_client, clock):
    _, codes = enrol(staff_client, clock)
    path = "/admin/profile/2fa/recovery-codes.txt"
    response = staff_client.submit(path, {"codes": " ".join(codes)}, "/admin/profile/2fa")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert "attachment" in response.headers["Content-Disposition"]
    assert all(code in response.get_data(as_text=True) for code in codes)
    forged = staff_client.submit(path, {"codes": "aaaa-bbbb-cccc-dddd"}, "/admin/profile/2fa")
    assert forged.status_code == 400


def test_new_recovery_codes_replace_the_old_ones(app, tenant, staff_client, clock):
    secret, old = enrol(staff_client, clock)
    response = staff_client.submit(
        "/admin/profile/2fa/recovery-codes",
        {"renew-code": code_at(secret, clock.now)},
        "/admin/profile/2fa",
    )
    assert response.status_code == 200 and "Ihre Wiederherstellungscodes" in response.get_data(
        as_text=True
    )
    client, _ = password_step(app)
    assert INVALID in second_step(client, old[0]).get_data(as_text=True)


def test_the_half_signed_in_state_expires_after_five_minutes(app, tenant, staff_client, clock):
    secret, _ = enrol(staff_client, clock)
    client, _ = password_step(app)
    clock.advance(301)
    response = client.submit(VERIFY, {"code": code_at(secret, clock.now)}, "/admin/login")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]
    assert "nach fünf Minuten abgelaufen" in client.get("/admin/login").get_data(as_text=True)
    assert not signed_in(client)


def test_switching_off_needs_the_password_and_a_code(app, tenant, staff_client, clock):
    secret, _ = enrol(staff_client, clock)
    path, form = "/admin/profile/2fa/disable", "/admin/profile/2fa"
    wrong = staff_client.submit(
        path,
        {"disable-password": "falsch-falsch", "disable-code": code_at(secret, clock.now)},
        form,
    )
    assert "Das Passwort oder der Code ist nicht richtig." in wrong.get_data(as_text=True)
    no_code = staff_client.submit(
        path, {"disable-password": PASSWORD, "disable-code": "111111"}, form
    )
    assert no_code.status_code == 200
    clock.advance(totp.STEP)
    done = staff_client.submit(
        path, {"disable-password": PASSWORD, "disable-code": code_at(secret, clock.now)}, form
    )
    assert done.status_code == 303
    client, response = password_step(app)
    assert response.headers["Location"].endswith("/admin/") and signed_in(client)
    assert "two_factor_disabled" in actions(app, tenant)


def test_a_password_set_through_a_link_still_needs_the_code(app, tenant, staff_client, clock):
    enrol(staff_client, clock)
    with in_tenant(app, tenant) as session:
        admin = session.scalar(select(Staff).where(Staff.email == ADMIN))
        from crm.staff.service import set_password_url

        link = set_password_url(tenant, admin)
        session.commit()
    client = client_for(app, "acme")
    path = link.split("gorilla.test", 1)[1]
    data = {"password": "ein-neues-passwort-7", "password_confirm": "ein-neues-passwort-7"}
    response = client.submit(path, data)
    assert response.status_code == 302 and response.headers["Location"].endswith(VERIFY)
    assert not signed_in(client)


def test_contacts_enrol_and_sign_in_with_the_second_step(app, tenant, clock):
    make_contact(app, tenant, "kim@kunde.test")
    client = client_for(app, "acme")
    client.sign_in("kim@kunde.test", CONTACT_PASSWORD, path="/kunden/login")
    secret, _ = enrol(client, clock, "/kunden/profil/2fa")
    other = client_for(app, "acme")
    response = other.sign_in("kim@kunde.test", CONTACT_PASSWORD, path="/kunden/login")
    assert response.headers["Location"].endswith("/kunden/login/2fa")
    assert other.get("/kunden/profil").status_code == 302
    done = second_step(other, code_at(secret, clock.now), "/kunden/login/2fa")
    assert done.status_code == 302 and other.get("/kunden/profil").status_code == 200


def test_the_second_step_does_not_carry_over_to_another_tenant(
    app, tenant, other_tenant, staff_client, clock
):
    secret, _ = enrol(staff_client, clock)
    client, _ = password_step(app)
    cookie = client.get_cookie("gorilla_session", domain=client.host)
    thief = client_for(app, "globex")
    thief.set_cookie("gorilla_session", cookie.value, domain=thief.host)
    response = thief.get(VERIFY)
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]
    assert thief.get("/admin/customers").status_code == 302
    assert second_step(client, code_at(secret, clock.now)).status_code == 302  # acme still works


def test_the_second_step_without_a_password_first_goes_to_sign_in(client):
    response = client.get(VERIFY)
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]
    assert client.get("/kunden/login/2fa").status_code == 302


@pytest.mark.parametrize("code", ["", "x" * 5000, "12\x0034", "９９９９９９"])
def test_hostile_codes_are_refused_without_error(app, tenant, staff_client, clock, code):
    enrol(staff_client, clock)
    client, _ = password_step(app)
    assert second_step(client, code).status_code == 200
    assert not signed_in(client)


def test_signed_in_as_the_contact_staff_cannot_change_its_two_factor(
    app, tenant, staff_client, clock
):
    _, contact_id = make_contact(app, tenant, "kim@kunde.test")
    staff_client.submit(f"/admin/contacts/{contact_id}/login-as", {}, "/admin/customers")
    assert staff_client.get("/kunden/profil").status_code == 200
    assert staff_client.get("/kunden/profil/2fa").status_code == 403
    for path in ("/kunden/profil/2fa", "/kunden/profil/2fa/ausschalten"):
        response = staff_client.submit(path, {"code": "123456", "password": "x"}, "/kunden/profil")
        assert response.status_code == 403
    with in_tenant(app, tenant) as session:
        contact = session.get(Contact, contact_id)
        assert contact.totp_secret is None and not contact.two_factor_enabled


def test_the_second_step_starts_a_fresh_server_side_session(app, tenant, staff_client, clock):
    secret, _ = enrol(staff_client, clock)
    client, _ = password_step(app)
    half = replay(app, client)  # the cookie while only half signed in
    second_step(client, code_at(secret, clock.now))
    assert signed_in(client) and not signed_in(half)
    with in_tenant(app, tenant) as session:
        rows = session.scalars(select(AuthSession).where(AuthSession.realm == "staff")).all()
        assert len(rows) == 2  # staff_client's and the new one
