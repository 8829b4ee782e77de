"""Staff email verification as a column (``staff.email_verified_at``) instead of a settings list.

Staff listed in the setting ``unverified_staff_emails`` stay unverified (``NULL``); everyone
else counts as verified since joining (``created_at``). The downgrade writes the list back.

Revision ID: t0011
Revises: t0010
Create Date: 2026-12-06
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "t0011"
down_revision = "t0010"
branch_labels = None
depends_on = None

UNVERIFIED = "unverified_staff_emails"

staff = sa.table(
    "staff",
    sa.column("email", sa.String),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("email_verified_at", sa.DateTime(timezone=True)),
)
settings = sa.table("settings", sa.column("key", sa.String), sa.column("value", sa.Text))
old_setting = settings.c.key == UNVERIFIED


def upgrade():
    with op.batch_alter_table("staff") as batch:
        batch.add_column(sa.Column("email_verified_at", sa.DateTime(timezone=True), nullable=True))
    connection = op.get_bind()
    raw = connection.scalar(sa.select(settings.c.value).where(old_setting))
    unverified = json.loads(raw) if raw else []  # written only as a list of addresses
    connection.execute(
        staff.update()
        .where(staff.c.email.not_in(unverified))
        .values(email_verified_at=staff.c.created_at)
    )
    connection.execute(settings.delete().where(old_setting))


def downgrade():
    connection = op.get_bind()
    unverified = connection.scalars(
        sa.select(staff.c.email).where(staff.c.email_verified_at.is_(None)).order_by(staff.c.email)
    ).all()
    if unverified:
        connection.execute(settings.insert().values(key=UNVERIFIED, value=json.dumps(unverified)))
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("email_verified_at")
