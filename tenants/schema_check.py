"""Compare a tenant's tables and columns with the models (``gorilla tenants check``).

A tenant whose database lacks a table or column of the models (or the whole schema or file) is
damaged: ``tenants list`` marks it and ``tenants migrate`` reports it as failed. Tables and
columns no model knows are differences too, but break nothing.
"""

from dataclasses import dataclass

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
    if stored is None:
        return [Difference("missing_storage")]
    return _compare(model_columns(), stored)


def damage(binds, info: TenantInfo) -> list[Difference]:
    """The differences that break the tenant (missing storage, tables or columns)."""
    return [difference for difference in schema_differences(binds, info) if difference.breaks]
