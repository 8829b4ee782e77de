"""Forms that pick a customer never move a record to another customer."""

from crm.customers.models import Customer
from crm.projects.models import Project
from crm.tasks.models import Task
from tests.crm_factories import add_customer, in_tenant
from tests.work_helpers import add_project, add_task


def test_editing_a_deactivated_customers_record_keeps_its_customer(app, tenant, staff_client):
    first = add_customer(app, tenant, "Aktiv AG")  # sorts first: the browser's fallback choice
    inactive = add_customer(app, tenant, "Zeta GmbH")
    project_id = add_project(app, tenant, inactive)
    with in_tenant(app, tenant) as session:
        session.get(Customer, inactive).active = False
        session.commit()
    page = staff_client.get(f"/admin/projects/{project_id}").get_data(as_text=True)
    assert f'<option selected value="{inactive}">Zeta GmbH</option>' in page
    assert f'value="{first}"' in page


def test_a_project_with_tasks_keeps_its_customer(app, tenant, staff_client):
    mine = add_customer(app, tenant, "Kunde AG")
    other = add_customer(app, tenant, "Andere AG")
    project_id = add_project(app, tenant, mine)
    add_task(app, tenant, project_id, "Startseite", visible_to_customer=True)
    path = f"/admin/projects/{project_id}"
    data = {"customer_id": other, "name": "Website-Relaunch", "status": "in_progress"}
    response = staff_client.submit(path, data)
    assert response.status_code == 200
    assert "nicht zu einem anderen Kunden" in response.get_data(as_text=True)
    with in_tenant(app, tenant) as session:
        assert session.get(Project, project_id).customer_id == mine


def test_a_discussed_task_stays_with_its_customer(app, tenant, staff_client):
    mine = add_project(app, tenant, add_customer(app, tenant, "Kunde AG"))
    foreign = add_project(app, tenant, add_customer(app, tenant, "Andere AG"), "Fremd")
    task_id = add_task(app, tenant, mine, "Startseite", visible_to_customer=True)
    path = f"/admin/tasks/{task_id}"
    staff_client.submit(f"{path}/comments", {"body": "Erster Entwurf"}, form_path=path)
    data = {
        "project_id": foreign,
        "name": "Startseite",
        "status": "in_progress",
        "priority": "medium",
    }
    response = staff_client.submit(path, data)
    assert response.status_code == 200
    assert "Eine Aufgabe mit Diskussion kann nicht" in response.get_data(as_text=True)
    with in_tenant(app, tenant) as session:
        assert session.get(Task, task_id).project_id == mine
