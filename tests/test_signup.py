"""Agencies sign up on the platform host and land signed in on their own subdomain."""

import re
from urllib.parse import urlsplit

import pytest

from tenants.platform.service import suggest_slug
from tests.conftest import client_for, run_together

FORM = {
    "agency_name": "Müller & Söhne",
    "subdomain": "mueller-soehne",
    "email": "chefin@mueller-soehne.de",
    "password": "sicheres-passwort-1",
    "terms": "y",
}


def sign_up(app, **changes):
    platform = client_for(app, None)
    return platform.submit("/signup", FORM | changes)


def follow_handoff(app, response):
    location = urlsplit(response.headers["Location"])
    slug = location.hostname.split(".")[0]
    return client_for(app, slug), location.path


def test_landing_page_invites_to_sign_up(app):
    page = client_for(app, None).get("/").get_data(as_text=True)
    assert "das CRM für Agenturen" in page and 'href="/signup"' in page


def test_sign_up_lands_signed_in_on_the_new_subdomain(app):
    response = sign_up(app)
    assert response.status_code == 303
    assert response.headers["Location"].startswith(
        "http://mueller-soehne.gorilla.test/admin/handoff/"
    )
    tenant_client, path = follow_handoff(app, response)
    landed = tenant_client.get(path)
    assert landed.status_code == 302 and landed.headers["Location"] == "/admin/"
    page = tenant_client.get("/admin/").get_data(as_text=True)
    assert "Willkommen" in page and "Müller &amp; Söhne" in page
    assert (
        client_for(app, "mueller-soehne").sign_in(FORM["email"], FORM["password"]).status_code
        == 302
    )


def test_handoff_token_cannot_be_replayed(app):
    response = sign_up(app)
    first, path = follow_handoff(app, response)
    assert first.get(path).status_code == 302
    replay = client_for(app, "mueller-soehne")
    assert replay.get(path).status_code == 410
    assert replay.get("/admin/").status_code == 302  # not signed in


def test_handoff_token_does_not_work_on_another_subdomain(app, tenant):
    response = sign_up(app)
    _client, path = follow_handoff(app, response)
    assert client_for(app, "acme").get(path).status_code == 410


def test_handoff_token_expires_after_60_seconds(app, monkeypatch):
    response = sign_up(app)
    tenant_client, path = follow_handoff(app, response)
    import itsdangerous.timed

    real_time = itsdangerous.timed.time.time
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: real_time() + 61)
    assert tenant_client.get(path).status_code == 410


@pytest.mark.parametrize(
    "subdomain, message",
    [
        ("www", "reserviert"),
        ("kunden", "reserviert"),
        ("ab", "3 bis 63"),
        ("a" * 64, "3 bis 63"),
        ("-agentur", "Bindestrich"),
        ("agentur-", "Bindestrich"),
        ("müller", "Bindestrich"),
        ("xn--mller-kva", "dritter und vierter Stelle"),
        ("acme", "bereits vergeben"),
    ],
)
def test_subdomain_validation_table(app, tenant, subdomain, message):
    response = sign_up(app, subdomain=subdomain)
    assert response.status_code == (409 if message == "bereits vergeben" else 200)
    assert message in response.get_data(as_text=True)


def test_uppercase_subdomain_is_normalised(app):
    response = sign_up(app, subdomain="Mueller-Soehne")
    assert response.headers["Location"].startswith("http://mueller-soehne.gorilla.test/")


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("email", "kein-email", "gültige E-Mail"),
        ("password", "kurz", "mindestens 10 Zeichen"),
        ("terms", "", "Nutzungsbedingungen"),
        ("agency_name", "", "Namen Ihrer Agentur"),
    ],
)
def test_invalid_sign_ups_re_render_with_field_errors(app, field, value, message):
    response = sign_up(app, **{field: value})
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert client_for(app, "mueller-soehne").get("/admin/login").status_code == 404


def test_honeypot_filled_by_a_bot_creates_nothing(app):
    response = sign_up(app, website="http://spam.example")
    assert response.status_code == 200
    assert client_for(app, "mueller-soehne").get("/admin/login").status_code == 404


def test_subdomain_is_suggested_from_the_agency_name():
    assert suggest_slug("Müller & Söhne") == "mueller-soehne"
    assert suggest_slug("  Großartig  Design GmbH ") == "grossartig-design-gmbh"
    assert suggest_slug("Café Crème") == "cafe-creme"
    assert suggest_slug("WWW") == "www-agentur"


def test_live_check_reports_validity_and_availability(app, tenant):
    platform = client_for(app, None)
    assert platform.get("/signup/check?subdomain=acme").json["available"] is False
    assert "vergeben" in platform.get("/signup/check?subdomain=acme").json["message"]
    free = platform.get("/signup/check?agency_name=Müller %26 Söhne").json
    assert free == {
        "subdomain": "mueller-soehne",
        "available": True,
        "message": "Diese Subdomain ist verfügbar.",
    }
    assert platform.get("/signup/check?subdomain=www").json["available"] is False


def test_live_check_is_rate_limited(app):
    platform = client_for(app, None)
    statuses = [platform.get("/signup/check?subdomain=abc").status_code for _ in range(61)]
    assert statuses[:60] == [200] * 60 and statuses[60] == 429


def test_signup_is_not_served_on_tenant_hosts(client):
    assert client.get("/signup").status_code == 404


def test_two_racing_sign_ups_for_one_subdomain_exactly_one_wins(app):
    clients = [client_for(app, None) for _ in range(2)]
    tokens = [client.csrf("/signup") for client in clients]

    def submit(client, token, email):
        return lambda: client.post("/signup", data=FORM | {"email": email, "csrf_token": token})

    results = run_together(
        *(
            submit(c, t, f"chef{i}@mueller-soehne.de")
            for i, (c, t) in enumerate(zip(clients, tokens, strict=True))
        )
    )
    statuses = sorted(response.status_code for response in results)
    assert statuses == [303, 409]
    loser = next(r for r in results if r.status_code == 409)
    assert "bereits vergeben" in loser.get_data(as_text=True)


def test_admin_gets_a_verification_email_and_a_banner_until_confirmed(app, smtp):
    response = sign_up(app)
    tenant_client, path = follow_handoff(app, response)
    tenant_client.get(path)
    page = tenant_client.get("/admin/").get_data(as_text=True)
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse chefin@mueller-soehne.de" in page
    (message,) = smtp.messages
    assert message["To"].addresses[0].addr_spec == "chefin@mueller-soehne.de"
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in message["Subject"]
    text = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://mueller-soehne\.gorilla\.test(/admin/verify-email/\S+)", text).group(
        1
    )
    assert client_for(app, "acme-other").get(link).status_code == 404
    assert tenant_client.get(link).status_code == 302
    assert "Bitte bestätigen" not in tenant_client.get("/admin/").get_data(as_text=True)


def test_sign_up_posts_are_rate_limited(app):
    platform = client_for(app, None)
    statuses = [platform.submit("/signup", {"agency_name": ""}).status_code for _ in range(11)]
    assert statuses == [200] * 10 + [429]
