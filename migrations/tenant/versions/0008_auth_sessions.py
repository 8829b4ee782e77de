"""Server-side sign-in sessions (staff and contacts).

Revision ID: t0008
Revises: t0007
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "t0008"
down_revision = "t0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "auth_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("realm", sa.String(10), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("user_token", sa.String(64), nullable=False),
        sa.Column("created", sa.BigInteger(), nullable=False),
        sa.Column("last_seen", sa.BigInteger(), nullable=False),
        sa.Column("user_agent", sa.String(255), nullable=False),
        sa.Column("ip_address", sa.String(45), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_auth_sessions"),
        sa.UniqueConstraint("key_hash", name="uq_auth_sessions_key_hash"),
    )
    op.create_index("ix_auth_sessions_realm_user_id", "auth_sessions", ["realm", "user_id"])


def downgrade() -> None:
    op.drop_index("ix_auth_sessions_realm_user_id", table_name="auth_sessions")
    op.drop_table("auth_sessions")
