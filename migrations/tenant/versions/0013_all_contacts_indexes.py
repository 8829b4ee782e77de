"""Indexes for the all-contacts list: sorted by name and by last sign-in, page by page.

Revision ID: t0013
Revises: t0012
Create Date: 2026-12-06
"""

from alembic import op

revision = "t0013"
down_revision = "t0012"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_contacts_name", "contacts", ["lastname", "firstname", "id"])
    op.create_index("ix_contacts_last_login", "contacts", ["last_login", "id"])


def downgrade():
    op.drop_index("ix_contacts_last_login", table_name="contacts")
    op.drop_index("ix_contacts_name", table_name="contacts")
