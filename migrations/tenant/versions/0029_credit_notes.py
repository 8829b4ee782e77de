"""Credit notes (Gutschriften) with items and uses (applied to invoices, refunded), and the
email ``credit-note-sent``.

Revision ID: t0029
Revises: t0028
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

from mail_templates import sync_default_templates
from tenants.migrations import migration_session

revision = "t0029"
down_revision = "t0028"
branch_labels = None
depends_on = None

MONEY = sa.Numeric(12, 2)


def _child_of_note(name: str, *columns: sa.Column, constraints=()) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("credit_note_id", sa.Integer(), nullable=False),
        *columns,
        sa.ForeignKeyConstraint(
            ["credit_note_id"],
            ["credit_notes.id"],
            name=f"fk_{name}_credit_note_id_credit_notes",
            ondelete="CASCADE",
        ),
        *constraints,
        sa.PrimaryKeyConstraint("id", name=f"pk_{name}"),
    )
    op.create_index(f"ix_{name}_credit_note_id", name, ["credit_note_id"])


def upgrade():
    op.create_table(
        "credit_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=True),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("issue_date", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("amount_applied", MONEY, nullable=False),
        sa.Column("amount_refunded", MONEY, nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("subtotal", MONEY, nullable=False),
        sa.Column("tax", MONEY, nullable=False),
        sa.Column("total", MONEY, nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name="fk_credit_notes_customer_id_customers"
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name="fk_credit_notes_invoice_id_invoices"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_credit_notes"),
        sa.UniqueConstraint("number", name="uq_credit_notes_number"),
    )
    op.create_index("ix_credit_notes_customer_id", "credit_notes", ["customer_id"])
    op.create_index("ix_credit_notes_invoice_id", "credit_notes", ["invoice_id"])
    _child_of_note(
        "credit_note_items",
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("qty", sa.Numeric(12, 2), nullable=False),
        sa.Column("rate", MONEY, nullable=False),
        sa.Column("taxrate", sa.Numeric(5, 2), nullable=False),
    )
    _child_of_note(
        "credit_note_uses",
        sa.Column("invoice_id", sa.Integer(), nullable=True),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("used_on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        constraints=(
            sa.ForeignKeyConstraint(
                ["invoice_id"], ["invoices.id"], name="fk_credit_note_uses_invoice_id_invoices"
            ),
        ),
    )
    op.create_index("ix_credit_note_uses_invoice_id", "credit_note_uses", ["invoice_id"])
    with migration_session(op.get_bind()) as session:
        sync_default_templates(session)
        session.flush()


def downgrade():
    templates = sa.table("email_templates", sa.column("slug", sa.String))
    switches = sa.table("email_template_switches", sa.column("slug", sa.String))
    for table in (templates, switches):
        op.execute(table.delete().where(table.c.slug == "credit-note-sent"))
    op.drop_index("ix_credit_note_uses_invoice_id", table_name="credit_note_uses")
    for name in ("credit_note_uses", "credit_note_items"):
        op.drop_index(f"ix_{name}_credit_note_id", table_name=name)
        op.drop_table(name)
    op.drop_index("ix_credit_notes_invoice_id", table_name="credit_notes")
    op.drop_index("ix_credit_notes_customer_id", table_name="credit_notes")
    op.drop_table("credit_notes")
