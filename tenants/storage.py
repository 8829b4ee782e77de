"""Where a tenant's files live: ``<instance>/uploads/<tenant_id>/`` (never shared)."""

from pathlib import Path

from flask import current_app


def upload_root(tenant_id: str) -> Path:
    """The upload folder of one tenant (may not exist yet)."""
    return Path(current_app.instance_path) / "uploads" / tenant_id
