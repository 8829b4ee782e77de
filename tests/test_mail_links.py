"""Contact set-password and forgot-password links: built from config, single use, bounded."""

import pytest
from itsdangerous.timed import TimestampSigner

import mail_templates
from gorilla.tokens import TokenInvalid, issue, verify
from mail_templates.links import (
    FORGOT_PASSWORD,
    SET_PASSWORD,
    forgot_password_url,
    set_password_url,
)
from tests.factories import contact, in_tenant

HOUR = 3600


@pytest.fixture
def kim():
    return contact(id=7, password_hash=None, token_version=1)


def loader_for(*contacts):
    by_id = {person.id: person for person in contacts}
    return by_id.get


def shift_clock(monkeypatch, seconds: int) -> None:
    """Make itsdangerous believe ``seconds`` have passed since the token was signed."""
    now = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: now(self) + seconds)


def test_set_password_link_points_at_the_tenant_host_from_config(app, tenant, kim):
    with in_tenant(app, tenant):
        url = set_password_url(kim)
        token = url.rsplit("/", 1)[1]
        assert verify(SET_PASSWORD, token, loader_for(kim)) is kim
    assert url.startswith("http://acme.gorilla.test/kunden/passwort-setzen/")


def test_forgot_password_link_points_at_the_portal_reset_page(app, tenant, kim):
    with in_tenant(app, tenant):
        url = forgot_password_url(kim)
        assert verify(FORGOT_PASSWORD, url.rsplit("/", 1)[1], loader_for(kim)) is kim
    assert url.startswith("http://acme.gorilla.test/kunden/passwort-setzen/")  # serves both flows


def test_link_dies_once_the_password_is_set(app, tenant, kim):
    with in_tenant(app, tenant):
        token = issue(SET_PASSWORD, kim)
        kim.password_hash = "scrypt:new-hash"
        with pytest.raises(TokenInvalid):
            verify(SET_PASSWORD, token, loader_for(kim))


def test_bumping_the_token_version_kills_outstanding_links(app, tenant, kim):
    with in_tenant(app, tenant):
        token = issue(FORGOT_PASSWORD, kim)
        kim.token_version += 1
        with pytest.raises(TokenInvalid):
            verify(FORGOT_PASSWORD, token, loader_for(kim))


@pytest.mark.parametrize(
    ("purpose", "age", "valid"),
    [
        (SET_PASSWORD, 47 * HOUR, True),
        (SET_PASSWORD, 49 * HOUR, False),
        (FORGOT_PASSWORD, 50 * 60, True),
        (FORGOT_PASSWORD, 61 * 60, False),
    ],
)
def test_links_expire_after_48_hours_and_one_hour(
    app, tenant, kim, monkeypatch, purpose, age, valid
):
    with in_tenant(app, tenant):
        token = issue(purpose, kim)
        shift_clock(monkeypatch, age)
        if valid:
            assert verify(purpose, token, loader_for(kim)) is kim
        else:
            with pytest.raises(TokenInvalid, match="expired"):
                verify(purpose, token, loader_for(kim))


def test_lifetime_is_configurable(app, tenant, kim, monkeypatch):
    app.config["SET_PASSWORD_MAX_AGE"] = 600
    with in_tenant(app, tenant):
        token = issue(SET_PASSWORD, kim)
        shift_clock(monkeypatch, 601)
        with pytest.raises(TokenInvalid):
            verify(SET_PASSWORD, token, loader_for(kim))


def test_tampered_link_is_refused(app, tenant, kim):
    with in_tenant(app, tenant):
        token = issue(SET_PASSWORD, kim)
        tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
        with pytest.raises(TokenInvalid):
            verify(SET_PASSWORD, tampered, loader_for(kim))


def test_forgot_password_token_is_no_set_password_token(app, tenant, kim):
    with in_tenant(app, tenant):
        token = issue(FORGOT_PASSWORD, kim)
        with pytest.raises(TokenInvalid):
            verify(SET_PASSWORD, token, loader_for(kim))


def test_link_of_one_tenant_is_refused_on_another(app, tenant, other_tenant, kim):
    with in_tenant(app, tenant):
        token = issue(SET_PASSWORD, kim)
    with in_tenant(app, other_tenant), pytest.raises(TokenInvalid, match="other tenant"):
        verify(SET_PASSWORD, token, loader_for(kim))


def test_unknown_or_inactive_contact_is_refused(app, tenant, kim):
    with in_tenant(app, tenant):
        token = issue(SET_PASSWORD, kim)
        with pytest.raises(TokenInvalid):
            verify(SET_PASSWORD, token, loader_for())
        kim.active = False
        with pytest.raises(TokenInvalid):
            verify(SET_PASSWORD, token, loader_for(kim))


def test_reset_email_carries_a_working_one_hour_link(app, tenant, kim):
    with in_tenant(app, tenant):
        message = mail_templates.send_forgot_password_link(kim)
        link = next(
            word for word in message.body_text.split() if "/kunden/passwort-setzen/" in word
        )
        assert verify(FORGOT_PASSWORD, link.rsplit("/", 1)[1], loader_for(kim)) is kim
    assert message.subject == "Passwort zurücksetzen für ACME Agentur"
