"""Gorilla under test: databases, tenants with 25 staff each, cookies, provisioning timings."""

import os
import re
import secrets
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
from cookies import session_cookie
from flask import Flask, g
from harness import HOST, PROJECT_DIR, USER_AGENT, VENV_BIN, BenchError
from psycopg import sql
from sqlalchemy import select

BASE_DOMAIN = "bench.test"
PG_SERVER = "postgres@127.0.0.1:5432"
STAFF_PER_TENANT = 25
ADMIN_PASSWORD = "bench-password-123"
MIGRATE_SUMMARY_RE = re.compile(r"^(\d+)\D+(\d+)\D+(\d+)\D", re.MULTILINE)
MIGRATE_SECONDS_RE = re.compile(r"\((\d+\.\d) s\)")


def pg_url(database: str, driver: str = "postgresql+psycopg", server: str = PG_SERVER) -> str:
    """SQLAlchemy (or, with ``driver="postgresql"``, libpq) URL of a database on ``server``."""
    return f"{driver}://{server}/{database}"


def recreate_pg_database(name: str, server: str = PG_SERVER) -> None:
    """Drop (if present) and create the PostgreSQL database ``name``."""
    drop_pg_database(name, server)
    with psycopg.connect(pg_url("postgres", "postgresql", server), autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_pg_database(name: str, server: str = PG_SERVER) -> None:
    """Drop the PostgreSQL database ``name``, disconnecting whoever still uses it."""
    with psycopg.connect(pg_url("postgres", "postgresql", server), autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def vacuum_analyze(name: str, server: str = PG_SERVER) -> None:
    """``VACUUM (ANALYZE)`` the PostgreSQL database ``name`` (after a bulk load)."""
    with psycopg.connect(pg_url(name, "postgresql", server), autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE)")


@dataclass
class GorillaSite:
    """One Gorilla installation (platform database + instance folder) under test."""

    database_url: str
    instance_path: Path
    secret_key: str

    def env(self) -> dict[str, str]:
        """Environment for ``gunicorn wsgi:app`` and the ``gorilla`` CLI.

        ``PYTHONPATH`` makes the checkout win over a possibly stale editable install.
        """
        return {
            "PYTHONPATH": str(PROJECT_DIR),
            "GORILLA_DATABASE_URL": self.database_url,
            "GORILLA_INSTANCE_PATH": str(self.instance_path),
            "GORILLA_SECRET_KEY": self.secret_key,
            "GORILLA_BASE_DOMAIN": BASE_DOMAIN,
            "GORILLA_URL_SCHEME": "http",
            "GORILLA_ENV": "development",
        }

    def cli(self, *args: str, timeout: float = 900) -> tuple[float, str]:
        """Run ``gorilla ARGS``; returns wall-clock seconds and stdout (fails loudly)."""
        started = time.perf_counter()
        completed = subprocess.run(
            [str(VENV_BIN / "gorilla"), *args],
            cwd=PROJECT_DIR,
            env={**os.environ, **self.env()},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        elapsed = time.perf_counter() - started
        if completed.returncode != 0:
            raise BenchError(f"gorilla {' '.join(args)} failed:\n{completed.stderr[-2000:]}")
        return elapsed, completed.stdout

    def create_app(self) -> Flask:
        """An in-process app on the same database, for provisioning and cookie signing."""
        from gorilla import create_app

        return create_app(
            {
                "DATABASE_URL": self.database_url,
                "INSTANCE_PATH": str(self.instance_path),
                "SECRET_KEY": self.secret_key,
                "BASE_DOMAIN": BASE_DOMAIN,
                "URL_SCHEME": "http",
            }
        )


@dataclass(frozen=True)
class BenchTenant:
    """A provisioned tenant and the cookie of its signed-in admin."""

    slug: str
    host: str
    cookie: str


def admin_password_hash(app: Flask) -> str:
    """The admin password hashed once (reused for every tenant)."""
    return password_hash(app, ADMIN_PASSWORD)


def password_hash(app: Flask, password: str) -> str:
    """``password`` hashed with the app's configured method."""
    from gorilla.passwords import hash_password

    with app.app_context():
        return hash_password(password)


def median_hash_ms(app: Flask, rounds: int) -> float:
    """Median milliseconds of one password hash with the configured method."""
    from gorilla.passwords import hash_password

    timings = []
    with app.app_context():
        for _ in range(rounds):
            started = time.perf_counter()
            hash_password(ADMIN_PASSWORD)
            timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def create_tenant(app: Flask, slug: str, password_hash: str):
    """Provision ``slug``; returns its TenantInfo and the seconds ``create_tenant`` took."""
    from tenants.provisioning import ProvisionRequest
    from tenants.provisioning import create_tenant as provision

    request = ProvisionRequest(
        slug=slug,
        name=f"Tenant {slug}",
        admin_email=f"admin@{slug}.test",
        admin_password_hash=password_hash,
    )
    with app.app_context():
        started = time.perf_counter()
        info = provision(request)
        return info, time.perf_counter() - started


def delete_tenant(app: Flask, slug: str) -> None:
    """Remove ``slug`` again (schema or file and registry row)."""
    from tenants.provisioning import delete_tenant as remove

    with app.app_context():
        remove(slug)


def add_tenant(app: Flask, slug: str, password_hash: str) -> BenchTenant:
    """Provision ``slug`` with ``STAFF_PER_TENANT`` staff and sign its admin in."""
    info, _ = create_tenant(app, slug, password_hash)
    cookie = sign_in_admin(app, info, csrf_token=secrets.token_hex(20))
    return BenchTenant(slug=slug, host=f"{slug}.{BASE_DOMAIN}", cookie=cookie)


def sign_in_admin(app: Flask, info, csrf_token: str) -> str:
    """Add ``STAFF_PER_TENANT - 1`` staff to the tenant ``info`` and sign its admin in: the
    cookie is forged, the server-side session row is real, as a sign-in from the load tool
    would leave it. Returns the ``Cookie`` header value."""
    from crm.staff.models import Staff
    from gorilla.extensions import db
    from gorilla.sessions import start_session

    with app.test_request_context(
        environ_base={"REMOTE_ADDR": HOST}, headers={"User-Agent": USER_AGENT}
    ):
        g.tenant = info
        db.session.add_all(
            Staff(
                email=f"staff{n:02d}@{info.slug}.test",
                first_name=f"First{n:02d}",
                last_name=f"Last{n:02d}",
            )
            for n in range(2, STAFF_PER_TENANT + 1)
        )
        db.session.commit()
        admin = db.session.scalar(select(Staff).where(Staff.is_admin))
        token, session_id = admin.session_token, start_session(admin)
        db.session.commit()  # what the sign-in request does after its view
    return session_cookie(
        app, token, tenant_id=info.id, realm="staff", sid=session_id, csrf_token=csrf_token
    )


def add_tenants(app: Flask, slugs: list[str], password_hash: str) -> list[BenchTenant]:
    """Provision many tenants (progress on stderr)."""
    tenants = []
    for number, slug in enumerate(slugs, start=1):
        tenants.append(add_tenant(app, slug, password_hash))
        if number % 100 == 0 or number == len(slugs):
            print(f"    provisioned {number}/{len(slugs)}", file=sys.stderr, flush=True)
    return tenants


def alternating_provision_ms(
    installations: dict[int, Flask], password_hash: str, probes: int
) -> dict[int, list[float]]:
    """Milliseconds to provision one tenant on each installation, alternating between them.

    ``installations`` are keyed by their tenant count; each probe tenant is deleted again.
    """
    timings: dict[int, list[float]] = {key: [] for key in installations}
    for number in range(probes):
        for key, app in installations.items():
            slug = f"probe-{number:03d}"
            _, seconds = create_tenant(app, slug, password_hash)
            timings[key].append(seconds * 1000)
            delete_tenant(app, slug)
    return timings


def migrate_noop_seconds(site: GorillaSite, tenant_count: int) -> float:
    """Wall-clock seconds of ``gorilla tenants migrate`` when every tenant is at head."""
    return migrate_noop(site, tenant_count)[0]


def migrate_noop(site: GorillaSite, tenant_count: int) -> tuple[float, float]:
    """Wall-clock seconds of ``gorilla tenants migrate`` when every tenant is at head, and the
    seconds the command itself reports (without starting Python and the app)."""
    seconds, output = site.cli("tenants", "migrate")
    match = MIGRATE_SUMMARY_RE.search(output)
    if match is None or tuple(map(int, match.groups())) != (0, tenant_count, 0):
        raise BenchError(f"migrate was not a no-op over {tenant_count} tenants: {output!r}")
    return seconds, float(MIGRATE_SECONDS_RE.search(output).group(1))
