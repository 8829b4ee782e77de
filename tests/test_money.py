"""Amounts are typed and shown in the staff member's language: ``1,234.56`` in English,
``1.234,56`` in German (the default); anything else is a field error, never a silent change."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from crm.invoices.models import Invoice, InvoiceItem, Payment
from crm.invoices.service import save_invoice
from crm.staff.models import Staff
from mail_templates.models import OutboxMessage
from tests.crm_factories import add_customer, in_tenant
from tests.portal_helpers import make_contact

YEAR = date.today().year
NBSP = "\xa0"


@pytest.fixture
def customer_id(app, tenant):
    return add_customer(app, tenant, "Kunde GmbH")


def speak(app, tenant, language: str) -> None:
    """Switch acme's admin to ``language`` (the UI language of every page they open)."""
    with in_tenant(app, tenant) as session:
        session.scalar(select(Staff)).language = language
        session.commit()


def post_invoice(staff_client, customer_id, rate: str, qty: str = "1"):
    return staff_client.submit(
        "/admin/invoices/new",
        {
            "customer_id": customer_id,
            "date": f"{YEAR}-03-01",
            "items-0-description": "Webdesign",
            "items-0-qty": qty,
            "items-0-rate": rate,
            "items-0-taxrate": "19",
        },
    )


def stored_items(app, tenant) -> list[tuple[Decimal, Decimal]]:
    with in_tenant(app, tenant) as session:
        return [(item.qty, item.rate) for item in session.scalars(select(InvoiceItem))]


@pytest.mark.parametrize(
    ("language", "rate", "qty"),
    [("en", "1,234.56", "2.5"), ("en", "1234.56", "2.50"), ("de", "1.234,56", "2,5"),
     ("de", "1234,56", "2,50")],
)  # fmt: skip
def test_amount_typed_in_the_ui_language_is_stored_exactly(
    app, tenant, staff_client, customer_id, language, rate, qty
):
    speak(app, tenant, language)

    response = post_invoice(staff_client, customer_id, rate, qty)

    assert response.status_code == 303, response.get_data(as_text=True)
    assert stored_items(app, tenant) == [(Decimal("2.5"), Decimal("1234.56"))]


@pytest.mark.parametrize(
    ("language", "typed", "error"),
    [
        ("en", "1.234,56", "Please enter a number such as 1,234.56."),
        ("de", "1,234.56", "Bitte geben Sie eine Zahl wie 1.234,56 ein."),
        ("de", "12.5", "Bitte geben Sie eine Zahl wie 1.234,56 ein."),
        ("de", "zehn", "Bitte geben Sie eine Zahl wie 1.234,56 ein."),
        ("de", "NaN", "Bitte geben Sie eine Zahl wie 1.234,56 ein."),
        ("de", "99999999999", "Diese Zahl ist zu groß."),
        ("de", "1,005", "Höchstens 2 Nachkommastellen, bitte."),
    ],
)
def test_amount_that_is_not_a_number_in_the_ui_language_gets_a_field_error(
    app, tenant, staff_client, customer_id, language, typed, error
):
    speak(app, tenant, language)

    response = post_invoice(staff_client, customer_id, typed)

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert error in page and f'value="{typed}"' in page
    assert stored_items(app, tenant) == []


def unpaid_invoice(app, tenant, customer_id) -> str:
    """An unpaid invoice of 1.234,56 € net (1.469,13 € with VAT); returns its path."""
    with in_tenant(app, tenant) as session:
        invoice = save_invoice(
            Invoice(),
            {
                "customer_id": customer_id, "date": date(YEAR, 3, 1), "duedate": None,
                "notes": "", "items": [{"description": "Webdesign", "qty": Decimal("2.5"),
                                        "rate": Decimal("1234.56"), "taxrate": 19}],
            },
        )  # fmt: skip
        invoice.status = "unpaid"
        session.commit()
        return f"/admin/invoices/{invoice.id}"


@pytest.mark.parametrize(
    ("language", "typed", "paid"),
    [("en", "1,000.50", "€1,000.50"), ("de", "1.000,50", f"1.000,50{NBSP}€")],
)
def test_payment_typed_in_the_ui_language_is_stored_and_shown_in_it(
    app, tenant, staff_client, customer_id, language, typed, paid
):
    speak(app, tenant, language)
    path = unpaid_invoice(app, tenant, customer_id)

    response = staff_client.submit(
        f"{path}/payments", {"amount": typed, "date": f"{YEAR}-03-10"}, form_path=path
    )

    assert response.status_code == 303
    with in_tenant(app, tenant) as session:
        assert session.scalar(select(Payment.amount)) == Decimal("1000.50")
    assert paid in staff_client.get(path).get_data(as_text=True)


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", ['value="1,234.56"', 'value="2.5"', "€3,086.40", "19%"]),
        ("de", ['value="1.234,56"', 'value="2,5"', f"3.086,40{NBSP}€", f"19{NBSP}%"]),
    ],
)
def test_invoice_page_shows_amounts_in_the_ui_language(
    app, tenant, staff_client, customer_id, language, shown
):
    speak(app, tenant, language)
    path = unpaid_invoice(app, tenant, customer_id)

    page = staff_client.get(path).get_data(as_text=True)
    printed = staff_client.get(f"{path}/print").get_data(as_text=True)

    assert all(text in page for text in shown)
    assert shown[2] in printed


def test_invoice_email_shows_the_total_in_the_recipients_language(app, tenant, staff_client):
    customer_id, contact_id = make_contact(
        app,
        tenant,
        "kim@acme-ltd.test",
        company="Acme Ltd",
        language="en",
        permissions=["invoices"],
    )
    path = unpaid_invoice(app, tenant, customer_id)

    staff_client.submit(f"{path}/send", {"contact_ids": [str(contact_id)]})  # German UI

    with in_tenant(app, tenant) as session:
        message = session.scalar(select(OutboxMessage))
    assert "€3,672.82" in message.body_text and "3.672,82" not in message.body_text


def test_the_footers_language_lasts_so_a_form_is_read_as_it_was_shown(
    app, tenant, staff_client, customer_id
):
    """A German admin switches the footer to English: the pages after it, and the forms
    posted from them, stay English (``1,000`` is one thousand, not one)."""
    assert 'lang="en"' in staff_client.get("/admin/invoices/new?lang=en").text
    assert post_invoice(staff_client, customer_id, "1,000", "1.5").status_code == 303
    assert stored_items(app, tenant) == [(Decimal("1.50"), Decimal("1000.00"))]
    assert 'lang="en"' in staff_client.get("/admin/invoices").text


def test_a_payment_above_the_outstanding_amount_is_refused(app, tenant, staff_client, customer_id):
    path = unpaid_invoice(app, tenant, customer_id)
    response = staff_client.submit(
        f"{path}/payments", {"amount": "5.000,00", "date": f"{YEAR}-03-10"}, form_path=path
    )
    assert response.status_code == 200
    assert f"höher als der offene Betrag (3.672,82{NBSP}€)" in response.text
    with in_tenant(app, tenant) as session:
        assert session.scalar(select(Payment.amount)) is None
        assert session.scalar(select(Invoice.status)) == "unpaid"
