"""Sign-up to signed-in dashboard: median wall-clock time with 1,000 existing tenants.

Usage: .venv/bin/python bench/signup.py [--tenants N] [--probes N]

Per database (PostgreSQL, SQLite), under gunicorn (2 sync workers) on 127.0.0.1: provision N
tenants, then time, for each probe, the real browser path: POST /signup on the platform host →
303 to the new subdomain's one-time hand-off link → 302 → GET /admin/ answers 200 signed in.
The sign-up form's GET (CSRF token) is not timed. Target: median under 1 second.
"""

import argparse
import http.client
import re
import statistics
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import tenancy
from harness import HOST, USER_AGENT, BenchError, gunicorn
from routing import gorilla_site

CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
PG_DATABASE = "gorilla_bench_routing"


class Browser:
    """Just enough of a browser: per-host cookies, Host header, no redirects followed."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, dict[str, str]] = {}

    def request(self, method: str, host: str, path: str, form: dict | None = None):
        headers = {"Host": host, "User-Agent": USER_AGENT}
        jar = self.cookies.setdefault(host, {})
        if jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    jar[name] = morsel.value
            return response.status, response.headers.get("Location", ""), text
        finally:
            connection.close()


def sign_up_once(port: int, number: int) -> float:
    """One agency sign-up; seconds from the POST to the signed-in dashboard."""
    browser = Browser(port)
    platform = tenancy.BASE_DOMAIN
    status, _, page = browser.request("GET", platform, "/signup")
    token = CSRF_RE.search(page).group(1)
    slug = f"neu-{number:04d}"
    form = {
        "csrf_token": token,
        "agency_name": f"Neue Agentur {number}",
        "subdomain": slug,
        "email": f"chefin@neu-{number}.de",
        "password": "bench-signup-password",
        "terms": "y",
    }
    started = time.perf_counter()
    status, location, page = browser.request("POST", platform, "/signup", form)
    if status != 303:
        raise BenchError(f"sign-up answered {status}: {page[:300]}")
    handoff = urlsplit(location)
    status, location, _ = browser.request("GET", handoff.hostname, handoff.path)
    status, _, page = browser.request("GET", handoff.hostname, location)
    elapsed = time.perf_counter() - started
    if status != 200 or "Willkommen" not in page:
        raise BenchError(f"dashboard of {slug} answered {status}")
    return elapsed


def run_backend(backend: str, workdir: Path, tenants: int, probes: int) -> tuple[float, float]:
    """Median and max seconds of ``probes`` sign-ups with ``tenants`` existing tenants."""
    site = gorilla_site(backend, workdir)
    app = site.create_app()
    password_hash = tenancy.admin_password_hash(app)
    for number in range(tenants):
        tenancy.create_tenant(app, f"t{number:04d}", password_hash)
        if (number + 1) % 250 == 0:
            print(f"  {backend}: {number + 1}/{tenants} tenants", file=sys.stderr, flush=True)
    with gunicorn("wsgi:app", site.env()) as port:
        sign_up_once(port, 0)  # warm-up: imports, first connections
        timings = [sign_up_once(port, number) for number in range(1, probes + 1)]
    return statistics.median(timings), max(timings)


def main(argv: list[str] | None = None) -> int:
    """Run both databases and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenants", type=int, default=1000)
    parser.add_argument("--probes", type=int, default=8, help="sign-ups per database (≤ 9)")
    args = parser.parse_args(argv)
    if not 1 <= args.probes <= 9:
        parser.error("--probes must be 1..9 (the sign-up form allows 10 per hour per address)")
    rows = []
    try:
        with tempfile.TemporaryDirectory(prefix="gorilla-signup-") as workdir:
            for backend in ("PostgreSQL", "SQLite"):
                median, worst = run_backend(backend, Path(workdir), args.tenants, args.probes)
                rows.append((backend, median, worst))
    finally:
        tenancy.drop_pg_database(PG_DATABASE)
    print(f"Sign-up → signed-in dashboard, {args.tenants} existing tenants, {args.probes} probes")
    print(f"{'database':<12}{'median ms':>12}{'max ms':>10}   target")
    for backend, median, worst in rows:
        verdict = "ok" if median < 1.0 else "MISS"
        print(f"{backend:<12}{median * 1000:>12.1f}{worst * 1000:>10.1f}   < 1000 ms {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
