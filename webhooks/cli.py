"""``gorilla webhooks deliver [--watch] [--now]``: deliver the webhooks of every active tenant."""

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from mail_templates.cli import active_tenants, watch_loop
from tenants.context import tenant_context

from .delivery import Report, deliver_due


def deliver_everywhere(ignore_wait: bool = False) -> Report:
    """One pass over all active tenants; a broken tenant is reported, the others go on."""
    total = Report()
    with current_app.app_context():
        tenants = active_tenants()
    for tenant in tenants:
        try:
            with tenant_context(tenant):
                report = deliver_due(ignore_wait=ignore_wait)
        except Exception as error:  # noqa: BLE001 - operator gets one line per tenant
            click.echo(_("%(slug)s: delivery failed: %(error)s", slug=tenant.slug, error=error))
            continue
        for name in ("delivered", "retrying", "failed"):
            getattr(total, name).extend(getattr(report, name))
    return total


@click.group("webhooks", help="Webhook delivery.")
def webhooks_cli():
    """Webhook commands."""


@webhooks_cli.command("deliver")
@click.option("--watch", is_flag=True, help="Keep running and deliver new events as they come.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between passes.")
@click.option("--now", is_flag=True, help="Send deliveries waiting for a retry at once.")
@click.option("--max-rounds", type=click.IntRange(min=1), help="With --watch: stop after N passes.")
@with_appcontext
def deliver_command(watch: bool, interval: float, now: bool, max_rounds: int | None):
    """Deliver pending webhooks of all active tenants once (or keep going)."""
    if not watch:
        report = deliver_everywhere(ignore_wait=now)
        click.echo(_("%(count)d webhook(s) delivered, %(retrying)d to retry, %(failed)d failed.",
                     count=len(report.delivered), retrying=len(report.retrying),
                     failed=len(report.failed)))  # fmt: skip
        return
    ignore_wait = iter([now])
    watch_loop(lambda: deliver_everywhere(ignore_wait=next(ignore_wait, False)), interval,
               rounds=max_rounds)  # fmt: skip
