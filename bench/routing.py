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
    (c)/(b) compares with one tenant measured in the same rounds, and (b) at N tenants is
    compared with (b) at one through the baseline measured beside each;
(d) median time to provision a tenant on an installation with 1 and one with N existing
    tenants, probes alternating between the two (password hash timed apart);
(e) wall-clock time of a no-op ``gorilla tenants migrate`` over N tenants.
N is 1,000 (100 with ``--quick``, which also shortens the wrk runs).

A shared machine's speed drifts by tens of percent within minutes, so every comparison is
paired: the pages compared run one after the other in each of many short rounds (in alternating
order), a ratio is taken per round, and the median of those ratios is reported, next to the
median throughput of each page.
"""

import argparse
import random
import secrets
import shutil
import statistics
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
    publish,
    run_wrk,
)

ROWS = 25
GORILLA_PATH = "/admin/staff"
BACKENDS = ("PostgreSQL", "SQLite")
PG_DATABASES = {
    "gorilla": "gorilla_bench_routing",
    "gorilla_one": "gorilla_bench_routing_one",  # the installation with 1 tenant, for (d)
    "baseline": "gorilla_bench_routing_base",
}
PAGE_SAMPLE = 10
GERMAN_STAFF_PAGE = "Abmelden"  # both pages must come out in German


@dataclass
class BackendResults:
    """Everything measured on one database; wrk results per page, one per round."""

    runs: dict[str, list[WrkResult]] = field(default_factory=dict)
    provision_ms: dict[int, list[float]] = field(default_factory=dict)
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


def measure_rounds(targets: dict[str, Target], plan: Plan) -> dict[str, list[WrkResult]]:
    """Run every target once per round, ``plan.rounds`` rounds, reversing the order each round.

    Results are kept per round, so that pages can be compared within the same round; pages
    compared with each other are placed next to each other in ``targets``.
    """
    runs: dict[str, list[WrkResult]] = {key: [] for key in targets}
    order = list(targets)
    for _ in range(plan.rounds):
        for key in order:
            target = targets[key]
            runs[key].append(run_wrk(target.port, target.path, target.pairs, plan.wrk))
        order.reverse()
    return runs


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


def gorilla_site(backend: str, workdir: Path, name: str = "gorilla") -> tenancy.GorillaSite:
    """A fresh, upgraded Gorilla installation ``name`` (a key of PG_DATABASES) on ``backend``."""
    instance = workdir / f"instance-{backend.lower()}-{name}"
    if backend == "PostgreSQL":
        tenancy.recreate_pg_database(PG_DATABASES[name])
        url = tenancy.pg_url(PG_DATABASES[name])
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

    log("  (a), (b): baseline and one tenant")
    with ExitStack() as stack:  # the baseline keeps running: (c) is measured beside it too
        baseline, stock, minimal = baseline_servers(backend, workdir, stack, results)
        with gunicorn("wsgi:app", site.env()) as port:
            single = Target(port, GORILLA_PATH, [(first.host, first.cookie)])
            results.page_bytes["gorilla"] = check_page(
                port, GORILLA_PATH, first.host, first.cookie, GERMAN_STAFF_PAGE
            )
            # (a) and (b) side by side in every round: their ratio is the target
            targets = {"stock": stock, "a0": minimal, "a": baseline, "b": single}
            results.runs.update(measure_rounds(targets, plan))

        log(f"  provisioning {plan.tenants - 1} more tenants")
        slugs = [f"t{number:04d}" for number in range(2, plan.tenants + 1)]
        tenants = [first, *tenancy.add_tenants(app, slugs, password_hash)]
        if backend == "PostgreSQL":
            log("  VACUUM (ANALYZE) after the bulk load")
            tenancy.vacuum_analyze(PG_DATABASES["gorilla"])
        log(f"  (d) provisioning with 1 and with {plan.tenants} tenants, alternating")
        small = gorilla_site(backend, workdir, "gorilla_one").create_app()
        tenancy.create_tenant(small, "t0001", password_hash)
        installations = {1: small, plan.tenants: app}
        results.provision_ms = tenancy.alternating_provision_ms(
            installations, password_hash, plan.probes
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
        small, large = plan.spreads
        # one tenant between the two spreads: both (c)/(b) ratios compare neighbours
        order = {f"c{small}": targets[small], "b@n": targets[1], f"c{large}": targets[large]}
        runs = measure_rounds({**order, "a@n": baseline}, plan)
    results.runs.update(runs)


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


def median_rps(r: BackendResults, key: str) -> float | None:
    """Median requests per second of page ``key`` over its rounds (``None`` if not measured)."""
    runs = r.runs.get(key)
    return statistics.median(run.rps for run in runs) if runs else None


def median_p50(r: BackendResults, key: str) -> float | None:
    """Median of the rounds' median latencies in ms."""
    runs = r.runs.get(key)
    return statistics.median(run.p50_ms for run in runs) if runs else None


def median_ratio(tops: list[float] | None, bottoms: list[float] | None) -> float | None:
    """Median of ``top / bottom`` taken pair by pair (same round or same probe)."""
    if not tops or not bottoms:
        return None
    return statistics.median(top / bottom for top, bottom in zip(tops, bottoms, strict=True))


def paired(r: BackendResults, top: str, bottom: str) -> float | None:
    """Throughput of page ``top`` over page ``bottom``: median of the per-round ratios."""
    rates = {key: [run.rps for run in r.runs.get(key, [])] for key in (top, bottom)}
    return median_ratio(rates[top], rates[bottom])


def ratio(top: float | None, bottom: float | None) -> float | None:
    """``top / bottom`` (``None`` when a side is missing)."""
    return top / bottom if top and bottom else None


def median_ms(r: BackendResults, tenants: int) -> float | None:
    """Median provisioning milliseconds with ``tenants`` existing tenants."""
    timings = r.provision_ms.get(tenants)
    return statistics.median(timings) if timings else None


RATIO_TARGET = ">= 0.90"
PROVISION_LIMIT_MS = {"PostgreSQL": 150.0, "SQLite": 40.0}
PROVISION_TARGET = "<= 150 PG, 40 SQLite"
FLAT_LIMIT = 1.25


def drift_corrected(r: BackendResults) -> float | None:
    """(b) at N tenants over (b) at 1, each relative to the baseline measured in its rounds.

    The two are minutes apart; dividing by the baseline of the same rounds cancels the
    machine's speed drift between them.
    """
    return ratio(paired(r, "b@n", "a@n"), paired(r, "b", "a"))


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
        Row("(a) baseline: plain Flask", "req/s", lambda r: median_rps(r, "a")),
        Row("", "p50 ms", lambda r: median_p50(r, "a")),
        Row("    same page, stock helpers", "req/s", lambda r: median_rps(r, "stock")),
        Row("(a0) baseline, minimal page", "req/s", lambda r: median_rps(r, "a0")),
        Row("(b) Gorilla, 1 tenant", "req/s", lambda r: median_rps(r, "b")),
        Row("", "p50 ms", lambda r: median_p50(r, "b")),
        Row("(b)/(a)", "ratio", lambda r: paired(r, "b", "a"), RATIO_TARGET, at_least_09),
        Row("(b)/stock helpers, reference", "ratio", lambda r: paired(r, "b", "stock")),
        Row("(b)/(a0), reference", "ratio", lambda r: paired(r, "b", "a0")),
        Row(f"(b) again, 1 of {n} tenants", "req/s", lambda r: median_rps(r, "b@n")),
        Row("(a) again, same rounds", "req/s", lambda r: median_rps(r, "a@n")),
        Row(f"(b) at {n} vs 1 tenant, per (a)", "ratio", drift_corrected, RATIO_TARGET,
            at_least_09),
    ]  # fmt: skip
    for count in plan.spreads:
        key = f"c{count}"
        rows += [
            Row(f"(c) {count} of {n} tenants", "req/s", lambda r, k=key: median_rps(r, k)),
            Row("", "p50 ms", lambda r, k=key: median_p50(r, k)),
            Row(f"(c)/(b), {count} tenants", "ratio", lambda r, k=key: paired(r, k, "b@n"),
                RATIO_TARGET, at_least_09),
        ]  # fmt: skip
    return rows + [
        Row("(d) provision, 1 existing", "ms", lambda r: median_ms(r, 1), PROVISION_TARGET,
            provision_fast),
        Row(f"(d) provision, {n} existing", "ms", lambda r: median_ms(r, n), PROVISION_TARGET,
            provision_fast),
        Row(f"(d) {n} / 1 existing", "ratio",
            lambda r: median_ratio(r.provision_ms.get(n), r.provision_ms.get(1)),
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
        f"after {plan.wrk.warmup} s warm-up; medians of {plan.rounds} rounds, ratios paired "
        "per round",
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
        plan = Plan(100, (10, 100), 5, 2, WrkSettings(duration=2, warmup=1), warm_all=3)
    else:
        plan = Plan(1000, (100, 1000), 15, 9, WrkSettings(duration=4, warmup=1), warm_all=20)
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
    publish(report, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
