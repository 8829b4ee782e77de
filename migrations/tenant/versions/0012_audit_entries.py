"""The append-only activity and audit log (``audit_entries``) and the staff right to sign
in as a contact (``staff.can_impersonate``, off for everyone; admins always may).

Revision ID: t0012
Revises: t0011
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "t0012"
down_revision = "t0011"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_audit_entries_created_at": ["created_at"],
    "ix_audit_entries_customer_id": ["customer_id", "created_at"],
    "ix_audit_entries_action": ["action", "created_at"],
}


def upgrade() -> None:
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_realm", sa.String(10), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(254), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("subject_type", sa.String(40), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("subject_label", sa.String(254), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("ip_address", sa.String(45), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_entries"),
    )
    for name, columns in INDEXES.items():
        op.create_index(name, "audit_entries", columns)
    with op.batch_alter_table("staff") as batch:
        batch.add_column(
            sa.Column("can_impersonate", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("staff") as batch:
        batch.alter_column("can_impersonate", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("can_impersonate")
    for name in INDEXES:
        op.drop_index(name, table_name="audit_entries")
    op.drop_table("audit_entries")
