"""CPU instructions per request of (a) and (b) of ``bench/routing.py``, counted by callgrind.

Usage: .venv/bin/python bench/instructions.py [--requests N]

Throughput on a shared machine drifts with its neighbours; instruction counts do not. Each app
runs in its own process under ``valgrind --tool=callgrind`` with instrumentation off: it is
built, its signed-in page is checked and requested ``WARMUP`` times through the WSGI interface,
then counting is switched on for N requests (default 100) and off again. On SQLite the database
runs inside the app process, so the count is all the work of a request except the HTTP server's
and the kernel's; on PostgreSQL it is the app's side only (the server's work is not counted).
(a)/(b) is the throughput ratio the two would have if CPU-bound. Needs valgrind.
"""

import argparse
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import baseline_app
import tenancy
from cookies import session_cookie
from harness import HOST, PROJECT_DIR, USER_AGENT, VENV_BIN, BenchError

ROWS = 25
WARMUP = 50
EXPECTED_TEXT = "Abmelden"
COLLECTED_RE = re.compile(r"Collected\s*:\s*(\d+)")


PG_DATABASES = ("gorilla_bench_instructions", "gorilla_bench_instructions_base")
BACKENDS = ("SQLite", "PostgreSQL")


def prepare(workdir: Path, backend: str) -> dict[str, dict[str, str]]:
    """Seed the baseline database and a Gorilla tenant; the environment of each child."""
    if backend == "PostgreSQL":
        for name in PG_DATABASES:
            tenancy.recreate_pg_database(name)
        gorilla_url, url = (tenancy.pg_url(name) for name in PG_DATABASES)
    else:
        gorilla_url = f"sqlite:///{workdir / backend / 'gorilla.db'}"
        url = f"sqlite:///{workdir / 'baseline.db'}"
    app = baseline_app.create_app(url, "instructions-secret")
    user_id = str(baseline_app.seed(app, ROWS))
    baseline_cookie = session_cookie(app, user_id, csrf_token=secrets.token_hex(20))
    instance = workdir / backend
    instance.mkdir()
    site = tenancy.GorillaSite(gorilla_url, instance, "bench-secret")
    site.cli("db", "upgrade")
    gorilla = site.create_app()
    tenant = tenancy.add_tenant(gorilla, "t0001", tenancy.admin_password_hash(gorilla))
    return {
        "a": {
            "BASELINE_DATABASE_URL": url,
            "BASELINE_SECRET_KEY": "instructions-secret",
            "BENCH_HOST": HOST,
            "BENCH_COOKIE": baseline_cookie,
        },
        "b": {**site.env(), "BENCH_HOST": tenant.host, "BENCH_COOKIE": tenant.cookie},
    }


def count(which: str, env: dict[str, str], requests: int) -> float:
    """Instructions per request of app ``which`` (``a`` or ``b``) under callgrind."""
    with tempfile.TemporaryDirectory() as out:
        completed = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                "--instr-atstart=no",
                f"--callgrind-out-file={out}/callgrind.out",
                str(VENV_BIN / "python"),
                __file__,
                "--serve",
                which,
                "--requests",
                str(requests),
            ],  # fmt: skip
            env={**os.environ, "PYTHONPATH": str(PROJECT_DIR), "PYTHONHASHSEED": "0", **env},
            capture_output=True,
            text=True,
            timeout=1800,
            check=False,
        )
    match = COLLECTED_RE.search(completed.stderr)
    if completed.returncode != 0 or match is None:
        raise BenchError(f"callgrind run of ({which}) failed:\n{completed.stderr[-3000:]}")
    return int(match.group(1)) / requests


def serve(which: str, requests: int) -> None:
    """Child process: build the app, check the page, warm up, count ``requests`` requests."""
    from werkzeug.test import EnvironBuilder

    if which == "a":
        app = baseline_app.create_app()
    else:
        from wsgi import app  # configured by the GORILLA_* variables of the site
    environ = EnvironBuilder(
        path=baseline_app.PAGE_PATH,
        headers={
            "Host": os.environ["BENCH_HOST"],
            "Cookie": os.environ["BENCH_COOKIE"],
            "User-Agent": USER_AGENT,
        },
        environ_base={"REMOTE_ADDR": HOST},
    ).get_environ()
    statuses = []

    def request() -> bytes:
        return b"".join(app(dict(environ), lambda status, *_: statuses.append(status)))

    body = request().decode()
    if statuses[-1] != "200 OK" or EXPECTED_TEXT not in body or body.count("<td><a href=") != ROWS:
        raise BenchError(f"({which}): {statuses[-1]}, not the signed-in list of {ROWS} rows")
    for _ in range(WARMUP):
        request()
    toggle = ["callgrind_control", "--instr=on", str(os.getpid())]
    subprocess.run(toggle, check=True, capture_output=True)
    for _ in range(requests):
        request()
    toggle[1] = "--instr=off"
    subprocess.run(toggle, check=True, capture_output=True)


def main(argv: list[str] | None = None) -> int:
    """Count both apps and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100, help="requests counted per app")
    parser.add_argument("--serve", choices=("a", "b"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve, args.requests)
        return 0
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 1
    workdir = Path(tempfile.mkdtemp(prefix="gorilla-instructions-"))
    counts: dict[str, dict[str, float]] = {}
    try:
        for backend in BACKENDS:
            envs = prepare(workdir, backend)
            counts[backend] = {key: count(key, env, args.requests) for key, env in envs.items()}
    finally:
        for name in PG_DATABASES:
            tenancy.drop_pg_database(name)
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"CPU instructions per request in the app process (callgrind, {args.requests} requests)")
    print(f"{'':32}" + "".join(f"{backend:>14}" for backend in BACKENDS))
    for label, read in (
        ("(a) baseline, equivalent page", lambda c: f"{c['a'] / 1e6:.2f} M"),
        ("(b) Gorilla, 1 tenant", lambda c: f"{c['b'] / 1e6:.2f} M"),
        ("(a)/(b)", lambda c: f"{c['a'] / c['b']:.3f}"),
    ):
        print(f"{label:32}" + "".join(f"{read(counts[backend]):>14}" for backend in BACKENDS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
