"""Estimates (Angebote) with items and history, and their emails.

Revision ID: t0028
Revises: t0027
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

from mail_templates import sync_default_templates
from tenants.migrations import migration_session

revision = "t0028"
down_revision = "t0027"
branch_labels = None
depends_on = None

MONEY = sa.Numeric(12, 2)
NEW_TEMPLATES = (
    "estimate-sent",
    "estimate-expiry-reminder",
    "staff-estimate-accepted",
    "staff-estimate-declined",
)


def _child_of_estimate(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("estimate_id", sa.Integer(), nullable=False),
        *columns,
        sa.ForeignKeyConstraint(
            ["estimate_id"],
            ["estimates.id"],
            name=f"fk_{name}_estimate_id_estimates",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=f"pk_{name}"),
    )
    op.create_index(f"ix_{name}_estimate_id", name, ["estimate_id"])


def upgrade():
    op.create_table(
        "estimates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("issue_date", sa.Date(), nullable=False),
        sa.Column("expirydate", sa.Date(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("declined_reason", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("viewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("converted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("invoice_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("subtotal", MONEY, nullable=False),
        sa.Column("tax", MONEY, nullable=False),
        sa.Column("total", MONEY, nullable=False),
        sa.Column("signed_firstname", sa.String(100), nullable=True),
        sa.Column("signed_lastname", sa.String(100), nullable=True),
        sa.Column("signed_email", sa.String(255), nullable=True),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("signed_ip", sa.String(45), nullable=True),
        sa.Column("signature_file", sa.String(40), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name="fk_estimates_customer_id_customers"
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name="fk_estimates_invoice_id_invoices"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_estimates"),
        sa.UniqueConstraint("number", name="uq_estimates_number"),
        sa.UniqueConstraint("invoice_id", name="uq_estimates_invoice_id"),
    )
    op.create_index("ix_estimates_customer_id", "estimates", ["customer_id"])
    op.create_index("ix_estimates_status", "estimates", ["status"])
    op.create_index("ix_estimates_issue_date", "estimates", ["issue_date"])
    _child_of_estimate(
        "estimate_items",
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("qty", sa.Numeric(12, 2), nullable=False),
        sa.Column("rate", MONEY, nullable=False),
        sa.Column("taxrate", sa.Numeric(5, 2), nullable=False),
    )
    _child_of_estimate(
        "estimate_history",
        sa.Column("event", sa.String(20), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("detail", sa.String(500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    with migration_session(op.get_bind()) as session:
        sync_default_templates(session)
        session.flush()


def downgrade():
    templates = sa.table("email_templates", sa.column("slug", sa.String))
    switches = sa.table("email_template_switches", sa.column("slug", sa.String))
    for table in (templates, switches):
        op.execute(table.delete().where(table.c.slug.in_(NEW_TEMPLATES)))
    for name in ("estimate_history", "estimate_items"):
        op.drop_index(f"ix_{name}_estimate_id", table_name=name)
        op.drop_table(name)
    for column in ("issue_date", "status", "customer_id"):
        op.drop_index(f"ix_estimates_{column}", table_name="estimates")
    op.drop_table("estimates")
