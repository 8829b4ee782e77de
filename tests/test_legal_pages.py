"""Impressum, AGB and AVV: placeholders on the platform site, the agency's own texts in its
customer area (written under Einstellungen › Rechtliches by admins); empty lists show the
next step."""

import pytest

from crm.staff.models import Staff
from tests.conftest import PASSWORD, client_for
from tests.crm_factories import in_tenant

LEGAL = "/admin/settings/legal"
TEXTS = {"imprint": "# Anbieter\n\nACME Agentur GmbH\nHauptstr. 1", "terms": "<b>AGB</b> der ACME",
         "dpa": ""}  # fmt: skip


@pytest.mark.parametrize(
    ("path", "title"),
    [("/impressum", "Impressum"), ("/agb", "AGB"), ("/avv", "Auftragsverarbeitungsvertrag")],
)
def test_platform_shows_placeholder_legal_pages_linked_from_landing_and_signup(app, path, title):
    client = client_for(app, None)
    page = client.get(path).get_data(as_text=True)
    assert f"<h1>{title}</h1>" in page and "Platzhalter" in page
    landing = client.get("/").get_data(as_text=True)
    assert 'href="/signup"' in landing and f'href="{path}"' in landing
    assert f'href="{path}"' in client.get("/signup").get_data(as_text=True)


def test_agency_texts_appear_escaped_in_its_customer_area(app, tenant, other_tenant, staff_client):
    response = staff_client.submit(LEGAL, TEXTS)
    assert response.status_code == 303
    visitor = client_for(app, tenant.slug)
    imprint = visitor.get("/kunden/impressum").get_data(as_text=True)
    assert "<h2>Anbieter</h2>" in imprint and "ACME Agentur GmbH<br>Hauptstr. 1" in imprint
    terms = visitor.get("/kunden/agb").get_data(as_text=True)
    assert "&lt;b&gt;AGB&lt;/b&gt; der ACME" in terms
    assert "hat diese Seite noch nicht veröffentlicht" in visitor.get("/kunden/avv").get_data(
        as_text=True
    )
    assert 'href="/kunden/impressum"' in visitor.get("/kunden/login").get_data(as_text=True)
    other = client_for(app, other_tenant.slug).get("/kunden/impressum").get_data(as_text=True)
    assert "ACME Agentur GmbH" not in other
    assert client_for(app, tenant.slug).get("/impressum").status_code == 404


def test_too_long_text_is_refused_with_the_field_error(staff_client):
    response = staff_client.submit(LEGAL, {**TEXTS, "terms": "x" * 50_001})
    assert response.status_code == 200
    assert 'class="field has-error"' in response.get_data(as_text=True)


def test_non_admin_staff_get_403(app, tenant):
    with in_tenant(app, tenant) as session:
        member = Staff(email="mia@acme.test", first_name="Mia", last_name="Mit", is_admin=False)
        member.set_password(PASSWORD)
        session.add(member)
        session.commit()
    client = client_for(app, tenant.slug)
    client.sign_in("mia@acme.test")
    assert client.get(LEGAL).status_code == 403


@pytest.mark.parametrize(
    ("path", "next_step"),
    [
        ("/admin/customers", 'href="/admin/customers/new"'),
        ("/admin/projects", 'href="/admin/projects/new"'),
        ("/admin/tasks", 'href="/admin/tasks/new"'),
        ("/admin/invoices", 'href="/admin/invoices/new"'),
        ("/admin/contacts", 'href="/admin/customers"'),
    ],
)
def test_empty_lists_offer_the_next_step(staff_client, path, next_step):
    page = staff_client.get(path).get_data(as_text=True)
    assert 'class="card empty"' in page and next_step in page
