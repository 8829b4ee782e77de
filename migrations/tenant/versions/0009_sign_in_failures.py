"""Failed sign-ins counted in the tenant database (per account and per address).

Revision ID: t0009
Revises: t0008
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "t0009"
down_revision = "t0008"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_sign_in_failures_account": ["realm", "account", "created_at"],
    "ix_sign_in_failures_address": ["address", "created_at"],
    "ix_sign_in_failures_created_at": ["created_at"],
}


def upgrade() -> None:
    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("realm", sa.String(20), nullable=False),
        sa.Column("account", sa.String(254), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sign_in_failures"),
    )
    for name, columns in INDEXES.items():
        op.create_index(name, "sign_in_failures", columns)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="sign_in_failures")
    op.drop_table("sign_in_failures")
