"""Contracts: types, contracts (with signature columns and the frozen signed PDF), history
lines, discussion and attachments; the contract email templates.

Revision ID: t0027
Revises: t0026
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

from mail_templates import sync_default_templates
from tenants.migrations import migration_session

revision = "t0027"
down_revision = "t0026"
branch_labels = None
depends_on = None

MONEY = sa.Numeric(12, 2)
NEW_TEMPLATES = (
    "contract-sent",
    "contract-signed",
    "contract-expiry-reminder",
    "contract-comment",
    "staff-contract-comment",
)


def _fk(table: str, column: str, target: str, ondelete: str | None = None):
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}", ondelete=ondelete
    )


def _child_of_contract(name: str, *columns, constraints=()) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        *columns,
        _fk(name, "contract_id", "contracts", "CASCADE"),
        *constraints,
        sa.PrimaryKeyConstraint("id", name=f"pk_{name}"),
    )
    op.create_index(f"ix_{name}_contract_id", name, ["contract_id"])


def upgrade():
    op.create_table(
        "contract_types",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_contract_types"),
        sa.UniqueConstraint("name", name="uq_contract_types_name"),
    )
    op.create_table(
        "contracts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("contract_type_id", sa.Integer(), nullable=True),
        sa.Column("contract_value", MONEY, nullable=True),
        sa.Column("datestart", sa.Date(), nullable=False),
        sa.Column("dateend", sa.Date(), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("signed_version", sa.Integer(), nullable=True),
        sa.Column("signed_file_id", sa.Integer(), nullable=True),
        sa.Column("renewed_from_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signed_firstname", sa.String(100), nullable=True),
        sa.Column("signed_lastname", sa.String(100), nullable=True),
        sa.Column("signed_email", sa.String(255), nullable=True),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("signed_ip", sa.String(45), nullable=True),
        sa.Column("signature_file", sa.String(40), nullable=True),
        _fk("contracts", "customer_id", "customers"),
        _fk("contracts", "contract_type_id", "contract_types", "SET NULL"),
        _fk("contracts", "signed_file_id", "stored_files", "SET NULL"),
        _fk("contracts", "renewed_from_id", "contracts", "SET NULL"),
        _fk("contracts", "created_by_id", "staff", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_contracts"),
    )
    for column in ("customer_id", "contract_type_id", "dateend", "status", "renewed_from_id"):
        op.create_index(f"ix_contracts_{column}", "contracts", [column])
    _child_of_contract(
        "contract_history",
        sa.Column("event", sa.String(40), nullable=False),
        sa.Column("detail", sa.String(255), nullable=False),
        sa.Column("actor_name", sa.String(254), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    _child_of_contract(
        "contract_comments",
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        constraints=(
            _fk("contract_comments", "staff_id", "staff", "SET NULL"),
            _fk("contract_comments", "contact_id", "contacts", "SET NULL"),
        ),
    )
    _child_of_contract(
        "contract_attachments",
        sa.Column("file_id", sa.Integer(), nullable=False),
        constraints=(_fk("contract_attachments", "file_id", "stored_files", "CASCADE"),),
    )
    with migration_session(op.get_bind()) as session:
        sync_default_templates(session)
        session.flush()


def downgrade():
    templates = sa.table("email_templates", sa.column("slug", sa.String))
    switches = sa.table("email_template_switches", sa.column("slug", sa.String))
    for table in (templates, switches):
        op.execute(table.delete().where(table.c.slug.in_(NEW_TEMPLATES)))
    for name in ("contract_attachments", "contract_comments", "contract_history", "contracts"):
        op.drop_table(name)
    op.drop_table("contract_types")
