"""Proposals (Vorschläge): ``proposals`` with signature and conversion columns,
``proposal_items``, ``proposal_comments``, and the proposal emails (``proposal-sent``,
``proposal-comment``, ``staff-proposal-comment``, ``staff-proposal-accepted``,
``staff-proposal-declined``, de and en).

Revision ID: t0030
Revises: t0029
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

from mail_templates import sync_default_templates
from tenants.migrations import migration_session

revision = "t0030"
down_revision = "t0029"
branch_labels = None
depends_on = None

NEW_TEMPLATES = (
    "proposal-sent",
    "proposal-comment",
    "staff-proposal-comment",
    "staff-proposal-accepted",
    "staff-proposal-declined",
)
MONEY = sa.Numeric(12, 2)


def upgrade() -> None:
    op.create_table(
        "proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("open_till", sa.Date(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("subtotal", MONEY, nullable=False),
        sa.Column("tax", MONEY, nullable=False),
        sa.Column("total", MONEY, nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("viewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decline_reason", sa.Text(), nullable=False),
        sa.Column("converted_to", sa.String(20), nullable=True),
        sa.Column("converted_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signed_firstname", sa.String(100), nullable=True),
        sa.Column("signed_lastname", sa.String(100), nullable=True),
        sa.Column("signed_email", sa.String(255), nullable=True),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("signed_ip", sa.String(45), nullable=True),
        sa.Column("signature_file", sa.String(40), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name="fk_proposals_customer_id_customers"
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name="fk_proposals_staff_id_staff", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_proposals"),
    )
    op.create_index("ix_proposals_customer_id", "proposals", ["customer_id"])
    op.create_index("ix_proposals_status", "proposals", ["status"])
    op.create_index("ix_proposals_customer_status", "proposals", ["customer_id", "status", "id"])
    op.create_table(
        "proposal_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("qty", sa.Numeric(12, 2), nullable=False),
        sa.Column("rate", MONEY, nullable=False),
        sa.Column("taxrate", sa.Numeric(5, 2), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name="fk_proposal_items_proposal_id_proposals",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_proposal_items"),
    )
    op.create_index("ix_proposal_items_proposal_id", "proposal_items", ["proposal_id"])
    op.create_table(
        "proposal_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name="fk_proposal_comments_proposal_id_proposals",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
            name="fk_proposal_comments_staff_id_staff",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name="fk_proposal_comments_contact_id_contacts",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_proposal_comments"),
    )
    op.create_index("ix_proposal_comments_proposal_id", "proposal_comments", ["proposal_id"])
    with migration_session(op.get_bind()) as session:
        sync_default_templates(session)
        session.flush()


def downgrade() -> None:
    templates = sa.table("email_templates", sa.column("slug", sa.String))
    switches = sa.table("email_template_switches", sa.column("slug", sa.String))
    for table in (templates, switches):
        op.execute(table.delete().where(table.c.slug.in_(NEW_TEMPLATES)))
    op.drop_table("proposal_comments")
    op.drop_table("proposal_items")
    op.drop_table("proposals")
