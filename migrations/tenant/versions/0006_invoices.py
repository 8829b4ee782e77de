"""Invoices with line items and payments, and the per-prefix number sequence.

Revision ID: t0006
Revises: t0005
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from migrations.tenant.template_copies import insert_missing_copies

revision = "t0006"
down_revision = "t0005"
branch_labels = None
depends_on = None

MONEY = sa.Numeric(12, 2)


def _child_of_invoice(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        *columns,
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name=f"fk_{name}_invoice_id_invoices",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=f"pk_{name}"),
    )
    op.create_index(f"ix_{name}_invoice_id", name, ["invoice_id"])


def upgrade():
    op.create_table(
        "invoice_sequences",
        sa.Column("prefix", sa.String(30), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("prefix", name="pk_invoice_sequences"),
    )
    op.create_table(
        "invoices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("issue_date", sa.Date(), nullable=False),
        sa.Column("duedate", sa.Date(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("subtotal", MONEY, nullable=False),
        sa.Column("tax", MONEY, nullable=False),
        sa.Column("total", MONEY, nullable=False),
        sa.Column("amount_paid", MONEY, nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name="fk_invoices_customer_id_customers"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_invoices"),
        sa.UniqueConstraint("number", name="uq_invoices_number"),
    )
    op.create_index("ix_invoices_customer_id", "invoices", ["customer_id"])
    op.create_index("ix_invoices_status", "invoices", ["status"])
    _child_of_invoice(
        "invoice_items",
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("qty", sa.Numeric(12, 2), nullable=False),
        sa.Column("rate", MONEY, nullable=False),
        sa.Column("taxrate", sa.Numeric(5, 2), nullable=False),
    )
    _child_of_invoice(
        "invoice_payments",
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )

    # Ships the template "staff-verify-email" (and any other new default) to existing tenants.
    insert_missing_copies(op.get_bind())

def downgrade():
    for name in ("invoice_payments", "invoice_items"):
        op.drop_index(f"ix_{name}_invoice_id", table_name=name)
        op.drop_table(name)
    op.drop_index("ix_invoices_status", table_name="invoices")
    op.drop_index("ix_invoices_customer_id", table_name="invoices")
    op.drop_table("invoices")
    op.drop_table("invoice_sequences")
