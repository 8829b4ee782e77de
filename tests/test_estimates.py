"""Estimates for staff: items and totals, numbering, list filters, send, PDF, duplicate,
delete, convert to invoice (once), reminders."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from crm.customers.models import Customer
from crm.estimates.models import Estimate, EstimateStatus
from crm.estimates.service import create_estimate, customer_has_estimates, remind_expiring
from crm.invoices.models import Invoice
from gorilla.extensions import db
from mail_templates.models import OutboxMessage
from tests.conftest import PG_URL, client_for, run_together
from tests.crm_factories import FORM_ITEMS, in_tenant, save_in_threads, ticked
from tests.estimate_helpers import ITEMS, customers, estimate, load

TODAY = date.today()
LATER = TODAY + timedelta(days=30)
YEAR = TODAY.year


@pytest.fixture
def people(app, tenant):
    return customers(app, tenant)


def _create(staff_client, customer_id, **extra):
    data = {"customer_id": customer_id, "date": TODAY.isoformat(), "expirydate": LATER.isoformat()}
    response = staff_client.submit("/admin/estimates/new", data | FORM_ITEMS | extra)
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def _outbox(app, tenant):
    with in_tenant(app, tenant):
        return sorted(
            (m.to_email, m.template_slug) for m in db.session.scalars(select(OutboxMessage))
        )


def test_staff_create_an_estimate_with_items_and_exact_totals(app, tenant, people, staff_client):
    estimate_id = _create(staff_client, people[0])
    page = staff_client.get(f"/admin/estimates/{estimate_id}").get_data(as_text=True)
    assert f"AN-{YEAR}-0001" in page and "Entwurf" in page
    assert "985,00\xa0€" in page and "183,55\xa0€" in page and "1.168,55\xa0€" in page
    assert "Angebot angelegt" in page  # history line
    assert _outbox(app, tenant) == []


def test_estimate_numbers_are_their_own_gapless_series(app, tenant, people, staff_client):
    first = _create(staff_client, people[0])
    staff_client.submit("/admin/estimates/new", {"customer_id": people[0], "date": ""})
    second = _create(staff_client, people[0])
    assert load(app, tenant, first).number == f"AN-{YEAR}-0001"
    assert load(app, tenant, second).number == f"AN-{YEAR}-0002"
    staff_client.submit(
        "/admin/invoices/new",
        {"customer_id": people[0], "date": f"{YEAR}-03-01"} | FORM_ITEMS,
    )
    with in_tenant(app, tenant):
        assert db.session.scalars(select(Invoice.number)).all() == [f"RE-{YEAR}-0001"]


@pytest.mark.parametrize(
    "data, error",
    [
        ({"date": ""}, "Bitte geben Sie ein Datum ein."),
        ({"expirydate": "2000-02-01"}, "nicht vor dem Angebotsdatum"),
        ({"items-0-rate": "9999999999"}, "Die Angebotssumme ist zu hoch."),
        ({"items-0-qty": "1e999999"}, "has-error"),
    ],
)
def test_invalid_estimate_form_shows_errors(people, staff_client, data, error):
    base = {"customer_id": people[0], "date": f"{YEAR}-03-01", "expirydate": f"{YEAR}-03-31"}
    response = staff_client.submit("/admin/estimates/new", base | FORM_ITEMS | data)
    assert response.status_code == 200
    assert error in response.get_data(as_text=True)


def test_list_filters_by_status_customer_and_period(app, tenant, people, staff_client):
    kunde, kim, _ole, andere = people
    draft = estimate(app, tenant, kunde, sent=False)
    sent = estimate(app, tenant, kunde, contact_ids=[kim])
    expired = estimate(
        app, tenant, andere, issued=date.today() - timedelta(days=40), contact_ids=[]
    )
    numbers = {i: load(app, tenant, i).number for i in (draft, sent, expired)}

    def listed(query):
        page = staff_client.get(f"/admin/estimates?{query}").get_data(as_text=True)
        return {i for i, number in numbers.items() if number in page}

    assert listed("") == {draft, sent, expired}
    assert listed("status=expired") == {expired}
    assert listed("status=sent") == {sent}
    assert listed("status=draft") == {draft}
    assert listed(f"customer={andere}") == {expired}
    since = (date.today() - timedelta(days=5)).isoformat()
    assert listed(f"from={since}") == {draft, sent}
    assert listed("from=gibberish&to=2&status=nonsense&customer=x") == {draft, sent, expired}


def test_a_sent_estimate_without_valid_until_date_is_listed_as_sent(
    app, tenant, people, staff_client
):
    open_ended = estimate(app, tenant, people[0], valid_days=None, contact_ids=[])
    number = load(app, tenant, open_ended).number
    assert number in staff_client.get("/admin/estimates?status=sent").get_data(as_text=True)
    assert number not in staff_client.get("/admin/estimates?status=expired").get_data(as_text=True)


def test_send_dialog_preselects_contacts_with_estimate_emails_primary_first(
    app, tenant, people, staff_client
):
    estimate_id = _create(staff_client, people[0])
    page = staff_client.get(f"/admin/estimates/{estimate_id}/send").get_data(as_text=True)
    boxes = re.findall(r'name="contact_ids" type="checkbox" value="(\d+)"', page)
    assert boxes == [str(people[1]), str(people[2])]  # Kim (primary) first; Paul lacks permission
    assert ticked(page) == {("contact_ids", str(people[1])), ("attach_pdf", "y")}


def test_sending_emails_the_chosen_contacts_and_marks_it_sent(app, tenant, people, staff_client):
    estimate_id = _create(staff_client, people[0])
    response = staff_client.submit(
        f"/admin/estimates/{estimate_id}/send", {"contact_ids": [people[1], people[2]]}
    )
    assert response.status_code == 303
    assert _outbox(app, tenant) == [("kim@kunde.de", "estimate-sent")]  # Ole switched them off
    with in_tenant(app, tenant):
        message = db.session.scalar(select(OutboxMessage))
        assert f"/kunden/angebote/{estimate_id}" in message.body_text
        assert "1.168,55" in message.body_text
    page = staff_client.get(f"/admin/estimates/{estimate_id}").get_data(as_text=True)
    assert "Gesendet" in page and "An den Kunden gesendet" in page


def test_pdf_and_print_view(people, staff_client):
    estimate_id = _create(staff_client, people[0])
    pdf = staff_client.get(f"/admin/estimates/{estimate_id}/pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert f"AN-{YEAR}-0001.pdf" in pdf.headers["Content-Disposition"]
    page = staff_client.get(f"/admin/estimates/{estimate_id}/print").get_data(as_text=True)
    assert f"Angebot AN-{YEAR}-0001" in page and "Gültig bis" in page


def test_duplicate_makes_a_new_draft_and_only_drafts_can_be_deleted(
    app, tenant, people, staff_client
):
    sent = estimate(app, tenant, people[0], contact_ids=[people[1]])
    response = staff_client.submit(
        f"/admin/estimates/{sent}/duplicate", {}, form_path=f"/admin/estimates/{sent}"
    )
    copy = int(response.headers["Location"].rsplit("/", 1)[1])
    copied = load(app, tenant, copy)
    assert copied.status == EstimateStatus.DRAFT and copied.total == load(app, tenant, sent).total
    refused = staff_client.submit(
        f"/admin/estimates/{sent}/delete", {}, form_path=f"/admin/estimates/{sent}"
    )
    assert refused.status_code == 409
    deleted = staff_client.submit(
        f"/admin/estimates/{copy}/delete", {}, form_path=f"/admin/estimates/{copy}"
    )
    assert deleted.status_code == 303
    with in_tenant(app, tenant):
        assert db.session.get(Estimate, copy) is None and db.session.get(Estimate, sent)


def test_convert_makes_one_invoice_that_links_back(app, tenant, people, staff_client):
    estimate_id = estimate(app, tenant, people[0], contact_ids=[people[1]])
    path = f"/admin/estimates/{estimate_id}"
    response = staff_client.submit(f"{path}/convert", {}, form_path=path)
    assert response.status_code == 303
    invoice_id = int(response.headers["Location"].rsplit("/", 1)[1])
    invoice_page = staff_client.get(f"/admin/invoices/{invoice_id}").get_data(as_text=True)
    assert f"AN-{YEAR}-0001" in invoice_page and "1.168,55\xa0€" in invoice_page
    page = staff_client.get(path).get_data(as_text=True)
    assert "in Rechnung umgewandelt" in page and f"RE-{YEAR}-0001" in page
    again = staff_client.submit(
        f"{path}/convert", {}, form_path=f"/admin/estimates/{estimate_id}/print"
    )
    assert again.headers["Location"].endswith(f"/admin/invoices/{invoice_id}")
    with in_tenant(app, tenant):
        assert len(db.session.scalars(select(Invoice)).all()) == 1


def test_two_converts_at_once_make_one_invoice(app, tenant, people):
    estimate_id = estimate(app, tenant, people[0], contact_ids=[people[1]])
    clients = [client_for(app, tenant.slug) for _ in range(2)]
    tokens = []
    for client in clients:
        client.sign_in(f"admin@{tenant.slug}.test")
        tokens.append(client.csrf(f"/admin/estimates/{estimate_id}"))
    results = run_together(
        *[
            lambda c=c, t=t: (
                c.post(
                    f"/admin/estimates/{estimate_id}/convert", data={"csrf_token": t}
                ).status_code
            )
            for c, t in zip(clients, tokens, strict=True)
        ]
    )
    assert sorted(results) == [303, 303]
    with in_tenant(app, tenant):
        assert len(db.session.scalars(select(Invoice)).all()) == 1
        assert db.session.get(Estimate, estimate_id).invoice_id is not None


def test_expiry_reminder_goes_out_once_n_days_before(app, tenant, people):
    kunde, kim = people[0], people[1]
    soon = estimate(app, tenant, kunde, valid_days=2, contact_ids=[kim])
    estimate(app, tenant, kunde, valid_days=20, contact_ids=[kim])
    with in_tenant(app, tenant):
        db.session.execute(db.delete(OutboxMessage))
        assert remind_expiring(date.today()) == 1
        db.session.commit()
        assert remind_expiring(date.today()) == 0
        db.session.commit()
    assert _outbox(app, tenant) == [("kim@kunde.de", "estimate-expiry-reminder")]
    assert load(app, tenant, soon).reminded_at is not None


def test_staff_of_another_tenant_get_404_on_every_estimate_route(app, tenant, other_tenant, people):
    estimate_id = estimate(app, tenant, people[0], contact_ids=[people[1]])
    other = client_for(app, other_tenant.slug)
    other.sign_in(f"admin@{other_tenant.slug}.test")
    base = f"/admin/estimates/{estimate_id}"
    for path in (base, f"{base}/send", f"{base}/print", f"{base}/pdf", f"{base}/signature"):
        assert other.get(path).status_code == 404, path
    token = other.csrf("/admin/estimates/new")
    for action in ("send", "convert", "duplicate", "delete"):
        response = other.post(f"{base}/{action}", data={"csrf_token": token, "contact_ids": "1"})
        assert response.status_code == 404, action


def test_customer_with_estimates_cannot_be_deleted(app, tenant, people):
    estimate(app, tenant, people[3], sent=False)
    with in_tenant(app, tenant):
        assert customer_has_estimates(db.session.get(Customer, people[3]))


def test_search_finds_estimates_by_number(app, tenant, people, staff_client):
    estimate(app, tenant, people[0], sent=False)
    page = staff_client.get(f"/admin/search?q=AN-{YEAR}-0001").get_data(as_text=True)
    assert "/admin/estimates/" in page


@pytest.mark.skipif(not PG_URL, reason="row locks need PostgreSQL")
@pytest.mark.postgres_only
def test_concurrent_creation_gives_unique_gapless_numbers(app, tenant, people):
    data = {
        "customer_id": people[0], "date": date(YEAR, 5, 1), "notes": "", "items": ITEMS,
    }  # fmt: skip
    assert save_in_threads(app, tenant, lambda: create_estimate(data)) == []
    with in_tenant(app, tenant):
        numbers = sorted(db.session.scalars(select(Estimate.number)))
    assert numbers == [f"AN-{YEAR}-{n:04d}" for n in range(1, 21)]
