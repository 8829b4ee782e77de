"""Two-factor sign-in and the emailed sign-in link: TOTP columns on ``staff`` and
``contacts``, the half-signed-in ``two_factor_challenges``, the ``contact-magic-link`` email.

Revision ID: t0024
Revises: t0023
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

from mail_templates import sync_default_templates
from tenants.migrations import migration_session

revision = "t0024"
down_revision = "t0023"
branch_labels = None
depends_on = None

USER_TABLES = ("staff", "contacts")
NEW_TEMPLATES = ("contact-magic-link",)


def _columns() -> list[sa.Column]:
    return [
        sa.Column("totp_secret", sa.String(32), nullable=True),
        sa.Column("totp_enabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("totp_last_step", sa.BigInteger(), nullable=True),
        sa.Column("recovery_codes", sa.Text(), nullable=True),
    ]


def upgrade():
    for table in USER_TABLES:
        for column in _columns():
            op.add_column(table, column)
    op.create_table(
        "two_factor_challenges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("realm", sa.String(10), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("user_token", sa.String(64), nullable=False),
        sa.Column("created", sa.BigInteger(), nullable=False),
        sa.Column("next_url", sa.String(500), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_two_factor_challenges"),
        sa.UniqueConstraint("key_hash", name="uq_two_factor_challenges_key_hash"),
    )
    with migration_session(op.get_bind()) as session:
        sync_default_templates(session)
        session.flush()


def downgrade():
    templates = sa.table("email_templates", sa.column("slug", sa.String))
    switches = sa.table("email_template_switches", sa.column("slug", sa.String))
    for table in (templates, switches):
        op.execute(table.delete().where(table.c.slug.in_(NEW_TEMPLATES)))
    op.drop_table("two_factor_challenges")
    for table in USER_TABLES:
        with op.batch_alter_table(table) as batch:
            for column in _columns():
                batch.drop_column(column.name)
