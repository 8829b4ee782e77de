"""API keys: named, scoped, shown once, stored as a keyed hash, revocable.

A key reads ``gk_<prefix>_<secret>``. The prefix (public, unique) finds the row; the row holds
HMAC-SHA256 of the whole key under a pepper derived from ``SECRET_KEY``. A fast keyed hash is
enough here, unlike for passwords: the secret is 256 random bits, so there is nothing to guess
offline, and a slow hash (scrypt) would cost every API request tens of milliseconds. The pepper
means a copy of the database alone does not even allow checking a candidate key.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from gorilla.audit import AuditAction, record
from gorilla.extensions import db
from gorilla.sessions import write_aside
from tenants.models import utcnow

from .models import SCOPES, ApiKey

KEY_PREFIX = "gk_"
# ``last used`` is written when it is at least this old, not on every request.
TOUCH_INTERVAL = timedelta(minutes=1)


def _hash(key: str) -> str:
    pepper = hmac.new(current_app.secret_key.encode(), b"gorilla.api-key", "sha256").digest()
    return hmac.new(pepper, key.encode(), hashlib.sha256).hexdigest()


def create_key(name: str, scopes: set[str], staff_id: int | None) -> tuple[ApiKey, str]:
    """A new key in the caller's transaction; returns the row and the key (shown once)."""
    prefix = secrets.token_hex(6)
    key = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    row = ApiKey(
        name=name.strip(),
        prefix=prefix,
        key_hash=_hash(key),
        scopes=",".join(sorted(scopes & set(SCOPES))),
        created_by=staff_id,
    )
    db.session.add(row)
    db.session.flush()
    record(AuditAction.API_KEY_CREATED, subject=row, details={"scopes": sorted(row.scope_set)})
    return row, key


def revoke_key(row: ApiKey) -> None:
    """Switch ``row`` off for good (audited)."""
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        record(AuditAction.API_KEY_REVOKED, subject=row)


def key_prefix(key: str) -> str | None:
    """The public prefix of something shaped like a key (``gk_<prefix>_<secret>``)."""
    prefix, separator, secret = key.removeprefix(KEY_PREFIX).partition("_")
    if not key.startswith(KEY_PREFIX) or not separator or not secret or len(prefix) != 12:
        return None
    return prefix


def authenticate(key: str) -> ApiKey | None:
    """The live key matching ``key`` in the current tenant, its ``last used`` refreshed."""
    prefix = key_prefix(key)
    if prefix is None:
        return None
    row = db.session.scalar(select(ApiKey).where(ApiKey.prefix == prefix))
    if row is None or row.revoked_at is not None:
        return None
    if not hmac.compare_digest(row.key_hash, _hash(key)):
        return None
    now = utcnow()
    last = row.last_used_at
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=now.tzinfo)
    if last is None or now - last >= TOUCH_INTERVAL:
        write_aside(update(ApiKey).where(ApiKey.id == row.id).values(last_used_at=now))
    return row


def keys() -> list[ApiKey]:
    """Every key, the newest first."""
    return list(db.session.scalars(select(ApiKey).order_by(ApiKey.id.desc())))
