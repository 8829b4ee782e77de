"""Invoices: items and exact totals, numbering, sending, payments and the customer area."""

import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from crm.invoices.models import Invoice
from crm.invoices.service import save_invoice
from gorilla.extensions import db
from gorilla.money import money, number
from mail_templates.models import OutboxMessage
from tests.conftest import PG_URL, client_for
from tests.crm_factories import FORM_ITEMS, in_tenant, save_in_threads, ticked
from tests.portal_helpers import CONTACT_PASSWORD, make_contact

YEAR = date.today().year
CONTACT_ID_RE = re.compile(r'name="contact_ids" type="checkbox" value="(\d+)"')


@pytest.fixture
def customer(app, tenant):
    """Kunde GmbH with Kim (primary, invoices) and Ole (invoice emails switched off)."""
    customer_id, _ = make_contact(app, tenant, "kim@kunde.de", permissions=["invoices"])
    make_contact(app, tenant, "ole@kunde.de", permissions=["invoices"], invoice_emails=False)
    make_contact(app, tenant, "eva@andere.de", company="Andere AG", permissions=["invoices"])
    return customer_id


def _create(staff_client, customer_id, **extra):
    data = {"customer_id": customer_id, "date": f"{YEAR}-03-01", "duedate": f"{YEAR}-03-15"}
    response = staff_client.submit("/admin/invoices/new", data | FORM_ITEMS | extra)
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def _outbox(app, tenant):
    with in_tenant(app, tenant):
        return [(m.to_email, m.template_slug) for m in db.session.scalars(select(OutboxMessage))]


def _contact_client(app, email):
    client = client_for(app, "acme")
    assert client.sign_in(email, CONTACT_PASSWORD, path="/kunden/login").status_code == 302
    return client


@pytest.mark.parametrize(
    "value, shown", [("1234.56", "1.234,56\xa0€"), ("0.5", "0,50\xa0€"), ("-3", "-3,00\xa0€")]
)
def test_money_is_shown_the_german_way(app, value, shown):
    with app.test_request_context():
        assert money(value) == shown


def test_staff_create_an_invoice_with_items_and_exact_totals(app, tenant, customer, staff_client):
    invoice_id = _create(staff_client, customer)
    page = staff_client.get(f"/admin/invoices/{invoice_id}").get_data(as_text=True)
    assert f"RE-{YEAR}-0001" in page and "Entwurf" in page
    # 10 × 95,50 = 955,00 (19 % = 181,45) + 30,00 (7 % = 2,10)
    assert "985,00\xa0€" in page and "183,55\xa0€" in page and "1.168,55\xa0€" in page
    assert _outbox(app, tenant) == []  # nobody hears of a draft


def test_numbers_follow_each_other_without_gaps(customer, staff_client):
    first = _create(staff_client, customer)
    staff_client.submit("/admin/invoices/new", {"customer_id": customer, "date": ""})
    second = _create(staff_client, customer)
    listing = staff_client.get("/admin/invoices").get_data(as_text=True)
    assert first != second
    assert f"RE-{YEAR}-0001" in listing and f"RE-{YEAR}-0002" in listing
    assert f"RE-{YEAR}-0003" not in listing


@pytest.mark.parametrize(
    "data, error",
    [
        ({"date": ""}, "Bitte geben Sie ein Datum ein."),
        ({"items-0-description": "", "items-0-rate": "", "items-0-qty": "",
          "items-1-description": "", "items-1-rate": "", "items-1-qty": ""},
         "Bitte fügen Sie mindestens eine Position hinzu."),
        ({"items-0-qty": ""}, "Bitte geben Sie eine Menge ein."),
        ({"items-0-rate": "zehn"}, "Bitte geben Sie eine Zahl wie 1.234,56 ein."),
        ({"duedate": f"{YEAR}-01-01"}, "Das Fälligkeitsdatum darf nicht vor dem Rechnungsdatum"),
    ],
)  # fmt: skip
def test_invalid_invoice_form_shows_german_errors(app, tenant, customer, staff_client, data, error):
    payload = {"customer_id": customer, "date": f"{YEAR}-03-01", "duedate": ""} | FORM_ITEMS | data
    response = staff_client.submit("/admin/invoices/new", payload)
    assert response.status_code == 200
    assert error in response.get_data(as_text=True)
    with in_tenant(app, tenant):
        assert db.session.scalar(select(Invoice.id)) is None


def test_send_dialog_preselects_contacts_with_invoice_emails_primary_first(customer, staff_client):
    invoice_id = _create(staff_client, customer)
    page = staff_client.get(f"/admin/invoices/{invoice_id}/send").get_data(as_text=True)
    assert page.index("kim@kunde.de") < page.index("ole@kunde.de")
    assert "eva@andere.de" not in page
    kim, ole = CONTACT_ID_RE.findall(page)
    assert ticked(page) == {("contact_ids", kim), ("attach_pdf", "y")}  # PDF on by default


def test_sending_emails_only_flagged_contacts_and_marks_the_draft_unpaid(
    app, tenant, customer, staff_client
):
    invoice_id = _create(staff_client, customer)
    page = staff_client.get(f"/admin/invoices/{invoice_id}/send").get_data(as_text=True)
    ids = CONTACT_ID_RE.findall(page)
    response = staff_client.submit(f"/admin/invoices/{invoice_id}/send", {"contact_ids": ids})
    assert response.status_code == 303
    assert _outbox(app, tenant) == [("kim@kunde.de", "invoice-sent")]
    with in_tenant(app, tenant):
        invoice = db.session.get(Invoice, invoice_id)
        assert invoice.status == "unpaid"
        message = db.session.scalar(select(OutboxMessage))
        assert f"/kunden/rechnungen/{invoice_id}" in message.body_text
        assert "1.168,55\xa0€" in message.body_text


def test_payment_in_full_marks_the_invoice_paid(app, tenant, customer, staff_client):
    invoice_id = _create(staff_client, customer)
    with in_tenant(app, tenant):
        invoice = db.session.get(Invoice, invoice_id)
        invoice.status = "unpaid"
        db.session.commit()
    path = f"/admin/invoices/{invoice_id}"
    response = staff_client.submit(
        f"{path}/payments", {"amount": "1.168,55", "date": f"{YEAR}-03-10"}, form_path=path
    )
    assert response.status_code == 303
    assert "Bezahlt" in staff_client.get(path).get_data(as_text=True)


def test_customer_area_lists_invoices_except_drafts(app, tenant, customer, staff_client):
    draft = _create(staff_client, customer)
    sent = _create(staff_client, customer)
    with in_tenant(app, tenant):
        db.session.get(Invoice, sent).status = "unpaid"
        db.session.commit()
    client = _contact_client(app, "kim@kunde.de")
    listing = client.get("/kunden/rechnungen").get_data(as_text=True)
    assert f"RE-{YEAR}-0002" in listing and f"RE-{YEAR}-0001" not in listing
    assert "1.168,55\xa0€" in listing and "Überfällig" in listing or "Unbezahlt" in listing
    assert client.get(f"/kunden/rechnungen/{draft}").status_code == 404
    page = client.get(f"/kunden/rechnungen/{sent}").get_data(as_text=True)
    assert "ACME Agentur" in page and "Webdesign" in page
    pdf = client.get(f"/kunden/rechnungen/{sent}/pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert pdf.headers["Content-Type"] == "application/pdf"


def test_other_customers_invoice_is_404_and_missing_permission_403(
    app, tenant, customer, staff_client
):
    invoice_id = _create(staff_client, customer)
    with in_tenant(app, tenant):
        db.session.get(Invoice, invoice_id).status = "unpaid"
        db.session.commit()
    other = _contact_client(app, "eva@andere.de")
    assert other.get(f"/kunden/rechnungen/{invoice_id}").status_code == 404
    assert other.get(f"/kunden/rechnungen/{invoice_id}/pdf").status_code == 404
    make_contact(app, tenant, "paul@kunde.de", permissions=["projects"])
    no_permission = _contact_client(app, "paul@kunde.de")
    assert no_permission.get("/kunden/rechnungen").status_code == 403
    assert no_permission.get(f"/kunden/rechnungen/{invoice_id}").status_code == 403


def test_staff_pdf_and_print_view(customer, staff_client):
    invoice_id = _create(staff_client, customer)
    assert staff_client.get(f"/admin/invoices/{invoice_id}/pdf").data.startswith(b"%PDF")
    page = staff_client.get(f"/admin/invoices/{invoice_id}/print").get_data(as_text=True)
    assert "Webdesign" in page and "data-print" in page


def test_customer_with_invoices_cannot_be_deleted(customer, staff_client):
    _create(staff_client, customer)
    path = f"/admin/customers/{customer}"
    response = staff_client.submit(f"{path}/delete", {}, form_path=path, follow_redirects=True)
    assert "der Kunde hat Rechnungen" in response.get_data(as_text=True)


@pytest.mark.skipif(not PG_URL, reason="row locks need PostgreSQL")
@pytest.mark.postgres_only
def test_concurrent_creation_gives_unique_gapless_numbers(app, tenant, customer):
    data = {
        "customer_id": customer, "date": date(YEAR, 5, 1), "duedate": None, "notes": "",
        "items": [{"description": "x", "qty": 1, "rate": 10, "taxrate": 19}],
    }  # fmt: skip
    assert save_in_threads(app, tenant, lambda: save_invoice(Invoice(), data)) == []
    with in_tenant(app, tenant):
        numbers = sorted(db.session.scalars(select(Invoice.number)))
    assert numbers == [f"RE-{YEAR}-{n:04d}" for n in range(1, 21)]


@pytest.mark.parametrize(
    "value, shown", [("2", "2"), ("1.50", "1,5"), ("12345.25", "12.345,25"), ("100", "100")]
)
def test_quantities_keep_every_digit(app, value, shown):
    with app.test_request_context():
        assert number(Decimal(value)) == shown
