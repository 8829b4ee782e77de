"""GDPR and the document features: a contact's export holds its answers to estimates and
proposals, its contract signatures (with the drawn images), its comments and its tickets, and
nothing of another contact or of staff; anonymisation blanks the signer's data on them while
the documents stay."""

import io
import json
import zipfile

import pytest
from sqlalchemy import select

from crm.contracts.models import Contract, ContractHistory
from crm.estimates.models import Estimate, EstimateHistory
from crm.proposals.models import Proposal
from gorilla.extensions import db
from gorilla.storage import upload_path
from tests import proposal_helpers
from tests.conftest import client_for
from tests.contract_helpers import create_contract, send_to_all, sign_data
from tests.crm_factories import in_tenant, submit_multipart
from tests.estimate_helpers import estimate, signature_url
from tests.portal_helpers import CONTACT_PASSWORD, make_contact
from tests.test_gdpr import _export_statements

EXPORT = "/kunden/profil/daten-export"
ALL = ["estimates", "proposals", "contracts", "support"]


def _client(app, tenant, email, address):
    client = client_for(app, tenant.slug)
    client.environ_base["REMOTE_ADDR"] = address
    assert client.sign_in(email, CONTACT_PASSWORD, path="/kunden/login").status_code == 302
    return client


def _ok(response):
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return response


def _answer_estimate(client, estimate_id, accept, **signer):
    path = f"/kunden/angebote/{estimate_id}"
    if accept:
        data = {"firstname": "Kim", "lastname": "Kunde", "email": "kim@kunde.de"} | signer
        return _ok(client.submit(f"{path}/annehmen", data | {"signature": signature_url()},
                                 form_path=path))  # fmt: skip
    return _ok(client.submit(f"{path}/ablehnen", signer, form_path=path))


def _open_ticket(client, subject, message, files=()):
    data = {"subject": subject, "priority": "high", "message": message, "department_id": ""}
    if files:
        data["attachments"] = list(files)
    response = _ok(submit_multipart(client, "/kunden/tickets/neu", data))
    return int(response.headers["Location"].rsplit("/", 1)[1])


def _reply(client, ticket_id, message):
    path = f"/kunden/tickets/{ticket_id}"
    _ok(submit_multipart(client, f"{path}/antworten", {"message": message}, path))


def _comment(client, path, body):
    _ok(client.submit(f"{path}/kommentare", {"body": body}, form_path=path))


@pytest.fixture
def dealt(app, tenant, staff_client):
    """Kim and Ole of Kunde GmbH answer estimates, a proposal and a contract, comment and
    write tickets; staff answer Kim's ticket."""
    customer_id, kim_id = make_contact(app, tenant, "kim@kunde.de", permissions=ALL)
    _, ole_id = make_contact(app, tenant, "ole.zweit@kunde.de", permissions=ALL,
                             firstname="Olafur", lastname="Zweitmann")  # fmt: skip
    kim = _client(app, tenant, "kim@kunde.de", "10.1.1.1")
    ole = _client(app, tenant, "ole.zweit@kunde.de", "10.2.2.2")
    accepted, kim_declined, ole_declined = (
        estimate(app, tenant, customer_id, contact_ids=[kim_id]) for _ in range(3)
    )
    _answer_estimate(kim, accepted, True, firstname="Kimberly", email="kim.sign@kunde.de")
    _answer_estimate(kim, kim_declined, False, reason="Kims-Grund-xyz")
    _answer_estimate(ole, ole_declined, False, reason="Oles-Grund-xyz")
    proposal_id = proposal_helpers.create(staff_client, customer_id)
    proposal_helpers.send(staff_client, proposal_id)
    proposal_path = f"/kunden/vorschlaege/{proposal_id}"
    _comment(ole, proposal_path, "Oles-Vorschlag-Kommentar")
    _comment(kim, proposal_path, "Kims-Vorschlag-Kommentar")
    _ok(kim.submit(f"{proposal_path}/annehmen", proposal_helpers.signed(), form_path=proposal_path))
    contract_id = create_contract(staff_client, customer_id)
    send_to_all(staff_client, contract_id, [kim_id, ole_id])
    contract_path = f"/kunden/vertraege/{contract_id}"
    _comment(kim, contract_path, "Kims-Vertrag-Kommentar")
    _comment(ole, contract_path, "Oles-Vertrag-Kommentar")
    _ok(kim.submit(f"{contract_path}/unterschreiben", sign_data(), form_path=contract_path))
    ticket = _open_ticket(kim, "Kims-Ticket", "Kims-Nachricht-eins",
                          [(io.BytesIO(b"%PDF-1.4 Kims-Datei"), "kim.pdf")])  # fmt: skip
    _open_ticket(ole, "Oles-Ticket", "Oles-Nachricht")
    reply = f"/admin/tickets/{ticket}/reply"
    data = {"message": "Staff-Antwort-xyz", "status": "answered", "predefined_reply_id": ""}
    _ok(submit_multipart(staff_client, reply, data, f"/admin/tickets/{ticket}"))
    _reply(kim, ticket, "Kims-Nachricht-zwei")
    return {
        "kim_id": kim_id, "kim": kim, "customer_id": customer_id, "accepted": accepted,
        "kim_declined": kim_declined, "proposal": proposal_id, "contract": contract_id,
        "ticket": ticket,
    }  # fmt: skip


def _export(client) -> tuple[dict, zipfile.ZipFile]:
    response = client.post(EXPORT, data={"csrf_token": client.csrf(EXPORT)})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    return json.loads(archive.read("data.json")), archive


def test_export_holds_the_contacts_answers_signatures_comments_and_tickets(app, tenant, dealt):
    data, archive = _export(dealt["kim"])
    estimates = {row["id"]: row for row in data["answers"]["estimates"]}
    assert set(estimates) == {dealt["accepted"], dealt["kim_declined"]}
    accepted = estimates[dealt["accepted"]]
    assert accepted["status"] == "accepted" and accepted["number"].startswith("AN-")
    signature = accepted["signature"]
    assert (signature["firstname"], signature["lastname"], signature["email"]) == (
        "Kimberly", "Kunde", "kim.sign@kunde.de")  # fmt: skip
    assert signature["ip_address"] == "10.1.1.1" and signature["time"]
    declined = estimates[dealt["kim_declined"]]
    assert declined["decline_reason"] == "Kims-Grund-xyz" and declined["signature"] is None
    [proposal] = data["answers"]["proposals"]
    assert proposal["id"] == dealt["proposal"] and proposal["signature"]["ip_address"] == "10.1.1.1"
    [contract] = data["answers"]["contracts"]
    assert contract["id"] == dealt["contract"] and contract["signature"]["email"] == "kim@kunde.de"
    with in_tenant(app, tenant):
        for kind, model, key in (("estimate", Estimate, "accepted"),
                                 ("proposal", Proposal, "proposal"),
                                 ("contract", Contract, "contract")):  # fmt: skip
            stored = upload_path(db.session.get(model, dealt[key]).signature_file).read_bytes()
            name = f"files/signatures/{kind}-{dealt[key]}.png"
            assert archive.read(name) == stored
    assert proposal["signature"]["image"] == f"files/signatures/proposal-{dealt['proposal']}.png"
    assert [c["body"] for c in data["proposal_comments"]] == ["Kims-Vorschlag-Kommentar"]
    assert [c["body"] for c in data["contract_comments"]] == ["Kims-Vertrag-Kommentar"]
    assert [t["subject"] for t in data["tickets"]] == ["Kims-Ticket"]
    messages = data["ticket_messages"]
    assert [m["body"] for m in messages] == ["Kims-Nachricht-eins", "Kims-Nachricht-zwei"]
    [attachment] = messages[0]["attachments"]
    assert archive.read(attachment) == b"%PDF-1.4 Kims-Datei"
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode("latin-1")
    for foreign in ("Olafur", "Zweitmann", "ole.zweit", "Oles-", "10.2.2.2", "Staff-Antwort"):
        assert foreign not in everything, foreign


def test_export_of_dealings_runs_the_same_number_of_queries_at_any_size(app, tenant, dealt):
    few = _export_statements(dealt["kim"])
    kim = dealt["kim"]
    for number in range(3):
        ticket = _open_ticket(kim, f"Noch ein Ticket {number}", "Hallo")
        _reply(kim, ticket, "Nachtrag")
        _comment(kim, f"/kunden/vertraege/{dealt['contract']}", f"Noch ein Kommentar {number}")
        _answer_estimate(kim, estimate(app, tenant, dealt["customer_id"]), False)
    assert _export_statements(kim) == few


def test_anonymising_blanks_the_signer_but_keeps_the_signed_documents(
    app, tenant, dealt, staff_client
):
    path = f"/admin/contacts/{dealt['kim_id']}/privacy"
    response = staff_client.submit(f"/admin/contacts/{dealt['kim_id']}/anonymise", {},
                                   form_path=path)  # fmt: skip
    assert response.status_code == 303
    with in_tenant(app, tenant):
        for model, key in ((Estimate, "accepted"), (Proposal, "proposal"),
                           (Contract, "contract")):  # fmt: skip
            document = db.session.get(model, dealt[key])
            assert document.signed_name == "Gelöschter Kontakt"
            assert (document.signed_email, document.signed_ip) == ("", "")
            assert document.signed_at is not None and upload_path(document.signature_file)
        assert db.session.get(Contract, dealt["contract"]).signed_file_id is not None
        history = [
            f"{row.actor} {row.detail}" for row in db.session.scalars(select(EstimateHistory))
        ]
        history += [
            f"{row.actor_name} {row.detail}" for row in db.session.scalars(select(ContractHistory))
        ]
        personal = ("Kim Kunde", "Kimberly", "kim@", "kim.sign@")
        assert not [line for line in history if any(value in line for value in personal)]
        assert db.session.get(Estimate, dealt["kim_declined"]).declined_reason == "Kims-Grund-xyz"
    for page in (f"/admin/estimates/{dealt['accepted']}", f"/admin/contracts/{dealt['contract']}",
                 f"/admin/proposals/{dealt['proposal']}"):  # fmt: skip
        text = staff_client.get(page).get_data(as_text=True)
        assert "Kimberly" not in text and "kim.sign@kunde.de" not in text and "10.1.1.1" not in text
