"""How cost grows with the number of tenants, on PostgreSQL and on the Citus cluster.

Usage: .venv/bin/python bench/scale.py [--tenants N] [--load-tenants M] [--seconds S]
                                        [--backends PostgreSQL,Citus] [--output FILE]

Per database (plain PostgreSQL on 127.0.0.1:5432; the Citus cluster of ``../shared/citus``,
coordinator on 127.0.0.1:5433, which must be running):
(p) N tenants are provisioned one after another; the time of each ``create_tenant`` is kept and
    the medians around the 1st, the 1,000th and the N-th tenant are reported (flat = no growth);
(m) wall-clock time of a no-op ``gorilla tenants migrate`` over all N tenants (target ≤ 60 s);
(l) a mixed load spread over M tenants through gunicorn with one sync worker per core, driven by
    wrk (one connection per thread): 80 % signed-in staff pages (staff list, customer list),
    10 % "Neuer Kontakt" form posts creating a contact, 10 % customer-area sign-ins (a real
    password check each), every request from its own client address. Reported: throughput,
    p50/p99 latency, 5xx and unexpected answers (both must be 0).
Citus figures are also given as ratios to PostgreSQL's of the same run. Defaults: N = 10,000,
M = 1,000, 120 s of load (``--seconds 0``: no load); ``--tenants 200 --load-tenants 50 --seconds
10`` is a quick check. The tenants between the milestones' windows are created by ``--processes``
processes at once; ``--provision-minutes`` caps the time for that (the last milestone is then the
count reached).
"""

import argparse
import multiprocessing
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # crm_data imports bench.names

import tenancy  # noqa: E402
from cookies import session_cookie  # noqa: E402
from crm_data import bulk_customers  # noqa: E402
from flask import Flask, g
from harness import (
    BENCH_DIR,
    HOST,
    PROJECT_DIR,
    USER_AGENT,
    WRK,
    BenchError,
    gunicorn,
    http_request,
    publish,
)
from itsdangerous import URLSafeTimedSerializer

CITUS_CLUSTER = PROJECT_DIR.parent / "shared" / "citus" / "cluster.sh"
SERVERS = {"PostgreSQL": "postgres@127.0.0.1:5432", "Citus": "postgres@127.0.0.1:5433"}
DATABASE = os.environ.get("GORILLA_BENCH_SCALE_DB", "gorilla_bench_scale")
MIXED_LUA = BENCH_DIR / "mixed.lua"
CONTACT_PASSWORD = "portal-bench-password-1"
MILESTONES = (1, 1_000)  # plus N itself
WINDOW = 20  # tenants around each milestone whose provisioning times make its median
CHECKED_TENANTS = 3
ERROR_RE = re.compile(r'<p class="error">(.*?)</p>')
MIX = (("read", 8), ("create", 1), ("signin", 1))  # per tenant, per round of the request list


@dataclass
class LoadResult:
    """One wrk run of the mixed load."""

    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    by_kind: dict[str, int]
    server_errors: int
    unexpected: int
    first_unexpected: str


@dataclass
class BackendResults:
    """Everything measured on one database."""

    tenants: int = 0
    provision_ms: dict[int, float] = field(default_factory=dict)
    # tenant count: seconds of a no-op migrate, wall-clock and inside the command
    migrate_at: dict[int, tuple[float, float]] = field(default_factory=dict)
    load: LoadResult | None = None
    placement: str = ""


def log(message: str) -> None:
    """Progress on stderr (the table goes to stdout)."""
    print(message, file=sys.stderr, flush=True)


def recreate_database(backend: str) -> str:
    """A fresh, empty ``DATABASE`` on ``backend``; returns its SQLAlchemy URL."""
    server = SERVERS[backend]
    if backend == "Citus":
        if not CITUS_CLUSTER.exists():
            raise BenchError(f"{CITUS_CLUSTER} is missing: the Citus backend needs it")
        subprocess.run([str(CITUS_CLUSTER), "dropdb", DATABASE], check=False, capture_output=True)
        subprocess.run([str(CITUS_CLUSTER), "adddb", DATABASE], check=True, capture_output=True)
    else:
        tenancy.recreate_pg_database(DATABASE, server)
    return tenancy.pg_url(DATABASE, server=server)


def milestone_windows(count: int) -> dict[int, range]:
    """Tenant numbers (1-based) whose provisioning times make each milestone's median."""
    windows = {}
    for milestone in (*MILESTONES, count):
        if milestone <= count:
            start = max(1, min(milestone, count - WINDOW + 1))
            windows[milestone] = range(start, min(start + WINDOW, count + 1))
    return windows


def _provision_chunk(job: tuple) -> list:
    """In a worker process: create the tenants ``numbers`` on ``site`` until ``deadline``."""
    site, numbers, password_hash, deadline = job
    app = site.create_app()
    infos = []
    for number in numbers:
        if time.time() > deadline:
            break
        infos.append(tenancy.create_tenant(app, slug_of(number), password_hash)[0])
    return infos


def slug_of(number: int) -> str:
    """Slug of the ``number``-th bench tenant."""
    return f"t{number:05d}"


def provision_all(
    site, app: Flask, args: argparse.Namespace, password_hash: str, minutes: float
) -> tuple[list, dict[int, float]]:
    """Create up to ``args.tenants`` tenants; their TenantInfos and the median ms per milestone.

    The tenants around each milestone are created one after another in this process, alone,
    and timed; those in between by ``args.processes`` processes at once (only their count
    matters). Filling stops after ``minutes``: the last milestone is then the
    number reached.
    """
    deadline = time.time() + minutes * 60
    windows = milestone_windows(args.tenants)
    timed = {number for window in windows.values() for number in window}
    window_ends = {window[-1] for window in windows.values()}
    infos, seconds, migrate_s, number = [], {}, {}, 1
    pool = multiprocessing.get_context("spawn").Pool(args.processes)
    try:
        while number <= args.tenants:
            if number in timed:
                info, took = tenancy.create_tenant(app, slug_of(number), password_hash)
                infos.append(info)
                seconds[number] = took
                if number in window_ends and number < args.tenants:
                    migrate_s[len(infos)] = tenancy.migrate_noop(site, len(infos))
                number += 1
                continue
            end = min((n for n in timed if n > number), default=args.tenants + 1)
            gap = list(range(number, end))
            log(f"    provisioned {len(infos)}; {len(gap)} more by {args.processes} processes")
            step = 100
            jobs = [
                (site, gap[i : i + step], password_hash, deadline) for i in range(0, len(gap), step)
            ]
            made = [info for chunk in pool.imap(_provision_chunk, jobs) for info in chunk]
            infos.extend(made)
            if len(made) < len(gap):  # out of time: time a last window at the count reached
                log(f"    provisioning budget used up at {len(infos)} tenants")
                windows = {m: w for m, w in windows.items() if m < len(infos)}
                windows[len(infos) + WINDOW] = range(len(infos) + 1, len(infos) + WINDOW + 1)
                for k in windows[len(infos) + WINDOW]:
                    number = args.tenants + 1 + k  # never used by the planned tenants
                    info, took = tenancy.create_tenant(app, slug_of(number), password_hash)
                    infos.append(info)
                    seconds[k] = took
                break
            number = end
    finally:
        pool.terminate()  # after a failure too: no queued chunk goes on creating tenants
        pool.join()
    log(f"    provisioned {len(infos)}")
    medians = {
        milestone: statistics.median(seconds[n] for n in window) * 1000
        for milestone, window in windows.items()
    }
    return infos, medians, migrate_s


@dataclass(frozen=True)
class LoadTenant:
    """What the mixed load needs of one tenant: host, cookies, customer and contact."""

    host: str
    staff_cookie: str
    staff_csrf: str
    anonymous_cookie: str
    anonymous_csrf: str
    customer_id: int
    contact_email: str


def csrf_pair(app: Flask) -> tuple[str, str]:
    """A session's raw CSRF secret and the form token Flask-WTF derives from it."""
    raw = secrets.token_hex(20)
    signer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="wtf-csrf-token")
    return raw, signer.dumps(raw)


def prepare_load_tenant(app: Flask, info, password_hash: str) -> LoadTenant:
    """25 staff and a signed-in admin (tenancy.sign_in_admin), one customer with a contact that
    can sign in to the customer area, and the cookies of both kinds of visitors."""
    from sqlalchemy import update

    from crm.contacts.models import Contact
    from gorilla.extensions import db

    staff_raw, staff_csrf = csrf_pair(app)
    staff_cookie = tenancy.sign_in_admin(app, info, csrf_token=staff_raw)
    with app.app_context():
        bulk_customers(info, 1, contacts_each=1)
        g.tenant = info
        db.session.execute(update(Contact).values(password_hash=password_hash))
        db.session.commit()
        db.session.remove()
    anonymous_raw, anonymous_csrf = csrf_pair(app)
    return LoadTenant(
        host=f"{info.slug}.{tenancy.BASE_DOMAIN}",
        staff_cookie=staff_cookie,
        staff_csrf=staff_csrf,
        anonymous_cookie=session_cookie(app, None, csrf_token=anonymous_raw),
        anonymous_csrf=anonymous_csrf,
        customer_id=1,
        contact_email="k0.c0@bench.example",
    )


def request_lines(tenants: list[LoadTenant]) -> list[str]:
    """The wrk request list: ``MIX`` requests of each tenant, shuffled (fixed seed)."""
    lines = []
    for tenant in tenants:
        for kind, weight in MIX:
            for number in range(weight):
                lines.append("\t".join(_request(kind, number, tenant)))
    random.Random(len(tenants)).shuffle(lines)
    return [line + "\n" for line in lines]


def _request(kind: str, number: int, tenant: LoadTenant) -> tuple[str, ...]:
    if kind == "read":
        path = "/admin/staff" if number % 2 else "/admin/customers"
        return (kind, "GET", path, tenant.host, tenant.staff_cookie, "")
    if kind == "create":
        form = {
            "csrf_token": tenant.staff_csrf,
            "firstname": "Lastprobe",
            "lastname": "Kontakt",
            "email": "last-__N__@bench.example",
            "password": CONTACT_PASSWORD,
            "donotsendwelcomeemail": "y",
        }
        path = f"/admin/customers/{tenant.customer_id}/contacts/new"
        return (kind, "POST", path, tenant.host, tenant.staff_cookie, urlencode(form))
    form = {
        "csrf_token": tenant.anonymous_csrf,
        "email": tenant.contact_email,
        "password": CONTACT_PASSWORD,
    }
    return (kind, "POST", "/kunden/login", tenant.host, tenant.anonymous_cookie, urlencode(form))


def check_requests(port: int, tenants: list[LoadTenant]) -> None:
    """Send each kind of request once for a few tenants; fail unless each is answered as
    expected (a contact is created, a contact signs in, the pages are the signed-in ones)."""
    for number, tenant in enumerate(tenants[:CHECKED_TENANTS]):
        for kind, weight in MIX:
            for index in range(weight if kind == "read" else 1):
                _, method, path, host, cookie, body = _request(kind, index, tenant)
                status, headers, text = http_request(
                    port,
                    method,
                    path,
                    {"Host": host, "Cookie": cookie, "X-Forwarded-For": f"10.255.0.{number + 1}"},
                    body.replace("__N__", f"check{number}") if method == "POST" else None,
                )
                expected = (200,) if kind == "read" else (302, 303)
                if status not in expected or (kind == "read" and "Abmelden" not in text):
                    why = headers.get("location") or " ".join(ERROR_RE.findall(text))
                    raise BenchError(f"{kind} {method} {host}{path}: {status} {why}")


def run_mixed_load(port: int, lines: list[str], seconds: int) -> LoadResult:
    """wrk over ``lines`` for ``seconds`` (after a short warm-up); fails on socket errors."""
    threads = max(4, 4 * (os.cpu_count() or 1))
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as requests_file:
        requests_file.writelines(lines)
    try:
        for run, duration in enumerate((min(5, seconds), seconds)):  # the first one warms up
            command = [
                WRK, f"-t{threads}", f"-c{threads}", f"-d{duration}s", "--timeout", "30s",
                "-s", str(MIXED_LUA), f"http://{HOST}:{port}/",
                "--", requests_file.name, USER_AGENT, str(run),
            ]  # fmt: skip
            completed = subprocess.run(
                command, capture_output=True, text=True, timeout=duration + 120, check=False
            )
    finally:
        os.unlink(requests_file.name)
    summary = next(
        (line for line in completed.stdout.splitlines() if line.startswith("MIXED ")), None
    )
    if completed.returncode != 0 or summary is None:
        raise BenchError(
            f"wrk failed ({completed.returncode}):\n{completed.stdout}{completed.stderr}"
        )
    fields = dict(item.split("=", 1) for item in summary.split()[1:])
    if int(fields["socket_errors"]):
        raise BenchError(f"wrk: {fields['socket_errors']} socket errors")
    requests = int(fields["requests"])
    return LoadResult(
        requests=requests,
        rps=requests / (int(fields["duration_us"]) / 1e6),
        p50_ms=int(fields["p50_us"]) / 1000,
        p99_ms=int(fields["p99_us"]) / 1000,
        by_kind={kind: int(fields[kind]) for kind, _ in MIX},
        server_errors=int(fields["5xx"]),
        unexpected=int(fields["unexpected"]),
        first_unexpected=fields["first_unexpected"],
    )


def placement(url: str) -> str:
    """Tenants per Citus worker (distributed schemas per node), e.g. ``5434: 5000, 5435: 5000``."""
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as connection:
        rows = connection.execute(
            "SELECT nodeport, count(DISTINCT colocation_id) FROM citus_shards"
            " WHERE citus_table_type = 'schema' GROUP BY nodeport ORDER BY nodeport"
        ).fetchall()
    return ", ".join(f"{port}: {count}" for port, count in rows) or "none distributed"


def run_backend(backend: str, args: argparse.Namespace, workdir: Path) -> BackendResults:
    """(p), (m) and (l) on one database."""
    results = BackendResults()
    url = recreate_database(backend)
    instance = workdir / backend
    instance.mkdir()
    site = tenancy.GorillaSite(url, instance, secret_key="gorilla-scale-bench-secret")
    site.cli("db", "upgrade")
    app = site.create_app()
    password_hash = tenancy.admin_password_hash(app)
    log(f"  (p) provisioning {args.tenants} tenants")
    infos, results.provision_ms, results.migrate_at = provision_all(
        site, app, args, password_hash, args.provision_minutes[backend]
    )
    results.tenants = len(infos)
    if backend == "Citus":
        results.placement = placement(url)
    log("  (m) no-op migrate")
    results.migrate_at[len(infos)] = tenancy.migrate_noop(site, len(infos))
    log(f"    no-op migrate (tenants: seconds): {results.migrate_at}")
    if args.seconds == 0:
        return results
    log(f"  (l) preparing {args.load_tenants} tenants for the mixed load")
    contact_hash = tenancy.password_hash(app, CONTACT_PASSWORD)
    chosen = random.Random(args.load_tenants).sample(infos, args.load_tenants)
    load_tenants = [prepare_load_tenant(app, info, contact_hash) for info in chosen]
    tenancy.vacuum_analyze(DATABASE, SERVERS[backend])
    log(f"  (l) {args.seconds} s of mixed load")
    env = {**site.env(), "GORILLA_PROXY_COUNT": "1"}
    with gunicorn("wsgi:app", env, workers=os.cpu_count() or 1) as port:
        check_requests(port, load_tenants)
        results.load = run_mixed_load(port, request_lines(load_tenants), args.seconds)
    return results


def table(results: dict[str, BackendResults], args: argparse.Namespace) -> str:
    """The report: one column per backend, plus Citus/PostgreSQL where both ran."""
    both = {"PostgreSQL", "Citus"} <= results.keys()
    header = f"{'':44}" + "".join(f"{name:>14}" for name in results)
    lines = [
        f"Scale: {args.tenants} tenants, mixed load over {args.load_tenants} for {args.seconds} s "
        f"(gunicorn, {os.cpu_count()} workers)",
        header + (f"{'Citus/PG':>10}" if both else ""),
    ]

    def row(label: str, values: dict[str, float], fmt: str, lower_is_better: bool = True):
        cells = "".join(f"{format(values[name], fmt):>14}" for name in results)
        ratio = ""
        if both and values.get("PostgreSQL"):
            ratio = f"{values['Citus'] / values['PostgreSQL']:>10.2f}"
        lines.append(f"{label:44}{cells}{ratio}")

    row("(p) tenants provisioned", {n: r.tenants for n, r in results.items()}, "d")
    for position, label in enumerate(("1", "1,000", "the last")):
        row(
            f"(p) create a tenant at {label}, ms (median)",
            {name: _nth_median(r, position) for name, r in results.items()},
            ".0f",
        )
    for position, label in enumerate(("20", "1,019", "all")):
        for part, what in enumerate(("wall-clock", "in the command")):
            row(
                f"(m) no-op migrate over {label}, s {what}",
                {name: _nth_migrate(r, position)[part] for name, r in results.items()},
                ".1f",
            )
    loads = {name: r.load for name, r in results.items() if r.load}
    if len(loads) < len(results):
        return "\n".join(lines)
    row("(l) mixed load, requests/s", {n: load.rps for n, load in loads.items()}, ".0f")
    row("(l) p50 latency, ms", {n: load.p50_ms for n, load in loads.items()}, ".1f")
    row("(l) p99 latency, ms", {n: load.p99_ms for n, load in loads.items()}, ".1f")
    for kind, _ in MIX:
        row(f"(l) {kind} requests", {n: load.by_kind[kind] for n, load in loads.items()}, "d")
    row("(l) 5xx answers", {n: load.server_errors for n, load in loads.items()}, "d")
    row("(l) unexpected answers", {n: load.unexpected for n, load in loads.items()}, "d")
    for name, r in results.items():
        if r.load.unexpected:
            lines.append(f"    {name}: first unexpected answer {r.load.first_unexpected}")
        if r.placement:
            lines.append(f"    {name}: tenants per worker port: {r.placement}")
    return "\n".join(lines)


def _nth_median(result: BackendResults, position: int) -> float:
    medians = [result.provision_ms[m] for m in sorted(result.provision_ms)]
    return medians[min(position, len(medians) - 1)]


def _nth_migrate(result: BackendResults, position: int) -> tuple[float, float]:
    seconds = [result.migrate_at[count] for count in sorted(result.migrate_at)]
    return seconds[min(position, len(seconds) - 1)]


def minutes_per_backend(value: str, parser: argparse.ArgumentParser) -> dict[str, float]:
    """``--provision-minutes``: one number for every backend, or ``NAME=MINUTES,…``."""
    try:
        if "=" not in value:
            return dict.fromkeys(SERVERS, float(value))
        pairs = dict(part.split("=") for part in value.split(","))
        if pairs.keys() - SERVERS.keys():
            raise ValueError(value)
        return {name: float(pairs.get(name, 24 * 60)) for name in SERVERS}
    except ValueError:
        parser.error(f"--provision-minutes: a number or NAME=MINUTES,…, not {value!r}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenants", type=int, default=10_000)
    parser.add_argument("--load-tenants", type=int, default=1_000)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--provision-minutes",
        default=str(24 * 60),
        help="minutes for filling, for all backends (40) or each (PostgreSQL=40,Citus=20)",
    )
    parser.add_argument("--backends", default="PostgreSQL,Citus")
    parser.add_argument("--output", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    args = parser.parse_args(argv)
    args.backends = [name.strip() for name in args.backends.split(",")]
    args.provision_minutes = minutes_per_backend(args.provision_minutes, parser)
    unknown = set(args.backends) - SERVERS.keys()
    if unknown or not 0 < args.load_tenants <= args.tenants:
        parser.error(f"backends are {', '.join(SERVERS)}; 0 < --load-tenants ≤ --tenants")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run every backend asked for and print the table."""
    args = parse_args(argv)
    results = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as workdir:
        for backend in args.backends:
            log(f"{backend}")
            results[backend] = run_backend(backend, args, Path(workdir))
    for backend in [] if args.keep else args.backends:
        if backend == "Citus":
            subprocess.run(
                [str(CITUS_CLUSTER), "dropdb", DATABASE], check=False, capture_output=True
            )
        else:
            tenancy.drop_pg_database(DATABASE, SERVERS[backend])
    log(f"done in {time.perf_counter() - started:.0f} s")
    publish(table(results, args), args.output)
    failed = any(r.load.server_errors or r.load.unexpected for r in results.values() if r.load)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
