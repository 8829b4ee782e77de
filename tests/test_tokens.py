"""Every signed link goes through ``gorilla.tokens``: each purpose's lifetime comes from its
setting, a link of one purpose is refused for every other, single-use links die on use and
email verification links can be opened again until they expire."""

import re

import pytest

from config import Config
from gorilla.tokens import RULES, Purpose, max_age
from tests.conftest import client_for
from tests.test_link_nonces import CHOSEN, reset_staff_link
from tests.test_mail_links import shift_clock
from tests.test_settings_and_staff import add_member
from tests.test_signup import follow_handoff, sign_up
from tests.test_staff_email_verification import ask_admin_to_verify, verified_at

HOUR = 3600
DAY = 24 * HOUR


def test_every_purpose_reads_its_lifetime_from_its_own_setting(app):
    settings = {rule.max_age_setting for rule in RULES.values()}
    assert set(RULES) == set(Purpose) and len(settings) == len(Purpose)
    for setting in settings:
        app.config[setting] = 1234
    with app.app_context():
        assert {max_age(purpose) for purpose in Purpose} == {1234}


def test_default_lifetimes():
    assert Config.SET_PASSWORD_MAX_AGE == Config.STAFF_SET_PASSWORD_MAX_AGE == 48 * HOUR
    assert Config.FORGOT_PASSWORD_MAX_AGE == HOUR
    assert Config.STAFF_VERIFY_EMAIL_MAX_AGE == 7 * DAY
    assert Config.HANDOFF_MAX_AGE == 60


@pytest.mark.parametrize(("age", "status"), [(47 * HOUR, 200), (49 * HOUR, 410)])
def test_staff_set_password_link_lasts_48_hours_by_default(
    app, tenant, staff_client, monkeypatch, age, status
):
    link = reset_staff_link(app, staff_client, add_member(app, tenant))
    shift_clock(monkeypatch, age)
    assert client_for(app, "acme").get(link).status_code == status


def test_staff_set_password_link_lifetime_comes_from_config(app, tenant, staff_client, monkeypatch):
    app.config["STAFF_SET_PASSWORD_MAX_AGE"] = 600
    link = reset_staff_link(app, staff_client, add_member(app, tenant))
    shift_clock(monkeypatch, 601)
    assert client_for(app, "acme").get(link).status_code == 410
    assert client_for(app, "acme").sign_in("mia@acme.test", CHOSEN["password"]).status_code == 200


def test_handoff_lifetime_comes_from_config(app, monkeypatch):
    app.config["HANDOFF_MAX_AGE"] = 300
    tenant_client, path = follow_handoff(app, sign_up(app))
    shift_clock(monkeypatch, 61)
    assert tenant_client.get(path).status_code == 302
    assert tenant_client.get("/admin/").status_code == 200


def test_verification_link_lifetime_comes_from_config(app, tenant, monkeypatch):
    app.config["STAFF_VERIFY_EMAIL_MAX_AGE"] = 600
    link = ask_admin_to_verify(app, tenant)
    shift_clock(monkeypatch, 601)
    assert client_for(app, "acme").get(link).status_code == 410
    assert verified_at(app, tenant, "admin@acme.test")[0] is None


def test_verification_link_works_again_until_it_expires(app, tenant, monkeypatch):
    link = ask_admin_to_verify(app, tenant)
    assert client_for(app, "acme").get(link).status_code == 302
    first = verified_at(app, tenant, "admin@acme.test")[0]
    shift_clock(monkeypatch, 6 * DAY)
    assert client_for(app, "acme").get(link).status_code == 302
    assert verified_at(app, tenant, "admin@acme.test")[0] == first
    shift_clock(monkeypatch, 2 * DAY)  # 8 days in all
    assert client_for(app, "acme").get(link).status_code == 410


def pages_for(token: str) -> list[str]:
    return [
        f"/admin/set-password/{token}",
        f"/admin/handoff/{token}",
        f"/admin/verify-email/{token}",
        f"/kunden/passwort-setzen/{token}",
    ]


def test_handoff_link_is_refused_for_every_other_purpose_and_stays_usable(app):
    tenant_client, path = follow_handoff(app, sign_up(app))
    token = path.rsplit("/", 1)[1]
    for page in pages_for(token):
        if page != path:
            assert client_for(app, "mueller-soehne").get(page).status_code == 410, page
    assert tenant_client.get(path).status_code == 302
    assert tenant_client.get("/admin/").status_code == 200


def test_staff_set_password_link_is_refused_for_every_other_purpose(app, tenant, staff_client):
    link = reset_staff_link(app, staff_client, add_member(app, tenant))
    for page in pages_for(link.rsplit("/", 1)[1]):
        if page != link:
            visitor = client_for(app, "acme")
            assert visitor.get(page).status_code == 410, page
            assert visitor.get("/admin/").status_code == 302  # not signed in
    assert client_for(app, "acme").submit(link, CHOSEN).status_code == 302


def test_verification_link_is_refused_for_every_other_purpose(app, tenant):
    link = ask_admin_to_verify(app, tenant)
    for page in pages_for(link.rsplit("/", 1)[1]):
        if page != link:
            visitor = client_for(app, "acme")
            assert visitor.get(page).status_code == 410, page
            assert visitor.get("/admin/").status_code == 302  # not signed in
    assert verified_at(app, tenant, "admin@acme.test")[0] is None


def test_cli_names_the_configured_lifetime_of_the_set_password_link(app, runner):
    app.config["STAFF_SET_PASSWORD_MAX_AGE"] = 6 * HOUR
    args = ["tenants", "create", "--name", "Acme", "--admin-email", "chef@acme.test", "acme"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert re.search(r"\b6 (Stunden|hours)\b", result.stdout), result.stdout
