"""Tenant schemas on a Citus cluster: each one a distributed schema placed on one worker.

On a database with the Citus extension (its coordinator), a new tenant schema is made a
distributed schema in the transaction that creates it, whatever the database-level setting
says, and provisioning checks ``citus_schemas`` before it reports success. Plain PostgreSQL
and SQLite are left alone.
"""

import sqlalchemy as sa


def has_citus(connection: sa.Connection) -> bool:
    """Whether ``connection``'s database has the Citus extension."""
    if connection.dialect.name != "postgresql":
        return False
    found = connection.scalar(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'citus'"))
    return found == 1


def shard_new_schemas(connection: sa.Connection) -> None:
    """Make the schemas this transaction creates distributed schemas (``SET LOCAL``)."""
    connection.exec_driver_sql("SET LOCAL citus.enable_schema_based_sharding = on")


def is_distributed(connection: sa.Connection, schema_name: str) -> bool:
    """Whether ``schema_name`` is a distributed schema (listed in ``citus_schemas``)."""
    found = connection.scalar(
        sa.text("SELECT 1 FROM citus_schemas WHERE schema_name = to_regnamespace(:name)"),
        {"name": schema_name},
    )
    return found == 1
