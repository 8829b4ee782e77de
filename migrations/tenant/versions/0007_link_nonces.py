"""Per-account link nonces for set-password and reset links (staff and contacts).

Links issued before this revision carry no nonce and die; ``NULL`` means no link is open.

Revision ID: t0007
Revises: t0006
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "t0007"
down_revision = "t0006"
branch_labels = None
depends_on = None

TABLES = ("staff", "contacts")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("link_nonce", sa.String(32), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("link_nonce")
