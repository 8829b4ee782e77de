"""Who answered a document: ``answered_by_id`` (the contact who signed or declined) on
estimates, proposals and contracts, so the GDPR export and anonymisation find a contact's
answers. Answers given before are filled in from the audit log where it still holds them.

Revision ID: t0035
Revises: t0034
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "t0035"
down_revision = "t0034"
branch_labels = None
depends_on = None

# table → the audit actions of a contact's answer on it
ANSWERS = {
    "estimates": ("estimate_accepted", "estimate_declined"),
    "proposals": ("proposal_accepted", "proposal_declined"),
    "contracts": ("contract_signed",),
}
audit = sa.table(
    "audit_entries",
    sa.column("id", sa.Integer),
    sa.column("action", sa.String),
    sa.column("actor_realm", sa.String),
    sa.column("actor_id", sa.Integer),
    sa.column("subject_type", sa.String),
    sa.column("subject_id", sa.Integer),
)


def upgrade() -> None:
    for table, actions in ANSWERS.items():
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("answered_by_id", sa.Integer(), nullable=True))
            batch.create_index(f"ix_{table}_answered_by_id", ["answered_by_id"])
        document = sa.table(table, sa.column("id", sa.Integer), sa.column("answered_by_id"))
        answerer = (
            sa.select(audit.c.actor_id)
            .where(
                audit.c.subject_type == table,
                audit.c.subject_id == document.c.id,
                audit.c.action.in_(actions),
                audit.c.actor_realm == "contact",
            )
            .order_by(audit.c.id.desc())
            .limit(1)
            .scalar_subquery()
        )
        op.execute(document.update().values(answered_by_id=answerer))


def downgrade() -> None:
    for table in ANSWERS:
        with op.batch_alter_table(table) as batch:
            batch.drop_index(f"ix_{table}_answered_by_id")
            batch.drop_column("answered_by_id")
