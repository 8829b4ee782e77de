"""Proposals (Vorschläge): staff create, edit, send, delete drafts, discuss and convert;
contacts see, accept with a signature, decline and discuss them in the customer area."""

from datetime import date, timedelta

import pytest

from crm.proposals.models import Proposal, ProposalStatus
from tests.conftest import client_for
from tests.portal_helpers import make_contact, update
from tests.proposal_helpers import (
    audit_actions,
    contact_client,
    create,
    outbox,
    proposal_row,
    send,
    signed,
)

SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def customer(app, tenant):
    """Kunde GmbH with Kim (primary, proposals) and Ole (invoices only); Andere AG with Eva."""
    customer_id, _ = make_contact(app, tenant, "kim@kunde.de", permissions=["proposals"])
    make_contact(app, tenant, "ole@kunde.de", permissions=["invoices"])
    make_contact(app, tenant, "eva@andere.de", company="Andere AG", permissions=["proposals"])
    return customer_id


@pytest.fixture
def sent(app, tenant, customer, staff_client):
    """A proposal sent to Kunde GmbH."""
    proposal_id = create(staff_client, customer)
    send(staff_client, proposal_id)
    return proposal_id


def test_staff_create_a_draft_with_rich_text_and_items(app, tenant, customer, staff_client):
    proposal_id = create(staff_client, customer)
    page = staff_client.get(f"/admin/proposals/{proposal_id}").get_data(as_text=True)
    assert "Website-Relaunch" in page and "Entwurf" in page
    assert "2.380,00\xa0€" in page  # 2 × 1.000 + 19 %
    assert outbox(app, tenant) == []
    listing = staff_client.get("/admin/proposals?status=draft").get_data(as_text=True)
    assert "Website-Relaunch" in listing
    assert "Website-Relaunch" not in staff_client.get("/admin/proposals?status=sent").get_data(
        as_text=True
    )


def test_a_proposal_without_items_is_fine_but_half_filled_rows_are_not(customer, staff_client):
    create(
        staff_client, customer, **{"items-0-description": "", "items-0-rate": "", "items-0-qty": ""}
    )
    response = staff_client.submit(
        "/admin/proposals/new",
        {"customer_id": customer, "subject": "X", "items-0-description": "Nur Text"},
    )
    assert response.status_code == 200
    assert "Bitte geben Sie einen Preis ein." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "data, error",
    [
        ({"subject": ""}, "Bitte geben Sie einen Betreff ein."),
        ({"customer_id": ""}, "Bitte wählen Sie einen Kunden."),
        ({"subject": "a\x00b"}, None),
        ({"items-0-rate": "9" * 40}, None),
    ],
)
def test_invalid_proposal_form_re_renders_with_errors(customer, staff_client, data, error):
    base = {"customer_id": customer, "subject": "Relaunch", "content": "x"}
    response = staff_client.submit("/admin/proposals/new", base | data)
    assert response.status_code == 200
    if error:
        assert error in response.get_data(as_text=True)


def test_send_dialog_preselects_contacts_with_the_proposals_permission(customer, staff_client):
    proposal_id = create(staff_client, customer)
    page = staff_client.get(f"/admin/proposals/{proposal_id}/send").get_data(as_text=True)
    assert "kim@kunde.de" in page and "ole@kunde.de" not in page and "eva@andere.de" not in page
    assert "checked" in page


def test_sending_emails_the_contacts_and_marks_it_sent(app, tenant, sent, staff_client):
    assert outbox(app, tenant) == [("kim@kunde.de", "proposal-sent")]
    assert proposal_row(app, tenant, sent).status == ProposalStatus.SENT
    assert "proposal_sent" in audit_actions(app, tenant)


def test_customer_sees_sent_proposals_never_drafts_and_opening_marks_it_open(
    app, tenant, customer, sent, staff_client
):
    draft = create(staff_client, customer, subject="Geheimer Entwurf")
    kim = contact_client(app, "kim@kunde.de")
    listing = kim.get("/kunden/vorschlaege").get_data(as_text=True)
    assert "Website-Relaunch" in listing and "Geheimer Entwurf" not in listing
    assert kim.get(f"/kunden/vorschlaege/{draft}").status_code == 404
    page = kim.get(f"/kunden/vorschlaege/{sent}").get_data(as_text=True)
    assert "<h2>Angebot</h2>" in page and "<strong>Drei</strong>" in page
    assert proposal_row(app, tenant, sent).status == ProposalStatus.OPEN
    staff_page = staff_client.get(f"/admin/proposals/{sent}").get_data(as_text=True)
    assert "Offen" in staff_page and "Vorschlag vom Kunden geöffnet" in staff_page


def test_home_panel_lists_proposals_awaiting_an_answer(app, sent):
    kim = contact_client(app, "kim@kunde.de")
    home = kim.get("/kunden/").get_data(as_text=True)
    assert "Website-Relaunch" in home and "Vorschläge zu beantworten" in home


def test_accepting_with_a_signature_records_it_once(app, tenant, sent, staff_client):
    kim = contact_client(app, "kim@kunde.de")
    path = f"/kunden/vorschlaege/{sent}"
    first = kim.submit(f"{path}/annehmen", signed(), form_path=path)
    second = kim.submit(f"{path}/annehmen", signed(), form_path="/kunden/profil")
    assert first.status_code == second.status_code == 303
    row = proposal_row(app, tenant, sent)
    assert row.status == ProposalStatus.ACCEPTED and row.signed_name == "Kim Kunde"
    assert row.signature_file and row.signed_ip
    assert audit_actions(app, tenant).count("proposal_accepted") == 1
    staff_mails = [m for m in outbox(app, tenant) if m[1] == "staff-proposal-accepted"]
    assert staff_mails == [("admin@acme.test", "staff-proposal-accepted")]
    page = kim.get(path).get_data(as_text=True)
    assert "Angenommen von Kim Kunde" in page and "Vorschlag annehmen" not in page
    declined = kim.submit(f"{path}/ablehnen", {"reason": "doch nicht"}, form_path="/kunden/profil")
    assert declined.status_code == 303
    assert proposal_row(app, tenant, sent).status == ProposalStatus.ACCEPTED
    assert b"%PDF" in staff_client.get(f"/admin/proposals/{sent}/pdf").data[:10]


def test_two_tabs_accepting_at_once_make_one_acceptance(app, tenant, sent):
    from tests.conftest import run_together

    tabs = [contact_client(app, "kim@kunde.de") for _ in range(2)]
    path = f"/kunden/vorschlaege/{sent}"
    tokens = [tab.csrf(path) for tab in tabs]
    for tab in tabs:
        tab.waits_for_mail = False

    def post(tab, token):
        return lambda: tab.post(f"{path}/annehmen", data={"csrf_token": token, **signed()})

    results = run_together(*(post(tab, token) for tab, token in zip(tabs, tokens, strict=True)))
    assert {r.status_code for r in results} == {303}
    assert audit_actions(app, tenant).count("proposal_accepted") == 1


def test_a_bad_signature_re_renders_the_form(app, tenant, sent):
    kim = contact_client(app, "kim@kunde.de")
    path = f"/kunden/vorschlaege/{sent}"
    response = kim.submit(
        f"{path}/annehmen", signed(signature="data:image/png;base64,xx"), form_path=path
    )
    assert response.status_code == 200
    assert "kein gültiges Bild" in (response.get_data(as_text=True))
    assert proposal_row(app, tenant, sent).status == ProposalStatus.OPEN


def test_expired_proposal_cannot_be_accepted_but_can_be_declined(app, tenant, sent):
    update(app, tenant, Proposal, sent, open_till=date.today() - timedelta(days=1))
    kim = contact_client(app, "kim@kunde.de")
    path = f"/kunden/vorschlaege/{sent}"
    page = kim.get(path).get_data(as_text=True)
    assert "abgelaufen" in page and "Mit Unterschrift annehmen" not in page
    response = kim.submit(f"{path}/annehmen", signed(), form_path=path)
    assert response.status_code == 303
    assert proposal_row(app, tenant, sent).status == ProposalStatus.OPEN
    kim.submit(f"{path}/ablehnen", {"reason": "zu spät"}, form_path=path)
    row = proposal_row(app, tenant, sent)
    assert row.status == ProposalStatus.DECLINED and row.decline_reason == "zu spät"
    assert ("admin@acme.test", "staff-proposal-declined") in outbox(app, tenant)


def test_comments_reach_the_other_side_and_stay_within_the_customer(
    app, tenant, sent, staff_client
):
    kim = contact_client(app, "kim@kunde.de")
    path = f"/kunden/vorschlaege/{sent}"
    kim.submit(f"{path}/kommentare", {"body": "Frage zur Schulung"}, form_path=path)
    assert ("admin@acme.test", "staff-proposal-comment") in outbox(app, tenant)
    staff_page = staff_client.get(f"/admin/proposals/{sent}").get_data(as_text=True)
    assert "Frage zur Schulung" in staff_page
    staff_client.submit(
        f"/admin/proposals/{sent}/comments",
        {"body": "Vor Ort."},
        form_path=f"/admin/proposals/{sent}",
    )
    assert ("kim@kunde.de", "proposal-comment") in outbox(app, tenant)
    assert "Vor Ort." in kim.get(path).get_data(as_text=True)
    eva = contact_client(app, "eva@andere.de")
    assert eva.get(path).status_code == 404
    empty = eva.submit(f"{path}/kommentare", {"body": "x"}, form_path="/kunden/profil")
    assert empty.status_code == 404


def test_rich_text_is_sanitised_on_pages_and_in_the_pdf(app, tenant, customer, staff_client):
    proposal_id = create(staff_client, customer, content=f"Hallo {SCRIPT} [x](javascript:alert(1))")
    send(staff_client, proposal_id)
    kim = contact_client(app, "kim@kunde.de")
    page = kim.get(f"/kunden/vorschlaege/{proposal_id}").get_data(as_text=True)
    assert "<script>alert" not in page and 'href="javascript' not in page
    assert "&lt;script&gt;" in page  # shown as text, never run
    pdf = kim.get(f"/kunden/vorschlaege/{proposal_id}/pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert b"<script" not in pdf.data


def test_only_drafts_can_be_deleted(app, tenant, customer, sent, staff_client):
    draft = create(staff_client, customer)
    response = staff_client.submit(
        f"/admin/proposals/{draft}/delete", {}, form_path=f"/admin/proposals/{draft}"
    )
    assert response.status_code == 303
    assert staff_client.get(f"/admin/proposals/{draft}").status_code == 404
    refused = staff_client.submit(
        f"/admin/proposals/{sent}/delete", {}, form_path=f"/admin/proposals/{sent}"
    )
    assert refused.status_code == 409


def test_accepted_proposal_converts_to_one_invoice(app, tenant, sent, staff_client):
    kim = contact_client(app, "kim@kunde.de")
    path = f"/kunden/vorschlaege/{sent}"
    kim.submit(f"{path}/annehmen", signed(), form_path=path)
    staff_path = f"/admin/proposals/{sent}"
    first = staff_client.submit(
        f"{staff_path}/convert", {"target": "invoice"}, form_path=staff_path
    )
    second = staff_client.submit(
        f"{staff_path}/convert", {"target": "invoice"}, form_path=staff_path
    )
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert "/admin/invoices/" in first.headers["Location"]
    invoice = staff_client.get(first.headers["Location"]).get_data(as_text=True)
    assert "Relaunch" in invoice and "2.380,00\xa0€" in invoice
    assert audit_actions(app, tenant).count("proposal_converted") == 1


def test_accepted_proposal_converts_to_one_estimate_and_then_no_more(
    app, tenant, sent, staff_client
):
    kim = contact_client(app, "kim@kunde.de")
    path = f"/kunden/vorschlaege/{sent}"
    kim.submit(f"{path}/annehmen", signed(), form_path=path)
    staff_path = f"/admin/proposals/{sent}"
    assert "In Angebot umwandeln" in staff_client.get(staff_path).get_data(as_text=True)
    first = staff_client.submit(
        f"{staff_path}/convert", {"target": "estimate"}, form_path=staff_path
    )
    assert first.status_code == 303 and "/admin/estimates/" in first.headers["Location"]
    estimate = staff_client.get(first.headers["Location"]).get_data(as_text=True)
    assert "Relaunch" in estimate and "2.380,00\xa0€" in estimate
    again = staff_client.submit(
        f"{staff_path}/convert", {"target": "invoice"}, form_path=staff_path
    )
    assert again.headers["Location"] == first.headers["Location"]  # converted once, for good


def test_unaccepted_proposal_is_not_converted(sent, staff_client):
    path = f"/admin/proposals/{sent}"
    response = staff_client.submit(f"{path}/convert", {"target": "invoice"}, form_path=path)
    assert response.status_code == 303 and response.headers["Location"].endswith(path)
    assert "/admin/invoices/" not in staff_client.get(path).get_data(as_text=True)


def test_contact_without_the_permission_gets_403_everywhere(app, sent):
    ole = contact_client(app, "ole@kunde.de")
    path = f"/kunden/vorschlaege/{sent}"
    for url in ("/kunden/vorschlaege", path, f"{path}/pdf"):
        assert ole.get(url).status_code == 403
    for action, data in (("annehmen", signed()), ("ablehnen", {}), ("kommentare", {"body": "x"})):
        assert ole.submit(f"{path}/{action}", data, form_path="/kunden/profil").status_code == 403
    assert "Vorschläge" not in ole.get("/kunden/").get_data(as_text=True)


def test_other_customers_contact_gets_404_on_every_route(app, tenant, sent):
    eva = contact_client(app, "eva@andere.de")
    path = f"/kunden/vorschlaege/{sent}"
    assert eva.get(path).status_code == 404
    assert eva.get(f"{path}/pdf").status_code == 404
    for action, data in (("annehmen", signed()), ("ablehnen", {}), ("kommentare", {"body": "x"})):
        assert eva.submit(f"{path}/{action}", data, form_path="/kunden/profil").status_code == 404
    assert proposal_row(app, tenant, sent).status == ProposalStatus.SENT


def test_other_tenant_gets_404_on_every_route(app, tenant, other_tenant, sent):
    make_contact(app, other_tenant, "kim@globex-kunde.de", permissions=["proposals"])
    staff = client_for(app, other_tenant.slug)
    assert staff.sign_in(f"admin@{other_tenant.slug}.test").status_code == 302
    admin = f"/admin/proposals/{sent}"
    for url in (admin, f"{admin}/send", f"{admin}/pdf"):
        assert staff.get(url).status_code == 404
    for action in ("delete", "comments", "convert", "send"):
        response = staff.submit(
            f"{admin}/{action}", {"body": "x"}, form_path="/admin/proposals/new"
        )
        assert response.status_code == 404
    contact = contact_client(app, "kim@globex-kunde.de", slug=other_tenant.slug)
    path = f"/kunden/vorschlaege/{sent}"
    assert contact.get(path).status_code == 404
    assert contact.get(f"{path}/pdf").status_code == 404
    for action, data in (("annehmen", signed()), ("ablehnen", {}), ("kommentare", {"body": "x"})):
        response = contact.submit(f"{path}/{action}", data, form_path="/kunden/profil")
        assert response.status_code == 404


def test_customer_with_proposals_cannot_be_deleted(customer, sent, staff_client):
    response = staff_client.submit(
        f"/admin/customers/{customer}/delete", {}, form_path=f"/admin/customers/{customer}"
    )
    assert staff_client.get(f"/admin/customers/{customer}").status_code == 200
    assert response.status_code in (303, 409, 200)
