"""Subdomains that imitate others are refused: punycode labels and mixed-script look-alikes."""

import pytest

from tests.conftest import client_for
from tests.test_cli_tenants import create, registry_slugs

PUNYCODE = "Die Subdomain darf an dritter und vierter Stelle keine zwei Bindestriche haben"
MIXED = "Die Subdomain mischt Alphabete"

LOOKALIKES = [
    ("xn--acme-9qa", PUNYCODE),  # punycode of an internationalised name
    ("XN--acme", PUNYCODE),
    ("ab--cd", PUNYCODE),  # hyphens at 3 and 4 are reserved for such encodings
    ("\u0430cme", MIXED),  # Cyrillic а, Latin cme
    ("acm\u0435", MIXED),  # Latin acm, Cyrillic е
    ("g\u043eogle", MIXED),  # Cyrillic о
    ("p\u0430yp\u0430l", MIXED),
    ("\u03bfmega", MIXED),  # Greek ο
    ("\uff41cme", MIXED),  # full-width ａ
    ("\u212acme", MIXED),  # Kelvin sign, which lower-cases to a Latin k
]

SIGNUP = {
    "agency_name": "Acme",
    "email": "chefin@acme.de",
    "password": "sicheres-passwort-1",
    "terms": "y",
}


@pytest.mark.parametrize("slug, reason", LOOKALIKES)
def test_sign_up_refuses_lookalike_subdomains_with_a_field_error(app, slug, reason):
    response = client_for(app, None).submit("/signup", SIGNUP | {"subdomain": slug})
    assert response.status_code == 200
    assert reason in response.get_data(as_text=True)
    assert registry_slugs(app) == []


@pytest.mark.parametrize("slug, reason", LOOKALIKES)
def test_tenants_create_refuses_lookalike_slugs(app, runner, slug, reason):
    result = create(runner, slug)
    assert result.exit_code == 1
    assert reason in result.stderr
    assert registry_slugs(app) == []


def test_live_check_names_the_mixed_alphabets(app):
    response = client_for(app, None).get("/signup/check", query_string={"subdomain": "\u0430cme"})
    assert MIXED in response.get_data(as_text=True)


@pytest.mark.parametrize("slug", ["acme", "xn-acme", "a-b-c", "web2-agentur", "abc-d--e"])
def test_plain_ascii_subdomains_stay_allowed(app, runner, slug):
    assert create(runner, slug).exit_code == 0
    assert registry_slugs(app) == [slug]
