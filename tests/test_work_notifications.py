"""Project and task notifications reach only the contacts (and staff) who should get them."""

from sqlalchemy import select

from crm.contacts.models import Contact
from crm.staff.models import Staff
from crm.tasks.models import Task
from crm.tasks.service import add_comment, save_task
from gorilla.extensions import db
from mail_templates.models import OutboxMessage
from tests.crm_factories import in_tenant
from tests.portal_helpers import make_contact
from tests.work_helpers import add_project, add_task


def _sent(app, tenant):
    with in_tenant(app, tenant):
        rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        return [(m.template_slug, m.to_email) for m in rows]


def _customer(app, tenant):
    customer_id, _ = make_contact(app, tenant, "kim@kunde.de", permissions=["projects"])
    make_contact(app, tenant, "stumm@kunde.de", permissions=["projects"],
                 project_emails=False, task_emails=False)  # fmt: skip
    make_contact(app, tenant, "rechnung@kunde.de", permissions=["invoices"])
    return customer_id


def test_new_project_is_announced_to_contacts_with_project_emails(app, tenant):
    customer_id = _customer(app, tenant)
    add_project(app, tenant, customer_id)
    assert _sent(app, tenant) == [("project-created", "kim@kunde.de")]


def test_status_change_of_a_visible_task_reaches_contacts_with_task_emails(app, tenant):
    project = add_project(app, tenant, _customer(app, tenant))
    visible = add_task(app, tenant, project, "Sichtbar", visible_to_customer=True)
    hidden = add_task(app, tenant, project, "Intern")
    with in_tenant(app, tenant):
        for task_id in (visible, hidden):
            save_task(db.session.get(Task, task_id), {"status": "complete"})
        db.session.commit()
    assert _sent(app, tenant)[1:] == [("task-status-changed", "kim@kunde.de")]


def test_staff_comment_on_a_visible_task_reaches_contacts_with_task_emails(app, tenant):
    project = add_project(app, tenant, _customer(app, tenant))
    visible = add_task(app, tenant, project, "Sichtbar", visible_to_customer=True)
    hidden = add_task(app, tenant, project, "Intern")
    with in_tenant(app, tenant):
        admin = db.session.scalar(select(Staff))
        for task_id in (visible, hidden):
            add_comment(db.session.get(Task, task_id), "Neuer Stand", staff=admin)
        db.session.commit()
    assert _sent(app, tenant)[1:] == [("task-comment", "kim@kunde.de")]


def test_contact_comment_notifies_the_assigned_staff(app, tenant):
    project = add_project(app, tenant, _customer(app, tenant))
    with in_tenant(app, tenant):
        admin_id = db.session.scalar(select(Staff.id))
    task_id = add_task(app, tenant, project, "Sichtbar", visible_to_customer=True,
                       assignees=[admin_id])  # fmt: skip
    with in_tenant(app, tenant):
        kim = db.session.scalar(select(Contact).where(Contact.email == "kim@kunde.de"))
        add_comment(db.session.get(Task, task_id), "Frage dazu", contact=kim)
        db.session.commit()
    assert _sent(app, tenant)[1:] == [("staff-task-comment", "admin@acme.test")]
