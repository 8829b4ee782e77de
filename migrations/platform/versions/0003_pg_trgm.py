"""pg_trgm for the tenants' name search (PostgreSQL only).

The extension is installed once per database into its own schema ``extensions`` (not a tenant
schema, not the platform tables' ``public``). Tenant connections run with ``search_path`` set
to the tenant schema only (or none at all), so tenant indexes and queries name its objects
schema-qualified: ``extensions.gin_trgm_ops``, ``extensions.similarity``, ``OPERATOR(
extensions.%)`` (``gorilla.search.TRGM_SCHEMA``). On Citus the coordinator propagates the
schema and the extension to every worker (and to workers added later), so a trigram index in a
distributed tenant schema works on whichever worker holds it; the schema itself must not become
a distributed schema, so schema-based sharding is switched off for this transaction.

Revision ID: p0003
Revises: p0002
Create Date: 2026-12-06
"""

from alembic import op

revision = "p0003"
down_revision = "p0002"
branch_labels = None
depends_on = None

SCHEMA = "extensions"


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    if bind.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'citus'").scalar():
        op.execute("SET LOCAL citus.enable_schema_based_sharding = off")
    op.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    installed = bind.exec_driver_sql(
        "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'"
    ).scalar()
    if installed is None:
        op.execute(f"CREATE EXTENSION pg_trgm WITH SCHEMA {SCHEMA}")
    elif installed != SCHEMA:
        op.execute(f"ALTER EXTENSION pg_trgm SET SCHEMA {SCHEMA}")
    op.execute(f"GRANT USAGE ON SCHEMA {SCHEMA} TO PUBLIC")


def downgrade():
    # Tenant trigram indexes depend on the extension: this fails (RESTRICT) while any exists.
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP EXTENSION IF EXISTS pg_trgm")
        op.execute(f"DROP SCHEMA IF EXISTS {SCHEMA}")
