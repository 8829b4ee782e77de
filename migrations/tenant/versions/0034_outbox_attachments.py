"""Attachments of outbox messages (the document's PDF with "invoice/estimate/credit note
sent"), kept with the message until it is deleted.

Revision ID: t0034
Revises: t0033
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "t0034"
down_revision = "t0033"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["outbox.id"],
            name="fk_outbox_attachments_message_id_outbox",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_outbox_attachments"),
    )
    op.create_index("ix_outbox_attachments_message_id", "outbox_attachments", ["message_id"])


def downgrade() -> None:
    op.drop_index("ix_outbox_attachments_message_id", table_name="outbox_attachments")
    op.drop_table("outbox_attachments")
