"""Set-password and reset links carry a random per-account nonce: not forgeable, single use,
and a newer link kills the older one (staff and contacts)."""

import hashlib
import re

import pytest
from flask import current_app, g
from itsdangerous import URLSafeTimedSerializer

from crm.contacts.models import Contact
from gorilla.extensions import db
from gorilla.tokens import Purpose
from tests.conftest import PASSWORD, client_for
from tests.portal_helpers import make_contact
from tests.test_portal_auth import outbox
from tests.test_settings_and_staff import add_member

CHOSEN = {"password": "ganz-neu-und-lang", "password_confirm": "ganz-neu-und-lang"}
LINK_RE = re.compile(
    r"http://acme\.gorilla\.test(/(?:kunden/passwort-setzen|admin/set-password)/[\w.-]+)"
)


def forge(purpose: Purpose, payload: dict) -> str:
    """What someone holding the secret key could sign: the payload under the purpose's salt."""
    key = current_app.config["SECRET_KEY"]
    return URLSafeTimedSerializer(key, salt=f"gorilla.{purpose}").dumps(payload)


def fingerprint(*parts: str | None) -> str:
    """A digest of readable account data (no nonce)."""
    joined = "\x1f".join(part or "" for part in parts)
    return hashlib.sha256(joined.encode()).hexdigest()[:20]


def links_in(text: str) -> list[str]:
    return [match.group(1) for match in LINK_RE.finditer(text)]


@pytest.fixture
def invited(app, tenant):
    """An invited contact without a password (customer "Kunde GmbH")."""
    return make_contact(app, tenant, "kim@kunde.de", password=None)[1]


def test_contact_link_forged_from_readable_data_is_refused(app, tenant, client, invited):
    """Everything a reader could know (ids, email, no password, version 0) signed with the key."""
    with app.app_context():
        g.tenant = tenant
        state = fingerprint(None, "kim@kunde.de", "0")
        payload = {"t": tenant.id, "c": invited, "a": invited, "f": state}
        forged = forge(Purpose.CONTACT_SET_PASSWORD, payload)
    assert client.get(f"/kunden/passwort-setzen/{forged}").status_code == 410


def reset_links_for_kim(app, tenant, client, times: int) -> list[str]:
    for _ in range(times):
        client.submit("/kunden/passwort-vergessen", {"email": "kim@kunde.de"})
    messages = outbox(app, tenant, "contact-forgot-password")
    return [links_in(message.body_text)[0] for message in messages]


def test_a_newer_contact_link_kills_the_older_one(app, tenant, client, invited):
    app.config["FORGOT_PASSWORD_INTERVAL"] = 0  # one reset mail per request
    older, newer = reset_links_for_kim(app, tenant, client, 2)
    assert client_for(app, "acme").get(older).status_code == 410
    assert client_for(app, "acme").get(newer).status_code == 200


def test_a_used_contact_link_cannot_be_used_again(app, tenant, client, invited):
    (link,) = reset_links_for_kim(app, tenant, client, 1)
    assert client_for(app, "acme").submit(link, CHOSEN).status_code == 302
    assert client_for(app, "acme").get(link).status_code == 410


def test_contact_nonce_is_kept_in_the_tenant_database_and_spent_on_use(
    app, tenant, client, invited
):
    (link,) = reset_links_for_kim(app, tenant, client, 1)
    with app.app_context():
        g.tenant = tenant
        nonce = db.session.get(Contact, invited).link_nonce
    assert nonce and nonce not in link
    client_for(app, "acme").submit(link, CHOSEN)
    with app.app_context():
        g.tenant = tenant
        assert db.session.get(Contact, invited).link_nonce != nonce


def reset_staff_link(app, staff_client, member_id: int) -> str:
    path = f"/admin/staff/{member_id}"
    response = staff_client.submit(f"{path}/reset-password", {}, form_path=path)
    return links_in(staff_client.get(response.headers["Location"]).get_data(as_text=True))[0]


def test_a_newer_staff_link_kills_the_older_one_and_a_used_one_dies(app, tenant, staff_client):
    member_id = add_member(app, tenant)
    older = reset_staff_link(app, staff_client, member_id)
    newer = reset_staff_link(app, staff_client, member_id)
    assert client_for(app, "acme").get(older).status_code == 410
    mia = client_for(app, "acme")
    assert mia.submit(newer, CHOSEN).status_code == 302
    assert client_for(app, "acme").get(newer).status_code == 410
    assert client_for(app, "acme").sign_in("mia@acme.test", CHOSEN["password"]).status_code == 302


def test_staff_link_forged_from_readable_data_is_refused(app, tenant, client):
    member_id = add_member(app, tenant)
    with app.app_context():
        g.tenant = tenant
        state = fingerprint(None, "mia@acme.test", "")
        forged = forge(
            Purpose.STAFF_SET_PASSWORD, {"t": tenant.id, "s": member_id, "a": member_id, "f": state}
        )
    assert client.get(f"/admin/set-password/{forged}").status_code == 410
    assert client_for(app, "acme").sign_in("mia@acme.test", PASSWORD).status_code == 302
