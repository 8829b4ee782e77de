"""Customer self-registration: ``customers.approval`` and ``contacts.email_confirmed``, and the
registration emails (confirmation link, address already registered, staff notice, approved).

Existing customers need no approval (``''``) and existing contacts count as confirmed.

Revision ID: t0019
Revises: t0018
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

from mail_templates import sync_default_templates
from tenants.migrations import migration_session

revision = "t0019"
down_revision = "t0018"
branch_labels = None
depends_on = None

NEW_TEMPLATES = (
    "contact-confirm-registration",
    "contact-registration-exists",
    "contact-registration-approved",
    "staff-new-registration",
)


def upgrade():
    with op.batch_alter_table("customers") as batch:
        batch.add_column(
            sa.Column("approval", sa.String(20), nullable=False, server_default=sa.text("''"))
        )
    with op.batch_alter_table("customers") as batch:
        batch.alter_column("approval", server_default=None)
    op.create_index("ix_customers_approval", "customers", ["approval"])
    with op.batch_alter_table("contacts") as batch:
        batch.add_column(
            sa.Column("email_confirmed", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    with op.batch_alter_table("contacts") as batch:
        batch.alter_column("email_confirmed", server_default=None)
    with migration_session(op.get_bind()) as session:
        sync_default_templates(session)
        session.flush()


def downgrade():
    templates = sa.table("email_templates", sa.column("slug", sa.String))
    switches = sa.table("email_template_switches", sa.column("slug", sa.String))
    for table in (templates, switches):
        op.execute(table.delete().where(table.c.slug.in_(NEW_TEMPLATES)))
    with op.batch_alter_table("contacts") as batch:
        batch.drop_column("email_confirmed")
    op.drop_index("ix_customers_approval", table_name="customers")
    with op.batch_alter_table("customers") as batch:
        batch.drop_column("approval")
