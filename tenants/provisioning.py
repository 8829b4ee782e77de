"""Create and remove tenants: registry row and schema/file appear and vanish together.

Each operation here is a unit of work of its own and commits itself (``commit_now``, an
exception named in ``gorilla.unit_of_work``): schema or file, registry row and the tenant
directory's cache must change together, whether the CLI or the sign-up page asks.
"""

import contextlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from gorilla.extensions import db
from gorilla.i18n import DEFAULT_LANGUAGE
from gorilla.unit_of_work import commit_now
from tenants.binds import TenantBinds
from tenants.distribution import has_citus, is_distributed, shard_new_schemas
from tenants.migrations import stamp_head
from tenants.model_base import TENANT_SCHEMA, TenantModel
from tenants.models import Tenant, TenantInfo
from tenants.slugs import MAX_SCHEMA_NAME, schema_name_for, validate_slug


class ProvisioningError(RuntimeError):
    """Provisioning refused or failed; ``str(error)`` is a one-line, user-facing reason."""


@dataclass
class ProvisionRequest:
    """What a new tenant starts with; seeders may put results (e.g. URLs) into ``results``."""

    slug: str
    name: str
    admin_email: str
    admin_password_hash: str | None = None
    admin_first_name: str = ""  # empty: read from the admin's email address
    admin_last_name: str = ""
    language: str = DEFAULT_LANGUAGE
    results: dict[str, Any] = field(default_factory=dict)
    # Fills the new tables instead of the seeders (used by ``tenants import``).
    populate: Callable[[sa.Connection, TenantInfo], None] | None = None


Seeder = Callable[[Session, TenantInfo, ProvisionRequest], None]


def register_seeder(app, seeder: Seeder) -> None:
    """Add a function that writes a feature's default data into every new tenant."""
    app.extensions.setdefault("gorilla.tenant_seeders", []).append(seeder)


def tenant_binds() -> TenantBinds:
    """The app's tenant bind registry."""
    return current_app.extensions["gorilla.tenant_binds"]


def create_tenant(request: ProvisionRequest) -> TenantInfo:
    """Provision schema/file, tables at head and default data, then the registry row.

    Either everything exists afterwards or nothing does. On a Citus coordinator the schema is a
    distributed schema (on one worker) or the tenant is not created.
    """
    slug = validate_slug(request.slug)
    request.slug = slug
    tenant = Tenant(slug=slug, name=request.name.strip(), schema_name=free_schema_name(slug))
    db.session.add(tenant)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise ProvisioningError(_("Tenant '%(slug)s' already exists.", slug=slug)) from None
    info = tenant.info()
    binds = tenant_binds()
    try:
        if binds.uses_schemas:
            _build_schema(db.session.connection(), info, request)
            commit_now()
        else:
            _build_file(binds, info, request)
    except BaseException:
        db.session.rollback()
        raise
    current_app.extensions["gorilla.tenant_directory"].invalidate(slug)
    return info


def _build_schema(connection: sa.Connection, info: TenantInfo, request) -> None:
    citus = has_citus(connection)
    if citus:
        shard_new_schemas(connection)
    connection.execute(sa.schema.CreateSchema(info.schema_name))
    if citus and not is_distributed(connection, info.schema_name):
        raise ProvisioningError(
            _("Citus did not distribute the schema %(schema)s.", schema=info.schema_name)
        )
    tenant_conn = connection.execution_options(
        schema_translate_map={TENANT_SCHEMA: info.schema_name}
    )
    _build_tables_and_data(tenant_conn, info, request)


def _build_file(binds: TenantBinds, info: TenantInfo, request) -> None:
    path = binds.sqlite_path(info.schema_name)
    if path.exists():
        raise ProvisioningError(_("Database file %(path)s already exists.", path=path))
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = binds.sqlite_engine(path, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            _build_tables_and_data(connection, info, request)
        engine.dispose()
        commit_now()
    except BaseException:
        engine.dispose()
        remove_sqlite_files(path)
        raise


def _build_tables_and_data(connection: sa.Connection, info: TenantInfo, request) -> None:
    TenantModel.metadata.create_all(connection, checkfirst=False)  # a new, empty schema or file
    stamp_head(connection)
    if request.populate is not None:
        request.populate(connection, info)
        return
    seed_tenant(connection, info, request)


def seed_tenant(connection: sa.Connection, info: TenantInfo, request: ProvisionRequest) -> None:
    """Write every feature's default data (the registered seeders) into the tenant's empty
    tables on ``connection`` (translated to the tenant's schema or file)."""
    with Session(bind=connection) as session:
        for seeder in current_app.extensions.get("gorilla.tenant_seeders", []):
            seeder(session, info, request)
        session.flush()


def free_schema_name(slug: str) -> str:
    """``tenant_<slug>``, or with a random suffix when a renamed tenant still uses that name."""
    name = schema_name_for(slug)
    taken = db.session.scalar(sa.select(Tenant.id).where(Tenant.schema_name == name))
    return name if taken is None else f"{name[: MAX_SCHEMA_NAME - 9]}_{secrets.token_hex(4)}"


def remove_sqlite_files(path: Path) -> None:
    """Delete a tenant's SQLite file and its WAL/SHM companions."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()


def get_tenant(slug: str) -> Tenant:
    """The registry row for ``slug`` or :class:`ProvisioningError`."""
    tenant = db.session.scalar(sa.select(Tenant).where(Tenant.slug == slug.lower()))
    if tenant is None:
        raise ProvisioningError(_("There is no tenant '%(slug)s'.", slug=slug))
    return tenant


def set_status(slug: str, status: str) -> TenantInfo:
    """Suspend or resume a tenant; takes effect at once in this process."""
    tenant = get_tenant(slug)
    tenant.status = status
    commit_now()
    current_app.extensions["gorilla.tenant_directory"].invalidate(tenant.slug)
    return tenant.info()


def delete_tenant(slug: str) -> None:
    """Drop the tenant's schema or file and its registry row."""
    tenant = get_tenant(slug)
    info = tenant.info()
    binds = tenant_binds()
    binds.forget(info.schema_name)
    if binds.uses_schemas:
        connection = db.session.connection()
        connection.execute(sa.schema.DropSchema(info.schema_name, cascade=True, if_exists=True))
    db.session.delete(tenant)
    commit_now()
    if not binds.uses_schemas:
        remove_sqlite_files(binds.sqlite_path(info.schema_name))
    current_app.extensions["gorilla.tenant_directory"].invalidate(info.slug)
