"""Exactly one primary contact per customer, enforced by the database."""

import threading

import pytest
from flask import g
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from crm.contacts.models import Contact
from crm.contacts.service import create_contact, primary_contact
from crm.customers.models import Customer
from tests.conftest import PG_URL
from tests.crm_factories import add_contact, add_customer, contact_rows, in_tenant


@pytest.fixture
def customer_id(app, tenant):
    return add_customer(app, tenant, "Kunde AG")


def primaries(app, tenant, customer_id):
    return [
        c.email for c in contact_rows(app, tenant) if c.customer_id == customer_id and c.is_primary
    ]


def test_first_contact_is_primary_even_unticked_and_the_form_pre_ticks_it(
    app, tenant, staff_client, customer_id
):
    page = staff_client.get(f"/admin/customers/{customer_id}/contacts/new").get_data(as_text=True)
    assert '<input type="checkbox" checked disabled> Haupt Ansprechpartner' in page
    add_contact(app, tenant, customer_id, "erste@kunde.test", is_primary=False)
    add_contact(app, tenant, customer_id, "zweite@kunde.test")
    assert primaries(app, tenant, customer_id) == ["erste@kunde.test"]
    page = staff_client.get(f"/admin/customers/{customer_id}/contacts/new").get_data(as_text=True)
    assert 'name="is_primary"' in page and "checked disabled" not in page


def test_ticking_primary_on_another_contact_moves_the_flag(app, tenant, staff_client, customer_id):
    add_contact(app, tenant, customer_id, "erste@kunde.test")
    second = add_contact(app, tenant, customer_id, "zweite@kunde.test")
    response = staff_client.submit(
        f"/admin/contacts/{second}/edit",
        {
            "firstname": "Zweite",
            "lastname": "Person",
            "email": "zweite@kunde.test",
            "is_primary": "y",
        },
    )
    assert response.status_code == 303
    assert primaries(app, tenant, customer_id) == ["zweite@kunde.test"]
    listing = staff_client.get(f"/admin/customers/{customer_id}/contacts").get_data(as_text=True)
    assert listing.index("zweite@kunde.test") < listing.index("erste@kunde.test")
    assert "Haupt Ansprechpartner" in listing


def test_new_contact_marked_primary_takes_over(app, tenant, customer_id):
    add_contact(app, tenant, customer_id, "erste@kunde.test")
    add_contact(app, tenant, customer_id, "neu@kunde.test", is_primary=True)
    assert primaries(app, tenant, customer_id) == ["neu@kunde.test"]


def test_the_only_primary_cannot_be_unticked(app, tenant, staff_client, customer_id):
    only = add_contact(app, tenant, customer_id, "erste@kunde.test")
    page = staff_client.get(f"/admin/contacts/{only}/edit").get_data(as_text=True)
    assert "checked disabled" in page
    staff_client.submit(
        f"/admin/contacts/{only}/edit",
        {"firstname": "Erste", "lastname": "Person", "email": "erste@kunde.test"},
    )
    assert primaries(app, tenant, customer_id) == ["erste@kunde.test"]


def test_deleting_the_primary_promotes_another_contact(app, tenant, staff_client, customer_id):
    first = add_contact(app, tenant, customer_id, "erste@kunde.test")
    add_contact(app, tenant, customer_id, "zweite@kunde.test")
    staff_client.submit(
        f"/admin/contacts/{first}/delete", {}, form_path=f"/admin/customers/{customer_id}/contacts"
    )
    assert primaries(app, tenant, customer_id) == ["zweite@kunde.test"]


def test_database_refuses_a_second_primary(app, tenant, customer_id):
    add_contact(app, tenant, customer_id, "erste@kunde.test")
    with in_tenant(app, tenant) as session:
        session.add(Contact(customer_id=customer_id, firstname="X", lastname="Y",
                            email="x@kunde.test", is_primary=True))  # fmt: skip
        with pytest.raises(IntegrityError):
            session.flush()
        session.rollback()


def test_primary_contact_helper_returns_what_forms_preselect(app, tenant, customer_id):
    add_contact(app, tenant, customer_id, "erste@kunde.test")
    add_contact(app, tenant, customer_id, "chef@kunde.test", is_primary=True)
    with in_tenant(app, tenant) as session:
        assert primary_contact(session.get(Customer, customer_id)).email == "chef@kunde.test"


@pytest.mark.postgres_only
@pytest.mark.skipif(not PG_URL, reason="row locks: PostgreSQL only")
@pytest.mark.parametrize("round_", range(3))
def test_two_concurrent_requests_leave_exactly_one_primary(app, tenant, customer_id, round_):
    barrier = threading.Barrier(2)
    errors = []

    def create(email):
        with app.app_context():
            g.tenant = tenant
            try:
                customer = app.extensions["sqlalchemy"].session.get(Customer, customer_id)
                barrier.wait(timeout=5)
                create_contact(
                    customer,
                    {"firstname": "A", "lastname": "B", "email": email, "is_primary": True,
                     "password": "parallel-password"},
                    send_welcome=False, send_set_password=False,
                )  # fmt: skip
                app.extensions["sqlalchemy"].session.commit()
            except Exception as error:  # noqa: BLE001 - collected and asserted below
                errors.append(error)

    threads = [threading.Thread(target=create, args=(f"p{n}@kunde.test",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert errors == []
    with in_tenant(app, tenant) as session:
        rows = session.scalars(select(Contact).where(Contact.customer_id == customer_id)).all()
        assert len(rows) == 2
        assert sum(contact.is_primary for contact in rows) == 1
