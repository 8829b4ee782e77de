"""Credit notes: created from an invoice with its items and an own number series, applied to
open invoices (amount due drops, never below zero, exact), refunded, sent, shown to the
customer beside invoices; 404 for others, 403 without the ``invoices`` permission."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from crm.credit_notes.models import CreditNote
from crm.invoices.models import Invoice, InvoiceStatus
from crm.invoices.service import save_invoice, send_invoice
from gorilla.extensions import db
from mail_templates.models import OutboxMessage
from tests.conftest import client_for, run_together
from tests.crm_factories import in_tenant
from tests.estimate_helpers import ITEMS, contact_client
from tests.portal_helpers import make_contact

YEAR = date.today().year


@pytest.fixture
def people(app, tenant):
    kunde, kim = make_contact(app, tenant, "kim@kunde.de", permissions=["invoices"])
    _, ole = make_contact(app, tenant, "ole@kunde.de", permissions=["invoices"],
                          credit_note_emails=False)  # fmt: skip
    make_contact(app, tenant, "paul@kunde.de", permissions=["estimates"])
    andere, _ = make_contact(app, tenant, "eva@andere.de", company="Andere AG",
                             permissions=["invoices"])  # fmt: skip
    return kunde, kim, ole, andere


def _invoice(app, tenant, customer_id, contact_ids=()):
    with in_tenant(app, tenant):
        data = {"customer_id": customer_id, "date": date.today(), "duedate": None, "notes": "",
                "items": ITEMS}  # fmt: skip
        invoice = save_invoice(Invoice(), data)
        send_invoice(invoice, contact_ids)
        db.session.commit()
        return invoice.id


def _credit(staff_client, invoice_id):
    response = staff_client.submit(
        f"/admin/invoices/{invoice_id}/credit-note", {}, form_path=f"/admin/invoices/{invoice_id}"
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def _note(app, tenant, note_id):
    with in_tenant(app, tenant):
        note = db.session.get(CreditNote, note_id)
        note.uses  # noqa: B018 - load before the session ends
        return note


def _invoice_row(app, tenant, invoice_id):
    with in_tenant(app, tenant):
        return db.session.get(Invoice, invoice_id)


def test_credit_note_from_an_invoice_copies_items_with_its_own_numbers(
    app, tenant, people, staff_client
):
    invoice_id = _invoice(app, tenant, people[0], [people[1]])
    first, second = _credit(staff_client, invoice_id), _credit(staff_client, invoice_id)
    page = staff_client.get(f"/admin/credit-notes/{first}").get_data(as_text=True)
    assert f"GS-{YEAR}-0001" in page and "1.168,55\xa0€" in page and f"RE-{YEAR}-0001" in page
    assert _note(app, tenant, second).number == f"GS-{YEAR}-0002"
    listing = staff_client.get("/admin/credit-notes").get_data(as_text=True)
    assert f"GS-{YEAR}-0001" in listing and f"GS-{YEAR}-0002" in listing
    pdf = staff_client.get(f"/admin/credit-notes/{first}/pdf")
    assert (
        pdf.data.startswith(b"%PDF") and f"GS-{YEAR}-0001.pdf" in pdf.headers["Content-Disposition"]
    )


def test_applying_credit_lowers_the_amount_due_exactly(app, tenant, people, staff_client):
    source = _invoice(app, tenant, people[0], [people[1]])
    open_one = _invoice(app, tenant, people[0], [people[1]])
    other_customers = _invoice(app, tenant, people[3])
    note_id = _credit(staff_client, source)
    path = f"/admin/credit-notes/{note_id}"
    page = staff_client.get(path).get_data(as_text=True)
    assert f'value="{other_customers}"' not in page
    response = staff_client.submit(
        f"{path}/apply", {"invoice_id": open_one, "amount": "100,10"}, form_path=path
    )
    assert response.status_code == 303
    invoice = _invoice_row(app, tenant, open_one)
    assert invoice.balance == Decimal("1068.45") and invoice.status == InvoiceStatus.UNPAID
    note = _note(app, tenant, note_id)
    assert note.amount_applied == Decimal("100.10") and note.remaining == Decimal("1068.45")
    # the rest pays the invoice in full; more than is due is refused
    refused = staff_client.submit(
        f"{path}/apply", {"invoice_id": open_one, "amount": "1068,46"}, form_path=path
    )
    assert refused.status_code == 400, refused.status_code
    assert "offene Betrag der Rechnung" in refused.get_data(as_text=True)
    staff_client.submit(f"{path}/apply", {"invoice_id": open_one, "amount": "1068,45"},
                        form_path=path)  # fmt: skip
    invoice = _invoice_row(app, tenant, open_one)
    assert invoice.balance == 0 and invoice.status == InvoiceStatus.PAID
    assert _note(app, tenant, note_id).remaining == 0


def test_credit_cannot_go_to_another_customers_invoice(app, tenant, people, staff_client):
    note_id = _credit(staff_client, _invoice(app, tenant, people[0], [people[1]]))
    foreign = _invoice(app, tenant, people[3])
    path = f"/admin/credit-notes/{note_id}"
    response = staff_client.submit(
        f"{path}/apply", {"invoice_id": foreign, "amount": "10"}, form_path=path
    )
    assert response.status_code == 400
    assert _invoice_row(app, tenant, foreign).amount_paid == 0


def test_refund_takes_no_more_than_the_remaining_credit(app, tenant, people, staff_client):
    note_id = _credit(staff_client, _invoice(app, tenant, people[0], [people[1]]))
    path = f"/admin/credit-notes/{note_id}"
    data = {"amount": "1168,55", "date": date.today().isoformat(), "note": "Überweisung"}
    assert staff_client.submit(f"{path}/refund", data, form_path=path).status_code == 303
    again = staff_client.submit(f"{path}/refund", data | {"amount": "0,01"}, form_path=path)
    assert again.status_code == 400 and "verbleibende Guthaben" in again.get_data(as_text=True)
    note = _note(app, tenant, note_id)
    assert note.amount_refunded == Decimal("1168.55") and note.remaining == 0


def test_two_refunds_racing_never_exceed_the_credit(app, tenant, people, staff_client):
    note_id = _credit(staff_client, _invoice(app, tenant, people[0], [people[1]]))
    clients = [client_for(app, tenant.slug) for _ in range(2)]
    tokens = []
    for client in clients:
        client.sign_in(f"admin@{tenant.slug}.test")
        tokens.append(client.csrf(f"/admin/credit-notes/{note_id}"))
    data = {"amount": "1000", "date": date.today().isoformat()}
    results = run_together(
        *[
            lambda c=c, t=t: (
                c.post(
                    f"/admin/credit-notes/{note_id}/refund", data=data | {"csrf_token": t}
                ).status_code
            )
            for c, t in zip(clients, tokens, strict=True)
        ]
    )
    assert sorted(results) == [303, 400]
    assert _note(app, tenant, note_id).amount_refunded == Decimal("1000.00")


def test_sending_emails_contacts_with_credit_note_emails(app, tenant, people, staff_client):
    note_id = _credit(staff_client, _invoice(app, tenant, people[0]))
    path = f"/admin/credit-notes/{note_id}/send"
    page = staff_client.get(path).get_data(as_text=True)
    assert f'value="{people[1]}" checked' in page or "checked" in page
    response = staff_client.submit(path, {"contact_ids": [people[1], people[2]]})
    assert response.status_code == 303
    with in_tenant(app, tenant):
        sent = [(m.to_email, m.template_slug) for m in db.session.scalars(select(OutboxMessage))
                if m.template_slug == "credit-note-sent"]  # fmt: skip
    assert sent == [("kim@kunde.de", "credit-note-sent")]


def test_customer_sees_credit_notes_beside_invoices(app, tenant, people, staff_client):
    note_id = _credit(staff_client, _invoice(app, tenant, people[0], [people[1]]))
    kim = contact_client(app, tenant.slug, "kim@kunde.de")
    assert "Gutschriften" in kim.get("/kunden/").get_data(as_text=True)
    assert f"GS-{YEAR}-0001" in kim.get("/kunden/gutschriften").get_data(as_text=True)
    assert f"GS-{YEAR}-0001" in kim.get(f"/kunden/gutschriften/{note_id}").get_data(as_text=True)
    assert kim.get(f"/kunden/gutschriften/{note_id}/pdf").data.startswith(b"%PDF")


def test_others_get_404_and_contacts_without_invoices_403(
    app, tenant, other_tenant, people, staff_client
):
    invoice_id = _invoice(app, tenant, people[0], [people[1]])
    note_id = _credit(staff_client, invoice_id)
    base = f"/kunden/gutschriften/{note_id}"
    eva = contact_client(app, tenant.slug, "eva@andere.de")
    make_contact(app, other_tenant, "kim@kunde.de", permissions=["invoices"])
    stranger = contact_client(app, other_tenant.slug, "kim@kunde.de")
    for client in (eva, stranger):
        for path in (base, f"{base}/pdf"):
            assert client.get(path).status_code == 404, path
    paul = contact_client(app, tenant.slug, "paul@kunde.de")
    for path in ("/kunden/gutschriften", base, f"{base}/pdf"):
        assert paul.get(path).status_code == 403, path
    staff = client_for(app, other_tenant.slug)
    staff.sign_in(f"admin@{other_tenant.slug}.test")
    admin = f"/admin/credit-notes/{note_id}"
    for path in (admin, f"{admin}/pdf", f"{admin}/print", f"{admin}/send"):
        assert staff.get(path).status_code == 404, path
    token = staff.csrf("/admin/estimates/new")
    for path in (f"{admin}/apply", f"{admin}/refund", f"/admin/invoices/{invoice_id}/credit-note"):
        assert staff.post(path, data={"csrf_token": token}).status_code == 404, path
