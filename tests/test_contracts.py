"""Contracts: staff pages, sending, the customer area, signing with a frozen PDF, comments,
attachments, reminders, renewals, settings; isolation across customers and tenants."""

import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from crm.contracts.models import Contract, ContractComment, ContractHistory
from gorilla.extensions import db
from mail_templates.models import OutboxMessage
from mail_templates.reminders import queue_reminders
from tests.conftest import client_for
from tests.contract_helpers import TODAY, contract_data, create_contract, send_to_all, sign_data
from tests.crm_factories import in_tenant, submit_multipart, ticked
from tests.portal_helpers import CONTACT_PASSWORD, make_contact, update

CONTACT_ID_RE = re.compile(r'name="contact_ids" type="checkbox" value="(\d+)"')


@pytest.fixture
def people(app, tenant):
    """Kunde GmbH with Kim (primary, contracts, contract emails) and Ole (contracts, no
    contract emails); Eva of Andere AG with contracts; Paul of Kunde GmbH without."""
    customer_id, kim = make_contact(
        app, tenant, "kim@kunde.de", permissions=["contracts"], contract_emails=True
    )
    _, ole = make_contact(
        app, tenant, "ole@kunde.de", permissions=["contracts"], contract_emails=False
    )
    other_id, eva = make_contact(
        app, tenant, "eva@andere.de", company="Andere AG", permissions=["contracts"],
        contract_emails=True,
    )  # fmt: skip
    make_contact(app, tenant, "paul@kunde.de", permissions=["invoices"])
    return {"customer": customer_id, "kim": kim, "ole": ole, "other": other_id, "eva": eva}


def _contact_client(app, email, slug="acme"):
    client = client_for(app, slug)
    assert client.sign_in(email, CONTACT_PASSWORD, path="/kunden/login").status_code == 302
    return client


def _outbox(app, tenant):
    with in_tenant(app, tenant):
        rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        return [(m.to_email, m.template_slug) for m in rows]


def _sent_contract(staff_client, people, **extra) -> int:
    contract_id = create_contract(staff_client, people["customer"], **extra)
    send_to_all(staff_client, contract_id, [people["kim"]])
    return contract_id


def _get(client, path):
    """GET ``path`` and close the response (file downloads stream): status, body, headers."""
    response = client.get(path)
    try:
        return response.status_code, response.get_data(), response.headers
    finally:
        response.close()


def _sign(client, contract_id, **extra):
    path = f"/kunden/vertraege/{contract_id}"
    return client.submit(f"{path}/unterschreiben", sign_data(**extra), form_path=path)


def test_staff_create_a_draft_and_see_it_listed(app, tenant, people, staff_client):
    contract_id = create_contract(staff_client, people["customer"])
    page = staff_client.get(f"/admin/contracts/{contract_id}").get_data(as_text=True)
    assert "Wartungsvertrag Website" in page and "Entwurf" in page and "Version 1" in page
    listing = staff_client.get("/admin/contracts").get_data(as_text=True)
    assert "Wartungsvertrag Website" in listing and "Kunde GmbH" in listing
    assert "1.200,50\xa0€" in listing
    assert (
        "Wartungsvertrag"
        not in staff_client.get("/admin/contracts?status=signed")
        .get_data(as_text=True)
        .split("<table")[-1]
    )
    assert _outbox(app, tenant) == []


@pytest.mark.parametrize(
    "change, error",
    [
        ({"subject": ""}, "Bitte geben Sie einen Betreff ein."),
        ({"datestart": ""}, "Bitte geben Sie ein Datum ein."),
        ({"dateend": (TODAY - timedelta(days=1)).isoformat()}, "Das Enddatum darf nicht vor"),
        ({"contract_value": "9" * 40}, "Diese Zahl ist zu groß."),
        ({"contract_value": "-5"}, "Bitte geben Sie einen positiven Betrag ein."),
        ({"subject": "Vertrag\x00\x07"}, "Steuerzeichen"),
        ({"contract_type": "99999999999"}, "Ungültige Auswahl"),
        ({"contract_type": "12345"}, "Keine gültige Auswahl."),
    ],
)
def test_invalid_contract_form_shows_errors_and_saves_nothing(
    app, tenant, people, staff_client, change, error
):
    response = staff_client.submit(
        "/admin/contracts/new", contract_data(people["customer"], **change)
    )
    assert response.status_code == 200
    assert error in response.get_data(as_text=True)
    with in_tenant(app, tenant):
        assert db.session.scalar(select(func.count()).select_from(Contract)) == 0


def test_send_dialog_preselects_contract_email_contacts_primary_first(people, staff_client):
    contract_id = create_contract(staff_client, people["customer"])
    page = staff_client.get(f"/admin/contracts/{contract_id}/send").get_data(as_text=True)
    assert page.index("kim@kunde.de") < page.index("ole@kunde.de")
    assert "eva@andere.de" not in page and "paul@kunde.de" not in page
    assert ticked(page) == {("contact_ids", str(people["kim"]))}


def test_sending_marks_sent_and_emails_contacts_with_contract_emails(
    app, tenant, people, staff_client
):
    contract_id = create_contract(staff_client, people["customer"])
    send_to_all(staff_client, contract_id, [people["kim"], people["ole"]])
    assert _outbox(app, tenant) == [("kim@kunde.de", "contract-sent")]
    page = staff_client.get(f"/admin/contracts/{contract_id}").get_data(as_text=True)
    assert "Gesendet" in page and "An den Kunden gesendet" in page


def test_customer_sees_sent_contracts_never_drafts(app, people, staff_client):
    draft = create_contract(staff_client, people["customer"], subject="Entwurfsvertrag")
    sent = _sent_contract(staff_client, people)
    client = _contact_client(app, "kim@kunde.de")
    listing = client.get("/kunden/vertraege").get_data(as_text=True)
    assert "Wartungsvertrag Website" in listing and "Entwurfsvertrag" not in listing
    assert client.get(f"/kunden/vertraege/{draft}").status_code == 404
    assert client.get(f"/kunden/vertraege/{draft}/pdf").status_code == 404
    page = client.get(f"/kunden/vertraege/{sent}").get_data(as_text=True)
    assert "<h2>Leistungen</h2>" in page and "<script>alert" not in page
    assert "Vertrag unterschreiben" in page
    home = client.get("/kunden/").get_data(as_text=True)
    assert "Zu unterschreibende Verträge" in home and "Wartungsvertrag Website" in home
    pdf = client.get(f"/kunden/vertraege/{sent}/pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_signing_records_who_freezes_the_pdf_and_tells_staff(app, tenant, people, staff_client):
    contract_id = _sent_contract(staff_client, people)
    client = _contact_client(app, "kim@kunde.de")
    response = _sign(client, contract_id)
    assert response.status_code == 303
    page = client.get(f"/kunden/vertraege/{contract_id}").get_data(as_text=True)
    assert "Unterschrieben" in page and "Kim Kunde" in page and "kim@kunde.de" in page
    assert ("admin@acme.test", "contract-signed") in _outbox(app, tenant)
    status, data, headers = _get(client, f"/kunden/vertraege/{contract_id}/pdf/unterschrieben")
    assert status == 200 and data.startswith(b"%PDF")
    assert headers["Content-Disposition"].startswith("attachment")
    assert headers["X-Content-Type-Options"] == "nosniff"
    with in_tenant(app, tenant):
        contract = db.session.get(Contract, contract_id)
        assert contract.signed_ip == "127.0.0.1" and contract.signature_file
        assert contract.signed_version == 1


def test_signed_pdf_stays_byte_identical_after_a_staff_edit(app, tenant, people, staff_client):
    contract_id = _sent_contract(staff_client, people)
    client = _contact_client(app, "kim@kunde.de")
    _sign(client, contract_id)
    before = _get(staff_client, f"/admin/contracts/{contract_id}/signed-pdf")[1]
    assert before == _get(client, f"/kunden/vertraege/{contract_id}/pdf")[1]
    change = contract_data(people["customer"], content="Ganz **neuer** Inhalt")
    path = f"/admin/contracts/{contract_id}"
    assert staff_client.submit(path, change).status_code == 303
    page = staff_client.get(path).get_data(as_text=True)
    assert "Version 2" in page and "Unterschriebenes PDF (Version 1)" in page
    assert _get(staff_client, f"{path}/signed-pdf")[1] == before
    assert _get(client, f"/kunden/vertraege/{contract_id}/pdf/unterschrieben")[1] == before
    current = _get(client, f"/kunden/vertraege/{contract_id}/pdf")[1]
    assert current.startswith(b"%PDF") and current != before


def test_double_sign_keeps_one_signature(app, tenant, people, staff_client):
    contract_id = _sent_contract(staff_client, people)
    client = _contact_client(app, "kim@kunde.de")
    assert _sign(client, contract_id).status_code == 303
    second = _sign(client, contract_id, firstname="Mallory")
    assert second.status_code == 303
    page = client.get(f"/kunden/vertraege/{contract_id}").get_data(as_text=True)
    assert "Mallory" not in page
    with in_tenant(app, tenant):
        signed_lines = db.session.scalar(
            select(func.count())
            .select_from(ContractHistory)
            .where(ContractHistory.event == "signed")
        )
        assert signed_lines == 1
        assert db.session.get(Contract, contract_id).signed_firstname == "Kim"
    assert [slug for _, slug in _outbox(app, tenant)].count("contract-signed") == 1


def test_terminated_and_expired_contracts_cannot_be_signed(app, tenant, people, staff_client):
    terminated = _sent_contract(staff_client, people)
    staff_client.submit(
        f"/admin/contracts/{terminated}/terminate", {}, form_path=f"/admin/contracts/{terminated}"
    )
    expired = _sent_contract(staff_client, people)
    update(app, tenant, Contract, expired, datestart=TODAY - timedelta(days=30),
           dateend=TODAY - timedelta(days=1))  # fmt: skip
    client = _contact_client(app, "kim@kunde.de")
    for contract_id, status in ((terminated, "Gekündigt"), (expired, "Abgelaufen")):
        page = client.get(f"/kunden/vertraege/{contract_id}").get_data(as_text=True)
        assert status in page and "Vertrag unterschreiben" not in page
        token_page = f"/kunden/vertraege/{contract_id}/pdf"
        response = client.post(
            f"/kunden/vertraege/{contract_id}/unterschreiben",
            data={"csrf_token": client.csrf("/kunden/vertraege"), **sign_data()},
        )
        assert response.status_code == 303, token_page
    with in_tenant(app, tenant):
        assert db.session.scalar(select(func.count()).where(Contract.signed_at.is_not(None))) == 0
    listing = staff_client.get("/admin/contracts?status=expired").get_data(as_text=True)
    assert "Abgelaufen" in listing


def test_blank_or_forged_signature_is_refused(app, people, staff_client):
    contract_id = _sent_contract(staff_client, people)
    client = _contact_client(app, "kim@kunde.de")
    for signature in ("", "data:image/png;base64,AAAA", "x" * 500_000):
        response = _sign(client, contract_id, signature=signature)
        assert response.status_code == 400
    assert "Bitte unterschreiben Sie" in _sign(client, contract_id, signature="").get_data(
        as_text=True
    )


def test_comments_go_to_the_other_side_and_stay_within_the_customer(
    app, tenant, people, staff_client
):
    contract_id = _sent_contract(staff_client, people)
    kim = _contact_client(app, "kim@kunde.de")
    path = f"/kunden/vertraege/{contract_id}"
    assert (
        kim.submit(f"{path}/kommentare", {"body": "Frage zu §3"}, form_path=path).status_code == 303
    )
    assert ("admin@acme.test", "staff-contract-comment") in _outbox(app, tenant)
    staff_path = f"/admin/contracts/{contract_id}"
    response = staff_client.submit(
        f"{staff_path}/comments", {"body": "Antwort"}, form_path=staff_path
    )
    assert response.status_code == 303
    assert ("kim@kunde.de", "contract-comment") in _outbox(app, tenant)
    assert ("ole@kunde.de", "contract-comment") not in _outbox(app, tenant)
    page = kim.get(path).get_data(as_text=True)
    assert "Frage zu §3" in page and "Antwort" in page
    eva = _contact_client(app, "eva@andere.de")
    forged = eva.post(f"{path}/kommentare", data={"csrf_token": eva.csrf("/kunden/vertraege"),
                                                  "body": "Fremd"})  # fmt: skip
    assert forged.status_code == 404
    empty = kim.submit(f"{path}/kommentare", {"body": ""}, form_path=path)
    assert empty.status_code == 400 and "Bitte geben Sie einen Kommentar ein." in empty.get_data(
        as_text=True
    )
    with in_tenant(app, tenant):
        assert db.session.scalar(select(func.count()).select_from(ContractComment)) == 2


def test_attachments_upload_download_delete_and_refuse_bad_types(app, tenant, people, staff_client):
    contract_id = _sent_contract(staff_client, people)
    path = f"/admin/contracts/{contract_id}"
    pdf = (io.BytesIO(b"%PDF-1.4\n% Anlage\n"), "Leistungsbeschreibung.pdf")
    assert (
        submit_multipart(staff_client, f"{path}/attachments", {"file": pdf}, path).status_code
        == 303
    )
    bad = (io.BytesIO(b"MZ\x90\x00 not allowed"), "tool.exe")
    refused = submit_multipart(staff_client, f"{path}/attachments", {"file": bad}, path)
    assert refused.status_code == 400 and "Dateityp" in refused.get_data(as_text=True)
    page = staff_client.get(path).get_data(as_text=True)
    attachment_id = re.search(rf"{path}/attachments/(\d+)", page).group(1)
    _status, data, headers = _get(staff_client, f"{path}/attachments/{attachment_id}")
    assert data.startswith(b"%PDF")
    assert "Leistungsbeschreibung.pdf" in headers["Content-Disposition"]
    kim = _contact_client(app, "kim@kunde.de")
    portal = f"/kunden/vertraege/{contract_id}/anhaenge/{attachment_id}"
    assert _get(kim, portal)[1].startswith(b"%PDF")
    assert _contact_client(app, "eva@andere.de").get(portal).status_code == 404
    response = staff_client.submit(f"{path}/attachments/{attachment_id}/delete", {}, form_path=path)
    assert response.status_code == 303
    assert kim.get(portal).status_code == 404
    assert staff_client.get(f"{path}/attachments/{attachment_id}").status_code == 404


def test_expiry_reminder_goes_out_once(app, tenant, people, staff_client):
    soon = _sent_contract(staff_client, people, dateend=(TODAY + timedelta(days=5)).isoformat())
    _sent_contract(staff_client, people, dateend=(TODAY + timedelta(days=200)).isoformat())
    for _pass in range(2):
        with in_tenant(app, tenant):
            queue_reminders(TODAY)
    reminders = [row for row in _outbox(app, tenant) if row[1] == "contract-expiry-reminder"]
    assert reminders == [("kim@kunde.de", "contract-expiry-reminder")]
    page = staff_client.get(f"/admin/contracts/{soon}").get_data(as_text=True)
    assert "Erinnerung vor Ablauf gesendet" in page
    expiring = staff_client.get("/admin/contracts?expiring=1").get_data(as_text=True)
    assert expiring.count(f'/admin/contracts/{soon}"') == 1


def test_renew_terminate_and_delete(app, tenant, people, staff_client):
    old = _sent_contract(staff_client, people)
    path = f"/admin/contracts/{old}"
    renewed = staff_client.submit(f"{path}/renew", {}, form_path=path)
    new_id = int(renewed.headers["Location"].rsplit("/", 1)[1])
    page = staff_client.get(f"/admin/contracts/{new_id}").get_data(as_text=True)
    assert "Entwurf" in page and f"/admin/contracts/{old}" in page
    assert "Verlängert" in staff_client.get(path).get_data(as_text=True)
    assert staff_client.submit(f"{path}/delete", {}, form_path=path).status_code == 409
    staff_client.submit(f"{path}/terminate", {}, form_path=path)
    assert "Gekündigt" in staff_client.get(path).get_data(as_text=True)
    new_path = f"/admin/contracts/{new_id}"
    assert staff_client.submit(f"{new_path}/delete", {}, form_path=new_path).status_code == 303
    assert staff_client.get(new_path).status_code == 404


def test_contract_types_are_managed_by_admins(app, tenant, people, staff_client):
    settings = "/admin/settings/contracts"
    response = staff_client.submit(f"{settings}/types", {"name": "Hosting"}, form_path=settings)
    assert response.status_code == 303
    again = staff_client.submit(f"{settings}/types", {"name": "Hosting"}, form_path=settings)
    assert again.status_code == 400 and "existiert bereits" in again.get_data(as_text=True)
    assert (
        staff_client.submit(f"{settings}/reminder", {"days": "30"}, form_path=settings).status_code
        == 303
    )
    assert 'value="30"' in staff_client.get(settings).get_data(as_text=True)
    form = staff_client.get("/admin/contracts/new").get_data(as_text=True)
    type_id = re.search(r'<option value="(\d+)">Hosting</option>', form).group(1)
    contract_id = create_contract(staff_client, people["customer"], contract_type=type_id)
    listing = staff_client.get(f"/admin/contracts?type={type_id}").get_data(as_text=True)
    assert f"/admin/contracts/{contract_id}" in listing


def test_search_finds_contracts_and_the_audit_log_records_them(people, staff_client):
    contract_id = _sent_contract(staff_client, people, subject="Rahmenvertrag Zebra")
    results = staff_client.get("/admin/search?q=Zebra").get_data(as_text=True)
    assert f"/admin/contracts/{contract_id}" in results
    log = staff_client.get("/admin/settings/audit-log").get_data(as_text=True)
    assert "Vertrag angelegt" in log and "Vertrag versendet" in log


STAFF_GET = ("", "/send", "/pdf", "/signed-pdf", "/attachments/1")
STAFF_POST = ("/send", "/terminate", "/renew", "/delete", "/comments", "/attachments",
              "/attachments/1/delete")  # fmt: skip
PORTAL_GET = ("", "/pdf", "/pdf/unterschrieben", "/anhaenge/1")
PORTAL_POST = ("/unterschreiben", "/kommentare")


def _signed_with_attachment(app, tenant, staff_client, people) -> int:
    contract_id = _sent_contract(staff_client, people)
    path = f"/admin/contracts/{contract_id}"
    pdf = (io.BytesIO(b"%PDF-1.4\n"), "a.pdf")
    submit_multipart(staff_client, f"{path}/attachments", {"file": pdf}, path)
    _sign(_contact_client(app, "kim@kunde.de"), contract_id)
    return contract_id


def test_other_customer_gets_404_and_contact_without_permission_403_everywhere(
    app, tenant, people, staff_client
):
    contract_id = _signed_with_attachment(app, tenant, staff_client, people)
    base = f"/kunden/vertraege/{contract_id}"
    kim = _contact_client(app, "kim@kunde.de")
    for suffix in PORTAL_GET:
        assert _get(kim, base + suffix)[0] == 200, suffix
    eva = _contact_client(app, "eva@andere.de")
    paul = _contact_client(app, "paul@kunde.de")
    assert paul.get("/kunden/vertraege").status_code == 403
    for suffix in PORTAL_GET:
        assert eva.get(base + suffix).status_code == 404, suffix
        assert paul.get(base + suffix).status_code == 403, suffix
    for suffix in PORTAL_POST:
        for client, status in ((eva, 404), (paul, 403)):
            token = client.csrf("/kunden/profil")
            response = client.post(
                base + suffix, data={"csrf_token": token, **sign_data(), "body": "x"}
            )
            assert response.status_code == status, suffix


def test_other_tenant_gets_404_on_every_route(app, tenant, other_tenant, people, staff_client):
    contract_id = _signed_with_attachment(app, tenant, staff_client, people)
    _, globex_contact = make_contact(
        app, other_tenant, "kim@kunde.de", permissions=["contracts"], contract_emails=True
    )
    globex_staff = client_for(app, other_tenant.slug)
    assert globex_staff.sign_in(f"admin@{other_tenant.slug}.test").status_code == 302
    token = globex_staff.csrf("/admin/contracts/new")
    for suffix in STAFF_GET:
        assert globex_staff.get(f"/admin/contracts/{contract_id}{suffix}").status_code == 404, (
            suffix
        )
    for suffix in STAFF_POST:
        response = globex_staff.post(
            f"/admin/contracts/{contract_id}{suffix}", data={"csrf_token": token}
        )
        assert response.status_code == 404, suffix
    contact = _contact_client(app, "kim@kunde.de", slug=other_tenant.slug)
    contact_token = contact.csrf("/kunden/profil")
    for suffix in PORTAL_GET:
        assert contact.get(f"/kunden/vertraege/{contract_id}{suffix}").status_code == 404, suffix
    for suffix in PORTAL_POST:
        response = contact.post(
            f"/kunden/vertraege/{contract_id}{suffix}",
            data={"csrf_token": contact_token, **sign_data(), "body": "x"},
        )
        assert response.status_code == 404, suffix


def test_settings_need_an_admin(app, tenant, staff_client):
    from tests.test_isolation import add_staff

    add_staff(app, tenant, "erika@acme.test")
    with in_tenant(app, tenant) as session:
        from crm.staff.models import Staff

        staff = session.scalar(select(Staff).where(Staff.email == "erika@acme.test"))
        staff.set_password("passwort-fuer-erika-1")
        session.commit()
    client = client_for(app, tenant.slug)
    assert client.sign_in("erika@acme.test", "passwort-fuer-erika-1").status_code == 302
    assert client.get("/admin/settings/contracts").status_code == 403
    token = client.csrf("/admin/contracts/new")
    assert (
        client.post(
            "/admin/settings/contracts/types", data={"csrf_token": token, "name": "X"}
        ).status_code
        == 403
    )
    assert client.get("/admin/contracts").status_code == 200


def test_two_signers_at_once_give_one_signature(app, tenant, people, staff_client):
    from flask import g
    from werkzeug.datastructures import MultiDict

    from crm.contracts.service import sign_contract
    from gorilla.signatures import SignatureForm
    from tests.conftest import run_together

    contract_id = _sent_contract(staff_client, people)

    def signer(name):
        def sign():
            with app.test_request_context(environ_base={"REMOTE_ADDR": "198.51.100.1"}):
                g.tenant = tenant
                form = SignatureForm(
                    formdata=MultiDict(sign_data(firstname=name)), meta={"csrf": False}
                )
                assert form.validate(), form.errors
                try:
                    signed = sign_contract(db.session.get(Contract, contract_id), form)
                    db.session.commit()
                    return signed
                except Exception:  # noqa: BLE001 - a lock conflict is a lost race too
                    db.session.rollback()
                    return False
                finally:
                    db.session.remove()

        return sign

    results = run_together(signer("Anna"), signer("Bert"))
    assert sorted(results) == [False, True]
    with in_tenant(app, tenant):
        contract = db.session.get(Contract, contract_id)
        assert contract.signed_firstname == ("Anna" if results[0] else "Bert")
        lines = (
            select(func.count())
            .select_from(ContractHistory)
            .where(ContractHistory.event == "signed")
        )
        assert db.session.scalar(lines) == 1


def test_demo_has_a_signed_and_an_unsigned_contract(app, runner):
    from tenants.provisioning import get_tenant

    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        info = get_tenant("demo").info()
        db.session.remove()
    with in_tenant(app, info):
        rows = db.session.scalars(select(Contract).order_by(Contract.id)).all()
        assert [(c.status, c.signed_file_id is not None) for c in rows] == [
            ("signed", True),
            ("sent", False),
        ]


def test_staff_comment_on_a_draft_tells_no_contact(app, tenant, people, staff_client):
    contract_id = create_contract(staff_client, people["customer"])
    path = f"/admin/contracts/{contract_id}"
    response = staff_client.submit(f"{path}/comments", {"body": "Intern"}, form_path=path)
    assert response.status_code == 303
    assert "Intern" in staff_client.get(path).get_data(as_text=True)
    assert _outbox(app, tenant) == []


def test_export_and_import_keep_contracts_and_the_signed_pdf(
    app, runner, tenant, people, staff_client, tmp_path
):
    contract_id = _signed_with_attachment(app, tenant, staff_client, people)
    signed = _get(staff_client, f"/admin/contracts/{contract_id}/signed-pdf")[1]
    archive = tmp_path / "acme.zip"
    assert runner.invoke(args=["tenants", "export", "acme", str(archive)]).exit_code == 0
    assert runner.invoke(args=["tenants", "delete", "acme", "--yes", "--no-export"]).exit_code == 0
    result = runner.invoke(args=["tenants", "import", str(archive)])
    assert result.exit_code == 0, result.output
    staff = client_for(app, "acme")
    assert staff.sign_in("admin@acme.test").status_code == 302
    assert _get(staff, f"/admin/contracts/{contract_id}/signed-pdf")[1] == signed
    page = staff.get(f"/admin/contracts/{contract_id}").get_data(as_text=True)
    attachment = re.search(rf"/admin/contracts/{contract_id}/attachments/(\d+)", page).group(0)
    assert _get(staff, attachment)[1].startswith(b"%PDF")


def test_staff_signed_in_as_the_contact_cannot_sign_for_it(app, tenant, people, staff_client):
    from tests.test_sign_in_as_contact import login_as

    contract_id = _sent_contract(staff_client, people)
    assert login_as(staff_client, people["kim"]).status_code == 303
    assert _sign(staff_client, contract_id).status_code == 403
    with in_tenant(app, tenant):
        assert db.session.get(Contract, contract_id).status == "sent"
