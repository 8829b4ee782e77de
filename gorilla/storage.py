"""Upload storage behind a small interface; the local default keeps files per tenant.

Files live under ``<instance>/uploads/<tenant_id>/`` with random names; callers keep only the
name. Names are checked against a strict pattern, so no stored name can reach outside.
"""

import contextlib
import re
import secrets
from pathlib import Path

from flask import g

from tenants.storage import upload_root

NAME_RE = re.compile(r"^[0-9a-f]{32}\.(jpg|png|webp)$")


def tenant_folder(tenant_id: str | None = None) -> Path:
    """The upload folder of ``tenant_id`` (default: the current tenant)."""
    return upload_root(tenant_id or g.tenant.id)


def upload_path(name: str | None) -> Path | None:
    """Where the stored file ``name`` of the current tenant is, or ``None`` if not valid."""
    if not name or not NAME_RE.match(name):
        return None
    path = tenant_folder() / name
    return path if path.is_file() else None


def save_upload(data: bytes, extension: str) -> str:
    """Store ``data`` under a new random name with ``extension``; returns the name."""
    name = f"{secrets.token_hex(16)}.{extension}"
    if not NAME_RE.match(name):
        raise ValueError(f"unsupported extension {extension!r}")
    folder = tenant_folder()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return name


def delete_upload(name: str | None) -> None:
    """Remove the stored file ``name`` of the current tenant (missing files are fine)."""
    path = upload_path(name)
    if path is not None:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
