"""GDPR: a contact's data export holds only its own data, erasure requests, anonymisation,
consent records and the tenant's privacy policy."""

import io
import json
import re
import zipfile
from datetime import date

import pytest
from PIL import Image
from sqlalchemy import event, select
from sqlalchemy.engine import Engine

from crm.contacts.models import Contact
from crm.gdpr.models import Consent, ErasureRequest
from crm.invoices.models import Invoice
from crm.staff.models import Staff
from gorilla.audit import AuditEntry
from gorilla.extensions import db
from gorilla.search import SearchWord
from gorilla.storage import upload_path
from mail_templates.models import OutboxMessage
from tests.conftest import PASSWORD, client_for
from tests.crm_factories import in_tenant
from tests.portal_helpers import CONTACT_PASSWORD, make_contact
from tests.work_helpers import add_project, add_task

EXPORT = "/kunden/profil/daten-export"
ERASURE = "/kunden/profil/loeschung-beantragen"
CONSENT = "/kunden/profil/datenschutz-zustimmen"
POLICY_SETTINGS = "/admin/settings/privacy-policy"
REQUESTS = "/admin/settings/erasure-requests"
YEAR = date.today().year

KIM = {"firstname": "Kim", "lastname": "Kunde", "title": "Chefin", "phonenumber": "+49 30 1234"}
# Distinctive values of a second contact of Kim's customer and of another customer's contact:
# none of them may appear in any file of Kim's export.
OLE = {
    "firstname": "Olafur", "lastname": "Zweitmann", "title": "Geheimtitel-Ole",
    "phonenumber": "+49 555 0101",
}  # fmt: skip
OLE_EMAIL = "ole.zweit@kunde.de"
EVA = {
    "firstname": "Evangelina", "lastname": "Fremdkundin", "title": "Fremdtitel-Eva",
    "phonenumber": "+49 555 0202",
}  # fmt: skip
EVA_EMAIL = "eva.fremd@andere.de"
ALL = ["invoices", "projects"]


def _png(color: str, size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def _signed_in(app, tenant, email, agent="Mozilla/5.0", address="127.0.0.1"):
    client = client_for(app, tenant.slug)
    client.environ_base.update({"HTTP_USER_AGENT": agent, "REMOTE_ADDR": address})
    response = client.sign_in(email, CONTACT_PASSWORD, path="/kunden/login")
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def _upload_picture(client, fields: dict, picture: bytes) -> None:
    data = fields | {"direction": "", "profile_image": (io.BytesIO(picture), "me.png")}
    response = client.submit(
        "/kunden/profil/daten", data, "/kunden/profil", content_type="multipart/form-data"
    )
    assert response.status_code == 303


def _comment(client, task_id: int, body: str) -> None:
    path = f"/kunden/aufgaben/{task_id}"
    assert client.submit(f"{path}/kommentare", {"body": body}, form_path=path).status_code in (
        302,
        303,
    )


def _set_policy(staff_client, text: str) -> None:
    assert staff_client.submit(POLICY_SETTINGS, {"text": text}).status_code == 303


def _accept(client):
    return client.submit(CONSENT, {"accept": "y"}, form_path=EXPORT)


def _zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.data))


def _invoice(staff_client, app, tenant, customer_id: int) -> str:
    items = {
        "items-0-description": "Webdesign", "items-0-qty": "1", "items-0-rate": "100",
        "items-0-taxrate": "19",
    }  # fmt: skip
    data = {"customer_id": customer_id, "date": f"{YEAR}-03-01", "duedate": f"{YEAR}-03-15"}
    response = staff_client.submit("/admin/invoices/new", data | items)
    invoice_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with in_tenant(app, tenant):
        invoice = db.session.get(Invoice, invoice_id)
        invoice.status = "unpaid"
        db.session.commit()
        return invoice.number


def listed_ids(staff_client, query: str) -> set[int]:
    """The contact ids the all-contacts list shows for ``query``."""
    page = staff_client.get(f"/admin/contacts?{query}").get_data(as_text=True)
    return {int(found) for found in re.findall(r'href="/admin/contacts/(\d+)/edit', page)}


@pytest.fixture
def people(app, tenant, staff_client):
    """Kim (primary) and Ole at Kunde GmbH, Eva at Andere AG, each with a picture, a sign-in,
    a comment, a consent and (Ole) a failed sign-in; an invoice for each customer."""
    customer_id, kim = make_contact(app, tenant, "kim@kunde.de", permissions=ALL, **KIM)
    _, ole = make_contact(app, tenant, OLE_EMAIL, permissions=ALL, **OLE)
    other_id, eva = make_contact(
        app, tenant, EVA_EMAIL, company="Andere AG", permissions=ALL, **EVA
    )
    _set_policy(staff_client, "Wir verarbeiten Ihre Daten sorgsam.")
    project = add_project(app, tenant, customer_id)
    task = add_task(app, tenant, project, "Startseite", visible_to_customer=True)
    other_task = add_task(
        app, tenant, add_project(app, tenant, other_id), "Fremd", visible_to_customer=True
    )
    clients = {}
    for email, fields, color, agent, address, task_id, name in (
        ("kim@kunde.de", KIM, "blue", "Kims-Browser/1.0", "10.1.1.1", task, "kim"),
        (OLE_EMAIL, OLE, "red", "Oles-Browser/9.9", "10.2.2.2", task, "ole"),
        (EVA_EMAIL, EVA, "green", "Evas-Browser/7.7", "10.3.3.3", other_task, "eva"),
    ):
        client = _signed_in(app, tenant, email, agent, address)
        _upload_picture(
            client, {k: v for k, v in fields.items() if k != "email"}, _png(color, (30, 20))
        )
        _comment(client, task_id, f"Kommentar-von-{name}-xyz")
        assert _accept(client).status_code == 303
        clients[name] = client
    client_for(app, tenant.slug).sign_in(OLE_EMAIL, "falsches-passwort-1", path="/kunden/login")
    numbers = (
        _invoice(staff_client, app, tenant, customer_id),
        _invoice(staff_client, app, tenant, other_id),
    )
    return {
        "kim": kim, "ole": ole, "eva": eva, "customer_id": customer_id, "task": task,
        "clients": clients, "invoices": numbers,
    }  # fmt: skip


def test_export_of_one_contact_contains_none_of_another_contacts_data(app, tenant, people):
    archive = _zip(
        people["clients"]["kim"].post(
            EXPORT, data={"csrf_token": people["clients"]["kim"].csrf(EXPORT)}
        )
    )
    assert sorted(archive.namelist()) == ["data.json", "files/profile.png"]
    forbidden = [
        *OLE.values(), *EVA.values(), OLE_EMAIL, EVA_EMAIL, "Kommentar-von-ole-xyz",
        "Kommentar-von-eva-xyz", "Oles-Browser", "Evas-Browser", "10.2.2.2", "10.3.3.3",
        "falsches", "Andere AG", people["invoices"][1],
    ]  # fmt: skip
    for name in archive.namelist():
        content = archive.read(name).decode("latin-1") + archive.read(name).decode(
            "utf-8", "replace"
        )
        for value in forbidden:
            assert value not in content, f"{value!r} found in {name}"
    with in_tenant(app, tenant):
        kim = db.session.get(Contact, people["kim"])
        ole = db.session.get(Contact, people["ole"])
        assert archive.read("files/profile.png") == upload_path(kim.profile_image).read_bytes()
        assert archive.read("files/profile.png") != upload_path(ole.profile_image).read_bytes()
    data = json.loads(archive.read("data.json"))
    assert data["contact"]["email"] == "kim@kunde.de" and data["contact"]["title"] == "Chefin"
    assert data["contact"]["permissions"] == ["invoices", "projects"]
    assert data["contact"]["profile_image"] == "files/profile.png"
    assert [c["body"] for c in data["task_comments"]] == ["Kommentar-von-kim-xyz"]
    assert [(c["action"], c["ip_address"]) for c in data["consents"]] == [("given", "10.1.1.1")]
    assert data["sign_in_sessions"][0]["user_agent"] == "Kims-Browser/1.0"
    assert [i["number"] for i in data["documents"]["invoices"]] == [people["invoices"][0]]
    assert "sign_in" in {entry["action"] for entry in data["audit_entries"]}


def test_export_is_logged_and_rate_limited(app, tenant, people):
    client = people["clients"]["kim"]
    token = client.csrf(EXPORT)
    answers = [client.post(EXPORT, data={"csrf_token": token}).status_code for _ in range(6)]
    assert answers == [200] * 5 + [429]
    with in_tenant(app, tenant):
        exports = db.session.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "exported", AuditEntry.subject_id == people["kim"]
            )
        ).all()
    assert len(exports) == 5 and exports[0].actor_realm == "contact"


def test_contact_page_shows_button_and_german_texts(people):
    page = people["clients"]["kim"].get(EXPORT).get_data(as_text=True)
    assert "Meine Daten herunterladen (ZIP)" in page and "Löschung meiner Daten beantragen" in page
    assert "Datenschutzerklärung" in page and "erteilt" in page


def test_staff_admin_exports_a_contact_and_it_is_logged(app, tenant, people, staff_client):
    path = f"/admin/contacts/{people['ole']}/privacy"
    page = staff_client.get(path).get_data(as_text=True)
    assert "Einwilligungen" in page and "10.2.2.2" in page
    archive = _zip(
        staff_client.submit(f"/admin/contacts/{people['ole']}/data-export", {}, form_path=path)
    )
    data = json.loads(archive.read("data.json"))
    assert (
        data["contact"]["email"] == OLE_EMAIL
        and "kim@kunde.de" not in archive.read("data.json").decode()
    )
    with in_tenant(app, tenant):
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "exported"))
        assert entry.subject_id == people["ole"] and entry.actor_realm == "staff"


def _contact_route_answers(client, contact_id: int) -> set[int]:
    """The answers of every staff GDPR route of one contact."""
    token = client.csrf("/admin/customers")
    answers = {client.get(f"/admin/contacts/{contact_id}/privacy").status_code}
    for action in ("data-export", "anonymise"):
        path = f"/admin/contacts/{contact_id}/{action}"
        answers.add(client.post(path, data={"csrf_token": token}).status_code)
    return answers


def test_non_admin_staff_get_403(app, tenant, people):
    with in_tenant(app, tenant):
        member = Staff(email="mia@acme.test", first_name="Mia", last_name="Mit", is_admin=False)
        member.set_password(PASSWORD)
        db.session.add(member)
        db.session.commit()
    client = client_for(app, tenant.slug)
    client.sign_in("mia@acme.test")
    contact = people["kim"]
    assert _contact_route_answers(client, contact) == {403}
    assert client.get(REQUESTS).status_code == 403
    assert client.get(POLICY_SETTINGS).status_code == 403


def test_other_tenants_staff_get_404_for_every_contact_route(app, tenant, other_tenant, people):
    client = client_for(app, other_tenant.slug)
    assert client.sign_in(f"admin@{other_tenant.slug}.test").status_code == 302
    contact = people["kim"]
    assert _contact_route_answers(client, contact) == {404}
    assert "Kim" not in client.get(REQUESTS).get_data(as_text=True)
    with in_tenant(app, tenant):
        assert db.session.get(Contact, contact).anonymised_at is None


def test_contact_routes_never_cross_tenants_or_customers(app, tenant, other_tenant, people):
    kim = people["clients"]["kim"]
    # the acme session is not valid on globex: the sign-in page, never data
    for path in (EXPORT, "/kunden/profil"):
        response = kim.get(path, base_url=f"http://{other_tenant.slug}.gorilla.test")
        assert response.status_code == 302 and "/kunden/login" in response.headers["Location"]
    response = kim.post(EXPORT, base_url=f"http://{other_tenant.slug}.gorilla.test")
    assert response.status_code in (302, 400)
    # every portal route works on the signed-in contact only: Eva's export holds no Kim
    eva = people["clients"]["eva"]
    archive = _zip(eva.post(EXPORT, data={"csrf_token": eva.csrf(EXPORT)}))
    content = archive.read("data.json").decode()
    assert "kim@kunde.de" not in content and "Chefin" not in content and "Kunde GmbH" not in content
    assert client_for(app, tenant.slug).get(EXPORT).status_code == 302  # signed out


def test_erasure_request_needs_the_right_password(app, tenant, people, staff_client):
    kim = people["clients"]["kim"]
    wrong = kim.submit(ERASURE, {"password": "nicht-das-passwort"}, form_path=EXPORT)
    assert wrong.status_code == 200 and "Das Passwort ist falsch." in wrong.get_data(as_text=True)
    empty = kim.submit(ERASURE, {"password": ""}, form_path=EXPORT)
    assert "Bitte geben Sie Ihr Passwort ein." in empty.get_data(as_text=True)
    with in_tenant(app, tenant):
        assert db.session.scalars(select(ErasureRequest)).all() == []
    right = kim.submit(ERASURE, {"password": CONTACT_PASSWORD}, form_path=EXPORT)
    assert right.status_code == 303
    assert "Sie haben am" in kim.get(EXPORT).get_data(as_text=True)
    kim.submit(ERASURE, {"password": CONTACT_PASSWORD}, form_path=EXPORT)  # twice: one request
    with in_tenant(app, tenant):
        requests = db.session.scalars(select(ErasureRequest)).all()
        assert len(requests) == 1 and requests[0].contact_id == people["kim"]
        mails = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.template_slug == "staff-erasure-request")
        ).all()
        assert [m.to_email for m in mails] == ["admin@acme.test"]
        assert mails[0].subject == "Löschantrag von Kim Kunde (Kunde GmbH)"
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "erasure_requested"))
    listing = staff_client.get(REQUESTS).get_data(as_text=True)
    assert "Löschanträge" in listing and "kim@kunde.de" in listing
    # the row's button says what it does, not "Offen" like the status beside it
    privacy = f"/admin/contacts/{people['kim']}/privacy"
    assert f'href="{privacy}">Antrag bearbeiten</a>' in listing


def test_anonymise_blanks_fields_keeps_invoices_and_comments(app, tenant, people, staff_client):
    kim = people["clients"]["kim"]
    kim.submit(ERASURE, {"password": CONTACT_PASSWORD}, form_path=EXPORT)
    with in_tenant(app, tenant):
        picture = upload_path(db.session.get(Contact, people["kim"]).profile_image)
    path = f"/admin/contacts/{people['kim']}/privacy"
    assert "beantragt" in staff_client.get(path).get_data(as_text=True)
    response = staff_client.submit(f"/admin/contacts/{people['kim']}/anonymise", {}, form_path=path)
    assert response.status_code == 303
    with in_tenant(app, tenant):
        contact = db.session.get(Contact, people["kim"])
        assert contact.full_name == "Gelöschter Kontakt"
        assert contact.email.endswith("@anonymisiert.invalid") and "kim" not in contact.email
        assert (contact.title, contact.phonenumber, contact.profile_image) == ("", "", None)
        assert contact.password_hash is None and not contact.active and not contact.is_primary
        assert contact.anonymised_at is not None
        assert db.session.get(Contact, people["ole"]).is_primary
        assert db.session.scalar(select(Invoice).where(Invoice.number == people["invoices"][0]))
        assert db.session.scalar(select(Consent).where(Consent.contact_id == people["kim"]))
        erasure = db.session.scalar(select(ErasureRequest))
        assert erasure.status == "anonymised" and erasure.handled_by
        actions = set(db.session.scalars(select(AuditEntry.action)))
        assert {"erasure_requested", "contact_anonymised"} <= actions
    assert not picture.exists()
    task_page = staff_client.get(f"/admin/tasks/{people['task']}").get_data(as_text=True)
    assert "Kommentar-von-kim-xyz" in task_page and "Gelöschter Kontakt" in task_page
    assert "Kim Kunde" not in task_page
    # the all-contacts search no longer finds the old name or email
    assert people["kim"] not in listed_ids(staff_client, "q=kim")
    assert people["kim"] in listed_ids(staff_client, "q=Gelöschter")
    with in_tenant(app, tenant) as session:
        if session.get_bind(Contact).dialect.name == "postgresql":  # the search vocabulary
            assert "kim" not in set(session.scalars(select(SearchWord.word)))
    # the old session is over and the old credentials no longer work
    assert kim.get("/kunden/profil").status_code == 302
    again = client_for(app, tenant.slug).sign_in(
        "kim@kunde.de", CONTACT_PASSWORD, path="/kunden/login"
    )
    assert again.status_code == 200 and "/kunden/login" not in again.headers.get("Location", "")
    page = staff_client.get(path).get_data(as_text=True)
    assert "wurde am" in page and "Kontakt anonymisieren" not in page
    assert "Erledigt" in staff_client.get(REQUESTS).get_data(as_text=True)
    # kept as a record only: no edit, no reactivation, not found by the old name
    edit = staff_client.get(f"/admin/contacts/{people['kim']}/edit")
    assert edit.status_code == 303 and edit.headers["Location"].endswith(path)
    staff_client.submit(
        f"/admin/contacts/{people['kim']}/active", {"active": "1"}, form_path="/admin/customers"
    )
    with in_tenant(app, tenant):
        assert not db.session.get(Contact, people["kim"]).active
    found = staff_client.get("/admin/search?q=Chefin").get_data(as_text=True)
    assert "Gelöschter Kontakt" not in found and "Kim Kunde" not in found


def test_consent_is_stored_with_time_ip_and_version(app, tenant, staff_client):
    make_contact(app, tenant, "kim@kunde.de")
    kim = _signed_in(app, tenant, "kim@kunde.de", address="192.0.2.44")
    assert "Bitte lesen und bestätigen" not in kim.get("/kunden/profil").get_data(as_text=True)
    _set_policy(staff_client, "Erste Fassung.")
    assert "Bitte lesen und bestätigen" in kim.get("/kunden/profil").get_data(as_text=True)
    unticked = kim.submit(CONSENT, {}, form_path=EXPORT)
    assert "Bitte setzen Sie den Haken" in unticked.get_data(as_text=True)
    assert _accept(kim).status_code == 303
    with in_tenant(app, tenant):
        consent = db.session.scalar(select(Consent))
        assert (consent.action, consent.text_version, consent.ip_address) == (
            "given",
            1,
            "192.0.2.44",
        )
        assert consent.created_at is not None and consent.purpose == "privacy_policy"
    assert "Bitte lesen und bestätigen" not in kim.get("/kunden/profil").get_data(as_text=True)
    withdrawn = kim.submit("/kunden/profil/datenschutz-widerrufen", {}, form_path=EXPORT)
    assert withdrawn.status_code == 303
    assert "Bitte lesen und bestätigen" in kim.get("/kunden/profil").get_data(as_text=True)
    assert "widerrufen" in kim.get(EXPORT).get_data(as_text=True)
    assert _accept(kim).status_code == 303
    _set_policy(staff_client, "Zweite Fassung.")
    assert "Bitte lesen und bestätigen" in kim.get("/kunden/profil").get_data(as_text=True)
    _set_policy(staff_client, "Zweite Fassung.")  # unchanged text: no new version
    assert "Version 2" in staff_client.get(POLICY_SETTINGS).get_data(as_text=True)


def test_a_first_policy_is_not_announced_as_changed(app, tenant, staff_client):
    """A contact who never accepted a policy is asked to accept it, not told it changed."""
    make_contact(app, tenant, "kim@kunde.de")
    kim = _signed_in(app, tenant, "kim@kunde.de")
    _set_policy(staff_client, "Erste Fassung.")
    for path in ("/kunden/profil", EXPORT):
        page = kim.get(path).get_data(as_text=True)
        assert "Bitte lesen und bestätigen Sie die aktuelle Datenschutzerklärung." in page
        assert "geändert" not in page


def test_privacy_policy_is_public_escaped_and_linked_from_sign_in(
    app, tenant, staff_client, client
):
    _set_policy(staff_client, "# Wer wir sind\n\n<script>alert(1)</script>\nZeile zwei")
    page = client.get("/kunden/datenschutz")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "<h2>Wer wir sind</h2>" in text
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;<br>Zeile zwei" in text
        and "<script>alert" not in text
    )
    assert 'href="/kunden/datenschutz"' in client.get("/kunden/login").get_data(as_text=True)
    control = staff_client.submit(POLICY_SETTINGS, {"text": "a\x00b"})
    assert "Bitte entfernen Sie die Steuerzeichen." in control.get_data(as_text=True)


def test_staff_see_consents_on_the_contact_page(app, tenant, staff_client):
    _, contact = make_contact(app, tenant, "kim@kunde.de")
    edit = staff_client.get(f"/admin/contacts/{contact}/edit").get_data(as_text=True)
    assert f"/admin/contacts/{contact}/privacy" in edit
    assert "Keine Einwilligungen erfasst." in staff_client.get(
        f"/admin/contacts/{contact}/privacy"
    ).get_data(as_text=True)


def _export_statements(client) -> int:
    token = client.csrf(EXPORT)
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", count)
    try:
        assert client.post(EXPORT, data={"csrf_token": token}).status_code == 200
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    return len(statements)


def test_export_runs_the_same_number_of_queries_at_any_data_size(app, tenant, staff_client):
    customer_id, _ = make_contact(app, tenant, "kim@kunde.de", permissions=ALL)
    task = add_task(
        app, tenant, add_project(app, tenant, customer_id), "T", visible_to_customer=True
    )
    kim = _signed_in(app, tenant, "kim@kunde.de")
    _comment(kim, task, "eins")
    few = _export_statements(kim)
    for number in range(5):
        _comment(kim, task, f"Kommentar {number}")
        _invoice(staff_client, app, tenant, customer_id)
        add_project(app, tenant, customer_id, f"Projekt {number}")
    assert _export_statements(kim) == few


def test_staff_signed_in_as_the_contact_cannot_export_or_request_erasure(app, tenant, staff_client):
    _, contact = make_contact(app, tenant, "kim@kunde.de")
    edit = f"/admin/contacts/{contact}/edit"
    assert (
        staff_client.submit(f"/admin/contacts/{contact}/login-as", {}, form_path=edit).status_code
        == 303
    )
    page = staff_client.get(EXPORT).get_data(as_text=True)
    assert "Meine Daten herunterladen (ZIP)" not in page
    token = staff_client.csrf("/kunden/profil")
    assert staff_client.post(EXPORT, data={"csrf_token": token}).status_code == 403
    erasure = {"csrf_token": token, "password": CONTACT_PASSWORD}
    assert staff_client.post(ERASURE, data=erasure).status_code == 403
    with in_tenant(app, tenant):
        assert db.session.scalars(select(ErasureRequest)).all() == []


def test_a_session_staff_opened_as_the_contact_shows_no_staff_device_data(app, tenant):
    """The contact sees that the agency was signed in as it, but not the staff member's
    browser or address: those are the staff member's data, not the contact's."""
    _, contact = make_contact(app, tenant, "kim@kunde.de")
    staff = client_for(app, tenant.slug)
    staff.environ_base.update({"HTTP_USER_AGENT": "Staff-Browser/9", "REMOTE_ADDR": "10.9.9.9"})
    assert staff.sign_in(f"admin@{tenant.slug}.test").status_code == 302
    edit = f"/admin/contacts/{contact}/edit"
    assert (
        staff.submit(f"/admin/contacts/{contact}/login-as", {}, form_path=edit).status_code == 303
    )
    kim = _signed_in(app, tenant, "kim@kunde.de", agent="Kims-Browser/1.0", address="10.1.1.1")
    profile = kim.get("/kunden/profil").get_data(as_text=True)
    assert "Von der Agentur geöffnet (als Sie angemeldet)" in profile
    assert "Staff-Browser" not in profile and "10.9.9.9" not in profile
    data = json.loads(
        _zip(kim.post(EXPORT, data={"csrf_token": kim.csrf(EXPORT)})).read("data.json")
    )
    sessions = data["sign_in_sessions"]
    assert [s.get("opened_by_agency", False) for s in sessions] == [True, False]
    assert "Staff-Browser" not in json.dumps(data) and "10.9.9.9" not in json.dumps(data)
