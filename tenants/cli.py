"""Operator commands: ``gorilla tenants create|list|…|migrate|check|reindex``."""

import sys
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from gorilla.extensions import db
from gorilla.passwords import hash_password
from gorilla.search import reindex
from gorilla.tokens import Purpose, max_age
from gorilla.unit_of_work import commit_now
from tenants.archive import export_tenant, import_tenant
from tenants.citus import schema_nodes
from tenants.context import tenant_context
from tenants.lifecycle import delete_with_export, rename_tenant, tenant_usage
from tenants.migrations import migrate_tenants
from tenants.models import ACTIVE, SUSPENDED, Tenant
from tenants.provisioning import (
    ProvisioningError,
    ProvisionRequest,
    create_tenant,
    get_tenant,
    set_status,
    tenant_binds,
)
from tenants.schema_check import damage, schema_differences
from tenants.slugs import SlugError
from tenants.urls import tenant_url_for


def fail(message: str):
    """Stop the command: one line on stderr, exit code 1."""
    raise click.ClickException(str(message).replace("\n", " "))


def staff_url(slug: str) -> str:
    """Where the tenant's staff sign in (its CRM dashboard)."""
    return tenant_url_for("admin.dashboard.index", slug)


def chosen_tenants(slug: str | None) -> list[Tenant]:
    """Tenant SLUG (one line on stderr if unknown), or every tenant when no slug is given."""
    try:
        return [get_tenant(slug)] if slug else list(db.session.scalars(select(Tenant)))
    except ProvisioningError as error:
        fail(error)


@click.group("tenants", help="Provision and operate tenants.")
def tenants_cli():
    """Tenant lifecycle commands."""


@tenants_cli.command("create")
@click.argument("slug")
@click.option("--name", required=True, help="Display name of the agency.")
@click.option("--admin-email", required=True, help="Email of the first staff admin.")
@click.option("--admin-password", help="Password of the admin (else a set-password link).")
@with_appcontext
def create_command(slug, name, admin_email, admin_password):
    """Create tenant SLUG with its schema/file, defaults and an admin."""
    if "@" not in admin_email or admin_email.strip() != admin_email or " " in admin_email:
        fail(_("Invalid admin email: %(email)s", email=admin_email))
    if admin_password is not None and len(admin_password) < 10:
        fail(_("The admin password needs at least 10 characters."))
    request = ProvisionRequest(
        slug=slug,
        name=name,
        admin_email=admin_email,
        admin_password_hash=hash_password(admin_password) if admin_password else None,
    )
    try:
        info = create_tenant(request)
    except (SlugError, ProvisioningError) as error:
        fail(error)
    except Exception as error:  # noqa: BLE001 - operator gets one line, not a traceback
        fail(_("Creating the tenant failed: %(error)s", error=str(error).splitlines()[0]))
    click.echo(_("Tenant %(slug)s created: %(url)s", slug=info.slug, url=staff_url(info.slug)))
    if "admin_set_password_url" in request.results:
        hours = max_age(Purpose.STAFF_SET_PASSWORD) // 3600
        click.echo(_("Set the admin password (link valid %(hours)d hours):", hours=hours))
        click.echo(request.results["admin_set_password_url"])


@tenants_cli.command("list")
@with_appcontext
def list_command():
    """Table of all tenants: slug, name, status, counts, last activity, created, URL (node)."""
    tenants = db.session.scalars(select(Tenant).order_by(Tenant.slug)).all()
    binds = tenant_binds()
    nodes = schema_nodes(db.session.connection(), [tenant.schema_name for tenant in tenants])
    rows = []
    for tenant in tenants:
        status, counts, last = tenant.status, ("-", "-", "-"), "-"
        if problems := damage(binds, tenant.info()):
            status += ", damaged"
            click.echo(
                _(
                    "%(slug)s: damaged (%(problem)s), see gorilla tenants check %(slug)s",
                    slug=tenant.slug,
                    problem=problems[0],
                ),
                err=True,
            )
        else:
            usage = tenant_usage(tenant.info())
            counts = (usage.staff, usage.customers, usage.contacts)
            if usage.last_activity:
                last = usage.last_activity.strftime("%Y-%m-%d %H:%M")
        created = tenant.created_at.strftime("%Y-%m-%d %H:%M")
        rows.append(
            (
                tenant.slug,
                tenant.name,
                status,
                *counts,
                last,
                created,
                tenant_url_for("platform.landing", tenant.slug),
                *([nodes[tenant.schema_name]] if nodes is not None else []),
            )
        )
    headers = (
        "SLUG",
        "NAME",
        "STATUS",
        "STAFF",
        "CUSTOMERS",
        "CONTACTS",
        "LAST ACTIVITY",
        "CREATED",
        "URL",
        *(["NODE"] if nodes is not None else []),
    )
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, *rows]:
        cells = (str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
        click.echo("  ".join(cells).rstrip())


def _status_command(name: str, status: str, help_text: str):
    @tenants_cli.command(name, help=help_text)
    @click.argument("slug")
    @with_appcontext
    def command(slug):
        try:
            info = set_status(slug, status)
        except ProvisioningError as error:
            fail(error)
        click.echo(f"{info.slug}: {info.status}")

    return command


_status_command("suspend", SUSPENDED, "Suspend SLUG: its hosts answer 503.")
_status_command("resume", ACTIVE, "Resume a suspended tenant.")


@tenants_cli.command("delete")
@click.argument("slug")
@click.option("--yes", is_flag=True, help="Confirm that all data of SLUG is dropped.")
@click.option("--no-export", is_flag=True, help="Do not write a safety export first.")
@with_appcontext
def delete_command(slug, yes, no_export):
    """Delete SLUG: export it, then drop schema/file, uploads and queued mail."""
    if not yes:
        fail(_("Refusing to delete %(slug)s without --yes.", slug=slug))
    try:
        archive = delete_with_export(slug, export=not no_export)
    except ProvisioningError as error:
        fail(error)
    if archive:
        click.echo(_("Export written to %(path)s", path=archive))
    click.echo(_("Tenant %(slug)s deleted.", slug=slug))


@tenants_cli.command("export")
@click.argument("slug")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@with_appcontext
def export_command(slug, file):
    """Write SLUG's data and files to the zip FILE."""
    try:
        rows = export_tenant(get_tenant(slug).info(), file)
    except (ProvisioningError, OSError) as error:
        fail(error)
    click.echo(_("%(rows)d rows of %(slug)s exported to %(path)s", rows=rows, slug=slug, path=file))


@tenants_cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--slug", help="Subdomain of the new tenant (default: the exported one).")
@with_appcontext
def import_command(file, slug):
    """Create a new tenant from the export FILE."""
    try:
        info = import_tenant(file, slug)
    except (SlugError, ProvisioningError) as error:
        fail(error)
    click.echo(_("Tenant %(slug)s created: %(url)s", slug=info.slug, url=staff_url(info.slug)))


@tenants_cli.command("rename")
@click.argument("slug")
@click.argument("new_slug")
@with_appcontext
def rename_command(slug, new_slug):
    """Move SLUG to the subdomain NEW_SLUG (the old one stops answering)."""
    try:
        info = rename_tenant(slug, new_slug)
    except (SlugError, ProvisioningError, OSError) as error:
        fail(error)
    click.echo(_("Tenant %(old)s is now %(url)s", old=slug, url=staff_url(info.slug)))


@tenants_cli.command("migrate")
@click.argument("slug", required=False)
@with_appcontext
def migrate_command(slug):
    """Upgrade every tenant (or SLUG) to the newest schema; skips those at head."""
    tenants = chosen_tenants(slug)
    infos = [tenant.info() for tenant in tenants]
    db.session.rollback()
    started = time.perf_counter()
    binds = tenant_binds()
    try:
        if sys.stdout.isatty() and len(infos) > 1:
            with click.progressbar(length=len(infos), label=_("Migrating tenants")) as bar:
                report = migrate_tenants(binds, infos, on_progress=lambda _tenant: bar.update(1))
        else:
            report = migrate_tenants(binds, infos)
    except SQLAlchemyError as error:  # the bulk reads; each tenant's upgrade reports its own
        current_app.logger.error("tenant migration could not read the tenants: %s", error)
        reason = str(getattr(error, "orig", None) or error).strip().splitlines() or [repr(error)]
        fail(_("The tenants' versions and tables could not be read: %(error)s", error=reason[0]))
    elapsed = time.perf_counter() - started
    click.echo(
        _(
            "%(upgraded)d upgraded, %(skipped)d already current, %(failed)d failed"
            " (%(seconds).1f s)",
            upgraded=len(report.upgraded),
            skipped=len(report.skipped),
            failed=len(report.failed),
            seconds=elapsed,
        )
    )
    for failed_slug, error in report.failed.items():
        click.echo(
            _("Migration of %(slug)s failed: %(error)s", slug=failed_slug, error=error), err=True
        )
    if report.failed:
        current_app.logger.error("tenant migration failed for %s", ", ".join(report.failed))
        sys.exit(1)


@tenants_cli.command("check")
@click.argument("slug", required=False)
@with_appcontext
def check_command(slug):
    """Compare every tenant's (or SLUG's) tables and columns with the models."""
    tenants = chosen_tenants(slug)
    binds = tenant_binds()
    differing = False
    for info in sorted((tenant.info() for tenant in tenants), key=lambda info: info.slug):
        differences = schema_differences(binds, info)
        differing = differing or bool(differences)
        for difference in differences:
            click.echo(f"{info.slug}: {difference}")
        if not differences:
            click.echo(_("%(slug)s: matches the models", slug=info.slug))
    if differing:
        sys.exit(1)


@tenants_cli.command("reindex")
@click.argument("slug", required=False)
@with_appcontext
def reindex_command(slug):
    """Rebuild the global search index of every tenant (or SLUG), e.g. after a bulk import."""
    for info in sorted((tenant.info() for tenant in chosen_tenants(slug)), key=lambda i: i.slug):
        with tenant_context(info):
            count = reindex(db.session)
            commit_now()
        click.echo(_("%(slug)s: %(count)d search entries", slug=info.slug, count=count))
