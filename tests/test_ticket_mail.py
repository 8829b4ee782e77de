"""Answering tickets by email: ``gorilla mail receive`` runs as its own process on a free
port and real SMTP clients (smtplib) talk to it."""

import secrets
import smtplib
import subprocess
import sys
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import select

from crm.tickets.models import Ticket, TicketReply
from gorilla.extensions import db
from tests.conftest import free_port
from tests.crm_factories import in_tenant
from tests.live_server import ROOT, live_environ
from tests.ticket_helpers import (
    contact_client,
    open_ticket,
    outbox,
    ticket_row,
)
from tests.ticket_helpers import (
    people as people,  # noqa: F401 - the fixture
)

MAX_BYTES = 200_000
QUOTED = """Danke, jetzt klappt es!

Am 06.12.2026 um 10:00 schrieb ACME Agentur <support@acme.gorilla.test>:
> Hallo Kim,
> bitte den Cache leeren.
"""


@pytest.fixture
def receiver(app):
    """``gorilla mail receive --port N`` on the test app's database; the port."""
    port = free_port()
    command = [str(Path(sys.executable).parent / "gorilla"), "mail", "receive", "--port", str(port)]
    env = live_environ(app, {"GORILLA_INBOUND_MAX_BYTES": str(MAX_BYTES)})
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        line = process.stdout.readline()  # blocks until it listens (or ends with EOF)
        assert line.startswith("Receiving mail on"), (line, process.stderr.read())
        yield port
        assert process.poll() is None, "the receiver stopped"
    finally:
        process.terminate()
        process.wait(timeout=30)
        process.stdout.close()
        process.stderr.close()


@contextmanager
def smtp_client(port):
    client = smtplib.SMTP("127.0.0.1", port, timeout=30)
    try:
        yield client
    finally:
        client.quit()


def mail(sender, to, body, subject="Re: Ihr Ticket", attachment=None) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message.set_content(body)
    if attachment:
        data, name = attachment
        message.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return message


def replies(app, tenant, ticket_id):
    with in_tenant(app, tenant):
        rows = db.session.scalars(
            select(TicketReply).where(TicketReply.ticket_id == ticket_id).order_by(TicketReply.id)
        )
        return [(r.body, r.via_email, r.contact_id, len(r.attachments)) for r in rows]


def address(app, tenant, ticket_id, slug="acme"):
    return f"support+{ticket_row(app, tenant, ticket_id).reply_token}@{slug}.gorilla.test"


def test_an_emailed_answer_lands_on_its_ticket_without_the_quote(
    app, tenant, people, receiver, staff_client
):
    kim = contact_client(app, "acme", "kim@kunde.test")
    ticket_id = open_ticket(kim)
    to = address(app, tenant, ticket_id)
    message = mail("Kim Kunde <KIM@kunde.test>", to, QUOTED, attachment=(b"%PDF-1 Log", "log.pdf"))
    with smtp_client(receiver) as client:
        assert client.send_message(message) == {}
    *_, (body, via_email, contact_id, files) = replies(app, tenant, ticket_id)
    assert body == "Danke, jetzt klappt es!"
    assert (via_email, contact_id, files) == (True, people["kim"][1], 1)
    page = kim.get(f"/kunden/tickets/{ticket_id}").get_data(as_text=True)
    assert "Danke, jetzt klappt es!" in page and "log.pdf" in page and "Cache leeren" not in page
    assert ("admin@acme.test", "ticket-reply-to-staff") in [m[:2] for m in outbox(app, tenant)]
    assert "Kontaktformular kaputt" in staff_client.get("/admin/").get_data(as_text=True)


def test_forged_and_other_tenants_tokens_and_unknown_tenants_are_refused(
    app, tenant, other_tenant, people, receiver
):
    kim = contact_client(app, "acme", "kim@kunde.test")
    ticket_id = open_ticket(kim)
    gabi = contact_client(app, "globex", "gabi@kunde.test")
    globex_ticket = open_ticket(gabi)
    globex_token = ticket_row(app, other_tenant, globex_ticket).reply_token
    acme_token = ticket_row(app, tenant, ticket_id).reply_token
    refused = [
        f"support+{secrets.token_hex(16)}@acme.gorilla.test",  # forged
        f"support+{globex_token}@acme.gorilla.test",  # another tenant's ticket
        f"support+{acme_token}@globex.gorilla.test",  # this tenant's token at the other one
        f"support+{acme_token}@nobody.gorilla.test",  # unknown tenant
        f"support+{acme_token}@acme.example.com",  # not our domain
        f"postmaster+{acme_token}@acme.gorilla.test",  # no such mailbox
        "support+../../etc@acme.gorilla.test",
    ]
    with smtp_client(receiver) as client:
        for to in refused:
            with pytest.raises(smtplib.SMTPRecipientsRefused) as error:
                client.send_message(mail("kim@kunde.test", to, "Hallo"))
            assert error.value.recipients[to][0] == 550, to
            client.rset()
    assert len(replies(app, tenant, ticket_id)) == 1
    assert len(replies(app, other_tenant, globex_ticket)) == 1


def test_a_closed_ticket_and_a_stranger_are_refused(app, tenant, people, receiver):
    kim = contact_client(app, "acme", "kim@kunde.test")
    ticket_id = open_ticket(kim)
    to = address(app, tenant, ticket_id)
    with smtp_client(receiver) as client:
        with pytest.raises(smtplib.SMTPDataError) as stranger:
            client.send_message(mail("mallory@evil.test", to, "Ich bin Kim"))
        assert stranger.value.smtp_code == 550
        eva = mail("eva@andere.test", to, "Fremder Kunde")  # a contact, but of another customer
        with pytest.raises(smtplib.SMTPDataError):
            client.send_message(eva)
    kim.submit(f"/kunden/tickets/{ticket_id}/schliessen", {}, f"/kunden/tickets/{ticket_id}")
    with smtp_client(receiver) as client, pytest.raises(smtplib.SMTPRecipientsRefused):
        client.send_message(mail("kim@kunde.test", to, "Noch was"))
    assert len(replies(app, tenant, ticket_id)) == 1


def test_a_new_email_from_a_known_contact_opens_a_ticket_and_strangers_are_refused(
    app, tenant, people, receiver, staff_client
):
    staff_client.submit(
        "/admin/settings/tickets/departments/new",
        {"name": "Technik", "email": "technik@kunde-support.test"}, "/admin/settings/tickets",
    )  # fmt: skip
    message = mail("kim@kunde.test", "support@acme.gorilla.test", "Server ist down",
                   subject="Notfall")  # fmt: skip
    message["Cc"] = "Technik <technik@kunde-support.test>"
    with smtp_client(receiver) as client:
        client.send_message(message)
        with pytest.raises(smtplib.SMTPDataError) as error:
            client.send_message(mail("spam@evil.test", "support@acme.gorilla.test", "Buy"))
        assert error.value.smtp_code == 550
    with in_tenant(app, tenant):
        tickets = db.session.scalars(select(Ticket)).all()
        assert [(t.subject, t.department.name, t.contact_id) for t in tickets] == [
            ("Notfall", "Technik", people["kim"][1])
        ]
    assert ("kim@kunde.test", "ticket-autoresponse") in [m[:2] for m in outbox(app, tenant)]


def test_bad_and_oversized_mail_is_refused_and_the_server_keeps_running(
    app, tenant, people, receiver
):
    kim = contact_client(app, "acme", "kim@kunde.test")
    ticket_id = open_ticket(kim)
    to = address(app, tenant, ticket_id)
    broken = (
        b"From: kim@kunde.test\r\nTo: " + to.encode() + b"\r\nContent-Type: multipart/mixed;"
        b' boundary="x"\r\nX-Long: '
        + b"a\r\n "
        * 20000
        + b"a\r\n\r\n--x\r\nContent-Type: text/plain;"
        b" charset=no-such-charset\r\nContent-Transfer-Encoding: base64\r\n\r\n@@@not base64"
    )
    with smtp_client(receiver) as client:
        try:
            client.sendmail("kim@kunde.test", [to], broken)
        except smtplib.SMTPDataError as error:
            assert error.smtp_code == 550
        with pytest.raises(smtplib.SMTPDataError) as too_long:
            client.sendmail("kim@kunde.test", [to], b"Subject: " + b"x" * 5000 + b"\r\n\r\nx")
        assert too_long.value.smtp_code == 500  # lines over 998 bytes: refused by aiosmtpd
        with pytest.raises((smtplib.SMTPSenderRefused, smtplib.SMTPDataError)):
            client.sendmail("kim@kunde.test", [to], b"Subject: big\r\n\r\n" + b"x" * MAX_BYTES)
    with smtp_client(receiver) as client:  # still there and working
        assert client.send_message(mail("kim@kunde.test", to, "Nach dem Müll")) == {}
    assert replies(app, tenant, ticket_id)[-1][0] == "Nach dem Müll"


def test_out_of_office_answers_are_dropped(app, tenant, people, receiver):
    kim = contact_client(app, "acme", "kim@kunde.test")
    ticket_id = open_ticket(kim)
    message = mail("kim@kunde.test", address(app, tenant, ticket_id), "Bin im Urlaub")
    message["Auto-Submitted"] = "auto-replied"
    with smtp_client(receiver) as client:
        client.send_message(message)
    assert len(replies(app, tenant, ticket_id)) == 1
