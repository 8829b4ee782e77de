"""Declarative base of every tenant table.

Tenant tables live in the placeholder schema ``tenant``; the tenant bind translates it to the
tenant's real schema (PostgreSQL) or to no schema at all (one SQLite file per tenant).
"""

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

TENANT_SCHEMA = "tenant"

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class TenantModel(DeclarativeBase):
    """Base of all models stored in a tenant's own schema or file."""

    metadata = MetaData(schema=TENANT_SCHEMA, naming_convention=NAMING_CONVENTION)


def is_index_storage(name: str) -> bool:
    """Whether table ``name`` stores a search index (an FTS5 table and its shadow tables) that
    no model describes; names are registered in ``TenantModel.metadata.info["index_storage"]``."""
    return any(
        name == prefix or name.startswith(f"{prefix}_")
        for prefix in TenantModel.metadata.info.get("index_storage", ())
    )
