"""Benchmark: customer list and Kontakte tab with 100 and 20,000 customers (5 contacts each).

Run: ``python bench/customers.py`` (SQLite in a temporary folder) or with
``GORILLA_BENCH_DATABASE_URL=postgresql+psycopg://…`` on PostgreSQL (tenants it creates are
deleted afterwards). Prints the median time per page, the ratio large/small and the number of
SQL statements per request; the target is a ratio ≤ 1.5 and a constant query count.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from flask_migrate import upgrade as upgrade_platform
from sqlalchemy import event
from sqlalchemy.engine import Engine

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.crm_data import bulk_customers  # noqa: E402
from gorilla import create_app  # noqa: E402
from gorilla.extensions import db  # noqa: E402
from gorilla.passwords import hash_password  # noqa: E402
from tenants.provisioning import ProvisionRequest, create_tenant, delete_tenant  # noqa: E402

SIZES = (100, 20_000)
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))
PASSWORD = "bench-password-1"


class QueryCounter:
    """Counts SQL statements sent by any engine while active."""

    def __init__(self):
        self.count = 0

    def __call__(self, *args):
        self.count += 1


def measure(client, path: str) -> tuple[float, int]:
    """Median seconds of ``REQUESTS`` GETs of ``path`` and statements per request."""
    client.get(path)  # warm-up
    counter = QueryCounter()
    timings = []
    event.listen(Engine, "before_cursor_execute", counter)
    try:
        for _ in range(REQUESTS):
            started = time.perf_counter()
            response = client.get(path, base_url=client.base_url)
            timings.append(time.perf_counter() - started)
            assert response.status_code == 200, (path, response.status_code)
    finally:
        event.remove(Engine, "before_cursor_execute", counter)
    return statistics.median(timings), counter.count // REQUESTS


def run_size(app, size: int) -> dict[str, tuple[float, int]]:
    """Provision a tenant with ``size`` customers and time its pages."""
    slug = f"bench{size}"
    with app.app_context():
        info = create_tenant(
            ProvisionRequest(slug, f"Bench {size}", f"admin@{slug}.example",
                             hash_password(PASSWORD))
        )  # fmt: skip
        started = time.perf_counter()
        bulk_customers(info, size)
        print(f"  {size:>6} customers inserted in {time.perf_counter() - started:.1f} s")
    client = app.test_client()
    client.base_url = f"http://{slug}.{app.config['BASE_DOMAIN']}"
    login = client.post(
        "/admin/login",
        data={"email": f"admin@{slug}.example", "password": PASSWORD},
        base_url=client.base_url,
    )
    assert login.status_code == 302, login.status_code
    middle = size // 2
    return {
        "customer list": measure(client, "/admin/customers"),
        "Kontakte tab": measure(client, f"/admin/customers/{middle}/contacts"),
    }


def main() -> None:
    """Run both sizes and print the comparison."""
    instance = tempfile.mkdtemp(prefix="gorilla-bench-")
    app = create_app(
        {
            "INSTANCE_PATH": instance,
            "DATABASE_URL": os.environ.get("GORILLA_BENCH_DATABASE_URL"),
            "BASE_DOMAIN": "bench.test",
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        }
    )
    with app.app_context():
        upgrade_platform()
        print(f"database: {db.engine.dialect.name}, {REQUESTS} requests per page")
    results = {}
    try:
        for size in SIZES:
            results[size] = run_size(app, size)
    finally:
        with app.app_context():
            for size in SIZES:
                try:
                    delete_tenant(f"bench{size}")
                except Exception:  # noqa: BLE001 - cleanup of what was created
                    db.session.rollback()
    small, large = SIZES
    print(f"{'page':<15}{'median ' + str(small):>14}{'median ' + str(large):>16}"
          f"{'ratio':>8}{'queries':>10}")  # fmt: skip
    for page in results[small]:
        (t_small, q_small), (t_large, q_large) = results[small][page], results[large][page]
        print(
            f"{page:<15}{t_small * 1000:>11.2f} ms{t_large * 1000:>13.2f} ms"
            f"{t_large / t_small:>8.2f}{f'{q_small}/{q_large}':>10}"
        )


if __name__ == "__main__":
    main()
