"""Registry change counter for the resolver caches.

Revision ID: p0002
Revises: p0001
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "p0002"
down_revision = "p0001"
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        "tenant_directory",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_tenant_directory"),
    )
    op.bulk_insert(table, [{"id": 1, "version": 0}])


def downgrade():
    op.drop_table("tenant_directory")
