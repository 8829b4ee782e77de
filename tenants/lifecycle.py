"""Operator lifecycle beyond create: rename, delete with export, usage figures."""

import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from gorilla.extensions import db
from gorilla.unit_of_work import commit_now
from tenants.archive import export_tenant
from tenants.migrations import tenant_engine
from tenants.model_base import TENANT_SCHEMA, TenantModel
from tenants.models import Tenant, TenantInfo
from tenants.provisioning import (
    ProvisioningError,
    delete_tenant,
    get_tenant,
    tenant_binds,
)
from tenants.slugs import validate_slug
from tenants.storage import upload_root


def exports_dir() -> Path:
    """Where ``delete`` keeps its safety exports."""
    return Path(current_app.instance_path) / "exports"


def delete_with_export(slug: str, *, export: bool = True) -> Path | None:
    """Export (unless told not to), then drop schema/file, registry row and uploads."""
    info = get_tenant(slug).info()
    archive = None
    if export:
        exports_dir().mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        archive = exports_dir() / f"{info.slug}-{stamp}.zip"
        export_tenant(info, archive)
    delete_tenant(info.slug)
    shutil.rmtree(upload_root(info.id), ignore_errors=True)
    return archive


def rename_tenant(slug: str, new_slug: str) -> TenantInfo:
    """Move a tenant to the subdomain ``new_slug``; the old one stops answering.

    The data stays where it is (schema/file name and tenant id are kept), so running workers
    keep serving it without a copy, a lock or a window in which writes could be lost.
    """
    new_slug = validate_slug(new_slug)
    tenant = get_tenant(slug)
    if db.session.scalar(sa.select(Tenant.id).where(Tenant.slug == new_slug)):
        raise ProvisioningError(_("Tenant '%(slug)s' already exists.", slug=new_slug))
    old_slug, tenant.slug = tenant.slug, new_slug
    commit_now()  # an operator operation: the directory is invalidated after the commit
    directory = current_app.extensions["gorilla.tenant_directory"]
    directory.invalidate(old_slug)
    directory.invalidate(new_slug)
    return tenant.info()


@dataclass
class Usage:
    """Counts and last activity of one tenant for ``tenants list``."""

    staff: int = 0
    customers: int = 0
    contacts: int = 0
    last_activity: datetime | None = None


def _table(name: str) -> sa.Table | None:
    return TenantModel.metadata.tables.get(f"{TENANT_SCHEMA}.{name}")


ACTIVITY_COLUMNS = (("staff", "last_login_at"), ("contacts", "last_login"))


def tenant_usage(info: TenantInfo) -> Usage:
    """Row counts and the latest sign-in of staff or contacts."""
    usage = Usage()
    binds = tenant_binds()
    if not binds.uses_schemas and not binds.sqlite_path(info.schema_name).exists():
        return usage
    with tenant_engine(binds, info.schema_name).connect() as connection:
        for name in ("staff", "customers", "contacts"):
            table = _table(name)
            if table is not None:
                count = connection.scalar(sa.select(sa.func.count()).select_from(table))
                setattr(usage, name, count)
        moments = []
        for name, column in ACTIVITY_COLUMNS:
            table = _table(name)
            if table is not None and column in table.c:
                moments.append(connection.scalar(sa.select(sa.func.max(table.c[column]))))
        usage.last_activity = max((m for m in moments if m is not None), default=None)
    return usage
