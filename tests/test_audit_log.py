"""The activity and audit log: entries for each event, Einstellungen › Protokoll (admins),
the Aktivität tab of a customer, the CSV export, retention, append-only, tenant isolation."""

import csv
import io
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from crm.audit.service import CSV_BATCH
from gorilla.audit import AuditEntry, record
from tenants.models import utcnow
from tests.conftest import client_for, count_queries
from tests.crm_factories import add_customer, in_tenant
from tests.portal_helpers import CONTACT_PASSWORD, make_contact
from tests.test_settings_and_staff import add_member

LOG = "/admin/settings/audit-log"


def entries(app, tenant, **where) -> list[AuditEntry]:
    with in_tenant(app, tenant) as session:
        query = select(AuditEntry).filter_by(**where).order_by(AuditEntry.id)
        return list(session.scalars(query))


def test_staff_sign_ins_and_failures_are_logged(app, tenant):
    client = client_for(app, tenant.slug)
    assert client.sign_in("admin@acme.test", "wrong-password-here").status_code == 200
    assert client.sign_in("admin@acme.test").status_code == 302
    failed, ok = entries(app, tenant)
    assert (failed.action, failed.actor_realm, failed.actor_name) == (
        "sign_in_failed",
        "staff",
        "admin@acme.test",
    )
    assert failed.actor_id is None
    assert (ok.action, ok.actor_realm, ok.actor_name) == ("sign_in", "staff", "Admin")
    assert ok.actor_id is not None and ok.ip_address


def test_contact_sign_ins_and_failures_are_logged_for_the_customer(app, tenant, client):
    customer_id, contact_id = make_contact(app, tenant, "kim@kunde.test")
    client.sign_in("kim@kunde.test", "falsch-falsch-1", path="/kunden/login")
    client.sign_in("kim@kunde.test", CONTACT_PASSWORD, path="/kunden/login")
    failed, ok = entries(app, tenant)
    assert (failed.action, failed.actor_realm) == ("sign_in_failed", "contact")
    assert (ok.action, ok.actor_realm, ok.actor_id) == ("sign_in", "contact", contact_id)
    assert ok.customer_id == customer_id and ok.actor_name == "Kim Kunde"


def test_contact_permission_changes_are_logged_old_and_new(app, tenant, staff_client):
    customer_id, contact_id = make_contact(app, tenant, "kim@kunde.test")
    data = {"firstname": "Kim", "lastname": "Kunde", "email": "kim@kunde.test"}
    path = f"/admin/contacts/{contact_id}/edit"
    assert staff_client.submit(path, data | {"permissions": ["projects"]}).status_code == 303
    assert staff_client.submit(path, data | {"permissions": ["projects"]}).status_code == 303
    (entry,) = entries(app, tenant, action="permissions_changed")
    assert entry.subject_id == contact_id and entry.customer_id == customer_id
    assert '"new": ["projects"]' in entry.details and '"old": [' in entry.details
    assert entry.actor_name == "Admin"


def test_staff_creation_and_deactivation_are_logged(app, tenant, staff_client):
    response = staff_client.submit(
        "/admin/staff/new", {"email": "neu@acme.test", "password": "ein-gutes-passwort-1"}
    )
    assert response.status_code == 303
    member_id = int(response.headers["Location"].rsplit("/", 1)[1])
    staff_client.submit(f"/admin/staff/{member_id}/active", {"active": "0"}, "/admin/staff")
    created, deactivated = entries(app, tenant, subject_id=member_id, subject_type="staff")
    assert (created.action, deactivated.action) == ("staff_created", "staff_deactivated")
    assert created.subject_label == "Neu"


def test_contact_and_customer_deletions_are_logged(app, tenant, staff_client):
    customer_id, contact_id = make_contact(app, tenant, "kim@kunde.test")
    staff_client.submit(f"/admin/contacts/{contact_id}/delete", {}, "/admin/customers")
    staff_client.submit(f"/admin/customers/{customer_id}/delete", {}, "/admin/customers")
    (contact,) = entries(app, tenant, action="contact_deleted")
    (customer,) = entries(app, tenant, action="customer_deleted")
    assert (contact.action, contact.subject_label) == ("contact_deleted", "Kim Kunde")
    assert (customer.action, customer.subject_label) == ("customer_deleted", "Kunde GmbH")
    assert contact.customer_id == customer.customer_id == customer_id


def test_email_template_save_and_reset_are_logged(app, tenant, staff_client):
    path = "/admin/settings/email-templates/contact-welcome/de"
    data = {"subject": "Willkommen", "body": "<p>Hallo {contact_firstname}</p>", "active": "y"}
    assert staff_client.submit(path, data).status_code == 303
    assert staff_client.submit(f"{path}/reset", {}, path).status_code == 303
    (changed,) = entries(app, tenant, action="template_changed")
    (reset,) = entries(app, tenant, action="template_reset")
    assert (changed.action, reset.action) == ("template_changed", "template_reset")
    assert changed.subject_label == "contact-welcome (de)"


def test_non_admin_staff_get_403_on_the_audit_log(app, tenant):
    add_member(app, tenant)
    client = client_for(app, tenant.slug)
    client.sign_in("mia@acme.test")
    for path in (LOG, f"{LOG}/export.csv"):
        assert client.get(path).status_code == 403
    assert client.post(f"{LOG}/retention", data={"retention_days": "1"}).status_code in (400, 403)


def test_the_log_filters_by_action_actor_period_and_customer(app, tenant, staff_client):
    first = add_customer(app, tenant, "Erste GmbH")
    second = add_customer(app, tenant, "Zweite GmbH")
    with in_tenant(app, tenant) as session:
        record("contact_deleted", label="Anna Alt", customer_id=first, actor_name="Ute")
        record("contact_deleted", label="Bert Bunt", customer_id=second, actor_name="Olaf")
        old = record("customer_deleted", label="Cäsar Chor", customer_id=second)
        old.created_at = utcnow() - timedelta(days=40)
        session.commit()

    def shown(**args) -> set[str]:
        page = staff_client.get(LOG, query_string=args).get_data(as_text=True)
        return {name for name in ("Anna Alt", "Bert Bunt", "Cäsar Chor") if name in page}

    assert shown() == {"Anna Alt", "Bert Bunt", "Cäsar Chor"}
    assert shown(action="customer_deleted") == {"Cäsar Chor"}
    assert shown(actor="olaf") == {"Bert Bunt"}
    assert shown(customer=str(second)) == {"Bert Bunt", "Cäsar Chor"}
    since = (utcnow() - timedelta(days=1)).date().isoformat()
    assert shown(**{"from": since}) == {"Anna Alt", "Bert Bunt"}
    assert shown(to=(utcnow() - timedelta(days=30)).date().isoformat()) == {"Cäsar Chor"}
    assert shown(action="nonsense", customer="x", **{"from": "gestern"}) == shown()


@pytest.mark.parametrize(
    "args",
    [
        {"to": "9999-12-31"},  # the day after it is beyond Python's dates
        {"customer": "²"},  # str.isdigit() says yes, int() says no
        {"customer": "٣"},
        {"from": "0001-01-01", "to": "0001-01-01"},
    ],
)
def test_filters_at_the_edges_of_dates_and_digits_show_the_list(app, tenant, staff_client, args):
    with in_tenant(app, tenant) as session:
        record("exported", label="Sichtbar")
        session.commit()
    page = staff_client.get(LOG, query_string=args)
    assert page.status_code == 200 and "Protokoll" in page.get_data(as_text=True)
    export = staff_client.get(f"{LOG}/export.csv", query_string=args)
    assert export.status_code == 200 and export.get_data(as_text=True).startswith("Zeit (UTC)")


def test_the_log_shows_25_entries_a_page_in_bounded_queries(app, tenant, staff_client):
    with in_tenant(app, tenant) as session:
        for number in range(30):
            record("exported", label=f"Eintrag {number:02d}")
        session.commit()
    first = staff_client.get(LOG).get_data(as_text=True)
    assert "Eintrag 29" in first and "Eintrag 04" not in first
    assert "Eintrag 04" in staff_client.get(LOG, query_string={"page": 2}).get_data(as_text=True)
    few = count_queries(staff_client, LOG)
    with in_tenant(app, tenant) as session:
        for number in range(60):
            record("exported", label=f"Mehr {number}")
        session.commit()
    assert count_queries(staff_client, LOG) == few


def test_a_streaming_export_does_not_block_writers(app, tenant, staff_client):
    with in_tenant(app, tenant) as session:
        for number in range(CSV_BATCH + 1):  # more than one batch: still reading after a row
            record("customer_deleted", label=f"Weg {number}")
        session.commit()
    export = staff_client.get(f"{LOG}/export.csv", buffered=False)
    chunks = iter(export.response)
    assert "Zeit (UTC)" in next(chunks).decode() and "Export" in next(chunks).decode()
    # While the export is still reading, someone else signs in (a write on the tenant's
    # database, from another thread like another server worker): on SQLite it must not wait
    # for the export's transaction (the busy timeout would answer 500 after 10 seconds).
    other = client_for(app, tenant.slug)
    with ThreadPoolExecutor(1) as pool:
        started = time.monotonic()
        signed_in = pool.submit(other.sign_in, "admin@acme.test").result()
    assert signed_in.status_code == 302 and time.monotonic() - started < 5
    rest = b"".join(chunks).decode()
    export.close()
    assert "Weg 2" in rest and "Weg 0" in rest
    assert [entry.action for entry in entries(app, tenant)][-2:] == ["exported", "sign_in"]


def test_the_csv_export_holds_the_filtered_entries_and_is_logged(app, tenant, staff_client):
    with in_tenant(app, tenant) as session:
        record("contact_deleted", label="=HYPERLINK(1)", actor_name="Ute")
        record("customer_deleted", label="Weg GmbH")
        session.commit()
    response = staff_client.get(f"{LOG}/export.csv", query_string={"action": "contact_deleted"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 2 and rows[0][0] == "Zeit (UTC)"
    assert rows[1][1] == "Kontakt gelöscht" and rows[1][4] == "'=HYPERLINK(1)"
    (export,) = entries(app, tenant, action="exported")
    assert export.actor_name == "Admin" and "contact_deleted" in export.details


def test_entries_cannot_be_changed_or_deleted(app, tenant, staff_client):
    with in_tenant(app, tenant) as session:
        entry = record("exported", label="Fest")
        session.commit()
        entry.subject_label = "Anders"
        with pytest.raises(PermissionError):
            session.flush()
        session.rollback()
        session.delete(session.get(AuditEntry, entry.id))
        with pytest.raises(PermissionError):
            session.flush()
        session.rollback()
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("admin.audit.")]
    assert {method for rule in rules for method in rule.methods} <= {
        "GET",
        "HEAD",
        "OPTIONS",
        "POST",
    }
    assert [rule.rule for rule in rules if "POST" in rule.methods] == [f"{LOG}/retention"]
    assert staff_client.post(f"{LOG}/1/delete").status_code in (400, 404, 405)


def test_retention_is_a_setting_and_purge_audit_removes_older_entries(
    app, tenant, other_tenant, staff_client, runner
):
    assert 'value="365"' in staff_client.get(LOG).get_data(as_text=True)
    assert staff_client.submit(f"{LOG}/retention", {"retention_days": "0"}, LOG).status_code == 200
    assert staff_client.submit(f"{LOG}/retention", {"retention_days": "30"}, LOG).status_code == 303
    assert 'value="30"' in staff_client.get(LOG).get_data(as_text=True)
    for each in (tenant, other_tenant):
        with in_tenant(app, each) as session:
            record("exported", label="Alt")
            record("exported", label="Neu")
            session.commit()
            session.execute(
                update(AuditEntry)
                .where(AuditEntry.subject_label == "Alt")
                .values(created_at=utcnow() - timedelta(days=100))
            )
            session.commit()
    result = runner.invoke(args=["tenants", "purge-audit"])
    assert result.exit_code == 0, result.output
    assert "acme: 1" in result.output and "globex: 0" in result.output  # 365 days there
    labels = [entry.subject_label for entry in entries(app, tenant)]
    assert "Alt" not in labels and "Neu" in labels
    assert [entry.subject_label for entry in entries(app, other_tenant)] == ["Alt", "Neu"]
    (change,) = entries(app, tenant, action="retention_changed")
    assert change.details == '{"new": 30, "old": 365}'


def test_the_log_shows_only_this_tenants_entries(app, tenant, other_tenant, staff_client):
    with in_tenant(app, other_tenant) as session:
        record("exported", label="Globex-Geheimnis")
        session.commit()
    assert "Globex-Geheimnis" not in staff_client.get(LOG).get_data(as_text=True)
    export = staff_client.get(f"{LOG}/export.csv").get_data(as_text=True)
    assert "Globex-Geheimnis" not in export


def test_the_activity_tab_shows_only_its_customers_entries(app, tenant, other_tenant, staff_client):
    mine = add_customer(app, tenant, "Meine GmbH")
    other = add_customer(app, tenant, "Andere GmbH")
    foreign = add_customer(app, other_tenant, "Fremde GmbH")
    with in_tenant(app, tenant) as session:
        record("contact_deleted", label="Mein Kontakt", customer_id=mine)
        record("contact_deleted", label="Anderer Kontakt", customer_id=other)
        session.commit()
    with in_tenant(app, other_tenant) as session:
        record("contact_deleted", label="Fremder Kontakt", customer_id=mine)
        session.commit()
    page = staff_client.get(f"/admin/customers/{mine}/activity").get_data(as_text=True)
    assert "Mein Kontakt" in page and "Aktivität" in page
    assert "Anderer Kontakt" not in page and "Fremder Kontakt" not in page
    if foreign != mine:
        assert staff_client.get(f"/admin/customers/{foreign}/activity").status_code == 404
    assert staff_client.get("/admin/customers/99999/activity").status_code == 404


def test_a_contact_cannot_open_the_staff_log(app, tenant, client):
    make_contact(app, tenant, "kim@kunde.test")
    client.sign_in("kim@kunde.test", CONTACT_PASSWORD, path="/kunden/login")
    assert client.get(LOG).status_code == 302
    assert client.get("/admin/customers/1/activity").status_code == 302
