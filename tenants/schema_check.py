"""Compare a tenant's tables and columns with the models (``gorilla tenants check``).

A tenant whose database lacks a table or column of the models (or the whole schema or file) is
damaged: ``tenants list`` marks it and ``tenants migrate`` reports it as failed. Tables and
columns no model knows are differences too, but break nothing.
"""

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.pool import NullPool

from tenants.model_base import TenantModel, is_index_storage
from tenants.models import TenantInfo

MESSAGES = {
    "missing_storage": _l("database missing"),
    "unreadable": _l("database unreadable: %(name)s"),
    "missing_table": _l("table %(name)s missing"),
    "missing_column": _l("column %(name)s missing"),
    "extra_table": _l("table %(name)s belongs to no model"),
    "extra_column": _l("column %(name)s belongs to no model"),
}
VERSION_TABLE = "alembic_version"
BATCH = 10_000  # schemas per catalog query of the bulk reads (each one scans the catalog)
# Every table's columns of the schemas in :schemas (one row with NULLs for a schema without
# tables); relkinds as SQLAlchemy's inspector reads tables (plain, partitioned, foreign).
CATALOG_COLUMNS = sa.text(
    "SELECT n.nspname, c.relname, a.attname FROM pg_catalog.pg_namespace n"
    " LEFT JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relkind IN ('r', 'p', 'f')"
    " LEFT JOIN pg_catalog.pg_attribute a"
    "  ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
    " WHERE n.nspname = ANY(:schemas)"
)
# A digest of each schema's tables and columns: schemas with equal digests have equal tables and
# columns, so one of them is read in full for all (NULL for a schema without tables).
CATALOG_DIGESTS = sa.text(
    "SELECT n.nspname, md5(string_agg(c.relname || '.' || a.attname, ','"
    "  ORDER BY c.relname, a.attname)) FROM pg_catalog.pg_namespace n"
    " LEFT JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relkind IN ('r', 'p', 'f')"
    " LEFT JOIN pg_catalog.pg_attribute a"
    "  ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
    " WHERE n.nspname = ANY(:schemas) GROUP BY n.nspname"
)
# The same of one SQLite file (``sqlite_%`` tables are SQLite's own, as for the inspector).
SQLITE_COLUMNS = (
    "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p"
    " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite~_%' ESCAPE '~'"
)


@dataclass(frozen=True)
class Difference:
    """One way a tenant's database differs from the models: a ``MESSAGES`` key and a name."""

    kind: str
    name: str = ""

    @property
    def breaks(self) -> bool:
        """Whether the app cannot work with it (something is missing or unreadable)."""
        return not self.kind.startswith("extra_")

    def __str__(self) -> str:
        return str(MESSAGES[self.kind]) % {"name": self.name}


def model_columns() -> dict[str, set[str]]:
    """The column names of every tenant table of the models."""
    return {table.name: set(table.columns.keys()) for table in TenantModel.metadata.tables.values()}


def stored_columns(binds, info: TenantInfo) -> dict[str, set[str]] | None:
    """The column names of every table in the tenant's schema or file; ``None`` if it is gone."""
    if binds.uses_schemas:
        with binds.platform_engine.connect() as connection:
            inspector = sa.inspect(connection)
            if not inspector.has_schema(info.schema_name):
                return None
            found = inspector.get_multi_columns(schema=info.schema_name)
    else:
        path = binds.sqlite_path(info.schema_name)
        if not path.exists():
            return None
        engine = binds.sqlite_engine(path, poolclass=NullPool)
        try:
            with engine.connect() as connection:
                found = sa.inspect(connection).get_multi_columns()
        finally:
            engine.dispose()
    return {
        table: {column["name"] for column in columns}
        for (_schema, table), columns in found.items()
        if table != VERSION_TABLE and not is_index_storage(table)
    }


def batches(items: list, size: int = BATCH) -> Iterable[list]:
    """``items`` in consecutive slices of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def read_sqlite_file(path: Path, query: str) -> list[tuple] | None:
    """The rows of ``query`` on the SQLite file ``path``, opened read-only without an engine;
    ``None`` when the file is missing."""
    if not path.exists():
        return None
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return connection.execute(query).fetchall()
    finally:
        connection.close()


def _modelled_tables(rows: Iterable[tuple]) -> dict[str, set[str]]:
    tables: dict[str, set[str]] = defaultdict(set)
    for table, column in rows:
        if table is not None and table != VERSION_TABLE and not is_index_storage(table):
            tables[table].add(column)
    return dict(tables)


def stored_columns_of_all(binds, infos: list[TenantInfo]) -> dict[str, dict | None]:
    """:func:`stored_columns` of many tenants by schema name (``None``: no schema or file), read
    in a few catalog queries (PostgreSQL: a digest of each schema's columns, then the columns of
    one schema per distinct digest) or with one light connection per file (SQLite)."""
    if not binds.uses_schemas:
        found = {}
        for info in infos:
            rows = read_sqlite_file(binds.sqlite_path(info.schema_name), SQLITE_COLUMNS)
            found[info.schema_name] = None if rows is None else _modelled_tables(rows)
        return found
    schemas_by_digest: dict[str | None, list[str]] = defaultdict(list)
    found: dict[str, dict | None] = {info.schema_name: None for info in infos}
    with binds.platform_engine.connect() as connection:
        for batch in batches(list(found)):
            for schema, digest in connection.execute(CATALOG_DIGESTS, {"schemas": batch}):
                schemas_by_digest[digest].append(schema)
        for schemas in schemas_by_digest.values():
            rows = connection.execute(CATALOG_COLUMNS, {"schemas": schemas[:1]})
            tables = _modelled_tables((table, column) for _schema, table, column in rows)
            found.update(dict.fromkeys(schemas, tables))
    return found


def _compare(expected: dict[str, set[str]], stored: dict[str, set[str]]) -> list[Difference]:
    differences = []
    for table in sorted(expected.keys() | stored.keys()):
        if table not in stored:
            differences.append(Difference("missing_table", table))
        elif table not in expected:
            differences.append(Difference("extra_table", table))
        else:
            for column in sorted(expected[table] - stored[table]):
                differences.append(Difference("missing_column", f"{table}.{column}"))
            for column in sorted(stored[table] - expected[table]):
                differences.append(Difference("extra_column", f"{table}.{column}"))
    return differences


def schema_differences(binds, info: TenantInfo) -> list[Difference]:
    """How the tenant's tables and columns differ from the models (empty when they match)."""
    try:
        stored = stored_columns(binds, info)
    except sa.exc.SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        return [Difference("unreadable", reason)]
    return _differences(stored)


def _differences(stored: dict[str, set[str]] | None) -> list[Difference]:
    if stored is None:
        return [Difference("missing_storage")]
    return _compare(model_columns(), stored)


def damage(binds, info: TenantInfo) -> list[Difference]:
    """The differences that break the tenant (missing storage, tables or columns)."""
    return [difference for difference in schema_differences(binds, info) if difference.breaks]


def damage_of_all(binds, infos: list[TenantInfo]) -> dict[str, list[Difference]]:
    """:func:`damage` of many tenants by slug, read in bulk (:func:`stored_columns_of_all`).

    A tenant whose file cannot be read is reported as unreadable; on PostgreSQL a failing
    catalog query fails the whole call.
    """
    try:
        stored = stored_columns_of_all(binds, infos)
    except sqlite3.Error:  # one unreadable file: fall back to reading them one by one
        return {info.slug: damage(binds, info) for info in infos}
    return {
        info.slug: [d for d in _differences(stored[info.schema_name]) if d.breaks] for info in infos
    }
