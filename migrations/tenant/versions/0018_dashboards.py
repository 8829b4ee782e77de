"""Dashboards: tasks waiting on the agency (``tasks.waiting_since``, filled from the existing
discussions) and indexes for open balances per currency, a customer's open invoices and a
staff member's tasks.

Revision ID: t0018
Revises: t0017
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "t0018"
down_revision = "t0017"
branch_labels = None
depends_on = None

OPEN = ["status", "currency", "duedate", "total", "amount_paid"]


def upgrade():
    op.create_index("ix_invoices_open", "invoices", OPEN)
    op.create_index("ix_invoices_customer_open", "invoices", ["customer_id", *OPEN])
    op.create_index("ix_task_assignees_staff_id", "task_assignees", ["staff_id", "task_id"])
    op.add_column("tasks", sa.Column("waiting_since", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_tasks_waiting", "tasks", ["waiting_since", "status"])
    _fill_waiting_since()


def _fill_waiting_since():
    """Tasks whose latest comment is a contact's wait since that comment."""
    tasks = sa.table("tasks", sa.column("id"), sa.column("waiting_since"))
    comments = sa.table(
        "task_comments", sa.column("id"), sa.column("task_id"), sa.column("contact_id"),
        sa.column("created_at"),
    )  # fmt: skip
    later = comments.alias("later")
    last_by_contact = (
        sa.select(comments.c.created_at)
        .where(
            comments.c.task_id == tasks.c.id,
            comments.c.contact_id.is_not(None),
            ~sa.exists().where(later.c.task_id == comments.c.task_id, later.c.id > comments.c.id),
        )
        .scalar_subquery()
    )
    op.execute(sa.update(tasks).values(waiting_since=last_by_contact))


def downgrade():
    op.drop_index("ix_tasks_waiting", table_name="tasks")
    op.drop_column("tasks", "waiting_since")
    op.drop_index("ix_task_assignees_staff_id", table_name="task_assignees")
    op.drop_index("ix_invoices_customer_open", table_name="invoices")
    op.drop_index("ix_invoices_open", table_name="invoices")
