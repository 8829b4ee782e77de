"""Benchmark: the REST API's list endpoints with 100 and 20,000 records of each kind.

Run: ``python bench/api_lists.py [small large]`` (SQLite in a temporary folder) or with
``GORILLA_BENCH_DATABASE_URL=postgresql+psycopg://…`` on PostgreSQL. Each tenant gets ``size``
customers (one contact each), projects, tasks and invoices (one item each) and an API key; the
pages are timed in interleaved rounds (``bench.inprocess.compare_interleaved``). The target is a
ratio ≤ 1.5 and the same number of queries at both sizes (cursor pages: ``WHERE id > …
ORDER BY id LIMIT n + 1``, never an offset or a count).
"""

import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import g  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from api.representation import encode_cursor  # noqa: E402
from bench.crm_data import analyze, bulk_customers  # noqa: E402
from bench.inprocess import compare_interleaved, provision  # noqa: E402
from crm.api_keys.models import SCOPES  # noqa: E402
from crm.api_keys.service import create_key  # noqa: E402
from crm.invoices.models import Invoice, InvoiceItem, InvoiceStatus  # noqa: E402
from crm.projects.models import Project, ProjectStatus  # noqa: E402
from crm.tasks.models import Task, TaskStatus  # noqa: E402
from gorilla.extensions import db  # noqa: E402
from tenants.models import utcnow  # noqa: E402

SIZES = (100, 20_000)
STATUSES = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.COMPLETE)


class KeyClient:
    """A test client that sends the API key with every request."""

    def __init__(self, client, key: str):
        self.client, self.base_url = client, client.base_url
        self.headers = {"Authorization": f"Bearer {key}"}

    def get(self, path: str, **kwargs):
        return self.client.get(path, headers=self.headers, **kwargs)


def _rows(model, rows: list[dict]) -> None:
    for start in range(0, len(rows), 2000):
        db.session.execute(insert(model), rows[start : start + 2000])


def fill(tenant, size: int) -> str:
    """``size`` customers, contacts, projects, tasks and invoices; returns a full-scope key."""
    bulk_customers(tenant, size, contacts_each=1)
    g.tenant = tenant
    now, today = utcnow(), date.today()
    _rows(Project, [
        {"id": n + 1, "customer_id": n + 1, "name": f"Projekt {n}", "created_at": now,
         "status": ProjectStatus.IN_PROGRESS}
        for n in range(size)
    ])  # fmt: skip
    _rows(Task, [
        {"id": n + 1, "project_id": n + 1, "name": f"Aufgabe {n}", "description": "",
         "status": STATUSES[n % 3], "priority": "medium", "visible_to_customer": True,
         "created_at": now}
        for n in range(size)
    ])  # fmt: skip
    money = {"subtotal": Decimal("100.00"), "tax": Decimal("19.00"), "total": Decimal("119.00")}
    _rows(Invoice, [
        {"id": n + 1, "customer_id": n + 1, "number": f"RE-2026-{n + 1:05d}",
         "status": InvoiceStatus.UNPAID, "issue_date": today - timedelta(days=30),
         "duedate": today, "currency": "EUR", "notes": "", "amount_paid": Decimal("0"),
         "created_at": now, **money}
        for n in range(size)
    ])  # fmt: skip
    _rows(InvoiceItem, [
        {"invoice_id": n + 1, "position": 0, "description": "Leistung", "qty": Decimal("1"),
         "rate": Decimal("100.00"), "taxrate": Decimal("19.00")}
        for n in range(size)
    ])  # fmt: skip
    _row, key = create_key("bench", {str(scope) for scope in SCOPES}, None)
    db.session.commit()
    db.session.remove()
    analyze(tenant)
    return key


def prepare(app, slug: str, size: int) -> dict[str, tuple[object, str]]:
    """Provision a tenant with ``size`` records of each kind; the list pages to time."""
    tenant = provision(app, slug)
    with app.app_context():
        key = fill(tenant, size)
    client = app.test_client()
    client.base_url = f"http://{slug}.{app.config['BASE_DOMAIN']}"
    client = KeyClient(client, key)
    middle = encode_cursor(size // 2)
    pages = {
        "customers": "/api/v1/customers",
        "customers, middle": f"/api/v1/customers?cursor={middle}&limit=100",
        "contacts": "/api/v1/contacts",
        "contacts of one": f"/api/v1/contacts?customer_id={size // 2}",
        "projects": f"/api/v1/projects?cursor={middle}",
        "tasks completed": "/api/v1/tasks?status=complete",
        "invoices": f"/api/v1/invoices?cursor={middle}",
        "invoices unpaid": "/api/v1/invoices?status=unpaid&limit=100",
    }
    return {name: (client, path) for name, path in pages.items()}


def main() -> None:
    """Run both sizes (``SIZES`` or the two given on the command line) and compare."""
    sizes = tuple(int(arg) for arg in sys.argv[1:3]) or SIZES
    compare_interleaved(sizes, "apilists", prepare)


if __name__ == "__main__":
    main()
