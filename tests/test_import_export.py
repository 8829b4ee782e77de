"""Import of customers with contacts from CSV (upload, preview, all-or-nothing confirm) and the
CSV/XLSX exports of customers, contacts and invoices (admins only, audited, streamed)."""

import csv
import io
import re
import time
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import func, select

from crm.contacts.models import Contact
from crm.customers.models import Customer
from crm.invoices.models import Invoice
from crm.invoices.service import save_invoice
from crm.transfer.models import PendingImport
from gorilla.audit import AuditEntry
from gorilla.search import search
from mail_templates.models import OutboxMessage
from tests.conftest import client_for, count_queries
from tests.crm_factories import add_contact, add_customer, in_tenant
from tests.portal_helpers import CONTACT_PASSWORD, make_contact
from tests.test_customer_groups import add_group
from tests.test_settings_and_staff import add_member

IMPORT = "/admin/import/customers"
HEADER = "Firma;Ort;Vorname;Nachname;E-Mail;Telefon Kontakt"
TOKEN_RE = re.compile(r"/admin/import/customers/([0-9a-f]{32})$")


def upload(client, content: bytes, name: str = "kunden.csv"):
    data = {"file": (io.BytesIO(content), name)}
    return client.submit(IMPORT, data, content_type="multipart/form-data")


def uploaded(client, content: bytes) -> str:
    """Upload ``content`` and return the preview path."""
    response = upload(client, content)
    assert response.status_code == 303, response.get_data(as_text=True)
    assert TOKEN_RE.search(response.headers["Location"])
    return response.headers["Location"]


def confirm(client, preview: str, **data):
    return client.submit(f"{preview}/confirm", data, preview)


def counts(app, tenant) -> tuple[int, int]:
    with in_tenant(app, tenant) as session:
        return (
            session.scalar(select(func.count()).select_from(Customer)),
            session.scalar(select(func.count()).select_from(Contact)),
        )


def rows(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode()


GOOD = rows(
    "Müller GmbH;Köln;Jörg;Müller;joerg@mueller.de;+49 221 1",
    "Müller GmbH;;Anna;Schäfer;anna@mueller.de;",
    "Öko AG;Berlin;;;;",
)


@pytest.mark.parametrize(
    "content",
    [
        GOOD,
        b"\xef\xbb\xbf" + GOOD,  # UTF-8 with BOM
        GOOD.decode().encode("cp1252"),  # Excel's "CSV (Trennzeichen-getrennt)"
        GOOD.decode().replace(";", ",").encode(),  # comma-separated
        GOOD.decode().replace("\n", "\r\n").encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "cp1252-semicolon", "utf8-comma", "cp1252-crlf"],
)
def test_both_encodings_and_dialects_import_the_same_customers(app, tenant, staff_client, content):
    preview = uploaded(staff_client, content)
    page = staff_client.get(preview).get_data(as_text=True)
    assert "Neue Kunden: 2" in page and "Neue Kontakte: 2" in page
    assert "Müller GmbH" in page and "Jörg" in page
    response = confirm(staff_client, preview)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/admin/customers")
    with in_tenant(app, tenant) as session:
        customers = {c.company: c for c in session.scalars(select(Customer))}
        assert set(customers) == {"Müller GmbH", "Öko AG"}
        assert customers["Müller GmbH"].city == "Köln" and customers["Öko AG"].city == "Berlin"
        contacts = {c.email: c for c in session.scalars(select(Contact))}
        assert set(contacts) == {"joerg@mueller.de", "anna@mueller.de"}
        joerg, anna = contacts["joerg@mueller.de"], contacts["anna@mueller.de"]
        assert joerg.customer_id == anna.customer_id == customers["Müller GmbH"].id
        assert (joerg.is_primary, anna.is_primary) == (True, False)
        assert joerg.phonenumber == "+49 221 1" and joerg.firstname == "Jörg"
        assert joerg.permissions == {
            "invoices", "estimates", "contracts", "proposals", "support", "projects"
        }  # fmt: skip
        assert joerg.invoice_emails and joerg.task_emails and joerg.password_hash is None
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
        assert session.scalar(select(func.count()).select_from(PendingImport)) == 0
    assert "2 Kunden und 2 Kontakte importiert" in staff_client.get("/admin/customers").get_data(
        as_text=True
    )


def test_imported_records_are_found_by_the_global_search(app, tenant, staff_client):
    confirm(staff_client, uploaded(staff_client, GOOD))
    with in_tenant(app, tenant) as session:
        titles = {hit.title for hit in search(session, "Müller")}
        assert titles == {"Müller GmbH", "Jörg Müller"}
        assert [hit.title for hit in search(session, "anna@mueller.de")] == ["Anna Schäfer"]
        assert [hit.title for hit in search(session, "Berlin")] == ["Öko AG"]


@pytest.mark.parametrize(
    "line, error",
    [
        (";Köln;Jörg;Müller;j@mueller.de;", "Die Firma fehlt."),
        (
            "X GmbH;;Jörg;Müller;kein-at-zeichen;",
            "Die E-Mail-Adresse „kein-at-zeichen“ ist ungültig.",
        ),
        ("X GmbH;;Jörg;Müller;;", "Die E-Mail-Adresse fehlt."),
        ("X GmbH;;;Müller;j@mueller.de;", "Der Vorname fehlt."),
        ("X GmbH;" + "K" * 101 + ";Jörg;Müller;j@mueller.de;", "„Ort“ ist länger als 100 Zeichen."),
        ("X\x07 GmbH;;Jörg;Müller;j@mueller.de;", "„Firma“ enthält Steuerzeichen."),
        ("X GmbH;;Jörg;Müller;j@mueller.de;1;zu viel", "Die Zeile hat mehr Werte"),
    ],
)
def test_preview_shows_per_row_german_errors_and_writes_nothing(
    app, tenant, staff_client, line, error
):
    preview = uploaded(staff_client, rows("Gut AG;;Eva;Gut;eva@gut.de;", line))
    page = staff_client.get(preview).get_data(as_text=True)
    assert error in page
    assert "Zeilen mit Fehlern: 1" in page and "Jetzt importieren" not in page
    assert counts(app, tenant) == (0, 0)


def test_confirm_is_all_or_nothing_one_failing_row_writes_nothing(app, tenant, staff_client):
    good = [f"Firma {n} GmbH;;Vor{n};Nach{n};p{n}@firma.de;" for n in range(30)]
    preview = uploaded(staff_client, rows(*good, ";;Ohne;Firma;ohne@firma.de;"))
    response = confirm(staff_client, preview)
    assert response.status_code == 200
    assert "Bitte korrigieren Sie die Zeilen mit Fehlern" in response.get_data(as_text=True)
    assert counts(app, tenant) == (0, 0)
    with in_tenant(app, tenant) as session:
        assert not session.scalars(select(AuditEntry).filter_by(action="imported")).all()


def test_duplicates_by_email_are_reported_and_skipped_not_created(app, tenant, staff_client):
    customer_id = add_customer(app, tenant, "Müller GmbH")
    add_contact(app, tenant, customer_id, "joerg@mueller.de")
    preview = uploaded(
        staff_client,
        rows(
            "Müller GmbH;;Jörg;Müller;JOERG@mueller.de;",
            "müller gmbh;;Anna;Schäfer;anna@mueller.de;",
            "Neu AG;;Anna;Doppelt;anna@mueller.de;",
        ),
    )
    page = staff_client.get(preview).get_data(as_text=True)
    assert "Ein Kontakt mit joerg@mueller.de existiert bereits." in page
    assert "anna@mueller.de steht schon in Zeile 3." in page
    assert "Doppelte (übersprungen): 2" in page or "Duplikate übersprungen: 2" in page
    assert confirm(staff_client, preview).status_code == 303
    with in_tenant(app, tenant) as session:
        contacts = {c.email: c for c in session.scalars(select(Contact))}
        assert set(contacts) == {"joerg@mueller.de", "anna@mueller.de"}
        anna = contacts["anna@mueller.de"]
        assert anna.customer_id == customer_id and anna.lastname == "Schäfer"
        assert not anna.is_primary  # the existing customer keeps its primary contact
        companies = sorted(session.scalars(select(Customer.company)))
        assert companies == ["Müller GmbH", "Neu AG"]


def test_contacts_imported_into_a_grouped_customer_get_the_groups_default_permissions(
    app, tenant, staff_client
):
    grouped = add_customer(app, tenant, "Müller GmbH")
    add_group(app, tenant, "Nur Projekte", {"projects"}, members=[grouped])
    add_group(app, tenant, "Ohne eigene", None, members=[grouped])
    assert confirm(staff_client, uploaded(staff_client, GOOD)).status_code == 303
    with in_tenant(app, tenant) as session:
        contacts = session.scalars(select(Contact).order_by(Contact.email)).all()
        assert {contact.email: contact.customer_id for contact in contacts} == {
            "anna@mueller.de": grouped,
            "joerg@mueller.de": grouped,
        }
        # a customer's groups set what its new contacts may open, not the tenant's defaults
        assert [contact.permissions for contact in contacts] == [{"projects"}, {"projects"}]
        assert not any(contact.invoice_emails for contact in contacts)


def test_welcome_emails_only_when_asked_for_on_the_confirm_form(app, tenant, staff_client):
    confirm(staff_client, uploaded(staff_client, GOOD), send_welcome="y")
    with in_tenant(app, tenant) as session:
        sent = sorted(session.scalars(select(OutboxMessage.to_email)))
    assert sent == ["anna@mueller.de", "joerg@mueller.de"]


@pytest.mark.parametrize(
    "content, error",
    [
        (b"", "Bitte wählen Sie eine CSV-Datei."),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "Das ist keine CSV-Textdatei."),
        (b"Name;Ort\nX;Y\n", "die Spalte „Firma“ fehlt"),
        (b"Firma\n" + b"X\n" * 20_001, "Die Datei hat mehr als 20000 Zeilen."),
    ],
)
def test_unreadable_files_are_refused_on_the_form(app, tenant, staff_client, content, error):
    response = upload(staff_client, content, name="x.csv" if content else "")
    assert response.status_code == 200
    assert error in response.get_data(as_text=True)
    with in_tenant(app, tenant) as session:
        assert session.scalar(select(func.count()).select_from(PendingImport)) == 0


def test_a_file_that_makes_the_delimiter_guess_backtrack_is_read_quickly(app, staff_client):
    # csv.Sniffer's quote regexes backtrack quadratically over an unclosed quote repeated
    # thousands of times: a 64 KB sample took half a minute of one worker per request
    hostile = b"Firma;Ort\n" + b';"a' * 60_000
    started = time.monotonic()
    preview = uploaded(staff_client, hostile)
    page = staff_client.get(preview)  # the preview reads the kept file again
    assert time.monotonic() - started < 5
    assert page.status_code == 200 and "Fehler" in page.get_data(as_text=True)


def test_control_characters_in_the_uploaded_file_name_are_dropped(app, tenant, staff_client):
    response = upload(staff_client, GOOD, name="kun\x00den\x1b.csv")
    assert response.status_code == 303  # PostgreSQL refuses NUL in text: was a 500 there
    assert confirm(staff_client, response.headers["Location"]).status_code == 303
    with in_tenant(app, tenant) as session:
        labels = session.scalars(
            select(AuditEntry.subject_label).where(AuditEntry.action == "imported")
        ).all()
    assert labels == ["kunden.csv"]


def test_the_upload_page_offers_a_sample_that_imports_cleanly(app, tenant, staff_client):
    page = staff_client.get(IMPORT).get_data(as_text=True)
    assert "Kunden importieren" in page and "<progress" in page and "Telefon Kontakt" in page
    sample = staff_client.get(f"{IMPORT}/template.csv")
    assert sample.status_code == 200 and sample.data.startswith(b"\xef\xbb\xbfFirma;")
    assert confirm(staff_client, uploaded(staff_client, sample.data)).status_code == 303
    assert counts(app, tenant) == (2, 2)


def test_double_confirm_is_404_and_imports_once(app, tenant, staff_client):
    preview = uploaded(staff_client, GOOD)
    token = staff_client.csrf(preview)
    assert staff_client.post(f"{preview}/confirm", data={"csrf_token": token}).status_code == 303
    assert staff_client.post(f"{preview}/confirm", data={"csrf_token": token}).status_code == 404
    assert counts(app, tenant) == (2, 2)


def test_another_tenant_cannot_see_or_confirm_an_upload(app, tenant, other_tenant, staff_client):
    preview = uploaded(staff_client, GOOD)
    intruder = client_for(app, other_tenant.slug)
    assert intruder.sign_in("admin@globex.test").status_code == 302
    assert intruder.get(preview).status_code == 404
    token = intruder.csrf(IMPORT)
    assert intruder.post(f"{preview}/confirm", data={"csrf_token": token}).status_code == 404
    assert counts(app, tenant) == (0, 0) and counts(app, other_tenant) == (0, 0)
    assert staff_client.get("/admin/import/customers/" + "0" * 32).status_code == 404


def test_another_admin_of_the_same_tenant_cannot_confirm_my_upload(app, tenant, staff_client):
    preview = uploaded(staff_client, GOOD)
    add_member(app, tenant, "boss@acme.test", is_admin=True)
    other = client_for(app, tenant.slug)
    other.sign_in("boss@acme.test")
    assert other.get(preview).status_code == 404


def test_non_admin_staff_get_403_and_see_no_links(app, tenant):
    add_member(app, tenant)
    client = client_for(app, tenant.slug)
    client.sign_in("mia@acme.test")
    for path in (IMPORT, f"{IMPORT}/template.csv", "/admin/export/customers.csv",
                 "/admin/export/invoices.xlsx"):  # fmt: skip
        assert client.get(path).status_code == 403
    page = client.get("/admin/customers").get_data(as_text=True)
    assert "/admin/export/" not in page and IMPORT not in page


def test_contacts_reach_none_of_it(app, tenant, client):
    make_contact(app, tenant, "kim@kunde.de")
    client.sign_in("kim@kunde.de", CONTACT_PASSWORD, path="/kunden/login")
    for path in (IMPORT, "/admin/export/contacts.csv", "/admin/export/contacts.xlsx"):
        response = client.get(path)
        assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_unknown_export_is_404(staff_client):
    assert staff_client.get("/admin/export/staff.csv").status_code == 404
    assert staff_client.get("/admin/export/customers.pdf").status_code == 404


def _invoice(app, tenant, customer_id: int) -> None:
    with in_tenant(app, tenant) as session:
        data = {
            "customer_id": customer_id,
            "date": date(2026, 3, 1),
            "duedate": date(2026, 3, 15),
            "items": [{"description": "Web", "qty": Decimal("2"), "rate": Decimal("1000.25"),
                       "taxrate": Decimal("19")}],
        }  # fmt: skip
        save_invoice(Invoice(), data)
        session.commit()


@pytest.fixture
def data(app, tenant):
    """Two customers, one with a formula-looking name, contacts and an invoice."""
    first, _ = make_contact(app, tenant, "kim@kunde.de", company="Kunde GmbH")
    make_contact(app, tenant, "=cmd@kunde.de", company="Kunde GmbH", firstname="=HYPERLINK(1)")
    add_customer(app, tenant, "@Böse AG", city="+Stadt")
    _invoice(app, tenant, first)
    return first


def _csv(staff_client, what: str) -> list[list[str]]:
    response = staff_client.get(f"/admin/export/{what}.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))


def test_csv_exports_have_german_headers_and_formula_safe_cells(app, tenant, data, staff_client):
    customers = _csv(staff_client, "customers")
    assert customers[0][:3] == ["ID", "Firma", "USt-IdNr."]
    assert [row[1] for row in customers[1:]] == ["Kunde GmbH", "'@Böse AG"]
    assert customers[2][7] == "'+Stadt"
    contacts = _csv(staff_client, "contacts")
    assert contacts[0][:5] == ["ID", "Kunden-ID", "Firma", "Vorname", "Nachname"]
    emails = [row[6] for row in contacts[1:]]
    assert emails == ["kim@kunde.de", "'=cmd@kunde.de"]
    assert contacts[2][3] == "'=HYPERLINK(1)" and contacts[1][8] == "Ja"
    invoices = _csv(staff_client, "invoices")
    assert invoices[0][:2] == ["ID", "Rechnungsnummer"]
    (row,) = invoices[1:]
    assert row[3] == "Kunde GmbH" and row[4] == "2026-03-01" and row[6] == "Entwurf"
    assert row[8:11] == ["2000,50", "380,10", "2380,60"]


def test_xlsx_exports_open_with_openpyxl(app, tenant, data, staff_client):
    response = staff_client.get("/admin/export/invoices.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=invoices.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    values = list(sheet.values)
    assert values[0][:4] == ("ID", "Rechnungsnummer", "Kunden-ID", "Firma")
    assert values[1][10] == Decimal("2380.60") or values[1][10] == pytest.approx(2380.6)
    contacts = openpyxl.load_workbook(
        io.BytesIO(staff_client.get("/admin/export/contacts.xlsx").data)
    )
    rows_ = list(contacts.active.values)
    assert rows_[2][3] == "'=HYPERLINK(1)" and rows_[2][6] == "'=cmd@kunde.de"
    assert all(cell.data_type != "f" for row in contacts.active.iter_rows() for cell in row)


def test_each_export_is_written_to_the_audit_log(app, tenant, staff_client):
    staff_client.get("/admin/export/contacts.csv")
    staff_client.get("/admin/export/invoices.xlsx")
    with in_tenant(app, tenant) as session:
        entries = session.scalars(select(AuditEntry).filter_by(action="exported")).all()
        assert [entry.subject_label for entry in entries] == ["Kontakte (CSV)", "Rechnungen (XLSX)"]
        assert all(entry.actor_name == "Admin" for entry in entries)


def test_the_import_is_written_to_the_audit_log(app, tenant, staff_client):
    confirm(staff_client, uploaded(staff_client, GOOD))
    with in_tenant(app, tenant) as session:
        (entry,) = session.scalars(select(AuditEntry).filter_by(action="imported"))
        assert entry.subject_label == "kunden.csv" and '"contacts": 2' in entry.details


def test_exports_run_a_bounded_number_of_queries(app, tenant, staff_client):
    paths = [f"/admin/export/{what}.{kind}" for what in ("customers", "contacts", "invoices")
             for kind in ("csv", "xlsx")]  # fmt: skip
    few = [count_queries(staff_client, path) for path in paths]
    for number in range(40):
        customer_id, _ = make_contact(app, tenant, f"p{number}@firma.de", company=f"F{number % 7}")
        if number % 10 == 0:
            _invoice(app, tenant, customer_id)
    assert [count_queries(staff_client, path) for path in paths] == few


def test_exports_hold_only_this_tenants_records(app, tenant, other_tenant, staff_client):
    make_contact(app, other_tenant, "geheim@globex.de", company="Globex-Kunde")
    make_contact(app, tenant, "kim@kunde.de")
    text = staff_client.get("/admin/export/contacts.csv").get_data(as_text=True)
    assert "kim@kunde.de" in text and "geheim@globex.de" not in text


def test_list_pages_link_to_their_exports(staff_client):
    for page, what in (("/admin/customers", "customers"), ("/admin/contacts", "contacts"),
                       ("/admin/invoices", "invoices")):  # fmt: skip
        text = staff_client.get(page).get_data(as_text=True)
        assert f"/admin/export/{what}.csv" in text and f"/admin/export/{what}.xlsx" in text
    assert IMPORT in staff_client.get("/admin/customers").get_data(as_text=True)


def test_the_customer_export_imports_into_another_agency(app, tenant, other_tenant, staff_client):
    """An agency moving its customers: the export's German headers (Webseite, Stadt), its
    language names (Deutsch) and its formula-safe cells ('+49 …) read back as they were."""
    add_customer(app, tenant, "Bäckerei Sonnenschein GmbH", city="München", zip="80331",
                 website="https://sonnenschein.de", phonenumber="+49 89 123456",
                 default_language="en")  # fmt: skip
    exported = staff_client.get("/admin/export/customers.csv").data
    other = client_for(app, other_tenant.slug)
    assert other.sign_in("admin@globex.test").status_code == 302
    preview = uploaded(other, exported)
    page = other.get(preview).get_data(as_text=True)
    assert "Zeilen mit Fehlern: 0" in page
    assert "Ignorierte Spalten: ID, Aktiv, Angelegt am" in page
    assert confirm(other, preview).status_code == 303
    with in_tenant(app, other_tenant) as session:
        customer = session.scalars(select(Customer)).one()
        assert (customer.company, customer.city, customer.zip) == (
            "Bäckerei Sonnenschein GmbH",
            "München",
            "80331",
        )
        assert customer.website == "https://sonnenschein.de"
        assert customer.phonenumber == "+49 89 123456" and customer.default_language == "en"


def test_a_file_with_nothing_new_offers_no_import(app, tenant, staff_client):
    customer_id = add_customer(app, tenant, "Müller GmbH")
    add_contact(app, tenant, customer_id, "joerg@mueller.de")
    preview = uploaded(staff_client, rows("Müller GmbH;;Jörg;Müller;joerg@mueller.de;"))
    page = staff_client.get(preview).get_data(as_text=True)
    assert "Es gibt nichts Neues zu importieren" in page
    assert "Jetzt importieren" not in page


def test_the_contacts_export_header_telefonnummer_is_the_contacts_phone(app, tenant, staff_client):
    header = "Firma;Vorname;Nachname;E-Mail;Telefonnummer"
    preview = uploaded(staff_client, rows("Neu AG;Eva;Klein;eva@neu.de;+49 30 5", header=header))
    assert confirm(staff_client, preview).status_code == 303
    with in_tenant(app, tenant) as session:
        eva = session.scalars(select(Contact).filter_by(email="eva@neu.de")).one()
        assert eva.phonenumber == "+49 30 5"
        assert session.scalars(select(Customer).filter_by(company="Neu AG")).one().phonenumber == ""
