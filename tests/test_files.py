"""Dateien on customers, projects and tasks: staff upload, download and delete; contacts with
``projects`` download a project's files and add their own; every route stays in its customer
and tenant; files go with their customer and travel with a tenant export."""

import io

import pytest
from sqlalchemy import func, select

from crm.customers.models import Customer
from crm.files.models import CustomerFile, ProjectFile, TaskFile
from gorilla.attachments import StoredFile
from gorilla.attachments.service import FOLDER
from gorilla.storage import upload_root
from tests.conftest import client_for
from tests.crm_factories import in_tenant, submit_multipart
from tests.portal_helpers import CONTACT_PASSWORD, make_contact
from tests.work_helpers import add_project, add_task

PDF = b"%PDF-1.7\n% Angebot\n"


def upload(client, path: str, form_path: str, data: bytes = PDF, name: str = "angebot.pdf"):
    return submit_multipart(client, path, {"file": (io.BytesIO(data), name)}, form_path)


@pytest.fixture
def work(app, tenant):
    """Kunde GmbH (contact kim with ``projects``), a project, a visible and a hidden task."""
    customer, kim = make_contact(app, tenant, "kim@kunde.de", permissions=["projects"])
    project = add_project(app, tenant, customer)
    shown = add_task(app, tenant, project, "Entwurf", visible_to_customer=True)
    hidden = add_task(app, tenant, project, "Kalkulation", visible_to_customer=False)
    return {"customer": customer, "contact": kim, "project": project, "shown": shown,
            "hidden": hidden}  # fmt: skip


def contact_client(app, email="kim@kunde.de", slug="acme"):
    client = client_for(app, slug)
    assert client.sign_in(email, CONTACT_PASSWORD, path="/kunden/login").status_code == 302
    return client


def staff_upload(staff_client, kind: str, owner_id: int, page: str, name="angebot.pdf"):
    response = upload(staff_client, f"/admin/{kind}/{owner_id}/files", page, name=name)
    assert response.status_code == 303, response.get_data(as_text=True)
    return response


def stored_on_disk(app, tenant) -> list:
    with app.app_context():
        folder = upload_root(tenant.id) / FOLDER
        return list(folder.iterdir()) if folder.exists() else []


def link_ids(app, tenant, model) -> list[int]:
    with in_tenant(app, tenant) as session:
        return list(session.scalars(select(model.id).order_by(model.id)))


@pytest.mark.parametrize(
    ("kind", "key", "page", "model"),
    [
        ("customers", "customer", "/admin/customers/{}/files", CustomerFile),
        ("projects", "project", "/admin/projects/{}", ProjectFile),
        ("tasks", "shown", "/admin/tasks/{}", TaskFile),
    ],
)
def test_staff_upload_download_and_delete_a_file(
    app, tenant, staff_client, work, kind, key, page, model
):
    owner = work[key]
    page = page.format(owner)
    staff_upload(staff_client, kind, owner, page)
    shown = staff_client.get(page).get_data(as_text=True)
    assert "Datei hochgeladen." in shown and "angebot.pdf" in shown
    (link,) = link_ids(app, tenant, model)
    response = staff_client.get(f"/admin/{kind}/{owner}/files/{link}")
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    response.close()
    deleted = staff_client.submit(f"/admin/{kind}/{owner}/files/{link}/delete", {}, form_path=page)
    assert deleted.status_code == 303
    assert link_ids(app, tenant, model) == []
    assert stored_on_disk(app, tenant) == []
    assert "Noch keine Dateien." in staff_client.get(page).get_data(as_text=True)


def test_files_tab_lists_the_file_with_who_uploaded_it(app, tenant, staff_client, work):
    page = f"/admin/customers/{work['customer']}/files"
    staff_upload(staff_client, "customers", work["customer"], page, name="Vertrag März.pdf")
    shown = staff_client.get(page).get_data(as_text=True)
    assert "Vertrag März.pdf" in shown and "Dateien" in shown


@pytest.mark.parametrize(
    ("data", "name", "error"),
    [
        (b"MZ\x90\x00 not allowed", "tool.exe", "Dateityp"),
        (b"", "leer.pdf", "Die Datei ist leer."),
    ],
)
def test_refused_uploads_say_why_and_store_nothing(
    app, tenant, staff_client, work, data, name, error
):
    page = f"/admin/customers/{work['customer']}/files"
    response = upload(staff_client, f"/admin/customers/{work['customer']}/files", page, data, name)
    assert response.status_code == 303
    shown = staff_client.get(page).get_data(as_text=True)
    assert error in shown
    assert link_ids(app, tenant, CustomerFile) == []


def test_another_customers_owner_and_file_ids_answer_404(app, tenant, staff_client, work):
    other = make_contact(app, tenant, "eve@andere.de", company="Andere AG")[0]
    page = f"/admin/customers/{work['customer']}/files"
    staff_upload(staff_client, "customers", work["customer"], page)
    (link,) = link_ids(app, tenant, CustomerFile)
    assert staff_client.get(f"/admin/customers/{other}/files/{link}").status_code == 404
    assert staff_client.get(f"/admin/projects/{work['project']}/files/{link}").status_code == 404
    assert staff_client.get(f"/admin/customers/99999/files/{link}").status_code == 404
    assert staff_client.get("/admin/invoices/1/files/1").status_code == 404
    gone = staff_client.submit(f"/admin/customers/{other}/files/{link}/delete", {}, form_path=page)
    assert gone.status_code == 404
    assert link_ids(app, tenant, CustomerFile) == [link]


def test_another_tenants_staff_get_404_for_every_file_route(
    app, tenant, other_tenant, staff_client, work
):
    page = f"/admin/customers/{work['customer']}/files"
    staff_upload(staff_client, "customers", work["customer"], page)
    (link,) = link_ids(app, tenant, CustomerFile)
    globex = client_for(app, "globex")
    assert globex.sign_in("admin@globex.test").status_code == 302
    assert globex.get(page).status_code == 404
    assert globex.get(f"/admin/customers/{work['customer']}/files/{link}").status_code == 404
    path = f"/admin/customers/{work['customer']}/files"
    assert upload(globex, path, "/admin/").status_code == 404


def test_contact_downloads_project_and_visible_task_files_and_uploads_its_own(
    app, tenant, staff_client, work
):
    project, shown, hidden = work["project"], work["shown"], work["hidden"]
    staff_upload(staff_client, "projects", project, f"/admin/projects/{project}", name="plan.pdf")
    staff_upload(staff_client, "tasks", shown, f"/admin/tasks/{shown}", name="entwurf.pdf")
    staff_upload(staff_client, "tasks", hidden, f"/admin/tasks/{hidden}", name="intern.pdf")
    kim = contact_client(app)
    files = f"/kunden/projekte/{project}/dateien"
    page = kim.get(files).get_data(as_text=True)
    assert "plan.pdf" in page and "entwurf.pdf" in page and "intern.pdf" not in page
    (project_link,) = link_ids(app, tenant, ProjectFile)
    shown_link, hidden_link = link_ids(app, tenant, TaskFile)
    response = kim.get(f"{files}/{project_link}")
    assert response.status_code == 200 and response.data == PDF
    response.close()
    response = kim.get(f"/kunden/aufgaben/{shown}/dateien/{shown_link}")
    assert response.status_code == 200
    response.close()
    assert kim.get(f"/kunden/aufgaben/{hidden}/dateien/{hidden_link}").status_code == 404
    assert kim.get(f"/kunden/aufgaben/{shown}/dateien/{hidden_link}").status_code == 404
    assert upload(kim, files, files, name="logo.pdf").status_code == 303
    assert "logo.pdf" in kim.get(files).get_data(as_text=True)
    assert "Kim Kunde" in staff_client.get(f"/admin/projects/{project}").get_data(as_text=True)


def test_contacts_of_another_customer_or_tenant_get_404(
    app, tenant, other_tenant, staff_client, work
):
    project = work["project"]
    staff_upload(staff_client, "projects", project, f"/admin/projects/{project}")
    (link,) = link_ids(app, tenant, ProjectFile)
    make_contact(app, tenant, "eve@andere.de", company="Andere AG", permissions=["projects"])
    make_contact(app, other_tenant, "kim@kunde.de", permissions=["projects"])
    for client in (contact_client(app, "eve@andere.de"), contact_client(app, slug="globex")):
        files = f"/kunden/projekte/{project}/dateien"
        assert client.get(files).status_code == 404
        assert client.get(f"{files}/{link}").status_code == 404
        assert upload(client, files, "/kunden/profil").status_code == 404
    assert link_ids(app, tenant, ProjectFile) == [link]


def test_contact_without_projects_permission_gets_403(app, tenant, staff_client, work):
    project = work["project"]
    staff_upload(staff_client, "projects", project, f"/admin/projects/{project}")
    (link,) = link_ids(app, tenant, ProjectFile)
    make_contact(app, tenant, "ina@kunde.de", permissions=["invoices"])
    ina = contact_client(app, "ina@kunde.de")
    files = f"/kunden/projekte/{project}/dateien"
    assert ina.get(files).status_code == 403
    assert ina.get(f"{files}/{link}").status_code == 403
    assert upload(ina, files, "/kunden/profil").status_code == 403


def test_files_go_with_their_customer(app, tenant, staff_client):
    with in_tenant(app, tenant) as session:
        customer = Customer(company="Kurz GmbH")
        session.add(customer)
        session.commit()
        customer_id = customer.id
    page = f"/admin/customers/{customer_id}/files"
    staff_upload(staff_client, "customers", customer_id, page)
    response = staff_client.submit(f"/admin/customers/{customer_id}/delete", {}, form_path=page)
    assert response.status_code in (302, 303)
    with in_tenant(app, tenant) as session:
        assert session.scalar(select(func.count()).select_from(StoredFile)) == 0
    assert stored_on_disk(app, tenant) == []


def test_a_file_survives_tenant_export_and_import(
    app, runner, tenant, staff_client, work, tmp_path
):
    project = work["project"]
    staff_upload(staff_client, "projects", project, f"/admin/projects/{project}")
    (link,) = link_ids(app, tenant, ProjectFile)
    archive = tmp_path / "acme.zip"
    assert runner.invoke(args=["tenants", "export", "acme", str(archive)]).exit_code == 0
    assert runner.invoke(args=["tenants", "delete", "acme", "--yes", "--no-export"]).exit_code == 0
    result = runner.invoke(args=["tenants", "import", str(archive)])
    assert result.exit_code == 0, result.output
    response = contact_client(app).get(f"/kunden/projekte/{project}/dateien/{link}")
    assert response.status_code == 200 and response.data == PDF
    response.close()
