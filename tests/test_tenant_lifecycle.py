"""Operator lifecycle: export → delete → import round trip, rename, delete with export."""

import zipfile
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import sqlalchemy as sa
from flask import g

from crm.contacts.pictures import clean_picture
from crm.invoices.models import Invoice
from crm.invoices.service import save_invoice
from crm.staff.models import Staff
from crm.tasks.models import Task
from crm.tasks.service import add_comment
from gorilla.extensions import db
from mail_templates.models import EmailTemplate
from tenants.model_base import TenantModel
from tenants.settings import set_setting
from tenants.storage import upload_root
from tests.conftest import PASSWORD, client_for
from tests.crm_factories import add_contact, add_customer, image_bytes
from tests.portal_helpers import CONTACT_PASSWORD
from tests.work_helpers import add_project, add_task


def uploads(app, tenant_id):
    return Path(app.instance_path) / "uploads" / tenant_id


def in_tenant(app, slug):
    """App context bound to tenant ``slug`` (looked up fresh)."""
    ctx = app.app_context()
    ctx.push()
    g.tenant = app.extensions["gorilla.tenant_directory"].lookup(slug)
    return ctx


HELD_ON_IMPORT = {("outbox", "status"), ("outbox", "last_error")}


def enrich(app, tenant):
    """Rows in every feature the tenant has so far, and a real uploaded picture."""
    ctx = in_tenant(app, tenant.slug)
    db.session.add(Staff(email="erika@acme.test", first_name="Erika", last_name="Müller"))
    set_setting("email_signature", "Grüße aus Köln")
    template = db.session.scalar(
        sa.select(EmailTemplate).where(EmailTemplate.slug == "contact-welcome")
    )
    template.subject = "Hallo {contact_firstname}!"
    db.session.commit()
    ctx.pop()
    customer_id = add_customer(app, tenant, "Kunde AG", city="Köln")
    with app.app_context():  # the upload limit is a setting
        picture = clean_picture(BytesIO(image_bytes()), "kim.png")
    add_contact(
        app, tenant, customer_id, "kim@kunde.de", password=CONTACT_PASSWORD, picture=picture
    )
    project_id = add_project(app, tenant, customer_id)
    task_id = add_task(app, tenant, project_id, "Startseite", visible_to_customer=True)
    ctx = in_tenant(app, tenant.slug)
    task = db.session.get(Task, task_id)
    add_comment(task, "Bitte bis Freitag.", staff=db.session.scalar(sa.select(Staff)))
    invoice = {"customer_id": customer_id, "date": date(2026, 11, 2), "duedate": None, "notes": ""}
    items = [{"description": "Konzept", "qty": 2, "rate": Decimal("1234.56"), "taxrate": 19}]
    save_invoice(Invoice(), invoice | {"items": items})
    db.session.commit()
    ctx.pop()


def snapshot(app, slug):
    """Every row of every tenant table (ids included), and the tenant's files."""
    ctx = in_tenant(app, slug)
    rows = {}
    for table in TenantModel.metadata.sorted_tables:
        # Queued mail is imported as "not sent again" on purpose (see the next test).
        columns = [c for c in table.c if (table.name, c.name) not in HELD_ON_IMPORT]
        rows[table.name] = sorted(map(tuple, db.session.execute(sa.select(*columns))), key=repr)
    root = upload_root(g.tenant.id)
    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    ctx.pop()
    return rows, files


def test_export_delete_import_round_trip_is_lossless(app, runner, tenant, tmp_path):
    enrich(app, tenant)
    before = snapshot(app, "acme")
    tables = ("contacts", "projects", "tasks", "task_comments", "invoices", "invoice_items")
    assert all(before[0][table] for table in tables) and before[1]  # and a picture
    archive = tmp_path / "acme.zip"
    result = runner.invoke(args=["tenants", "export", "acme", str(archive)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["tenants", "delete", "acme", "--yes", "--no-export"]).exit_code == 0
    assert not uploads(app, tenant.id).exists()
    result = runner.invoke(args=["tenants", "import", str(archive)])
    assert result.exit_code == 0, result.output
    assert snapshot(app, "acme") == before
    staff = client_for(app, "acme")
    assert staff.sign_in("admin@acme.test", PASSWORD).status_code == 302  # passwords still work
    contact = client_for(app, "acme")
    assert (
        contact.sign_in("kim@kunde.de", CONTACT_PASSWORD, path="/kunden/login").status_code == 302
    )
    picture = contact.get("/kunden/profil/bild")
    assert picture.status_code == 200
    picture.close()
    ctx = in_tenant(app, "acme")
    db.session.add(Staff(email="new@acme.test"))  # sequences continue after imported ids
    db.session.commit()
    ctx.pop()


def test_import_under_a_new_slug_keeps_the_original(app, runner, tenant, tmp_path):
    archive = tmp_path / "acme.zip"
    runner.invoke(args=["tenants", "export", "acme", str(archive)])
    result = runner.invoke(args=["tenants", "import", str(archive), "--slug", "acme-kopie"])
    assert result.exit_code == 0, result.output
    assert client_for(app, "acme-kopie").sign_in("admin@acme.test").status_code == 302
    assert client_for(app, "acme").sign_in("admin@acme.test").status_code == 302


def test_import_refuses_garbage_and_taken_slugs_in_one_line(app, runner, tenant, tmp_path):
    garbage = tmp_path / "garbage.zip"
    garbage.write_bytes(b"not a zip")
    result = runner.invoke(args=["tenants", "import", str(garbage)])
    assert result.exit_code == 1 and result.stderr.strip().count("\n") == 0
    archive = tmp_path / "acme.zip"
    runner.invoke(args=["tenants", "export", "acme", str(archive)])
    result = runner.invoke(args=["tenants", "import", str(archive)])
    assert result.exit_code == 1 and "existiert bereits" in result.stderr


def test_import_of_an_export_from_another_schema_version_is_refused(app, runner, tenant, tmp_path):
    archive = tmp_path / "acme.zip"
    runner.invoke(args=["tenants", "export", "acme", str(archive)])
    tampered = tmp_path / "old.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(tampered, "w") as target:
        for item in source.namelist():
            data = source.read(item)
            if item == "manifest.json":
                data = data.replace(b'"revision": "', b'"revision": "old-')
            target.writestr(item, data)
    result = runner.invoke(args=["tenants", "import", str(tampered), "--slug", "acme-alt"])
    assert result.exit_code == 1 and "revision" in result.stderr
    assert client_for(app, "acme-alt").get("/admin/login").status_code == 404


def test_delete_writes_an_export_and_removes_uploads(app, runner, tenant):
    enrich(app, tenant)
    result = runner.invoke(args=["tenants", "delete", "acme", "--yes"])
    assert result.exit_code == 0, result.output
    exports = list((Path(app.instance_path) / "exports").glob("acme-*.zip"))
    assert len(exports) == 1 and "exports" in result.stdout
    assert not uploads(app, tenant.id).exists()


def test_rename_moves_the_tenant_to_the_new_subdomain(app, runner, tenant):
    client_for(app, "acme").get("/admin/login")  # warm the resolver cache
    result = runner.invoke(args=["tenants", "rename", "acme", "acme-neu"])
    assert result.exit_code == 0, result.output
    assert "http://acme-neu.gorilla.test/admin/" in result.stdout
    assert client_for(app, "acme").get("/admin/login").status_code == 404
    assert client_for(app, "acme-neu").sign_in("admin@acme.test").status_code == 302
    with app.app_context():
        g.tenant = app.extensions["gorilla.tenant_directory"].lookup("acme-neu")
        from mail_templates.service import tenant_fields

        assert tenant_fields()["crm_url"].startswith("http://acme-neu.gorilla.test")


def test_rename_to_a_taken_or_reserved_slug_fails(app, runner, tenant, other_tenant):
    assert "existiert bereits" in runner.invoke(args=["tenants", "rename", "acme", "globex"]).stderr
    assert "reserviert" in runner.invoke(args=["tenants", "rename", "acme", "www"]).stderr
    assert client_for(app, "acme").get("/admin/login").status_code == 200


def test_list_shows_counts_and_last_activity(app, runner, tenant):
    client_for(app, "acme").sign_in("admin@acme.test")
    line = runner.invoke(args=["tenants", "list"]).stdout.splitlines()[1].split()
    assert line[:2] == ["acme", "ACME"] and line[3:5] == ["active", "1"]
    assert line[7] != "-"  # last activity = the sign-in


def test_import_never_sends_the_exported_queue_again(app, runner, tenant, tmp_path):
    ctx = in_tenant(app, "acme")
    from mail_templates.models import OutboxMessage

    db.session.add(
        OutboxMessage(
            template_slug="contact-welcome", to_email="kim@kunde.de", to_name="Kim",
            subject="Willkommen", body_html="<p>Hallo</p>", body_text="Hallo",
        )
    )  # fmt: skip
    db.session.commit()
    ctx.pop()
    archive = tmp_path / "acme.zip"
    runner.invoke(args=["tenants", "export", "acme", str(archive)])
    assert runner.invoke(args=["tenants", "import", str(archive), "--slug", "kopie"]).exit_code == 0
    ctx = in_tenant(app, "kopie")
    (copy,) = db.session.scalars(sa.select(OutboxMessage)).all()
    assert copy.status == "failed" and "not sent again" in copy.last_error
    ctx.pop()
