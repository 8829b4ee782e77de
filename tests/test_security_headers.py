"""Security and cache headers on every response: staff area, customer area, platform site, files."""

import pytest

from crm.contacts.models import Contact
from crm.invoices.models import Invoice
from gorilla.extensions import db
from gorilla.storage import save_upload
from tests.conftest import client_for, delete_all_tenants, make_app
from tests.crm_factories import image_bytes, in_tenant
from tests.portal_helpers import CONTACT_PASSWORD, make_contact
from tests.test_invoices import _create as create_invoice

ALWAYS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
NO_STORE = "private, no-store"


@pytest.fixture
def kim(app, tenant, staff_client):
    """Kim (invoices allowed, with a picture) and an unpaid invoice of her customer."""
    customer_id, contact_id = make_contact(app, tenant, "kim@kunde.de", permissions=["invoices"])
    invoice_id = create_invoice(staff_client, customer_id)
    with in_tenant(app, tenant):
        db.session.get(Contact, contact_id).profile_image = save_upload(image_bytes(), "png")
        db.session.get(Invoice, invoice_id).status = "unpaid"
        db.session.commit()
    client = client_for(app, "acme")
    assert client.sign_in("kim@kunde.de", CONTACT_PASSWORD, path="/kunden/login").status_code
    return client, contact_id, invoice_id


def get(client, path: str, **kwargs):
    """GET ``path`` and close the response (file responses hold their file open)."""
    response = client.get(path, **kwargs)
    response.get_data()
    response.close()
    return response


def csp_directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    pairs = (part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return {pair[0]: (pair[1] if len(pair) > 1 else "") for pair in pairs}


def assert_protected(response) -> None:
    for name, value in ALWAYS.items():
        assert response.headers.get(name) == value, (name, response.request.path)
    csp = csp_directives(response)
    assert csp["frame-ancestors"] == "'none'"
    assert csp["script-src"] == "'self'"
    assert "'unsafe-inline'" not in csp.get("default-src", "")
    assert "Strict-Transport-Security" not in response.headers  # http here


def signed_in_paths(contact_id: int, invoice_id: int) -> dict[str, list[str]]:
    return {
        "staff": [
            "/admin/",
            f"/admin/contacts/{contact_id}/picture",
            f"/admin/invoices/{invoice_id}/pdf",
            f"/admin/invoices/{invoice_id}/print",
        ],
        "contact": [
            "/kunden/",
            "/kunden/profil",
            "/kunden/profil/bild",
            f"/kunden/rechnungen/{invoice_id}",
            f"/kunden/rechnungen/{invoice_id}/pdf",
        ],
    }


def test_signed_in_pages_pdfs_and_pictures_are_protected_and_never_stored(staff_client, kim):
    contact_client, contact_id, invoice_id = kim
    clients = {"staff": staff_client, "contact": contact_client}
    for realm, paths in signed_in_paths(contact_id, invoice_id).items():
        for path in paths:
            response = get(clients[realm], path)
            assert response.status_code == 200, (realm, path)
            assert_protected(response)
            assert response.headers["Cache-Control"] == NO_STORE, path


@pytest.mark.parametrize(
    ("slug", "path", "status"),
    [
        (None, "/", 200),
        (None, "/signup", 200),
        (None, "/no-such-page", 404),
        ("acme", "/admin/login", 200),
        ("acme", "/admin/", 302),
        ("acme", "/kunden/login", 200),
        ("acme", "/kunden/passwort-setzen/forged", 410),
        ("acme", "/healthz", 200),
    ],
)
def test_signed_out_answers_carry_the_same_headers(app, tenant, slug, path, status):
    response = get(client_for(app, slug), path)
    assert response.status_code == status
    assert_protected(response)


def test_static_files_are_nosniff_and_stay_cacheable(app, tenant):
    response = get(client_for(app, "acme"), "/static/gorilla.css")
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_hsts_only_when_the_scheme_is_https(app, tenant):
    client = client_for(app, "acme")
    assert "Strict-Transport-Security" not in client.get("/admin/login").headers
    secure = client.get("/admin/login", base_url="https://acme.gorilla.test")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_hsts_on_every_response_when_gorilla_url_scheme_is_https(tmp_path, database_url):
    app = make_app(tmp_path, database_url, URL_SCHEME="https")
    try:
        response = get(client_for(app, None), "/")
        assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    finally:
        delete_all_tenants(app)


def test_pages_have_no_inline_scripts_or_handlers(staff_client, kim):
    contact_client, contact_id, invoice_id = kim
    pages = [
        staff_client.get(f"/admin/invoices/{invoice_id}/print"),
        contact_client.get(f"/kunden/rechnungen/{invoice_id}"),
    ]
    for page in pages:
        html = page.get_data(as_text=True)
        assert " onclick=" not in html and "<script>" not in html
        assert "data-print" in html
