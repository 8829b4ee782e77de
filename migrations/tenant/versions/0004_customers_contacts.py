"""Customers and their contacts (one primary contact per customer).

Revision ID: t0004
Revises: t0003
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "t0004"
down_revision = "t0003"
branch_labels = None
depends_on = None

NOTIFICATIONS = (
    "invoice_emails", "estimate_emails", "credit_note_emails", "project_emails",
    "ticket_emails", "task_emails", "contract_emails",
)


def upgrade():
    op.create_table(
        "customers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company", sa.String(200), nullable=False),
        sa.Column("vat", sa.String(50), nullable=False),
        sa.Column("phonenumber", sa.String(50), nullable=False),
        sa.Column("website", sa.String(200), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("city", sa.String(100), nullable=False),
        sa.Column("zip", sa.String(20), nullable=False),
        sa.Column("country", sa.String(100), nullable=False),
        sa.Column("default_language", sa.String(5), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_customers"),
    )
    op.create_index("ix_customers_company", "customers", ["company"])
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("firstname", sa.String(100), nullable=False),
        sa.Column("lastname", sa.String(100), nullable=False),
        sa.Column("title", sa.String(100), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("phonenumber", sa.String(50), nullable=False),
        sa.Column("direction", sa.String(3), nullable=False),
        sa.Column("profile_image", sa.String(64), nullable=True),
        sa.Column("password_hash", sa.String(255), nullable=True),
        sa.Column("is_primary", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("last_login", sa.DateTime(timezone=True), nullable=True),
        sa.Column("session_token", sa.String(64), nullable=False),
        sa.Column("token_version", sa.Integer(), nullable=False),
        sa.Column("permissions", sa.String(100), nullable=False),
        *(sa.Column(name, sa.Boolean(), nullable=False) for name in NOTIFICATIONS),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name="fk_contacts_customer_id_customers"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_contacts"),
        sa.UniqueConstraint("email", name="uq_contacts_email"),
        sa.UniqueConstraint("session_token", name="uq_contacts_session_token"),
    )
    op.create_index("ix_contacts_customer_id", "contacts", ["customer_id"])
    op.create_index(
        "uq_contacts_primary_per_customer",
        "contacts",
        ["customer_id"],
        unique=True,
        sqlite_where=sa.text("is_primary"),
        postgresql_where=sa.text("is_primary"),
    )


def downgrade():
    op.drop_index("uq_contacts_primary_per_customer", table_name="contacts")
    op.drop_index("ix_contacts_customer_id", table_name="contacts")
    op.drop_table("contacts")
    op.drop_index("ix_customers_company", table_name="customers")
    op.drop_table("customers")
