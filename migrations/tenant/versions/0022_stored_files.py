"""Attachment files of the tenant (``stored_files``), shared by every feature with attachments.

Revision ID: t0022
Revises: t0021
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "t0022"
down_revision = "t0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stored_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("original_name", sa.String(255), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stored_files"),
        sa.UniqueConstraint("name", name="uq_stored_files_name"),
    )


def downgrade() -> None:
    op.drop_table("stored_files")
