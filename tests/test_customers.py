"""Customer list, profile, activation and deletion."""

import pytest
from sqlalchemy import select

from crm.customers.hooks import register_delete_guard
from crm.customers.models import Customer
from tests.conftest import count_queries
from tests.crm_factories import add_contact, add_customer, in_tenant


def customers(app, tenant):
    with in_tenant(app, tenant) as session:
        return [c.company for c in session.scalars(select(Customer).order_by(Customer.id))]


def test_staff_create_a_customer_and_land_on_its_profile(app, tenant, staff_client):
    response = staff_client.submit(
        "/admin/customers/new", {"company": "Neu GmbH", "city": "Köln", "vat": "DE123"}
    )
    assert response.status_code == 303
    page = staff_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Neu GmbH" in page and "Profil" in page and "Kontakte" in page
    assert customers(app, tenant) == ["Neu GmbH"]


def test_customer_without_company_shows_german_error(app, tenant, staff_client):
    response = staff_client.submit("/admin/customers/new", {"company": " ", "city": "Köln"})
    assert "Bitte geben Sie den Firmennamen ein." in response.get_data(as_text=True)
    assert customers(app, tenant) == []


def test_list_is_sorted_paginated_and_shows_the_primary_contact(app, tenant, staff_client):
    for number in range(30):
        add_customer(app, tenant, f"Firma {number:02d}")
    first = add_customer(app, tenant, "Aaa AG")
    add_contact(app, tenant, first, "chef@aaa.test", firstname="Clara", lastname="Chef")
    page = staff_client.get("/admin/customers").get_data(as_text=True)
    assert page.index("Aaa AG") < page.index("Firma 00") and "Clara Chef" in page
    assert "Firma 23" in page and "Firma 24" not in page and "Seite 1" in page
    second = staff_client.get("/admin/customers?page=2").get_data(as_text=True)
    assert "Firma 24" in second and "Firma 29" in second and "Aaa AG" not in second


@pytest.mark.parametrize("term", ["aaa", "CLARA", "Chef", "chef@aaa"])
def test_search_finds_company_contact_name_or_email(app, tenant, staff_client, term):
    add_customer(app, tenant, "Andere KG")
    first = add_customer(app, tenant, "Aaa AG")
    add_contact(app, tenant, first, "chef@aaa.test", firstname="Clara", lastname="Chef")
    page = staff_client.get(f"/admin/customers?q={term}").get_data(as_text=True)
    assert "Aaa AG" in page and "Andere KG" not in page


def test_list_and_contacts_tab_use_a_constant_number_of_queries(app, tenant, staff_client):
    first = add_customer(app, tenant, "Erste AG")
    add_contact(app, tenant, first, "a@erste.test")
    small_list = count_queries(staff_client, "/admin/customers")
    small_tab = count_queries(staff_client, f"/admin/customers/{first}/contacts")
    for number in range(40):
        customer = add_customer(app, tenant, f"Firma {number}")
        add_contact(app, tenant, customer, f"k{number}@firma.test")
    for number in range(5):
        add_contact(app, tenant, first, f"more{number}@erste.test")
    assert count_queries(staff_client, "/admin/customers") == small_list
    assert count_queries(staff_client, f"/admin/customers/{first}/contacts") == small_tab


def test_deactivate_and_activate_a_customer(app, tenant, staff_client):
    customer_id = add_customer(app, tenant, "Kunde AG")
    path = f"/admin/customers/{customer_id}"
    staff_client.submit(f"{path}/active", {"active": "0"}, form_path=path)
    assert "inaktiv" in staff_client.get(path).get_data(as_text=True)
    staff_client.submit(f"{path}/active", {"active": "1"}, form_path=path)
    with in_tenant(app, tenant) as session:
        assert session.get(Customer, customer_id).active


def test_deleting_a_customer_deletes_its_contacts(app, tenant, staff_client):
    customer_id = add_customer(app, tenant, "Kunde AG")
    add_contact(app, tenant, customer_id, "kim@kunde.test")
    path = f"/admin/customers/{customer_id}"
    response = staff_client.submit(f"{path}/delete", {}, form_path=path)
    assert response.status_code == 303 and response.headers["Location"] == "/admin/customers"
    assert customers(app, tenant) == []
    assert staff_client.get(path).status_code == 404


def test_deletion_is_refused_while_a_module_still_needs_the_customer(app, tenant, staff_client):
    register_delete_guard(app, lambda customer: "2 Rechnungen")
    customer_id = add_customer(app, tenant, "Kunde AG")
    path = f"/admin/customers/{customer_id}"
    response = staff_client.submit(f"{path}/delete", {}, form_path=path)
    assert response.status_code == 303
    page = staff_client.get(path).get_data(as_text=True)
    assert "Der Kunde kann nicht gelöscht werden: 2 Rechnungen" in page
    assert customers(app, tenant) == ["Kunde AG"]


def test_customer_of_another_tenant_answers_404(app, tenant, other_tenant, staff_client):
    foreign = add_customer(app, other_tenant, "Globex Kunde")
    add_customer(app, tenant, "Acme Kunde")
    assert staff_client.get(f"/admin/customers/{foreign + 1}").status_code == 404
    assert "Globex Kunde" not in staff_client.get("/admin/customers").get_data(as_text=True)


def test_dashboard_shows_customer_and_contact_counts(app, tenant, staff_client):
    customer_id = add_customer(app, tenant, "Kunde AG")
    add_contact(app, tenant, customer_id, "kim@kunde.test")
    page = staff_client.get("/admin/").get_data(as_text=True)
    assert "Aktive Kunden" in page and "Aktive Kontakte" in page
