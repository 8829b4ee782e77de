"""Lawful German invoices (§ 14 UStG): the service date or period of an invoice, the VAT
rule it was issued under, and the per-customer reverse charge switch.

- ``invoices.service_date``, ``service_start``, ``service_end``: the delivery/service date or
  period (empty on existing invoices: their PDFs say the service date is the invoice date).
- ``invoices.vat_exemption``: ``''`` (VAT charged), ``reverse_charge`` (§ 13b UStG) or
  ``small_business`` (§ 19 UStG), fixed when the invoice is saved.
- ``customers.reverse_charge``: "Steuerschuldnerschaft des Leistungsempfängers" (EU business
  customers with a VAT ID); off for existing customers.

Revision ID: t0031
Revises: t0030
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "t0031"
down_revision = "t0030"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("invoices") as batch:
        batch.add_column(sa.Column("service_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("service_start", sa.Date(), nullable=True))
        batch.add_column(sa.Column("service_end", sa.Date(), nullable=True))
        batch.add_column(
            sa.Column("vat_exemption", sa.String(20), nullable=False, server_default=sa.text("''"))
        )
    with op.batch_alter_table("invoices") as batch:
        batch.alter_column("vat_exemption", server_default=None)
    with op.batch_alter_table("customers") as batch:
        batch.add_column(
            sa.Column("reverse_charge", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("customers") as batch:
        batch.alter_column("reverse_charge", server_default=None)


def downgrade():
    with op.batch_alter_table("customers") as batch:
        batch.drop_column("reverse_charge")
    with op.batch_alter_table("invoices") as batch:
        for name in ("vat_exemption", "service_end", "service_start", "service_date"):
            batch.drop_column(name)
