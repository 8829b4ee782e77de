"""Demo project with visible and hidden tasks and a discussion, and invoices in each status."""

from datetime import date, timedelta

from sqlalchemy import func, select

from crm.contacts.models import Contact
from crm.customers.models import Customer
from crm.invoices.models import Invoice
from crm.invoices.service import cancel_invoice, record_payment, save_invoice, send_invoice
from crm.projects.models import Project, ProjectStatus
from crm.projects.service import save_project
from crm.staff.models import Staff
from crm.tasks.models import Task, TaskPriority, TaskStatus
from crm.tasks.service import add_comment, save_task
from gorilla.extensions import db

ITEMS = [
    {"description": "Konzeption und Design", "qty": 12, "rate": "95.00", "taxrate": 19},
    {"description": "Fachbuch Typografie", "qty": 1, "rate": "39.90", "taxrate": 7},
]


def seed_demo_work() -> bool:
    """Add the sample project and invoices to the first demo customer (once)."""
    if db.session.scalar(select(func.count()).select_from(Project)):
        return False
    customer = db.session.scalar(select(Customer).order_by(Customer.id))
    staff = db.session.scalar(select(Staff).order_by(Staff.id))
    contact = db.session.scalar(select(Contact).where(Contact.customer_id == customer.id))
    today = date.today()
    project = save_project(
        Project(),
        {"customer_id": customer.id, "name": "Website-Relaunch",
         "status": ProjectStatus.IN_PROGRESS,
         "start_date": today - timedelta(days=14), "deadline": today + timedelta(days=45),
         "members": [staff.id], "view_tasks": True, "view_task_comments": True,
         "comment_on_tasks": True},
    )  # fmt: skip
    shared = save_task(
        Task(),
        {"project_id": project.id, "name": "Startseite gestalten",
         "status": TaskStatus.AWAITING_FEEDBACK, "priority": TaskPriority.HIGH,
         "duedate": today + timedelta(days=7), "assignees": [staff.id],
         "visible_to_customer": True,
         "description": "<p>Entwurf der Startseite mit <b>neuem Farbkonzept</b>.</p>"},
    )  # fmt: skip
    save_task(
        Task(),
        {"project_id": project.id, "name": "Interne Kalkulation",
         "status": TaskStatus.IN_PROGRESS, "priority": TaskPriority.MEDIUM,
         "assignees": [staff.id]},
    )  # fmt: skip
    add_comment(shared, "Der erste Entwurf ist online – wie gefällt er Ihnen?", staff=staff)
    add_comment(shared, "Sehr schön! Können wir das Logo etwas größer machen?", contact=contact)
    _invoices(customer, contact, today)
    return True


def _invoices(customer: Customer, contact: Contact, today: date) -> None:
    def new(days_ago: int, due_in: int) -> Invoice:
        issued = today - timedelta(days=days_ago)
        data = {
            "customer_id": customer.id,
            "date": issued,
            "duedate": issued + timedelta(days=due_in),
            "notes": "Zahlbar ohne Abzug.",
            "items": ITEMS,
        }
        return save_invoice(Invoice(), data)

    new(0, 14)  # draft
    send_invoice(new(5, 14), [contact.id])  # unpaid
    send_invoice(new(40, 14), [contact.id])  # overdue
    paid = new(60, 14)
    send_invoice(paid, [contact.id])
    record_payment(paid, paid.total, today - timedelta(days=50))
    cancel_invoice(new(30, 14))
