"""GDPR: consent records (``consents``), erasure requests (``erasure_requests``), when a
contact was anonymised (``contacts.anonymised_at``) and the staff email about a new erasure
request (``staff-erasure-request``, de and en).

Revision ID: t0015
Revises: t0014
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

from mail_templates import sync_default_templates
from tenants.migrations import migration_session

revision = "t0015"
down_revision = "t0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(40), nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("text_version", sa.Integer(), nullable=False),
        sa.Column("ip_address", sa.String(45), nullable=False),
        sa.Column("user_agent", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_consents"),
    )
    op.create_index("ix_consents_contact_id", "consents", ["contact_id", "created_at"])
    op.create_table(
        "erasure_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("contact_label", sa.String(254), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("ip_address", sa.String(45), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("handled_by", sa.String(254), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_erasure_requests"),
    )
    op.create_index("ix_erasure_requests_contact_id", "erasure_requests", ["contact_id"])
    op.create_index("ix_erasure_requests_status", "erasure_requests", ["status", "created_at"])
    with op.batch_alter_table("contacts") as batch:
        batch.add_column(sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True))
    with migration_session(op.get_bind()) as session:
        sync_default_templates(session)


def downgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        batch.drop_column("anonymised_at")
    op.drop_index("ix_erasure_requests_status", table_name="erasure_requests")
    op.drop_index("ix_erasure_requests_contact_id", table_name="erasure_requests")
    op.drop_table("erasure_requests")
    op.drop_index("ix_consents_contact_id", table_name="consents")
    op.drop_table("consents")
