"""Staff without a name get one read from their email address (``anna.schmidt@…`` → Anna
Schmidt), and audit entries that named such a staff member by the bare address name them too,
so no page shows a person as an email address.

Revision ID: t0032
Revises: t0031
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

from gorilla.auth import names_from_email

revision = "t0032"
down_revision = "t0031"
branch_labels = None
depends_on = None

staff = sa.table(
    "staff",
    sa.column("id", sa.Integer),
    sa.column("email", sa.String),
    sa.column("first_name", sa.String),
    sa.column("last_name", sa.String),
)
audit = sa.table(
    "audit_entries",
    sa.column("actor_realm", sa.String),
    sa.column("actor_id", sa.Integer),
    sa.column("actor_name", sa.String),
)


def upgrade():
    connection = op.get_bind()
    nameless = connection.execute(
        sa.select(staff.c.id, staff.c.email).where(
            sa.func.coalesce(staff.c.first_name, "") == "",
            sa.func.coalesce(staff.c.last_name, "") == "",
        )
    ).all()
    for staff_id, email in nameless:
        first, last = names_from_email(email)
        if not first:
            continue
        connection.execute(
            staff.update().where(staff.c.id == staff_id).values(first_name=first, last_name=last)
        )
        connection.execute(
            audit.update()
            .where(
                audit.c.actor_realm == "staff",
                audit.c.actor_id == staff_id,
                audit.c.actor_name == email,
            )
            .values(actor_name=f"{first} {last}".strip())
        )


def downgrade():
    """Names are data now: nothing to undo."""
