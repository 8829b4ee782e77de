"""The help article's promise: a visible task of a project shows in the customer area."""

import re

import pytest
from flask import g

from crm.tasks.models import Task, TaskComment
from gorilla.extensions import db
from tests.conftest import client_for
from tests.portal_helpers import CONTACT_PASSWORD, make_contact
from tests.work_helpers import add_project, add_task

ID_RE = re.compile(r"/(\d+)$")


def _signed_in(app, email):
    client = client_for(app, "acme")
    response = client.sign_in(email, CONTACT_PASSWORD, path="/kunden/login")
    assert response.status_code == 302
    return client


def _created_id(response) -> int:
    assert response.status_code in (302, 303), response.get_data(as_text=True)
    return int(ID_RE.search(response.headers["Location"]).group(1))


@pytest.fixture
def story(app, tenant, staff_client):
    """Staff create a project for Kunde GmbH, a visible and a hidden task, and comment."""
    customer_id, _ = make_contact(app, tenant, "kim@kunde.de", permissions=["projects"])
    make_contact(app, tenant, "ohne@kunde.de", permissions=["invoices"])
    make_contact(app, tenant, "eva@andere.de", company="Andere AG", permissions=["projects"])
    project = _created_id(
        staff_client.submit(
            "/admin/projects/new",
            {"customer_id": customer_id, "name": "Website-Relaunch", "status": "in_progress",
             "view_tasks": "y", "view_task_comments": "y", "comment_on_tasks": "y"},
        )
    )  # fmt: skip
    visible = _created_id(
        staff_client.submit(
            "/admin/tasks/new",
            {"project_id": project, "name": "Startseite gestalten", "status": "in_progress",
             "priority": "high", "duedate": "2026-12-24", "assignees": "1",
             "description": "<p>Entwurf <b>bis Freitag</b></p><script>alert(1)</script>",
             "visible_to_customer": "y"},
        )
    )  # fmt: skip
    hidden = _created_id(
        staff_client.submit(
            "/admin/tasks/new",
            {"project_id": project, "name": "Interne Kalkulation", "status": "not_started",
             "priority": "low"},
        )
    )  # fmt: skip
    response = staff_client.submit(
        f"/admin/tasks/{visible}/comments",
        {"body": "Der erste Entwurf ist online."},
        form_path=f"/admin/tasks/{visible}",
    )
    assert response.status_code == 303
    return {"project": project, "visible": visible, "hidden": hidden}


def test_contact_with_projects_sees_task_description_and_discussion(app, story):
    client = _signed_in(app, "kim@kunde.de")
    assert "Projekte" in client.get("/kunden/").get_data(as_text=True)
    projects = client.get("/kunden/projekte").get_data(as_text=True)
    assert "Website-Relaunch" in projects
    assert f'href="/kunden/projekte/{story["project"]}"' in projects and "/admin/" not in projects
    project = client.get(f"/kunden/projekte/{story['project']}").get_data(as_text=True)
    assert "Startseite gestalten" in project and "Interne Kalkulation" not in project
    page = client.get(f"/kunden/aufgaben/{story['visible']}").get_data(as_text=True)
    assert "Startseite gestalten" in page and "In Bearbeitung" in page
    assert "<b>bis Freitag</b>" in page and "<script>" not in page
    assert "24.12.2026" in page
    assert "Der erste Entwurf ist online." in page


def test_contact_replies_and_staff_see_the_reply(app, tenant, story, staff_client):
    client = _signed_in(app, "kim@kunde.de")
    path = f"/kunden/aufgaben/{story['visible']}"
    response = client.submit(f"{path}/kommentare", {"body": "Sieht gut aus!"}, form_path=path)
    assert response.status_code == 303
    page = client.get(path).get_data(as_text=True)
    assert page.index("Der erste Entwurf ist online.") < page.index("Sieht gut aus!")
    staff_page = staff_client.get(f"/admin/tasks/{story['visible']}").get_data(as_text=True)
    assert "Sieht gut aus!" in staff_page and "Kim Kunde" in staff_page
    with app.app_context():
        g.tenant = tenant
        authors = [c.contact_id is not None for c in db.session.scalars(db.select(TaskComment))]
        assert authors == [False, True]


def test_empty_comment_shows_a_german_error(app, story):
    client = _signed_in(app, "kim@kunde.de")
    path = f"/kunden/aufgaben/{story['visible']}"
    response = client.submit(f"{path}/kommentare", {"body": "  "}, form_path=path)
    assert response.status_code == 200
    assert "Bitte geben Sie einen Kommentar ein." in response.get_data(as_text=True)


def test_contact_without_projects_permission_gets_403(app, story):
    client = _signed_in(app, "ohne@kunde.de")
    assert "Projekte" not in client.get("/kunden/").get_data(as_text=True)
    assert client.get("/kunden/projekte").status_code == 403
    assert client.get(f"/kunden/projekte/{story['project']}").status_code == 403
    assert client.get(f"/kunden/aufgaben/{story['visible']}").status_code == 403


def test_contact_of_another_customer_gets_404(app, story):
    client = _signed_in(app, "eva@andere.de")
    assert client.get(f"/kunden/projekte/{story['project']}").status_code == 404
    assert client.get(f"/kunden/aufgaben/{story['visible']}").status_code == 404
    path = f"/kunden/aufgaben/{story['visible']}/kommentare"
    response = client.submit(path, {"body": "Hallo"}, form_path="/kunden/profil")
    assert response.status_code == 404


def test_hidden_task_answers_404(app, story):
    client = _signed_in(app, "kim@kunde.de")
    assert client.get(f"/kunden/aufgaben/{story['hidden']}").status_code == 404
    assert client.get("/kunden/aufgaben/999999").status_code == 404


def test_visible_task_of_a_project_without_view_tasks_answers_404(app, tenant):
    customer_id, _ = make_contact(app, tenant, "kim@kunde.de", permissions=["projects"])
    project = add_project(app, tenant, customer_id, view_tasks=False)
    task = add_task(app, tenant, project, "Geteilt", visible_to_customer=True)
    client = _signed_in(app, "kim@kunde.de")
    assert client.get(f"/kunden/aufgaben/{task}").status_code == 404


def test_discussion_and_reply_follow_the_project_settings(app, tenant):
    customer_id, _ = make_contact(app, tenant, "kim@kunde.de", permissions=["projects"])
    project = add_project(
        app, tenant, customer_id, view_task_comments=False, comment_on_tasks=False
    )
    task = add_task(app, tenant, project, "Geteilt", visible_to_customer=True)
    client = _signed_in(app, "kim@kunde.de")
    page = client.get(f"/kunden/aufgaben/{task}").get_data(as_text=True)
    assert "Diskussion" not in page and 'name="body"' not in page
    path = f"/kunden/aufgaben/{task}/kommentare"
    assert client.submit(path, {"body": "x"}, form_path="/kunden/profil").status_code == 403


def test_other_tenants_task_is_404_for_staff(app, story, other_tenant):
    other = client_for(app, "globex")
    assert other.sign_in("admin@globex.test").status_code == 302
    assert other.get(f"/admin/tasks/{story['visible']}").status_code == 404
    assert other.get(f"/admin/projects/{story['project']}").status_code == 404


def test_task_description_is_sanitised_when_saved(app, tenant, story):
    with app.app_context():
        g.tenant = tenant
        description = db.session.get(Task, story["visible"]).description
    assert description == "<p>Entwurf <b>bis Freitag</b></p>"
