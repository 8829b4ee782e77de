"""In-process page benchmarks: a bench app, signed-in test clients, timing and query counts."""

import os
import statistics
import tempfile
import time

from flask_migrate import upgrade as upgrade_platform
from sqlalchemy import event
from sqlalchemy.engine import Engine

from gorilla import create_app
from gorilla.extensions import db
from gorilla.passwords import hash_password
from tenants.provisioning import ProvisionRequest, create_tenant, delete_tenant

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))
# Interleaved comparisons: rounds of a few requests per size, the sizes taking turns.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "9"))
PASSWORD = "bench-password-1"


class QueryCounter:
    """Counts SQL statements sent by any engine while active."""

    def __init__(self):
        self.count = 0

    def __call__(self, *args):
        self.count += 1


def _timings(client, path: str, requests: int) -> list[float]:
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(path, base_url=client.base_url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
    return timings


def _statements(client, path: str) -> int:
    counter = QueryCounter()
    event.listen(Engine, "before_cursor_execute", counter)
    try:
        _timings(client, path, 1)
    finally:
        event.remove(Engine, "before_cursor_execute", counter)
    return counter.count


def measure(client, path: str) -> tuple[float, int]:
    """Median seconds of ``REQUESTS`` GETs of ``path`` and statements per request."""
    client.get(path, base_url=client.base_url)  # warm-up
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


def bench_app():
    """An app on a temporary instance (``GORILLA_BENCH_DATABASE_URL`` selects PostgreSQL)."""
    app = create_app(
        {
            "INSTANCE_PATH": tempfile.mkdtemp(prefix="gorilla-bench-"),
            "DATABASE_URL": os.environ.get("GORILLA_BENCH_DATABASE_URL"),
            "BASE_DOMAIN": "bench.test",
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "MAIL_DELIVER_AFTER_REQUEST": False,
        }
    )
    with app.app_context():
        upgrade_platform()
        print(f"database: {db.engine.dialect.name}, {REQUESTS} requests per page")
    return app


def provision(app, slug: str):
    """A tenant whose admin is ``admin@<slug>.example`` with ``PASSWORD``."""
    with app.app_context():
        request = ProvisionRequest(
            slug, slug.title(), f"admin@{slug}.example", hash_password(PASSWORD)
        )
        return create_tenant(request)


def signed_in(app, slug: str, email: str, login_path: str = "/admin/login"):
    """A test client on ``slug`` signed in through the real form."""
    client = app.test_client()
    client.base_url = f"http://{slug}.{app.config['BASE_DOMAIN']}"
    data = {"email": email, "password": PASSWORD}
    response = client.post(login_path, data=data, base_url=client.base_url)
    assert response.status_code == 302, (login_path, response.status_code)
    return client


def remove_tenants(app, slugs) -> None:
    """Delete what a benchmark created (ignoring tenants that never came to be)."""
    with app.app_context():
        for slug in slugs:
            try:
                delete_tenant(slug)
            except Exception:  # noqa: BLE001 - cleanup of what was created
                db.session.rollback()


def print_table(results: dict, sizes: tuple[int, int]) -> None:
    """Median per page at both sizes, their ratio and the statements per request."""
    small, large = sizes
    print(f"{'page':<18}{'median ' + str(small):>14}{'median ' + str(large):>16}"
          f"{'ratio':>8}{'queries':>10}")  # fmt: skip
    for page in results[small]:
        (t_small, q_small), (t_large, q_large) = results[small][page], results[large][page]
        print(
            f"{page:<18}{t_small * 1000:>11.2f} ms{t_large * 1000:>13.2f} ms"
            f"{t_large / t_small:>8.2f}{f'{q_small}/{q_large}':>10}"
        )


def compare_sizes(sizes: tuple[int, int], prefix: str, run_size) -> None:
    """Run ``run_size(app, slug, size)`` for both sizes on a fresh app, clean up, print."""
    app = bench_app()
    slugs = {size: f"{prefix}{size}" for size in sizes}
    try:
        results = {size: run_size(app, slugs[size], size) for size in sizes}
    finally:
        remove_tenants(app, slugs.values())
    print_table(results, sizes)


def compare_interleaved(sizes: tuple[int, int], prefix: str, prepare) -> None:
    """Like ``compare_sizes``, for a machine shared with others: ``prepare(app, slug, size)``
    returns ``{page: (client, path)}``; both tenants exist before the first request, and each
    page is timed in ``ROUNDS`` rounds of a few requests per size, the sizes taking turns.
    A page's ratio is the median of its per-round ratios, so load that comes and goes hits
    both sizes alike."""
    app = bench_app()
    slugs = {size: f"{prefix}{size}" for size in sizes}
    small, large = sizes
    try:
        probes = {size: prepare(app, slugs[size], size) for size in sizes}
        per_round = max(REQUESTS // ROUNDS, 3)
        print(f"{ROUNDS} rounds of {per_round} requests per page and size, sizes alternating")
        print(f"{'page':<18}{'median ' + str(small):>14}{'median ' + str(large):>16}"
              f"{'ratio':>8}{'queries':>10}")  # fmt: skip
        for page in probes[small]:
            for size in sizes:
                _timings(*probes[size][page], 2)  # warm-up
            queries = {size: _statements(*probes[size][page]) for size in sizes}
            times = {size: [] for size in sizes}
            ratios = []
            for number in range(ROUNDS):
                order = sizes if number % 2 == 0 else sizes[::-1]
                medians = {
                    size: statistics.median(_timings(*probes[size][page], per_round))
                    for size in order
                }
                for size in sizes:
                    times[size].append(medians[size])
                ratios.append(medians[large] / medians[small])
            t_small, t_large = (statistics.median(times[size]) for size in sizes)
            print(
                f"{page:<18}{t_small * 1000:>11.2f} ms{t_large * 1000:>13.2f} ms"
                f"{statistics.median(ratios):>8.2f}{f'{queries[small]}/{queries[large]}':>10}"
            )
    finally:
        remove_tenants(app, slugs.values())
