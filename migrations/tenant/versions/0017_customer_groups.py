"""Customer groups (``customer_groups``) and their members (``customer_group_members``).

Revision ID: t0017
Revises: t0016
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "t0017"
down_revision = "t0016"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "customer_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("name_key", sa.String(100), nullable=False),
        sa.Column("default_permissions", sa.String(100), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_customer_groups"),
        sa.UniqueConstraint("name_key", name="uq_customer_groups_name_key"),
    )
    op.create_table(
        "customer_group_members",
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name="fk_customer_group_members_customer_id_customers",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["customer_groups.id"],
            name="fk_customer_group_members_group_id_customer_groups",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("customer_id", "group_id", name="pk_customer_group_members"),
    )
    op.create_index(
        "ix_customer_group_members_group_id", "customer_group_members", ["group_id", "customer_id"]
    )


def downgrade():
    op.drop_index("ix_customer_group_members_group_id", table_name="customer_group_members")
    op.drop_table("customer_group_members")
    op.drop_table("customer_groups")
