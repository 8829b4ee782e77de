"""Benchmark: global search (/admin/search?q=) with 100 and 20,000 customers (5 contacts each).

Run: ``python bench/search.py`` (SQLite in a temporary folder) or with
``GORILLA_BENCH_DATABASE_URL=postgresql+psycopg://…`` on PostgreSQL (tenants it creates are
deleted afterwards). The customers are inserted through Core, so the search index is rebuilt
with ``gorilla.search.reindex`` (what ``gorilla tenants reindex`` does). Prints the median time
per search, the ratio large/small and the SQL statements per request; the target is a ratio
≤ 1.5, a constant query count and < 50 ms at 20,000 customers.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import g  # noqa: E402

from bench.crm_data import analyze, bulk_customers  # noqa: E402
from bench.inprocess import compare_sizes, measure, provision, signed_in  # noqa: E402
from gorilla.extensions import db  # noqa: E402
from gorilla.search import reindex  # noqa: E402

SIZES = (100, 20_000)


def run_size(app, slug: str, size: int) -> dict[str, tuple[float, int]]:
    """Provision a tenant with ``size`` customers, index them and time the searches."""
    info = provision(app, slug)
    with app.app_context():
        started = time.perf_counter()
        bulk_customers(info, size)
        g.tenant = info
        entries = reindex(db.session)
        db.session.commit()
        db.session.remove()
        analyze(info)
        elapsed = time.perf_counter() - started
        print(f"  {size:>6} customers, {entries} index entries in {elapsed:.1f} s")
    client = signed_in(app, slug, f"admin@{slug}.example")
    middle = size // 2
    return {
        "company number": measure(client, f"/admin/search?q={middle:06d}"),
        "contact name": measure(client, f"/admin/search?q=Nachname{middle}"),
        "one broad word": measure(client, "/admin/search?q=Vorname2"),
        "broad words": measure(client, f"/admin/search?q=Vorname2+k2.c{middle}"),
        "no hit": measure(client, "/admin/search?q=Xylophon"),
    }


def main() -> None:
    """Run both sizes and print the comparison."""
    compare_sizes(SIZES, "search", run_size)


if __name__ == "__main__":
    main()
