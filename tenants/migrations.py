"""Alembic for tenant schemas: stamp new tenants at head, upgrade existing ones in bulk."""

import sqlite3
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import event
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from tenants.model_base import TENANT_SCHEMA
from tenants.schema_check import batches, damage, damage_of_all, read_sqlite_file

TENANT_MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations" / "tenant"

version_table = sa.Table(
    "alembic_version",
    sa.MetaData(schema=TENANT_SCHEMA),
    sa.Column("version_num", sa.String(32), nullable=False),
    sa.PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)


def alembic_config() -> Config:
    """Alembic configuration of the tenant migration tree."""
    config = Config()
    config.set_main_option("script_location", str(TENANT_MIGRATIONS))
    return config


@cache
def head_revision() -> str:
    """The newest tenant revision."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def stamp_head(connection: sa.Connection) -> None:
    """Record the head revision in a tenant built at head with ``create_all``."""
    version_table.create(connection)
    connection.execute(version_table.insert().values(version_num=head_revision()))


def migration_session(connection: sa.Connection) -> Session:
    """An ORM session inside a running tenant migration (for data steps using the models).

    The models' placeholder schema is pointed at the schema the migration runs in.
    """
    schema = None
    if connection.dialect.name == "postgresql":
        schema = connection.scalar(sa.select(sa.func.current_schema()))
    return Session(bind=connection.execution_options(schema_translate_map={TENANT_SCHEMA: schema}))


@dataclass
class MigrationReport:
    """Outcome of one ``migrate`` run."""

    upgraded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


def tenant_engine(binds, schema_name: str) -> sa.Engine:
    """A short-lived engine for maintenance work on one tenant (no pool left behind)."""
    if binds.uses_schemas:
        return binds.engine_for_schema(schema_name)
    return binds.sqlite_engine(binds.sqlite_path(schema_name), poolclass=NullPool)


# Schemas among :schemas that have a version table.
VERSIONED_SCHEMAS = sa.text(
    "SELECT n.nspname FROM pg_catalog.pg_class c"
    " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
    " WHERE c.relname = 'alembic_version' AND c.relkind IN ('r', 'p') AND n.nspname = ANY(:schemas)"
)
VERSION_BATCH = 500  # version tables read by one UNION ALL query


def revisions(binds, tenants) -> dict[str, str | None]:
    """Current revision of every tenant by slug (``None``: no schema, file or version table, or
    an empty one), read in bulk: on PostgreSQL one catalog query and one ``UNION ALL`` query per
    ``VERSION_BATCH`` schemas, each in a transaction of its own; on SQLite one light read-only
    connection per file."""
    if not binds.uses_schemas:
        found = {}
        for tenant in tenants:
            try:
                rows = read_sqlite_file(
                    binds.sqlite_path(tenant.schema_name), "SELECT version_num FROM alembic_version"
                )
            except sqlite3.Error:  # no version table, or not a database at all
                rows = None
            found[tenant.slug] = rows[0][0] if rows else None
        return found
    by_schema: dict[str, str] = {}
    schemas = [tenant.schema_name for tenant in tenants]
    with binds.platform_engine.connect() as connection:
        versioned = [
            schema
            for batch in batches(schemas)
            for schema in connection.scalars(VERSIONED_SCHEMAS, {"schemas": batch})
        ]
        for batch in batches(versioned, VERSION_BATCH):
            reads = [
                sa.select(sa.literal(schema).label("schema"), sa.column("version_num")).select_from(
                    sa.table("alembic_version", sa.column("version_num"), schema=schema)
                )
                for schema in batch
            ]
            for schema, version in connection.execute(sa.union_all(*reads)):
                by_schema.setdefault(schema, version)
            # A table read stays locked until the transaction ends: one transaction per batch,
            # or 10,000 tenants' version tables exhaust the server's lock table.
            connection.rollback()
    return {tenant.slug: by_schema.get(tenant.schema_name) for tenant in tenants}


def upgrade_tenant(binds, schema_name: str, revision: str = "head") -> None:
    """Run the tenant migrations up to ``revision`` in one transaction."""
    _run(binds, schema_name, lambda config: command.upgrade(config, revision))


def downgrade_tenant(binds, schema_name: str, revision: str) -> None:
    """Run the tenant migrations down to ``revision`` in one transaction."""
    _run(binds, schema_name, lambda config: command.downgrade(config, revision))


def _run(binds, schema_name: str, operation) -> None:
    if not binds.uses_schemas and not binds.sqlite_path(schema_name).exists():
        raise FileNotFoundError(f"database file of {schema_name} is missing")
    engine = tenant_engine(binds, schema_name)
    if not binds.uses_schemas:
        # SQLite's batch mode rebuilds a table by copy, drop and rename; with foreign keys
        # enforced, dropping a referenced table (customers) fails. The pragma only works
        # outside a transaction, so it is set as each connection opens; the references are
        # checked before the commit instead.
        event.listen(engine, "connect", _foreign_keys_off)
    try:
        with engine.begin() as connection:
            if binds.uses_schemas:
                # SET LOCAL ends with this transaction: nothing stays on the pooled connection.
                quoted = connection.dialect.identifier_preparer.quote_identifier(schema_name)
                connection.exec_driver_sql(f"SET LOCAL search_path TO {quoted}")
            config = alembic_config()
            config.attributes["connection"] = connection
            operation(config)
            if not binds.uses_schemas:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
                if broken:
                    raise TenantDamaged(f"{schema_name}: a row of {broken[0]} lost its reference")
    finally:
        if not binds.uses_schemas:
            engine.dispose()


def _foreign_keys_off(dbapi_connection, _record) -> None:
    dbapi_connection.execute("PRAGMA foreign_keys=OFF")


class TenantDamaged(Exception):
    """After its migrations the tenant still lacks tables or columns of the models."""


def migrate_tenants(binds, tenants, on_progress=None) -> MigrationReport:
    """Upgrade every tenant not at head, then compare it with the models.

    Revisions and, for the tenants at head, tables and columns are read in bulk, so a run in
    which nothing is to do starts Alembic for no tenant. A tenant that fails to upgrade or is
    damaged (a missing table, column, schema, file or version table) is reported as failed; the
    others go on.
    """
    report = MigrationReport()
    head = head_revision()
    current = revisions(binds, tenants)
    at_head = [tenant for tenant in tenants if current.get(tenant.slug) == head]
    damage_at_head = damage_of_all(binds, at_head)
    for tenant in tenants:
        try:
            if tenant.slug in damage_at_head:
                problems = damage_at_head[tenant.slug]
            else:
                upgrade_tenant(binds, tenant.schema_name)
                problems = damage(binds, tenant)
            if problems:
                raise TenantDamaged("; ".join(str(problem) for problem in problems))
            (report.skipped if tenant.slug in damage_at_head else report.upgraded).append(
                tenant.slug
            )
        except Exception as error:  # noqa: BLE001 - reported per tenant, run continues
            report.failed[tenant.slug] = str(error).strip().splitlines()[0][:300]
        if on_progress:
            on_progress(tenant)
    return report
