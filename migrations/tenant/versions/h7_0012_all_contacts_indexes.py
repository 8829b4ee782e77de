"""Indexes for the all-contacts list: sorted by name and by last sign-in, page by page.

Revision ID: h7_0012
Revises: t0011
Create Date: 2026-12-06
"""

from alembic import op

revision = "h7_0012"
down_revision = "t0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_contacts_name", "contacts", ["lastname", "firstname", "id"])
    op.create_index("ix_contacts_last_login", "contacts", ["last_login", "id"])


def downgrade():
    op.drop_index("ix_contacts_last_login", table_name="contacts")
    op.drop_index("ix_contacts_name", table_name="contacts")
