"""``gorilla mail send [--watch]``: deliver the outbox of every active tenant."""

import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _
from sqlalchemy import select

from gorilla.extensions import db
from tenants.context import tenant_context
from tenants.models import ACTIVE, Tenant, TenantInfo

from .delivery import DeliveryReport, deliver_due


def active_tenants() -> list[TenantInfo]:
    """Every tenant that is not suspended (a suspended tenant's mail stays queued)."""
    tenants = db.session.scalars(
        select(Tenant).where(Tenant.status == ACTIVE).order_by(Tenant.slug)
    )
    return [tenant.info() for tenant in tenants]


def deliver_tenant(tenant: TenantInfo) -> DeliveryReport:
    """Deliver one tenant's due messages in its own app context (own session, ``g.tenant``)."""
    with tenant_context(tenant):
        return deliver_due()


def mail_destination() -> str:
    """Where messages go: the SMTP server, or the folder of ``.eml`` files."""
    config = current_app.config
    if config.get("MAIL_SERVER"):
        return f"SMTP {config['MAIL_SERVER']}:{config['MAIL_PORT']}"
    return str(Path(current_app.instance_path) / "mail")


def deliver_everywhere() -> DeliveryReport:
    """One pass over all active tenants; a broken tenant is reported, the others go on."""
    total = DeliveryReport()
    for tenant in active_tenants():
        try:
            report = deliver_tenant(tenant)
        except Exception as error:  # noqa: BLE001 - operator gets one line per tenant
            click.echo(_("%(slug)s: delivery failed: %(error)s", slug=tenant.slug, error=error))
            continue
        if report.sent or report.retrying or report.failed:
            click.echo(
                _(
                    "%(slug)s: %(sent)d sent, %(retrying)d to retry, %(failed)d failed",
                    slug=tenant.slug,
                    sent=len(report.sent),
                    retrying=len(report.retrying),
                    failed=len(report.failed),
                )
            )
        total.add(report)
    return total


@click.group("mail", help="Email delivery.")
def mail_cli():
    """Email commands."""


@mail_cli.command("send")
@click.option("--watch", is_flag=True, help="Keep running and deliver new messages as they come.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between passes.")
@with_appcontext
def send_command(watch: bool, interval: float):
    """Deliver pending outbox messages of all active tenants once (or keep going)."""
    click.echo(_("Delivering to %(destination)s", destination=mail_destination()))
    while True:
        report = deliver_everywhere()
        if not watch:
            click.echo(_("%(count)d message(s) sent.", count=len(report.sent)))
            return
        time.sleep(interval)
