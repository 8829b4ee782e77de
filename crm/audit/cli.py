"""``gorilla tenants purge-audit [SLUG]``: delete audit entries past each tenant's retention."""

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from gorilla.unit_of_work import commit_now
from tenants.cli import chosen_tenants
from tenants.context import tenant_context

from .service import purge_expired


@click.command("purge-audit")
@click.argument("slug", required=False)
@with_appcontext
def purge_audit_command(slug):
    """Delete the audit entries older than the retention of tenant SLUG (default: all)."""
    for tenant in [tenant.info() for tenant in chosen_tenants(slug)]:
        with tenant_context(tenant):
            removed = purge_expired()
            commit_now()
        click.echo(_("%(slug)s: %(count)d audit entries removed", slug=tenant.slug, count=removed))
