"""Global search index (``search_index``): PostgreSQL GIN tsvector index, SQLite FTS5 table.

The index rows of existing records are built by ``gorilla.search.reindex`` (the registered
sources of the running app) at the end of the upgrade.

Revision ID: t0014
Revises: t0013
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

from gorilla.search import DOCUMENT, FTS_TABLE, SQLITE_DDL, reindex
from tenants.migrations import migration_session

revision = "t0014"
down_revision = "t0013"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "search_index",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_index")),
        sa.UniqueConstraint("kind", "record_id", name=op.f("uq_search_index_kind")),
    )
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        op.execute(f"CREATE INDEX ix_search_index_document ON search_index USING gin ({DOCUMENT})")
    else:
        for statement in SQLITE_DDL:
            op.execute(statement)
    with migration_session(connection) as session:
        # the record types searchable at this revision; later ones index their own rows
        reindex(session, ("customer", "contact", "project", "task", "invoice"))
        session.flush()


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"DROP TABLE {FTS_TABLE}")
    op.drop_table("search_index")
