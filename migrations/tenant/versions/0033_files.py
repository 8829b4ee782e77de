"""Files on customers, projects and tasks: link tables to ``stored_files``.

Revision ID: t0033
Revises: t0032
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "t0033"
down_revision = "t0032"
branch_labels = None
depends_on = None

OWNERS = (
    ("customer_files", "customer_id", "customers"),
    ("project_files", "project_id", "projects"),
    ("task_files", "task_id", "tasks"),
)


def _foreign_key(table: str, column: str, target: str, ondelete: str):
    name = f"fk_{table}_{column}_{target}"
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=name, ondelete=ondelete)


def upgrade() -> None:
    for table, column, owners in OWNERS:
        op.create_table(
            table,
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column(column, sa.Integer(), nullable=False),
            sa.Column("stored_file_id", sa.Integer(), nullable=False),
            sa.Column("staff_id", sa.Integer(), nullable=True),
            sa.Column("contact_id", sa.Integer(), nullable=True),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            _foreign_key(table, column, owners, "CASCADE"),
            _foreign_key(table, "stored_file_id", "stored_files", "CASCADE"),
            _foreign_key(table, "staff_id", "staff", "SET NULL"),
            _foreign_key(table, "contact_id", "contacts", "SET NULL"),
            sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
            sa.UniqueConstraint("stored_file_id", name=f"uq_{table}_stored_file_id"),
        )
        op.create_index(f"ix_{table}_{column}", table, [column])


def downgrade() -> None:
    for table, column, _owners in reversed(OWNERS):
        op.drop_index(f"ix_{table}_{column}", table_name=table)
        op.drop_table(table)
