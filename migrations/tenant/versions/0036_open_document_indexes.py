"""Indexes for the customer area's start page: a customer's open invoices and estimates in
the order the panels list them (soonest due / expiring first), so the first few are read from
the index instead of sorting every open document.

Revision ID: t0036
Revises: t0035
Create Date: 2026-12-06
"""

from alembic import op

revision = "t0036"
down_revision = "t0035"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_invoices_customer_due", "invoices", ["customer_id", "status", "duedate", "id"]
    )
    op.create_index(
        "ix_estimates_customer_expiry", "estimates", ["customer_id", "status", "expirydate", "id"]
    )


def downgrade() -> None:
    op.drop_index("ix_estimates_customer_expiry", table_name="estimates")
    op.drop_index("ix_invoices_customer_due", table_name="invoices")
