"""Support tickets: customer area and staff inbox, replies, notes, attachments, merge,
notifications, settings; cross-customer and cross-tenant 404, 403 without permission."""

import re

import pytest
from sqlalchemy import select

from crm.tickets.models import Ticket, TicketAttachment, TicketReply
from gorilla.attachments import StoredFile
from gorilla.extensions import db
from tests.conftest import client_for, count_queries
from tests.crm_factories import in_tenant, submit_multipart
from tests.test_settings_and_staff import add_member
from tests.ticket_helpers import (
    contact_client,
    open_ticket,
    outbox,
    pdf,
    ticket_row,
)
from tests.ticket_helpers import (
    people as people,  # noqa: F401 - the fixture
)

ATTACHMENT_RE = re.compile(r'href="(/(?:kunden|admin)/tickets/\d+/(?:anhaenge|attachments)/\d+)"')


def staff_reply(staff_client, ticket_id, message="Ist behoben.", **extra):
    data = {"message": message, "status": "answered", "predefined_reply_id": ""} | extra
    response = submit_multipart(
        staff_client, f"/admin/tickets/{ticket_id}/reply", data, f"/admin/tickets/{ticket_id}"
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    return response


def test_a_contact_opens_a_ticket_and_staff_and_contact_are_emailed_with_a_reply_address(
    app, tenant, people, staff_client
):
    kim = contact_client(app, "acme", "kim@kunde.test")
    ticket_id = open_ticket(kim, attachments=[pdf()])
    page = kim.get(f"/kunden/tickets/{ticket_id}").get_data(as_text=True)
    assert "Kontaktformular kaputt" in page and "Es geht nicht." in page and "Offen" in page
    assert "screenshot.pdf" in page
    token = ticket_row(app, tenant, ticket_id).reply_token
    reply_to = f"support+{token}@acme.gorilla.test"
    assert ("admin@acme.test", "ticket-created", reply_to) in outbox(app, tenant)
    assert ("kim@kunde.test", "ticket-autoresponse", reply_to) in outbox(app, tenant)
    inbox = staff_client.get("/admin/tickets").get_data(as_text=True)
    assert "Kontaktformular kaputt" in inbox and "Kunde GmbH" in inbox and "Hoch" in inbox


def test_staff_answer_with_a_file_reaches_the_contact_and_notes_stay_internal(
    app, tenant, people, staff_client
):
    kim = contact_client(app, "acme", "kim@kunde.test")
    ticket_id = open_ticket(kim)
    staff_reply(staff_client, ticket_id, attachments=[pdf("anleitung.pdf", b"%PDF-1 Anleitung")])
    staff_client.submit(
        f"/admin/tickets/{ticket_id}/note", {"message": "Kunde ist genervt, intern!"},
        f"/admin/tickets/{ticket_id}",
    )  # fmt: skip
    staff_page = staff_client.get(f"/admin/tickets/{ticket_id}").get_data(as_text=True)
    assert "Kunde ist genervt, intern!" in staff_page and "Interne Notiz" in staff_page
    page = kim.get(f"/kunden/tickets/{ticket_id}").get_data(as_text=True)
    assert "Ist behoben." in page and "Beantwortet" in page
    assert "Kunde ist genervt" not in page
    (link,) = ATTACHMENT_RE.findall(page)
    download = kim.get(link)
    assert download.status_code == 200 and download.data == b"%PDF-1 Anleitung"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    download.close()
    assert ("kim@kunde.test", "ticket-reply-to-contact") in [m[:2] for m in outbox(app, tenant)]
    assert [m for m in outbox(app, tenant) if "intern" in m[1]] == []


def test_a_note_attachment_is_never_found_by_the_contact(app, tenant, people, staff_client):
    kim = contact_client(app, "acme", "kim@kunde.test")
    ticket_id = open_ticket(kim)
    with in_tenant(app, tenant):
        note = TicketReply(ticket_id=ticket_id, body="intern", internal=True)
        stored = StoredFile(name="x" * 32, original_name="geheim.pdf",
                            content_type="application/pdf", size=3)  # fmt: skip
        note.attachments.append(TicketAttachment(file=stored))
        db.session.add(note)
        db.session.commit()
        attachment_id = note.attachments[0].id
    assert kim.get(f"/kunden/tickets/{ticket_id}/anhaenge/{attachment_id}").status_code == 404
    assert "geheim.pdf" not in kim.get(f"/kunden/tickets/{ticket_id}").get_data(as_text=True)


def test_contact_answer_reopens_the_ticket_and_tells_staff(app, tenant, people, staff_client):
    kim = contact_client(app, "acme", "kim@kunde.test")
    ticket_id = open_ticket(kim)
    staff_reply(staff_client, ticket_id)
    response = submit_multipart(
        kim, f"/kunden/tickets/{ticket_id}/antworten", {"message": "Geht wieder nicht."},
        f"/kunden/tickets/{ticket_id}",
    )  # fmt: skip
    assert response.status_code == 303
    assert ticket_row(app, tenant, ticket_id).status == "open"
    assert ("admin@acme.test", "ticket-reply-to-staff") in [m[:2] for m in outbox(app, tenant)]
    dashboard = staff_client.get("/admin/").get_data(as_text=True)
    assert "Kontaktformular kaputt" in dashboard


def test_contacts_without_ticket_emails_get_no_ticket_emails(app, tenant, people, staff_client):
    ole = contact_client(app, "acme", "ole@kunde.test")
    ticket_id = open_ticket(ole)
    staff_reply(staff_client, ticket_id)
    assert [m for m in outbox(app, tenant) if m[0] == "ole@kunde.test"] == []
    assert ("admin@acme.test", "ticket-created") in [m[:2] for m in outbox(app, tenant)]


def test_a_contact_closes_its_ticket_and_cannot_answer_it_any_more(app, tenant, people):
    kim = contact_client(app, "acme", "kim@kunde.test")
    ticket_id = open_ticket(kim)
    closed = kim.submit(
        f"/kunden/tickets/{ticket_id}/schliessen", {}, f"/kunden/tickets/{ticket_id}"
    )
    assert closed.status_code == 303
    page = kim.get(f"/kunden/tickets/{ticket_id}").get_data(as_text=True)
    assert "Geschlossen" in page and 'name="message"' not in page
    token = kim.csrf("/kunden/tickets")
    answer = kim.post(f"/kunden/tickets/{ticket_id}/antworten",
                      data={"csrf_token": token, "message": "Doch noch was"})  # fmt: skip
    assert answer.status_code == 409


def test_a_refused_attachment_keeps_nothing_and_says_why(app, tenant, people):
    kim = contact_client(app, "acme", "kim@kunde.test")
    data = {"subject": "Mit Virus", "priority": "low", "message": "Hier", "department_id": "",
            "attachments": [pdf(), pdf("virus.exe", b"MZ\x90 program")]}  # fmt: skip
    response = submit_multipart(kim, "/kunden/tickets/neu", data)
    assert response.status_code == 200
    assert "Dateityp" in response.get_data(as_text=True)
    with in_tenant(app, tenant):
        assert db.session.scalars(select(Ticket)).all() == []
        assert db.session.scalars(select(StoredFile)).all() == []


@pytest.mark.parametrize("data, error", [
    ({"subject": "", "message": "x"}, "Bitte geben Sie einen Betreff ein."),
    ({"subject": "x", "message": ""}, "Bitte geben Sie eine Nachricht ein."),
    ({"subject": "x" * 201, "message": "x"}, "200"),
    ({"subject": "a\x00b", "message": "x"}, "Steuerzeichen"),
    ({"subject": "x", "message": "x", "priority": "sofort"}, "Keine gültige Auswahl."),
    ({"subject": "x", "message": "x", "department_id": "99999999999999"}, "Ungültige Auswahl"),
])  # fmt: skip
def test_the_new_ticket_form_shows_errors(app, tenant, people, data, error):
    kim = contact_client(app, "acme", "kim@kunde.test")
    payload = {"priority": "low", "department_id": ""} | data
    response = kim.submit("/kunden/tickets/neu", payload)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert error in page


def test_a_contact_sees_only_its_own_tickets_unless_the_setting_opens_the_customers(
    app, tenant, people, staff_client
):
    kim = contact_client(app, "acme", "kim@kunde.test")
    ole = contact_client(app, "acme", "ole@kunde.test")
    ticket_id = open_ticket(kim, subject="Kims Ticket")
    assert ole.get(f"/kunden/tickets/{ticket_id}").status_code == 404
    assert "Kims Ticket" not in ole.get("/kunden/tickets").get_data(as_text=True)
    response = staff_client.submit(
        "/admin/settings/tickets/visibility", {"all_contacts": "y"}, "/admin/settings/tickets"
    )
    assert response.status_code == 303
    assert ole.get(f"/kunden/tickets/{ticket_id}").status_code == 200
    assert "Kims Ticket" in ole.get("/kunden/tickets").get_data(as_text=True)
    assert "Kims Ticket" in ole.get("/kunden/").get_data(as_text=True)  # open tickets panel


def _routes(ticket_id, attachment_id):
    return [
        ("get", f"/kunden/tickets/{ticket_id}"),
        ("post", f"/kunden/tickets/{ticket_id}/antworten"),
        ("post", f"/kunden/tickets/{ticket_id}/schliessen"),
        ("get", f"/kunden/tickets/{ticket_id}/anhaenge/{attachment_id}"),
    ]


def _attachment_id(app, tenant, ticket_id):
    with in_tenant(app, tenant):
        return db.session.scalar(
            select(TicketAttachment.id)
            .join(TicketReply, TicketReply.id == TicketAttachment.reply_id)
            .where(TicketReply.ticket_id == ticket_id)
        )


def _post(client, path):
    return client.post(path, data={"csrf_token": client.csrf("/kunden/profil"), "message": "x"})


def test_other_customers_and_other_tenants_get_404_on_every_customer_route(
    app, tenant, other_tenant, people
):
    kim = contact_client(app, "acme", "kim@kunde.test")
    ticket_id = open_ticket(kim, attachments=[pdf()])
    attachment_id = _attachment_id(app, tenant, ticket_id)
    eva = contact_client(app, "acme", "eva@andere.test")
    gabi = contact_client(app, "globex", "gabi@kunde.test")  # same ids may exist there
    for stranger in (eva, gabi):
        for method, path in _routes(ticket_id, attachment_id):
            response = stranger.get(path) if method == "get" else _post(stranger, path)
            assert response.status_code == 404, (path, response.status_code)
    assert ticket_row(app, tenant, ticket_id).status == "open"


def test_contacts_without_support_get_403_on_every_customer_route(app, tenant, people):
    kim = contact_client(app, "acme", "kim@kunde.test")
    ticket_id = open_ticket(kim, attachments=[pdf()])
    attachment_id = _attachment_id(app, tenant, ticket_id)
    paul = contact_client(app, "acme", "paul@kunde.test")
    assert paul.get("/kunden/tickets").status_code == 403
    assert paul.get("/kunden/tickets/neu").status_code == 403
    for method, path in _routes(ticket_id, attachment_id):
        response = paul.get(path) if method == "get" else _post(paul, path)
        assert response.status_code == 403, path


def test_staff_of_another_tenant_get_404_on_every_staff_route(
    app, tenant, other_tenant, people, staff_client
):
    kim = contact_client(app, "acme", "kim@kunde.test")
    ticket_id = open_ticket(kim, attachments=[pdf()])
    attachment_id = _attachment_id(app, tenant, ticket_id)
    globex = client_for(app, "globex")
    assert globex.sign_in("admin@globex.test").status_code == 302
    token = globex.csrf("/admin/tickets")
    base = f"/admin/tickets/{ticket_id}"
    assert globex.get(base).status_code == 404
    assert globex.get(f"{base}/attachments/{attachment_id}").status_code == 404
    for action in ("reply", "note", "properties", "merge", "delete"):
        response = globex.post(f"{base}/{action}", data={"csrf_token": token, "message": "x"})
        assert response.status_code == 404, action
    assert "Kontaktformular" not in globex.get("/admin/tickets").get_data(as_text=True)
    # the attachment of one ticket is not found through another ticket of the same tenant
    other_id = open_ticket(kim, subject="Zweites")
    assert (
        staff_client.get(f"/admin/tickets/{other_id}/attachments/{attachment_id}").status_code
        == 404
    )
    own = staff_client.get(f"{base}/attachments/{attachment_id}")
    own.close()
    assert own.status_code == 200


def test_contacts_cannot_open_the_staff_inbox(app, tenant, people):
    kim = contact_client(app, "acme", "kim@kunde.test")
    assert kim.get("/admin/tickets").status_code in (302, 401, 403)


def test_only_admins_manage_departments_and_predefined_replies(app, tenant, staff_client):
    add_member(app, tenant)
    member = client_for(app, "acme")
    assert member.sign_in("mia@acme.test").status_code == 302
    assert member.get("/admin/settings/tickets").status_code == 403
    assert member.get("/admin/tickets").status_code == 200
    response = staff_client.submit(
        "/admin/settings/tickets/departments/new",
        {"name": "Technik", "email": "technik@acme.test"}, "/admin/settings/tickets",
    )  # fmt: skip
    assert response.status_code == 303
    page = staff_client.get("/admin/settings/tickets").get_data(as_text=True)
    assert "Technik" in page and "technik@acme.test" in page
    bad = staff_client.submit(
        "/admin/settings/tickets/departments/new", {"name": "", "email": "kein"},
        "/admin/settings/tickets",
    )  # fmt: skip
    assert bad.status_code == 200 and "gültige E-Mail-Adresse" in bad.get_data(as_text=True)


def test_staff_answer_with_a_predefined_reply_and_assign(app, tenant, people, staff_client):
    staff_client.submit(
        "/admin/settings/tickets/replies/new",
        {"title": "Danke", "body": "Vielen Dank, wir kümmern uns."}, "/admin/settings/tickets",
    )  # fmt: skip
    kim = contact_client(app, "acme", "kim@kunde.test")
    ticket_id = open_ticket(kim)
    page = staff_client.get(f"/admin/tickets/{ticket_id}").get_data(as_text=True)
    reply_id = re.search(r'<option value="(\d+)">Danke</option>', page).group(1)
    staff_reply(staff_client, ticket_id, message="", predefined_reply_id=reply_id,
                status="in_progress")  # fmt: skip
    assert "Vielen Dank, wir kümmern uns." in kim.get(f"/kunden/tickets/{ticket_id}").get_data(
        as_text=True
    )
    assert ticket_row(app, tenant, ticket_id).status == "in_progress"
    staff_id = re.search(r'name="assignee_id".*?<option value="(\d+)"', page, re.S)
    response = staff_client.submit(
        f"/admin/tickets/{ticket_id}/properties",
        {"status": "on_hold", "priority": "urgent", "department_id": "",
         "assignee_id": staff_id.group(1)},
        f"/admin/tickets/{ticket_id}",
    )  # fmt: skip
    assert response.status_code == 303
    row = ticket_row(app, tenant, ticket_id)
    assert (row.status, row.priority, row.assignee_id) == (
        "on_hold",
        "urgent",
        int(staff_id.group(1)),
    )
    filtered = staff_client.get(f"/admin/tickets?assignee={row.assignee_id}&status=on_hold")
    assert "Kontaktformular kaputt" in filtered.get_data(as_text=True)
    assert "Kontaktformular" not in staff_client.get("/admin/tickets?status=closed").get_data(
        as_text=True
    )


def test_merging_moves_the_replies_and_closes_the_duplicate_with_a_link(
    app, tenant, people, staff_client
):
    kim = contact_client(app, "acme", "kim@kunde.test")
    original = open_ticket(kim, subject="Original", message="Erste Meldung")
    duplicate = open_ticket(kim, subject="Doppelt", message="Zweite Meldung")
    response = staff_client.submit(
        f"/admin/tickets/{duplicate}/merge", {"target_id": original}, f"/admin/tickets/{duplicate}"
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/admin/tickets/{original}#thread")
    page = kim.get(f"/kunden/tickets/{original}").get_data(as_text=True)
    assert "Erste Meldung" in page and "Zweite Meldung" in page
    row = ticket_row(app, tenant, duplicate)
    assert (row.status, row.merged_into_id) == ("closed", original)
    assert f'/kunden/tickets/{original}"' in kim.get(f"/kunden/tickets/{duplicate}").get_data(
        as_text=True
    )


def test_a_ticket_of_another_customer_cannot_be_the_merge_target(app, tenant, people, staff_client):
    kim = contact_client(app, "acme", "kim@kunde.test")
    eva = contact_client(app, "acme", "eva@andere.test")
    mine = open_ticket(kim)
    theirs = open_ticket(eva)
    response = staff_client.submit(
        f"/admin/tickets/{mine}/merge", {"target_id": theirs}, f"/admin/tickets/{mine}"
    )
    assert response.status_code == 200
    assert ticket_row(app, tenant, mine).merged_into_id is None


def test_the_inbox_costs_the_same_queries_for_more_tickets(app, tenant, people, staff_client):
    kim = contact_client(app, "acme", "kim@kunde.test")
    open_ticket(kim)
    few = count_queries(staff_client, "/admin/tickets")
    for number in range(6):
        open_ticket(kim, subject=f"Ticket {number}")
    assert count_queries(staff_client, "/admin/tickets") == few


def test_a_customer_with_tickets_cannot_be_deleted(app, tenant, people, staff_client):
    kim = contact_client(app, "acme", "kim@kunde.test")
    open_ticket(kim)
    customer_id = people["kim"][0]
    page = staff_client.get(f"/admin/customers/{customer_id}").get_data(as_text=True)
    response = staff_client.submit(f"/admin/customers/{customer_id}/delete", {},
                                   f"/admin/customers/{customer_id}")  # fmt: skip
    assert response.status_code in (200, 303, 409)
    with in_tenant(app, tenant):
        assert db.session.scalar(select(Ticket.customer_id)) == customer_id
    assert page


def test_the_demo_has_tickets_in_several_states_and_an_answer_by_email(app, runner):
    from tests.test_demo_customers import run_demo

    info, _ = run_demo(app, runner)
    with in_tenant(app, info) as session:
        statuses = {ticket.status for ticket in session.scalars(select(Ticket))}
        assert statuses == {"in_progress", "open", "on_hold", "closed"}
        assert session.scalars(select(TicketReply).where(TicketReply.via_email)).all()


def test_staff_find_tickets_by_subject(app, tenant, people, staff_client):
    kim = contact_client(app, "acme", "kim@kunde.test")
    ticket_id = open_ticket(kim, subject="Druckerproblem im Büro")
    page = staff_client.get("/admin/search?q=Druckerproblem").get_data(as_text=True)
    assert f"/admin/tickets/{ticket_id}" in page


def _stored_files(app, tenant) -> list[str]:
    with in_tenant(app, tenant):
        return list(db.session.scalars(select(StoredFile.name)))


def test_an_admin_deletes_a_ticket_with_its_messages_and_files(app, tenant, people, staff_client):
    kim = contact_client(app, "acme", "kim@kunde.test")
    ticket_id = open_ticket(kim, attachments=[pdf()])
    staff_reply(staff_client, ticket_id, attachments=[pdf("anleitung.pdf", b"%PDF-1 Anleitung")])
    names = _stored_files(app, tenant)
    folder = app.config["INSTANCE_PATH"]
    on_disk = [path for path in _files_under(folder) if path.name in names]
    assert len(names) == 2 and len(on_disk) == 2

    page = staff_client.get(f"/admin/tickets/{ticket_id}").get_data(as_text=True)
    assert f'action="/admin/tickets/{ticket_id}/delete"' in page
    response = staff_client.submit(
        f"/admin/tickets/{ticket_id}/delete", {}, form_path=f"/admin/tickets/{ticket_id}"
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/admin/tickets")
    assert "Ticket gelöscht." in staff_client.get("/admin/tickets").get_data(as_text=True)
    assert staff_client.get(f"/admin/tickets/{ticket_id}").status_code == 404
    assert kim.get(f"/kunden/tickets/{ticket_id}").status_code == 404
    assert _stored_files(app, tenant) == []
    assert not any(path.exists() for path in on_disk)
    with in_tenant(app, tenant):
        assert db.session.scalar(select(TicketReply.id)) is None
    audit = staff_client.get("/admin/settings/audit-log").get_data(as_text=True)
    assert "Ticket gelöscht" in audit


def _files_under(folder):
    from pathlib import Path

    return [path for path in Path(folder).rglob("*") if path.is_file()]


def test_only_admins_delete_tickets_and_only_by_post(app, tenant, people, staff_client):
    kim = contact_client(app, "acme", "kim@kunde.test")
    ticket_id = open_ticket(kim)
    add_member(app, tenant)
    member = client_for(app, "acme")
    assert member.sign_in("mia@acme.test").status_code == 302
    page = member.get(f"/admin/tickets/{ticket_id}").get_data(as_text=True)
    assert f"/admin/tickets/{ticket_id}/delete" not in page
    token = member.csrf(f"/admin/tickets/{ticket_id}")
    path = f"/admin/tickets/{ticket_id}/delete"
    assert member.post(path, data={"csrf_token": token}).status_code == 403
    assert staff_client.get(path).status_code == 405
    assert staff_client.post(path).status_code == 400  # no CSRF token
    assert ticket_row(app, tenant, ticket_id) is not None
