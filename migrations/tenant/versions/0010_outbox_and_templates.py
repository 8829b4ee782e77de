"""Email templates are switched on or off per slug (all languages at once), not per copy.

A slug is active when its copy in the tenant's default language was (else its German copy,
else any copy).

Revision ID: t0010
Revises: t0009
Create Date: 2026-11-28
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "t0010"
down_revision = "t0009"
branch_labels = None
depends_on = None

switches = sa.table(
    "email_template_switches", sa.column("slug", sa.String), sa.column("active", sa.Boolean)
)
copies = sa.table(
    "email_templates",
    sa.column("slug", sa.String),
    sa.column("language", sa.String),
    sa.column("active", sa.Boolean),
)
settings = sa.table("settings", sa.column("key", sa.String), sa.column("value", sa.Text))


def _default_language(connection: sa.Connection) -> str:
    raw = connection.scalar(sa.select(settings.c.value).where(settings.c.key == "default_language"))
    value = json.loads(raw) if raw else None
    return value if isinstance(value, str) else "de"


def upgrade():
    op.create_table(
        "email_template_switches",
        sa.Column("slug", sa.String(64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("slug", name="pk_email_template_switches"),
    )
    connection = op.get_bind()
    language = _default_language(connection)
    chosen: dict[str, tuple[tuple[bool, bool, bool], bool]] = {}
    for slug, copy_language, active in connection.execute(
        sa.select(copies.c.slug, copies.c.language, copies.c.active)
    ):
        rank = (copy_language == language, copy_language == "de", bool(active))
        if slug not in chosen or rank > chosen[slug][0]:
            chosen[slug] = (rank, bool(active))
    if chosen:
        connection.execute(
            switches.insert(),
            [{"slug": slug, "active": active} for slug, (_rank, active) in chosen.items()],
        )
    with op.batch_alter_table("email_templates") as batch:
        batch.drop_column("active")


def downgrade():
    with op.batch_alter_table("email_templates") as batch:
        batch.add_column(
            sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    state = (
        sa.select(switches.c.active)
        .where(switches.c.slug == copies.c.slug)
        .scalar_subquery()
    )
    op.get_bind().execute(copies.update().values(active=sa.func.coalesce(state, sa.false())))
    with op.batch_alter_table("email_templates") as batch:
        batch.alter_column("active", server_default=None)
    op.drop_table("email_template_switches")
