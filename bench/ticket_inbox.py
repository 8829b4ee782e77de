"""Benchmark: the staff ticket inbox with 100 and 20,000 tickets.

Run: ``python bench/ticket_inbox.py [small large]`` (SQLite in a temporary folder) or with
``GORILLA_BENCH_DATABASE_URL=postgresql+psycopg://…`` on PostgreSQL (tenants it creates are
deleted afterwards). Tickets are spread over customers (one per 20 tickets), four
departments, every status and priority; every fifth waits on the agency and every third is
assigned to the admin. Both tenants exist first, then the sizes take turns in rounds
(``bench.inprocess.compare_interleaved``); the target is a ratio ≤ 1.5 and a constant query
count.
"""

import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import g  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from bench.crm_data import analyze, bulk_customers  # noqa: E402
from bench.inprocess import compare_interleaved, provision, signed_in  # noqa: E402
from crm.tickets.models import Department, Ticket, TicketPriority, TicketStatus  # noqa: E402
from gorilla.extensions import db  # noqa: E402
from tenants.models import utcnow  # noqa: E402

SIZES = (100, 20_000)
BATCH = 2000
STATUSES = list(TicketStatus)
PRIORITIES = list(TicketPriority)
PAGES = {
    "inbox": "/admin/tickets",
    "inbox, page 3": "/admin/tickets?page=3",
    "all statuses": "/admin/tickets?status=all",
    "status open": "/admin/tickets?status=open",
    "priority urgent": "/admin/tickets?priority=urgent",
    "department": "/admin/tickets?department=2",
    "assignee": "/admin/tickets?assignee=1",
    "customer": "/admin/tickets?customer=3",
    "dashboard": "/admin/",
}


def bulk_tickets(tenant, count: int) -> None:
    """Insert ``count`` tickets (one customer per 20 of them, one contact each)."""
    customers = max(count // 20, 1)
    bulk_customers(tenant, customers, contacts_each=1)
    g.tenant = tenant
    db.session.execute(
        insert(Department), [{"name": f"Abteilung {n}", "email": ""} for n in range(4)]
    )
    now = utcnow()
    for start in range(0, count, BATCH):
        rows = []
        for n in range(start, min(start + BATCH, count)):
            status = STATUSES[n % len(STATUSES)]
            rows.append({
                "subject": f"Anfrage {n}", "customer_id": n % customers + 1,
                "contact_id": n % customers + 1, "department_id": n % 4 + 1,
                "assignee_id": 1 if n % 3 == 0 else None,
                "priority": PRIORITIES[n % len(PRIORITIES)], "status": status,
                "reply_token": f"{n:032x}", "created_at": now - timedelta(minutes=n),
                "last_activity_at": now - timedelta(minutes=n),
                "waiting_since": now - timedelta(minutes=n)
                if n % 5 == 0 and status != TicketStatus.CLOSED else None,
            })  # fmt: skip
        db.session.execute(insert(Ticket), rows)
    db.session.commit()


def prepare(app, slug: str, size: int) -> dict[str, tuple[object, str]]:
    """Provision a tenant with ``size`` tickets; the inbox pages to time."""
    info = provision(app, slug)
    with app.app_context():
        started = time.perf_counter()
        bulk_tickets(info, size)
        analyze(info)
        print(f"  {size:>6} tickets inserted in {time.perf_counter() - started:.1f} s")
    client = signed_in(app, slug, f"admin@{slug}.example")
    return {name: (client, path) for name, path in PAGES.items()}


def main() -> None:
    """Run both sizes (``SIZES`` or the two given on the command line) and compare."""
    sizes = tuple(int(arg) for arg in sys.argv[1:3]) or SIZES
    compare_interleaved(sizes, "tickets", prepare)


if __name__ == "__main__":
    main()
