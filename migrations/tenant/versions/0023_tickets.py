"""Support tickets: departments, predefined replies, tickets, replies, attachments; the outbox
keeps a Reply-To address; the four ticket email templates.

Revision ID: t0023
Revises: t0022
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

from mail_templates import sync_default_templates
from tenants.migrations import migration_session

revision = "t0023"
down_revision = "t0022"
branch_labels = None
depends_on = None

SLUGS = ("ticket-created", "ticket-autoresponse", "ticket-reply-to-contact", "ticket-reply-to-staff")
TS = sa.DateTime(timezone=True)


def _fk(table: str, column: str, target: str, ondelete: str | None = None):
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}", ondelete=ondelete
    )


def upgrade():
    op.create_table(
        "ticket_departments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ticket_departments"),
    )
    op.create_table(
        "ticket_predefined_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(100), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ticket_predefined_replies"),
    )
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("priority", sa.String(10), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reply_token", sa.String(32), nullable=False),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("last_activity_at", TS, nullable=False),
        sa.Column("waiting_since", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_tickets"),
        sa.UniqueConstraint("reply_token", name="uq_tickets_reply_token"),
        _fk("tickets", "customer_id", "customers"),
        _fk("tickets", "contact_id", "contacts", "SET NULL"),
        _fk("tickets", "department_id", "ticket_departments", "SET NULL"),
        _fk("tickets", "assignee_id", "staff", "SET NULL"),
        _fk("tickets", "merged_into_id", "tickets", "SET NULL"),
    )
    op.create_index("ix_tickets_last_activity_at", "tickets", ["last_activity_at", "id"])
    for column in ("status", "customer_id", "assignee_id", "department_id"):  # filter, newest
        op.create_index(f"ix_tickets_{column}", "tickets", [column, "last_activity_at", "id"])
    op.create_index("ix_tickets_waiting_since", "tickets", ["waiting_since"])
    op.create_index("ix_tickets_contact_id", "tickets", ["contact_id"])
    op.create_table(
        "ticket_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("internal", sa.Boolean(), nullable=False),
        sa.Column("via_email", sa.Boolean(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ticket_replies"),
        _fk("ticket_replies", "ticket_id", "tickets", "CASCADE"),
        _fk("ticket_replies", "staff_id", "staff", "SET NULL"),
        _fk("ticket_replies", "contact_id", "contacts", "SET NULL"),
    )
    op.create_index("ix_ticket_replies_ticket_id", "ticket_replies", ["ticket_id"])
    op.create_table(
        "ticket_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reply_id", sa.Integer(), nullable=False),
        sa.Column("stored_file_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ticket_attachments"),
        sa.UniqueConstraint("stored_file_id", name="uq_ticket_attachments_stored_file_id"),
        _fk("ticket_attachments", "reply_id", "ticket_replies", "CASCADE"),
        _fk("ticket_attachments", "stored_file_id", "stored_files", "CASCADE"),
    )
    op.create_index("ix_ticket_attachments_reply_id", "ticket_attachments", ["reply_id"])
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("reply_to", sa.String(254), nullable=True))
    with migration_session(op.get_bind()) as session:
        sync_default_templates(session)
        session.flush()


def downgrade():
    templates = sa.table("email_templates", sa.column("slug", sa.String))
    switches = sa.table("email_template_switches", sa.column("slug", sa.String))
    op.execute(templates.delete().where(templates.c.slug.in_(SLUGS)))
    op.execute(switches.delete().where(switches.c.slug.in_(SLUGS)))
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("reply_to")
    op.drop_table("ticket_attachments")
    op.drop_table("ticket_replies")
    op.drop_table("tickets")
    op.drop_table("ticket_predefined_replies")
    op.drop_table("ticket_departments")
