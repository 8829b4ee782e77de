"""Alembic trees: platform/ (control plane) and tenant/ (applied to every tenant)."""
