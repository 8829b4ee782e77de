"""Gorilla against django-tenants: the same signed-in 25-row staff page on PostgreSQL.

Usage: .venv/bin/python bench/versus_django.py [--quick] [--output FILE]
(needs ``pip install -e ".[bench]"``, wrk and the local PostgreSQL server)

Three servers, each under gunicorn (2 sync workers) driven by wrk with the same settings:
(g)  Gorilla: GET /admin/staff of one tenant (its server-side session record, security headers);
(ds) Django 5 + django-tenants (``djbench/``) with Django's default database sessions;
(dc) the same Django site with signed-cookie sessions (no session storage at all).
Every page renders 25 users with the navigation, a CSRF token and German text from Gorilla's
catalog. As in ``routing.py`` the pages run one after the other in each of 9 short rounds (order
reversed every round) and each ratio is the median of the per-round ratios.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

import routing
import tenancy
from harness import (
    BENCH_DIR,
    PROJECT_DIR,
    VENV_BIN,
    BenchError,
    WrkSettings,
    gunicorn,
    http_get,
    publish,
)

PG_DATABASES = {"gorilla": "gorilla_bench_versus", "django": "gorilla_bench_versus_django"}
DJANGO_HOST = "t0001.django.test"
SESSION_MODES = {"ds": "db", "dc": "signed_cookies"}
LABELS = {
    "g": "(g) Gorilla, server-side sessions",
    "ds": "(ds) django-tenants, database sessions",
    "dc": "(dc) django-tenants, signed cookies",
}


def django_env(workdir: Path, sessions: str) -> dict[str, str]:
    """Environment of the Django site (``bench/`` on the path, Gorilla's catalog as Django's)."""
    return {
        "PYTHONPATH": str(BENCH_DIR),
        "DJANGO_SETTINGS_MODULE": "djbench.settings",
        "DJBENCH_DATABASE": PG_DATABASES["django"],
        "DJBENCH_SESSIONS": sessions,
        "DJBENCH_LOCALE_PATH": str(workdir / "locale"),
    }


def run_django(workdir: Path, sessions: str, *args: str) -> str:
    """Run a Django command (``django-admin ARGS`` or ``python -m djbench.seed ARGS``)."""
    command = (
        [str(VENV_BIN / "python"), "-m", "djbench.seed", *args[1:]]
        if args[0] == "seed"
        else [str(VENV_BIN / "django-admin"), *args]
    )
    completed = subprocess.run(
        command,
        env={**os.environ, **django_env(workdir, sessions)},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if completed.returncode != 0:
        raise BenchError(f"{' '.join(args)} failed:\n{completed.stderr[-2000:]}")
    return completed.stdout.strip()


def prepare_django(workdir: Path) -> dict[str, str]:
    """Database, schema, tenant and users; the signed-in cookie of each session mode."""
    catalog = workdir / "locale" / "de" / "LC_MESSAGES"
    catalog.mkdir(parents=True)
    shutil.copy(
        PROJECT_DIR / "gorilla" / "translations" / "de" / "LC_MESSAGES" / "messages.mo",
        catalog / "django.mo",
    )
    tenancy.recreate_pg_database(PG_DATABASES["django"])
    run_django(workdir, "db", "migrate_schemas", "--shared", "--verbosity", "0")
    run_django(workdir, "db", "seed", "setup", DJANGO_HOST)
    return {key: run_django(workdir, mode, "seed", "cookie", DJANGO_HOST)
            for key, mode in SESSION_MODES.items()}  # fmt: skip


def check(port: int, path: str, host: str, cookie: str) -> int:
    """Fail unless the page answers 200 signed in, in German, with 25 rows; its size."""
    status, _headers, body = http_get(port, path, host, cookie)
    rows = body.count("<td><a href=")
    if status != 200 or rows != routing.ROWS or routing.GERMAN_STAFF_PAGE not in body:
        raise BenchError(f"{host}{path}: status {status}, {rows} rows, German text missing?")
    return len(body.encode())


def measure(workdir: Path, plan: routing.Plan) -> tuple[dict, dict[str, int]]:
    """Start the three servers, check their pages, run the rounds."""
    tenancy.recreate_pg_database(PG_DATABASES["gorilla"])
    instance = workdir / "instance"
    instance.mkdir()
    site = tenancy.GorillaSite(
        tenancy.pg_url(PG_DATABASES["gorilla"]), instance, secret_key="gorilla-bench-secret"
    )
    site.cli("db", "upgrade")
    app = site.create_app()
    gorilla = tenancy.add_tenant(app, "t0001", tenancy.admin_password_hash(app))
    cookies = prepare_django(workdir)
    with ExitStack() as stack:
        targets = {"g": routing.Target(
            stack.enter_context(gunicorn("wsgi:app", site.env())),
            routing.GORILLA_PATH, [(gorilla.host, gorilla.cookie)],
        )}  # fmt: skip
        for key, mode in SESSION_MODES.items():
            port = stack.enter_context(
                gunicorn("djbench.wsgi:application", django_env(workdir, mode), chdir=BENCH_DIR)
            )
            targets[key] = routing.Target(port, routing.GORILLA_PATH, [(DJANGO_HOST, cookies[key])])
        sizes = {key: check(t.port, t.path, *t.pairs[0]) for key, t in targets.items()}
        # Gorilla in the middle: both of its ratios compare neighbours
        order = {"ds": targets["ds"], "g": targets["g"], "dc": targets["dc"]}
        return routing.measure_rounds(order, plan), sizes


def report(runs: dict, sizes: dict[str, int], plan: routing.Plan) -> str:
    """The printed table."""
    results = routing.BackendResults(runs=runs)
    lines = [
        f"Gorilla vs django-tenants on PostgreSQL: gunicorn --workers 2 (sync), "
        f"wrk -t{plan.wrk.threads} -c{plan.wrk.connections}, {plan.wrk.duration} s runs after "
        f"{plan.wrk.warmup} s warm-up; medians of {plan.rounds} rounds, ratios paired per round",
        "",
    ]
    for key, label in LABELS.items():
        rps = statistics.median(run.rps for run in runs[key])
        p50 = statistics.median(run.p50_ms for run in runs[key])
        lines.append(f"{label:42} {rps:8,.0f} req/s  p50 {p50:6.2f} ms  {sizes[key]:,} B")
    lines += [
        "",
        f"{'(g)/(ds) vs database sessions':42} {routing.paired(results, 'g', 'ds'):8.2f}"
        "   target >= 1.10",
        f"{'(g)/(dc) vs signed cookies':42} {routing.paired(results, 'g', 'dc'):8.2f}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 rounds of 2 s runs")
    parser.add_argument("--output", type=Path, help="also write the table to this file")
    args = parser.parse_args(argv)
    sys.path.insert(1, str(PROJECT_DIR))
    if args.quick:
        plan = routing.Plan(1, (1, 1), 1, 2, WrkSettings(duration=2, warmup=1), warm_all=0)
    else:
        plan = routing.Plan(1, (1, 1), 1, 9, WrkSettings(duration=4, warmup=1), warm_all=0)
    workdir = Path(tempfile.mkdtemp(prefix="gorilla-versus-django-"))
    try:
        runs, sizes = measure(workdir, plan)
    finally:
        for name in PG_DATABASES.values():
            tenancy.drop_pg_database(name)
        shutil.rmtree(workdir, ignore_errors=True)
    table = report(runs, sizes, plan)
    publish(table, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
