"""Benchmark: the staff dashboard and the customer area's overview, 100 vs 10,000 records.

Run: ``python bench/dashboards.py [small large]`` (SQLite in a temporary folder) or with
``GORILLA_BENCH_DATABASE_URL=postgresql+psycopg://…`` on PostgreSQL (tenants it creates are
deleted afterwards). At size N the tenant holds N unpaid invoices (half of them the signed-in
contact's customer's), N tasks in N/50 projects of that customer, all assigned to the admin
and shared with the customer, a contact comment on every task and a staff answer on every
other one, and N audit entries of contacts. Prints the median per page, the ratio large/small
and the statements per request (target: constant query count, below 10).
"""

import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import g  # noqa: E402
from sqlalchemy import insert, update  # noqa: E402

from bench.crm_data import analyze, bulk_customers  # noqa: E402
from bench.inprocess import (  # noqa: E402
    PASSWORD,
    compare_sizes,
    measure,
    provision,
    signed_in,
)
from bench.names import contact_name  # noqa: E402
from crm.contacts.models import Contact  # noqa: E402
from crm.invoices.models import Invoice, InvoiceStatus  # noqa: E402
from crm.projects.models import Project, ProjectStatus  # noqa: E402
from crm.tasks.models import Task, TaskComment, TaskStatus, task_assignees  # noqa: E402
from gorilla.audit import AuditAction, AuditEntry  # noqa: E402
from gorilla.extensions import db  # noqa: E402
from gorilla.passwords import hash_password  # noqa: E402
from tenants.models import utcnow  # noqa: E402

SIZES = (100, 10_000)
CONTACT = "k0.c0@bench.example"
ADMIN_ID = 1  # the provisioned admin
STATUSES = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.COMPLETE)


def _rows(model, rows: list[dict]) -> None:
    for start in range(0, len(rows), 2000):
        db.session.execute(insert(model), rows[start : start + 2000])


def fill(tenant, size: int) -> None:
    """The data described above, inserted in bulk."""
    customers = max(10, size // 50)
    bulk_customers(tenant, customers, contacts_each=1)
    g.tenant = tenant
    now, today = utcnow(), date.today()
    db.session.execute(update(Contact).values(password_hash=hash_password(PASSWORD)))
    projects = max(1, size // 50)
    _rows(Project, [
        {"id": p + 1, "customer_id": 1, "name": f"Projekt {p}", "created_at": now,
         "status": ProjectStatus.IN_PROGRESS, "deadline": today + timedelta(days=p % 90)}
        for p in range(projects)
    ])  # fmt: skip
    asked = {n: now - timedelta(minutes=size - n) for n in range(size)}
    _rows(Task, [
        {"id": n + 1, "project_id": n % projects + 1, "name": f"Aufgabe {n}", "description": "",
         "status": STATUSES[n % 3], "priority": "medium", "visible_to_customer": True,
         "duedate": today + timedelta(days=n % 61 - 30), "created_at": now,
         "waiting_since": None if n % 2 == 0 else asked[n]}  # what the comments' listener sets
        for n in range(size)
    ])  # fmt: skip
    _rows(task_assignees, [{"task_id": n + 1, "staff_id": ADMIN_ID} for n in range(size)])
    _rows(TaskComment, [
        {"task_id": n + 1, "contact_id": n % customers + 1, "body": "Frage", "created_at": asked[n]}
        for n in range(size)
    ] + [
        {"task_id": n + 1, "staff_id": ADMIN_ID, "body": "Antwort", "created_at": now}
        for n in range(0, size, 2)
    ])  # fmt: skip
    money = {"subtotal": Decimal("100.00"), "tax": Decimal("19.00"), "total": Decimal("119.00")}
    _rows(Invoice, [
        {"customer_id": 1 if n % 2 else n % customers + 1, "number": f"RE-2026-{n + 1:05d}",
         "status": InvoiceStatus.UNPAID, "issue_date": today - timedelta(days=30),
         "duedate": today + timedelta(days=n % 61 - 30), "currency": "EUR", "notes": "",
         "amount_paid": Decimal("0"), "created_at": now, **money}
        for n in range(size)
    ])  # fmt: skip
    _rows(AuditEntry, [
        {"created_at": now - timedelta(minutes=n), "actor_realm": "contact",
         "actor_id": n % customers + 1, "actor_name": " ".join(contact_name(n % customers, 0)),
         "action": AuditAction.SIGN_IN, "subject_type": "", "subject_label": "",
         "customer_id": n % customers + 1, "ip_address": "127.0.0.1", "details": "{}"}
        for n in range(size)
    ])  # fmt: skip
    db.session.commit()
    db.session.remove()
    analyze(tenant)


def run_size(app, slug: str, size: int) -> dict[str, tuple[float, int]]:
    """Provision a tenant holding ``size`` records of each kind and time both dashboards."""
    info = provision(app, slug)
    with app.app_context():
        started = time.perf_counter()
        fill(info, size)
        print(f"  size {size:>6} inserted in {time.perf_counter() - started:.1f} s")
    staff = signed_in(app, slug, f"admin@{slug}.example")
    contact = signed_in(app, slug, CONTACT, login_path="/kunden/login")
    return {
        "staff /admin/": measure(staff, "/admin/"),
        "customer /kunden/": measure(contact, "/kunden/"),
    }


def main() -> None:
    """Run both sizes (``SIZES`` or the two given on the command line) and compare."""
    sizes = tuple(int(arg) for arg in sys.argv[1:3]) or SIZES
    compare_sizes(sizes, "dash", run_size)


if __name__ == "__main__":
    main()
