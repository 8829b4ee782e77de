"""Alembic environment for tenant schemas.

Run only through ``tenants.migrations``: it hands in a connection whose transaction already
points at one tenant (a SQLite file, or a PostgreSQL schema via ``SET LOCAL search_path``).
"""

from alembic import context

from tenants.model_base import TenantModel

connection = context.config.attributes.get("connection")
if connection is None:
    raise SystemExit("tenant migrations run through `gorilla tenants migrate`")

context.configure(
    connection=connection,
    target_metadata=TenantModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    include_schemas=False,
)
with context.begin_transaction():
    context.run_migrations()
