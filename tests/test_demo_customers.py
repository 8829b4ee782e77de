"""``gorilla demo`` adds sample customers and contacts once."""

from sqlalchemy import select

from crm.contacts.models import Contact
from crm.customers.models import Customer
from crm.invoices.models import Invoice
from crm.tasks.models import Task, TaskComment
from gorilla.extensions import db
from tenants.provisioning import get_tenant
from tests.crm_factories import in_tenant


def test_demo_adds_sample_customers_once_with_one_right_to_left_contact(app, runner):
    for _ in range(2):
        result = runner.invoke(args=["demo"])
        assert result.exit_code == 0, result.output
    assert "anna@sonnenschein.example" in result.output
    with app.app_context():
        info = get_tenant("demo").info()
        db.session.remove()
    with in_tenant(app, info) as session:
        assert len(session.scalars(select(Customer)).all()) == 3
        contacts = session.scalars(select(Contact)).all()
        assert len(contacts) == 4
        assert [c.email for c in contacts if c.direction == "rtl"] == [
            "rania@cedar-trading.example"
        ]
        assert sum(c.is_primary for c in contacts) == 3


def test_demo_adds_a_project_with_shared_and_hidden_tasks_and_invoices_in_each_status(app, runner):
    for _ in range(2):
        assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        info = get_tenant("demo").info()
        db.session.remove()
    with in_tenant(app, info) as session:
        tasks = session.scalars(select(Task).order_by(Task.id)).all()
        assert [task.visible_to_customer for task in tasks] == [True, False]
        assert len(session.scalars(select(TaskComment)).all()) == 2
        shown = {invoice.shown_status for invoice in session.scalars(select(Invoice))}
        assert shown == {"draft", "unpaid", "overdue", "paid", "cancelled"}
