"""Benchmark: customer list and Kontakte tab with 100 and 20,000 customers (5 contacts each).

Run: ``python bench/customers.py`` (SQLite in a temporary folder) or with
``GORILLA_BENCH_DATABASE_URL=postgresql+psycopg://…`` on PostgreSQL (tenants it creates are
deleted afterwards). Prints the median time per page, the ratio large/small and the number of
SQL statements per request; the target is a ratio ≤ 1.5 and a constant query count.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.crm_data import analyze, bulk_customers  # noqa: E402
from bench.inprocess import (  # noqa: E402
    compare_sizes,
    measure,
    provision,
    signed_in,
)

SIZES = (100, 20_000)


def tenant_with_customers(app, slug: str, size: int):
    """Provision a tenant with ``size`` customers (5 contacts each); its admin's client."""
    info = provision(app, slug)
    with app.app_context():
        started = time.perf_counter()
        bulk_customers(info, size)
        analyze(info)
        print(f"  {size:>6} customers inserted in {time.perf_counter() - started:.1f} s")
    return signed_in(app, slug, f"admin@{slug}.example")


def run_size(app, slug: str, size: int) -> dict[str, tuple[float, int]]:
    """Provision a tenant with ``size`` customers and time its pages."""
    client = tenant_with_customers(app, slug, size)
    middle = size // 2
    return {
        "customer list": measure(client, "/admin/customers"),
        "Kontakte tab": measure(client, f"/admin/customers/{middle}/contacts"),
    }


def main() -> None:
    """Run both sizes and print the comparison."""
    compare_sizes(SIZES, "bench", run_size)


if __name__ == "__main__":
    main()
