"""Alembic environment of the platform database (driven by Flask-Migrate: `gorilla db`)."""

from alembic import context
from flask import current_app

config = context.config
database = current_app.extensions["migrate"].db


def run_migrations_online() -> None:
    """Upgrade the platform tables (the tenant registry) in one transaction."""
    with database.engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=database.metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


if context.is_offline_mode():
    context.configure(url=str(database.engine.url), target_metadata=database.metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
