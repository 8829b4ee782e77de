"""Cost of tenant routing: Gorilla's staff list against a plain Flask app, 1 to 1,000 tenants.

Usage: .venv/bin/python bench/routing.py [--quick] [--output FILE]

Per database (PostgreSQL, SQLite), under gunicorn (2 sync workers) driven by wrk:
(a) a plain Flask + Flask-SQLAlchemy + Flask-Login app without tenancy serving the equivalent
    page: 25 users rendered by Gorilla's own staff-list templates and template helpers (German
    via Flask-Babel, CSRF token, navigation); for reference also the same page with Flask-Babel's
    and Flask's stock template functions, and (a0) the app's minimal page (bare template);
(b) Gorilla: signed-in GET /admin/staff of one tenant with 25 staff;
(c) (b) with N provisioned tenants, requests rotating over N/10 and over N of them, after a
    warm-up over all N (each worker opens each tenant once; on PostgreSQL after VACUUM ANALYZE
    of the bulk-loaded database, so that autovacuum does not run during the measurement);
    (c)/(b) compares with one tenant measured in the same interleaved rounds, and (b) at N
    tenants is compared with (b) at one through the baseline measured beside each;
(d) median time to provision a tenant at 1 and at N existing tenants (password hash apart);
(e) wall-clock time of a no-op ``gorilla tenants migrate`` over N tenants.
N is 1,000 (100 with ``--quick``, which also shortens the wrk runs).
"""

import argparse
import random
import secrets
import shutil
import sys
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import baseline_app
import tenancy
from cookies import session_cookie
from harness import (
    BENCH_DIR,
    PROJECT_DIR,
    BenchError,
    WrkResult,
    WrkSettings,
    gunicorn,
    http_get,
    run_wrk,
)

ROWS = 25
GORILLA_PATH = "/admin/staff"
BACKENDS = ("PostgreSQL", "SQLite")
PG_DATABASES = {"gorilla": "gorilla_bench_routing", "baseline": "gorilla_bench_routing_base"}
PAGE_SAMPLE = 10
GERMAN_STAFF_PAGE = "Abmelden"  # both pages must come out in German


@dataclass
class BackendResults:
    """Everything measured on one database."""

    baseline: WrkResult | None = None
    stock: WrkResult | None = None
    minimal: WrkResult | None = None
    single: WrkResult | None = None
    single_at_n: WrkResult | None = None
    baseline_at_n: WrkResult | None = None
    spread: dict[int, WrkResult] = field(default_factory=dict)
    provision_ms: dict[int, float] = field(default_factory=dict)
    hash_ms: float = 0.0
    migrate_s: float = 0.0
    page_bytes: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Plan:
    """Sizes of one run."""

    tenants: int
    spreads: tuple[int, int]
    probes: int
    rounds: int
    wrk: WrkSettings
    warm_all: int  # seconds of load over all tenants before (c): every worker opens each one


def check_page(port: int, path: str, host: str, cookie: str, expect: str) -> int:
    """Fail unless the signed-in page answers 200 with ``ROWS`` rows, ``expect``, no new cookie.

    Returns the body size in bytes.
    """
    status, headers, body = http_get(port, path, host, cookie)
    rows = body.count("<td><a href=")
    if status != 200 or rows != ROWS or expect not in body:
        raise BenchError(f"{host}{path}: status {status}, {rows} rows, {expect!r} missing?")
    if "set-cookie" in headers:
        raise BenchError(f"{host}{path}: session rewritten on every request (Set-Cookie sent)")
    return len(body.encode())


@dataclass(frozen=True)
class Target:
    """One wrk measurement: a served page and the (Host, Cookie) pairs to rotate through."""

    port: int
    path: str
    pairs: list[tuple[str, str]]


def best_of(targets: dict, plan: Plan) -> dict:
    """Run the targets in turn, ``plan.rounds`` times; keep each one's best throughput.

    Interleaving and best-of keep slow background load from skewing the ratios.
    """
    best: dict = {}
    for _ in range(plan.rounds):
        for key, target in targets.items():
            result = run_wrk(target.port, target.path, target.pairs, plan.wrk)
            if key not in best or result.rps > best[key].rps:
                best[key] = result
    return best


def baseline_servers(backend: str, workdir: Path, stack: ExitStack, results: BackendResults):
    """Seed the plain app's database, start it with each kind of template helpers, check pages.

    Returns the Targets of the equivalent page (Gorilla's helpers, stock helpers) and of the
    minimal page.
    """
    if backend == "PostgreSQL":
        tenancy.recreate_pg_database(PG_DATABASES["baseline"])
        url = tenancy.pg_url(PG_DATABASES["baseline"])
    else:
        url = f"sqlite:///{workdir / 'baseline.db'}"
    secret = "baseline-bench-secret"
    app = baseline_app.create_app(url, secret)
    user_id = str(baseline_app.seed(app, ROWS))
    cookie = session_cookie(app, user_id, csrf_token=secrets.token_hex(20))
    env = {
        "BASELINE_DATABASE_URL": url,
        "BASELINE_SECRET_KEY": secret,
        "PYTHONPATH": str(PROJECT_DIR),
    }
    ports = {
        helpers: stack.enter_context(
            gunicorn(
                "baseline_app:create_app()",
                {**env, "BASELINE_TEMPLATE_HELPERS": helpers},
                chdir=BENCH_DIR,
            )
        )
        for helpers in ("gorilla", "stock")
    }
    pairs = [("127.0.0.1", cookie)]
    for key, port, path, expect in (
        ("baseline", ports["gorilla"], baseline_app.PAGE_PATH, GERMAN_STAFF_PAGE),
        ("stock", ports["stock"], baseline_app.PAGE_PATH, GERMAN_STAFF_PAGE),
        ("minimal", ports["gorilla"], baseline_app.MINIMAL_PATH, "Staff member"),
    ):
        results.page_bytes[key] = check_page(port, path, "127.0.0.1", cookie, expect)
    return (
        Target(ports["gorilla"], baseline_app.PAGE_PATH, pairs),
        Target(ports["stock"], baseline_app.PAGE_PATH, pairs),
        Target(ports["gorilla"], baseline_app.MINIMAL_PATH, pairs),
    )


def gorilla_site(backend: str, workdir: Path) -> tenancy.GorillaSite:
    """A fresh, upgraded platform database for Gorilla on ``backend``."""
    instance = workdir / f"instance-{backend.lower()}"
    if backend == "PostgreSQL":
        tenancy.recreate_pg_database(PG_DATABASES["gorilla"])
        url = tenancy.pg_url(PG_DATABASES["gorilla"])
    else:
        url = f"sqlite:///{instance / 'gorilla.db'}"
    instance.mkdir(parents=True)
    site = tenancy.GorillaSite(url, instance, secret_key="gorilla-bench-secret")
    site.cli("db", "upgrade")
    return site


def gorilla_target(port: int, tenants: list, count: int) -> Target:
    """GET /admin/staff over the first ``count`` tenants (shuffled, fixed seed), sampled first."""
    chosen = tenants[:count]
    for tenant in random.Random(count).sample(chosen, min(PAGE_SAMPLE, count)):
        check_page(port, GORILLA_PATH, tenant.host, tenant.cookie, f"admin@{tenant.slug}.test")
    pairs = [(tenant.host, tenant.cookie) for tenant in chosen]
    random.Random(count).shuffle(pairs)
    return Target(port, GORILLA_PATH, pairs)


def run_backend(backend: str, workdir: Path, plan: Plan, results: BackendResults) -> None:
    """(a) to (e) on one database."""
    site = gorilla_site(backend, workdir)
    app = site.create_app()
    password_hash = tenancy.admin_password_hash(app)
    results.hash_ms = tenancy.median_hash_ms(app, plan.probes)
    first = tenancy.add_tenant(app, "t0001", password_hash)
    log("  (d) provisioning at 1 tenant")
    results.provision_ms[1] = tenancy.median_provision_ms(app, password_hash, plan.probes, "a")

    log("  (a), (b): baseline and one tenant")
    with ExitStack() as stack:  # the baseline keeps running: (c) is measured beside it too
        baseline, stock, minimal = baseline_servers(backend, workdir, stack, results)
        with gunicorn("wsgi:app", site.env()) as port:
            single = Target(port, GORILLA_PATH, [(first.host, first.cookie)])
            results.page_bytes["gorilla"] = check_page(
                port, GORILLA_PATH, first.host, first.cookie, GERMAN_STAFF_PAGE
            )
            best = best_of({"a": baseline, "stock": stock, "a0": minimal, "b": single}, plan)
        results.baseline, results.single = best["a"], best["b"]
        results.stock, results.minimal = best["stock"], best["a0"]

        log(f"  provisioning {plan.tenants - 1} more tenants")
        slugs = [f"t{number:04d}" for number in range(2, plan.tenants + 1)]
        tenants = [first, *tenancy.add_tenants(app, slugs, password_hash)]
        if backend == "PostgreSQL":
            log("  VACUUM (ANALYZE) after the bulk load")
            tenancy.vacuum_analyze(PG_DATABASES["gorilla"])
        log(f"  (d) provisioning at {plan.tenants} tenants")
        results.provision_ms[plan.tenants] = tenancy.median_provision_ms(
            app, password_hash, plan.probes, "b"
        )
        log("  (e) no-op migrate")
        results.migrate_s = tenancy.migrate_noop_seconds(site, plan.tenants)
        measure_spread(site, tenants, baseline, plan, results)


def measure_spread(
    site: tenancy.GorillaSite, tenants: list, baseline: Target, plan: Plan, results: BackendResults
) -> None:
    """(c): one tenant and the spreads, interleaved with the baseline again, all warm."""
    log(f"  (c) spread over {' and '.join(map(str, plan.spreads))} tenants")
    with gunicorn("wsgi:app", site.env()) as port:
        targets = {count: gorilla_target(port, tenants, count) for count in (1, *plan.spreads)}
        log(f"  warming every tenant in both workers ({plan.warm_all} s)")
        warm = WrkSettings(plan.wrk.threads, plan.wrk.connections, plan.warm_all, warmup=0)
        run_wrk(port, GORILLA_PATH, targets[max(plan.spreads)].pairs, warm)
        best = best_of({"a": baseline, **targets}, plan)
    results.baseline_at_n = best.pop("a")
    results.single_at_n = best.pop(1)
    results.spread.update(best)


def log(message: str) -> None:
    """Progress on stderr (the table goes to stdout)."""
    print(message, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Row:
    """One line of the report: how to read a figure per database and its target."""

    label: str
    unit: str
    read: Callable[[BackendResults], float | None]
    target: str = ""
    meets: Callable[[str, float], bool] | None = None


def rps(result: WrkResult | None) -> float | None:
    """Requests per second (``None`` when not measured)."""
    return result.rps if result else None


def p50(result: WrkResult | None) -> float | None:
    """Median latency in ms (``None`` when not measured)."""
    return result.p50_ms if result else None


def ratio(top: float | None, bottom: float | None) -> float | None:
    """``top / bottom`` (``None`` when a side is missing)."""
    return top / bottom if top and bottom else None


RATIO_TARGET = ">= 0.90"
PROVISION_LIMIT_MS = {"PostgreSQL": 150.0, "SQLite": 40.0}
PROVISION_TARGET = "<= 150 PG, 40 SQLite"
FLAT_LIMIT = 1.25


def drift_corrected(r: BackendResults) -> float | None:
    """(b) at N tenants over (b) at 1, each relative to the baseline measured in its rounds.

    The two are minutes apart; dividing by the baseline of the same rounds cancels the
    machine's speed drift between them.
    """
    at_n = ratio(rps(r.single_at_n), rps(r.baseline_at_n))
    at_one = ratio(rps(r.single), rps(r.baseline))
    return ratio(at_n, at_one)


def at_least_09(_backend: str, value: float) -> bool:
    """Ratio target of (b)/(a) and (c)/(b)."""
    return value >= 0.9


def provision_fast(backend: str, value: float) -> bool:
    """Provisioning target in ms, per database."""
    return value <= PROVISION_LIMIT_MS[backend]


def report_rows(plan: Plan) -> list[Row]:
    """The rows of the report, in order."""
    n = plan.tenants
    rows = [
        Row("(a) baseline: plain Flask", "req/s", lambda r: rps(r.baseline)),
        Row("", "p50 ms", lambda r: p50(r.baseline)),
        Row("    same page, stock helpers", "req/s", lambda r: rps(r.stock)),
        Row("(a0) baseline, minimal page", "req/s", lambda r: rps(r.minimal)),
        Row("(b) Gorilla, 1 tenant", "req/s", lambda r: rps(r.single)),
        Row("", "p50 ms", lambda r: p50(r.single)),
        Row("(b)/(a)", "ratio", lambda r: ratio(rps(r.single), rps(r.baseline)), RATIO_TARGET,
            at_least_09),
        Row("(b)/stock helpers, reference", "ratio",
            lambda r: ratio(rps(r.single), rps(r.stock))),
        Row("(b)/(a0), reference", "ratio", lambda r: ratio(rps(r.single), rps(r.minimal))),
        Row(f"(b) again, 1 of {n} tenants", "req/s", lambda r: rps(r.single_at_n)),
        Row("(a) again, same rounds", "req/s", lambda r: rps(r.baseline_at_n)),
        Row(f"(b) at {n} vs 1 tenant, per (a)", "ratio", drift_corrected, RATIO_TARGET,
            at_least_09),
    ]  # fmt: skip
    for count in plan.spreads:
        rows += [
            Row(f"(c) {count} of {n} tenants", "req/s", lambda r, c=count: rps(r.spread.get(c))),
            Row("", "p50 ms", lambda r, c=count: p50(r.spread.get(c))),
            Row(f"(c)/(b), {count} tenants", "ratio",
                lambda r, c=count: ratio(rps(r.spread.get(c)), rps(r.single_at_n)),
                RATIO_TARGET, at_least_09),
        ]  # fmt: skip
    return rows + [
        Row("(d) provision, 1 existing", "ms", lambda r: r.provision_ms.get(1), PROVISION_TARGET,
            provision_fast),
        Row(f"(d) provision, {n} existing", "ms", lambda r: r.provision_ms.get(n),
            PROVISION_TARGET, provision_fast),
        Row(f"(d) {n} / 1 existing", "ratio",
            lambda r: ratio(r.provision_ms.get(n), r.provision_ms.get(1)),
            f"flat (<= {FLAT_LIMIT})", lambda _b, v: v <= FLAT_LIMIT),
        Row("    password hash, apart", "ms", lambda r: r.hash_ms or None),
        Row(f"(e) no-op migrate, {n} tenants", "s", lambda r: r.migrate_s or None, "<= 10",
            lambda _b, v: v <= 10),
    ]  # fmt: skip


def cell(backend: str, row: Row, results: BackendResults | None) -> str:
    """A figure with ``ok``/``MISS`` when the row has a target."""
    value = row.read(results) if results else None
    if value is None:
        return "-"
    text = f"{value:,.2f}" if value < 100 else f"{value:,.0f}"
    if row.meets is None:
        return text
    return text + (" ok" if row.meets(backend, value) else " MISS")


def table(results: dict[str, BackendResults], plan: Plan) -> str:
    """The printed report."""
    lines = [
        f"Gorilla routing benchmark: gunicorn --workers 2 (sync) on 127.0.0.1, "
        f"wrk -t{plan.wrk.threads} -c{plan.wrk.connections}, {plan.wrk.duration} s runs "
        f"after {plan.wrk.warmup} s warm-up, best of {plan.rounds} interleaved rounds",
        f"Pages: Gorilla and baseline GET {GORILLA_PATH} (same templates), minimal baseline "
        f"GET {baseline_app.MINIMAL_PATH}; {ROWS} rows each; median of {plan.probes} "
        "provisioning probes",
        "",
        f"{'':34}{'':7}{BACKENDS[0]:>16}{BACKENDS[1]:>16}   target",
    ]
    for row in report_rows(plan):
        cells = "".join(f"{cell(b, row, results.get(b)):>16}" for b in BACKENDS)
        lines.append(f"{row.label:34}{row.unit:>7}{cells}   {row.target}".rstrip())
    sizes = [
        f"{backend}: baseline {r.page_bytes.get('baseline', 0):,} B, "
        f"stock {r.page_bytes.get('stock', 0):,} B, minimal {r.page_bytes.get('minimal', 0):,} B, "
        f"Gorilla {r.page_bytes.get('gorilla', 0):,} B"
        for backend, r in results.items()
    ]
    return "\n".join([*lines, "", "Response sizes: " + "; ".join(sizes)])


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 tenants, 3 s wrk runs")
    parser.add_argument("--output", type=Path, help="also write the table to this file")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run every measurement on both databases and print the table."""
    args = parse_args(argv)
    sys.path.insert(1, str(PROJECT_DIR))  # the checkout, as in the servers (see GorillaSite.env)
    if args.quick:
        plan = Plan(100, (10, 100), 5, 1, WrkSettings(duration=3, warmup=1), warm_all=3)
    else:
        plan = Plan(1000, (100, 1000), 15, 2, WrkSettings(duration=10, warmup=2), warm_all=20)
    workdir = Path(tempfile.mkdtemp(prefix="gorilla-routing-"))
    results: dict[str, BackendResults] = {}
    try:
        for backend in BACKENDS:
            log(f"{backend}:")
            results[backend] = BackendResults()
            run_backend(backend, workdir, plan, results[backend])
    finally:
        for name in PG_DATABASES.values():
            tenancy.drop_pg_database(name)
        shutil.rmtree(workdir, ignore_errors=True)
    report = table(results, plan)
    print(report)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(report + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
