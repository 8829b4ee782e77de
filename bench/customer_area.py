"""Benchmark: a contact's dashboard, invoice list, estimate list and task page, 10 vs 5,000
invoices/estimates/tasks.

Run: ``python bench/customer_area.py`` (SQLite) or with ``GORILLA_BENCH_DATABASE_URL=…`` on
PostgreSQL. One customer holds N unpaid invoices, N sent estimates and N visible tasks in one
project; the task
page shows a discussion of 5 comments. Prints the median per page, the ratio large/small and
the statements per request (target: ratio ≤ 1.5, constant query count).
"""

import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import g  # noqa: E402
from sqlalchemy import insert, update  # noqa: E402

from bench.crm_data import analyze, bulk_customers  # noqa: E402
from bench.inprocess import (  # noqa: E402
    PASSWORD,
    compare_interleaved,
    provision,
    signed_in,
)
from crm.contacts.models import Contact  # noqa: E402
from crm.estimates.models import Estimate, EstimateStatus  # noqa: E402
from crm.invoices.models import Invoice, InvoiceStatus  # noqa: E402
from crm.projects.models import Project  # noqa: E402
from crm.tasks.models import Task, TaskComment, TaskPriority, TaskStatus  # noqa: E402
from gorilla.extensions import db  # noqa: E402
from gorilla.passwords import hash_password  # noqa: E402
from tenants.models import utcnow  # noqa: E402

SIZES = (10, 5_000)
CONTACT = "k0.c0@bench.example"


def fill(tenant, size: int) -> int:
    """One customer with a signed-up contact, ``size`` invoices, estimates and tasks; the task
    to open."""
    bulk_customers(tenant, 1, contacts_each=1)
    g.tenant = tenant
    now, today = utcnow(), date.today()
    db.session.execute(update(Contact).values(password_hash=hash_password(PASSWORD)))
    db.session.execute(insert(Project).values(id=1, customer_id=1, name="Relaunch", created_at=now))
    db.session.execute(
        insert(Task),
        [
            {"project_id": 1, "name": f"Aufgabe {n}", "description": "<p>Text</p>",
             "status": TaskStatus.IN_PROGRESS, "priority": TaskPriority.MEDIUM, "duedate": today,
             "visible_to_customer": True, "created_at": now - timedelta(minutes=n)}
            for n in range(size)
        ],
    )  # fmt: skip
    money = {"subtotal": Decimal("100.00"), "tax": Decimal("19.00"), "total": Decimal("119.00")}
    db.session.execute(
        insert(Invoice),
        [
            {"customer_id": 1, "number": f"RE-2026-{n + 1:05d}", "status": InvoiceStatus.UNPAID,
             "issue_date": today - timedelta(days=n % 365), "duedate": None, "currency": "EUR",
             "notes": "", "amount_paid": Decimal("0"), "created_at": now, **money}
            for n in range(size)
        ],
    )  # fmt: skip
    db.session.execute(
        insert(Estimate),
        [
            {"customer_id": 1, "number": f"AN-2026-{n + 1:05d}", "status": EstimateStatus.SENT,
             "issue_date": today - timedelta(days=n % 365),
             "expirydate": today + timedelta(days=30),
             "currency": "EUR", "notes": "", "declined_reason": "", "created_at": now, **money}
            for n in range(size)
        ],
    )  # fmt: skip
    task_id = size // 2 or 1
    db.session.execute(
        insert(TaskComment),
        [{"task_id": task_id, "contact_id": 1, "body": f"Kommentar {n}", "created_at": now}
         for n in range(5)],
    )  # fmt: skip
    db.session.commit()
    db.session.remove()
    analyze(tenant)
    return task_id


def prepare(app, slug: str, size: int) -> dict[str, tuple[object, str]]:
    """Provision a tenant holding ``size`` invoices, estimates and tasks; the contact's pages
    to time."""
    info = provision(app, slug)
    with app.app_context():
        task_id = fill(info, size)
    client = signed_in(app, slug, CONTACT, login_path="/kunden/login")
    return {
        "dashboard": (client, "/kunden/"),
        "invoice list": (client, "/kunden/rechnungen"),
        "estimate list": (client, "/kunden/angebote"),
        "task page": (client, f"/kunden/aufgaben/{task_id}"),
    }


def main() -> None:
    """Run both sizes, taking turns (the machine is shared), and print the comparison."""
    compare_interleaved(SIZES, "portal", prepare)


if __name__ == "__main__":
    main()
