"""``gorilla demo`` adds sample customers and contacts once."""

from pathlib import Path

from sqlalchemy import select

from crm.contacts.models import Contact
from crm.credit_notes.models import CreditNote
from crm.customers.models import Customer
from crm.estimates.models import Estimate
from crm.invoices.models import Invoice
from crm.projects.models import Project
from crm.tasks.models import Task, TaskComment
from gorilla.extensions import db
from mail_templates.models import OutboxMessage
from tenants.provisioning import get_tenant
from tests.crm_factories import in_tenant

ANNA, JONAS = "anna@sonnenschein.example", "jonas@sonnenschein.example"
QUEUED_BY_DEMO = [
    ("project-created", ANNA),
    ("project-created", JONAS),
    ("task-comment", ANNA),
    ("task-comment", JONAS),
    ("staff-task-comment", "admin@demo.example"),
    ("invoice-sent", ANNA),
    ("invoice-sent", ANNA),
    ("invoice-sent", ANNA),
    ("proposal-sent", ANNA),
    ("staff-proposal-comment", "admin@demo.example"),
    ("proposal-comment", ANNA),
    ("proposal-comment", JONAS),
    *[("ticket-created", "admin@demo.example"), ("ticket-autoresponse", ANNA)],
    *[("ticket-created", "admin@demo.example"), ("ticket-autoresponse", ANNA)],
    ("ticket-reply-to-contact", ANNA),
    ("ticket-reply-to-staff", "admin@demo.example"),  # the answer Anna sent by email
    *[("ticket-created", "admin@demo.example"), ("ticket-autoresponse", ANNA)],
    ("ticket-reply-to-contact", ANNA),
    *[("ticket-created", "admin@demo.example"), ("ticket-autoresponse", ANNA)],
    ("ticket-reply-to-contact", ANNA),
    ("contract-sent", ANNA),
    ("contract-sent", ANNA),
    ("contract-signed", "admin@demo.example"),
    *[("estimate-sent", ANNA)] * 4,  # sent, expired, accepted and declined estimates
]


def run_demo(app, runner, times: int = 1):
    """Run ``gorilla demo`` ``times`` times: the demo tenant and the last run's output."""
    for _ in range(times):
        result = runner.invoke(args=["demo"])
        assert result.exit_code == 0, result.output
    with app.app_context():
        info = get_tenant("demo").info()
        db.session.remove()
    return info, result.output


def test_demo_adds_sample_customers_once_with_one_right_to_left_contact(app, runner):
    info, output = run_demo(app, runner, times=2)
    assert "anna@sonnenschein.example" in output
    with in_tenant(app, info) as session:
        assert len(session.scalars(select(Customer)).all()) == 3
        contacts = session.scalars(select(Contact)).all()
        assert len(contacts) == 4
        assert [c.email for c in contacts if c.direction == "rtl"] == [
            "rania@cedar-trading.example"
        ]
        assert sum(c.is_primary for c in contacts) == 3


def test_demo_adds_a_project_with_shared_and_hidden_tasks_and_invoices_in_each_status(app, runner):
    info, _ = run_demo(app, runner, times=2)
    with in_tenant(app, info) as session:
        tasks = session.scalars(select(Task).order_by(Task.id)).all()
        assert [task.visible_to_customer for task in tasks] == [True, False]
        assert len(session.scalars(select(TaskComment)).all()) == 2
        shown = {invoice.shown_status for invoice in session.scalars(select(Invoice))}
        assert shown == {"draft", "unpaid", "overdue", "paid", "cancelled"}


def test_demo_prints_staff_and_customer_sign_in_and_where_emails_go(app, runner):
    _, output = run_demo(app, runner)
    mail_folder = Path(app.instance_path) / "mail"
    assert output.splitlines() == [
        "Staff:    http://demo.gorilla.test/admin/",
        "          admin@demo.example / gorilla-demo-2026",
        "Customer area: http://demo.gorilla.test/kunden/",
        "          anna@sonnenschein.example / kontakt-demo-2026",
        f"Emails:   {mail_folder}",
    ]


def test_demo_work_belongs_to_the_first_customer_and_is_queued_in_order(app, runner):
    info, _ = run_demo(app, runner)
    with in_tenant(app, info) as session:
        customer = session.scalars(select(Customer).order_by(Customer.id)).first()
        project = session.scalars(select(Project)).one()
        assert (project.name, project.customer_id) == ("Website-Relaunch", customer.id)
        tasks = session.scalars(select(Task).order_by(Task.id)).all()
        assert [task.name for task in tasks] == ["Startseite gestalten", "Interne Kalkulation"]
        assert {task.project_id for task in tasks} == {project.id}
        invoices = session.scalars(select(Invoice).order_by(Invoice.id)).all()
        assert [invoice.shown_status for invoice in invoices] == [
            "draft", "unpaid", "overdue", "paid", "cancelled"
        ]  # fmt: skip
        assert {invoice.customer_id for invoice in invoices} == {customer.id}
        outbox = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        assert [(m.template_slug, m.to_email) for m in outbox] == QUEUED_BY_DEMO


def test_demo_adds_an_estimate_in_each_status_and_a_credit_note(app, runner):
    info, _ = run_demo(app, runner, times=2)
    with in_tenant(app, info) as session:
        shown = [e.shown_status for e in session.scalars(select(Estimate).order_by(Estimate.id))]
        assert shown == ["draft", "sent", "expired", "accepted", "declined"]
        note = session.scalars(select(CreditNote)).one()
        assert note.invoice.shown_status == "paid" and note.amount_refunded == 100
