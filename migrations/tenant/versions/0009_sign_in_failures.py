"""Failed sign-ins counted in the tenant database (per account and per address).

Revision ID: t0009
Revises: t0008
Create Date: 2026-11-28
"""

from alembic import op  # noqa: F401

revision = "t0009"
down_revision = "t0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
