"""``gorilla demo``: a demo tenant to click through, with printed URLs and logins.

The shell only provisions the tenant. Each feature adds its sample data and the lines it
prints with ``register_demo_seeder(app, seed, order=…, notice=…)``: seeders run lowest
``order`` first (later ones build on earlier data) and skip what is there already, so the
command can run again; then every notice prints, in the same order.
"""

from collections.abc import Callable
from dataclasses import dataclass

import click
from flask import Flask, current_app, g
from flask.cli import with_appcontext
from sqlalchemy import select

from gorilla.extensions import db
from gorilla.passwords import hash_password
from gorilla.unit_of_work import commit_now
from tenants.models import Tenant, TenantInfo
from tenants.provisioning import ProvisionRequest, create_tenant
from tenants.urls import tenant_url_for

DEMO_SLUG = "demo"
DEMO_ADMIN = "admin@demo.example"
DEMO_PASSWORD = "gorilla-demo-2026"


@dataclass(frozen=True)
class DemoSeeder:
    """One feature's part of the demo tenant: ``seed()`` adds its sample data to ``g.tenant``
    (unless present), ``notice()`` returns the lines to print afterwards."""

    order: int
    seed: Callable[[], object] | None
    notice: Callable[[], list[str]] | None


def register_demo_seeder(
    app: Flask,
    seed: Callable[[], object] | None = None,
    *,
    order: int,
    notice: Callable[[], list[str]] | None = None,
) -> None:
    """Add a feature's sample data and/or printed lines to ``gorilla demo``."""
    app.extensions.setdefault("gorilla.demo_seeders", []).append(DemoSeeder(order, seed, notice))


def line(label: str, value: str) -> str:
    """``label:`` and ``value`` in the command's two columns."""
    return f"{label + ':':9} {value}"


def sign_in_notice(label: str, endpoint: str, login: str, password: str) -> list[str]:
    """Where to sign in on the demo tenant (``endpoint``), then the login and password."""
    return [line(label, tenant_url_for(endpoint, DEMO_SLUG)), f"{'':10}{login} / {password}"]


def _demo_tenant() -> TenantInfo:
    tenant = db.session.scalar(select(Tenant).where(Tenant.slug == DEMO_SLUG))
    if tenant is not None:
        return tenant.info()
    return create_tenant(
        ProvisionRequest(
            slug=DEMO_SLUG,
            name="Demo Agentur GmbH",
            admin_email=DEMO_ADMIN,
            admin_password_hash=hash_password(DEMO_PASSWORD),
        )
    )


def seed_demo_data() -> list[DemoSeeder]:
    """Run every feature's seeder on ``g.tenant`` (lowest order first) and commit; the seeders."""
    seeders = sorted(current_app.extensions.get("gorilla.demo_seeders", []), key=lambda s: s.order)
    for seeder in seeders:
        if seeder.seed is not None:
            seeder.seed()
    commit_now()
    return seeders


@click.command("demo")
@with_appcontext
def demo_command():
    """Create (or reuse) the tenant ``demo`` and print where to sign in."""
    g.tenant = _demo_tenant()
    seeders = seed_demo_data()
    for seeder in seeders:
        for text in seeder.notice() if seeder.notice is not None else ():
            click.echo(text)
