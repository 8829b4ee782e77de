"""``gorilla mail send [--watch] [--now]``: deliver the outbox of every active tenant."""

import time
from collections.abc import Callable
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
from .inbound import receive_command
from .reminders import queue_reminders


def active_tenants() -> list[TenantInfo]:
    """Every tenant that is not suspended (a suspended tenant's mail stays queued)."""
    tenants = db.session.scalars(
        select(Tenant).where(Tenant.status == ACTIVE).order_by(Tenant.slug)
    )
    return [tenant.info() for tenant in tenants]


WATCH_MAX_BACKOFF = 300.0  # seconds: the longest pause of ``--watch`` after repeated faults


def deliver_tenant(tenant: TenantInfo, ignore_wait: bool = False) -> DeliveryReport:
    """Queue the tenant's due reminders, then deliver its due messages, in its own app context
    (own session, ``g.tenant``)."""
    with tenant_context(tenant):
        queue_reminders()
        return deliver_due(ignore_wait=ignore_wait)


def mail_destination() -> str:
    """Where messages go: the SMTP server, or the folder of ``.eml`` files."""
    config = current_app.config
    if config.get("MAIL_SERVER"):
        return f"SMTP {config['MAIL_SERVER']}:{config['MAIL_PORT']}"
    return str(Path(current_app.instance_path) / "mail")


def deliver_everywhere(ignore_wait: bool = False) -> DeliveryReport:
    """One pass over all active tenants; a broken tenant is reported, the others go on.

    The pass runs in its own app context: its platform session (and snapshot) ends with it.
    """
    total = DeliveryReport()
    with current_app.app_context():
        tenants = active_tenants()
    for tenant in tenants:
        try:
            report = deliver_tenant(tenant, ignore_wait)
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


def watch_loop(
    deliver: Callable[[], object],
    interval: float,
    wait: Callable[[float], object] = time.sleep,
    rounds: int | None = None,
) -> None:
    """Call ``deliver`` every ``interval`` seconds (``rounds`` times, or for ever).

    A fault (database or SMTP server gone) never ends the loop: it is logged and the pause
    doubles with each fault in a row, up to ``WATCH_MAX_BACKOFF``.
    """
    faults = 0
    done = 0
    while True:
        try:
            deliver()
        except Exception:  # noqa: BLE001 - a sender service must outlive outages
            faults += 1
            current_app.logger.exception("mail delivery pass failed (%d in a row)", faults)
        else:
            faults = 0
        done += 1
        if rounds is not None and done >= rounds:
            return
        wait(min(interval * 2**faults, max(interval, WATCH_MAX_BACKOFF)))


@click.group("mail", help="Email delivery.")
def mail_cli():
    """Email commands."""


mail_cli.add_command(receive_command)


@mail_cli.command("send")
@click.option("--watch", is_flag=True, help="Keep running and deliver new messages as they come.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between passes.")
@click.option(
    "--now", is_flag=True, help="Send messages waiting for a retry at once (after an outage)."
)
@click.option("--max-rounds", type=click.IntRange(min=1), help="With --watch: stop after N passes.")
@with_appcontext
def send_command(watch: bool, interval: float, now: bool, max_rounds: int | None):
    """Deliver pending outbox messages of all active tenants once (or keep going)."""
    click.echo(_("Delivering to %(destination)s", destination=mail_destination()))
    if not watch:
        report = deliver_everywhere(ignore_wait=now)
        click.echo(_("%(count)d message(s) sent.", count=len(report.sent)))
        return
    ignore_wait = iter([now])  # --now applies to the first pass; later ones respect the wait

    def deliver() -> None:
        deliver_everywhere(ignore_wait=next(ignore_wait, False))

    watch_loop(deliver, interval, rounds=max_rounds)
