"""The document's PDF attached to "invoice/estimate/credit note sent" (box "PDF anhängen"):
delivered as an ``application/pdf`` part named after the number, kept with the queued mail
for its retries, refused in the dialog when too large, gone with the tenant."""

from datetime import date

import pytest
from sqlalchemy import delete, func, select

from crm.credit_notes.service import credit_note_from_invoice
from crm.estimates.models import Estimate
from crm.estimates.service import create_estimate
from crm.invoices.models import Invoice
from crm.invoices.service import save_invoice
from gorilla.extensions import db
from mail_templates.models import PENDING, SENT, OutboxAttachment, OutboxMessage
from tenants.storage import upload_root
from tests.crm_factories import in_tenant, ticked
from tests.estimate_helpers import ITEMS
from tests.portal_helpers import make_contact
from tests.test_cli_tenants import tenant_storage_exists
from tests.test_invoice_documents import _pdf_text

KINDS = ("invoice", "estimate", "credit_note")
ADMIN_PATHS = {"invoice": "invoices", "estimate": "estimates", "credit_note": "credit-notes"}


def _document(app, tenant, kind: str) -> tuple[str, str]:
    """A draft of ``kind`` for Kunde GmbH (Kim may see it); returns (send path, number)."""
    customer_id, _kim = make_contact(
        app, tenant, "kim@kunde.de", permissions=["invoices", "estimates"]
    )
    data = {"customer_id": customer_id, "date": date.today(), "duedate": None, "notes": "",
            "items": ITEMS}  # fmt: skip
    with in_tenant(app, tenant):
        if kind == "estimate":
            document = create_estimate(data)
        else:
            document = save_invoice(Invoice(), data)
            if kind == "credit_note":
                document.status = "unpaid"
                document = credit_note_from_invoice(document)
        db.session.commit()
        return f"/admin/{ADMIN_PATHS[kind]}/{document.id}/send", document.number


def _send(staff_client, path: str, attach: bool):
    page = staff_client.get(path).get_data(as_text=True)
    assert ("attach_pdf", "y") in ticked(page)  # checked by default
    assert "PDF anhängen" in page
    contacts = [value for name, value in ticked(page) if name == "contact_ids"]
    data = {"contact_ids": contacts} | ({"attach_pdf": "y"} if attach else {})
    return staff_client.submit(path, data)


def _pdf_parts(message) -> list:
    return [part for part in message.walk() if part.get_content_type() == "application/pdf"]


def _stored_attachments(app, tenant) -> list[tuple[str, str, int]]:
    with in_tenant(app, tenant):
        rows = db.session.scalars(select(OutboxAttachment).order_by(OutboxAttachment.id))
        return [(row.filename, row.content_type, len(row.data)) for row in rows]


@pytest.mark.parametrize("kind", KINDS)
def test_sending_with_the_box_ticked_delivers_the_pdf_named_after_the_number(
    app, tenant, staff_client, smtp, kind
):
    path, number = _document(app, tenant, kind)

    assert _send(staff_client, path, attach=True).status_code == 303

    [received] = smtp.messages
    [pdf] = _pdf_parts(received)
    assert pdf.get_filename() == f"{number}.pdf"
    assert pdf.get_content_disposition() == "attachment"
    text = _pdf_text(pdf.get_content())  # made at send time: an estimate shows it was sent
    assert number in text and ("Gesendet" in text or kind != "estimate")
    kinds = {part.get_content_type() for part in received.walk()}
    assert {"text/plain", "text/html"} <= kinds  # the mail itself is unchanged


@pytest.mark.parametrize("kind", KINDS)
def test_sending_with_the_box_unticked_delivers_no_attachment(
    app, tenant, staff_client, smtp, kind
):
    path, _number = _document(app, tenant, kind)

    assert _send(staff_client, path, attach=False).status_code == 303

    [received] = smtp.messages
    assert _pdf_parts(received) == [] and not any(
        part.get_content_disposition() == "attachment" for part in received.walk()
    )
    assert _stored_attachments(app, tenant) == []


@pytest.mark.parametrize("kind", KINDS)
def test_mail_kept_while_smtp_is_down_arrives_with_its_pdf_on_retry(
    app, tenant, staff_client, smtp_down, runner, kind
):
    path, number = _document(app, tenant, kind)

    assert _send(staff_client, path, attach=True).status_code == 303

    assert smtp_down.messages == []
    with in_tenant(app, tenant):
        [message] = db.session.scalars(select(OutboxMessage)).all()
        assert message.status == PENDING and message.attempts == 1
    [(filename, content_type, size)] = _stored_attachments(app, tenant)
    assert (filename, content_type) == (f"{number}.pdf", "application/pdf") and size > 1000

    smtp_down.start()
    result = runner.invoke(args=["mail", "send", "--now"])
    assert result.exit_code == 0, result.output
    [received] = smtp_down.messages
    [pdf] = _pdf_parts(received)
    assert pdf.get_filename() == f"{number}.pdf" and pdf.get_content().startswith(b"%PDF")
    with in_tenant(app, tenant):
        assert db.session.scalar(select(OutboxMessage.status)) == SENT


@pytest.mark.parametrize("kind", KINDS)
def test_attachments_over_the_limit_are_refused_in_the_dialog_and_nothing_is_sent(
    app, tenant, staff_client, smtp, kind
):
    path, _number = _document(app, tenant, kind)
    app.config["MAIL_ATTACHMENTS_MAX_BYTES"] = 1000  # every PDF is bigger

    response = _send(staff_client, path, attach=True)

    assert response.status_code == 200
    assert "Die Anhänge sind zu groß" in response.get_data(as_text=True)
    assert smtp.messages == []
    with in_tenant(app, tenant):
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
        if kind == "invoice":
            assert db.session.scalar(select(Invoice.status)) == "draft"
        if kind == "estimate":
            estimate = db.session.scalar(select(Estimate))
            assert (estimate.status, estimate.sent_at) == ("draft", None)


def test_deleting_the_tenant_leaves_no_queued_attachment_behind(
    app, tenant, staff_client, smtp_down, runner
):
    path, _number = _document(app, tenant, "invoice")
    assert _send(staff_client, path, attach=True).status_code == 303
    assert len(_stored_attachments(app, tenant)) == 1

    result = runner.invoke(args=["tenants", "delete", "acme", "--yes", "--no-export"])

    assert result.exit_code == 0, result.output
    assert not tenant_storage_exists(app, tenant.schema_name)
    with app.app_context():
        assert not upload_root(tenant.id).exists()


def test_deleting_an_outbox_row_deletes_its_attachments(app, tenant, staff_client, smtp_down):
    path, _number = _document(app, tenant, "invoice")
    assert _send(staff_client, path, attach=True).status_code == 303
    with in_tenant(app, tenant):
        db.session.execute(delete(OutboxMessage))  # as the database would, without the ORM
        db.session.commit()
    assert _stored_attachments(app, tenant) == []
