"""Reserved for hardening changes to the outbox and email templates.

Revision ID: t0010
Revises: t0009
Create Date: 2026-11-28
"""

from alembic import op  # noqa: F401

revision = "t0010"
down_revision = "t0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
