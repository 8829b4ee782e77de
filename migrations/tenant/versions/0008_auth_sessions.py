"""Server-side sign-in sessions (staff and contacts).

Revision ID: t0008
Revises: t0007
Create Date: 2026-11-28
"""

from alembic import op  # noqa: F401

revision = "t0008"
down_revision = "t0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
