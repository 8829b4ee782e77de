"""Indexes for the dashboards: open balances per currency, a customer's open invoices, a staff
member's tasks and the latest comment of each task, read from the index alone.

Revision ID: dash_1
Revises: t0014
Create Date: 2026-12-06
"""

from alembic import op

revision = "dash_1"
down_revision = "t0014"
branch_labels = None
depends_on = None

OPEN = ["status", "currency", "duedate", "total", "amount_paid"]


def upgrade():
    op.create_index("ix_invoices_open", "invoices", OPEN)
    op.create_index("ix_invoices_customer_open", "invoices", ["customer_id", *OPEN])
    op.create_index("ix_task_assignees_staff_id", "task_assignees", ["staff_id", "task_id"])
    op.create_index("ix_task_comments_task_latest", "task_comments", ["task_id", "id"])


def downgrade():
    op.drop_index("ix_task_comments_task_latest", table_name="task_comments")
    op.drop_index("ix_task_assignees_staff_id", table_name="task_assignees")
    op.drop_index("ix_invoices_customer_open", table_name="invoices")
    op.drop_index("ix_invoices_open", table_name="invoices")
