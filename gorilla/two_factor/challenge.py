"""The half-signed-in state between the first factor and the code, kept on the server.

The cookie session holds only a random key (with the tenant and realm it was issued for); the
tenant's ``two_factor_challenges`` row holds the key's SHA-256, the user and the user's session
token. A challenge ends after ``TWO_FACTOR_CHALLENGE_MAX_AGE`` seconds (5 minutes), on success,
and when the user's token rotates (password change, deactivation).
"""

import secrets

from flask import current_app, g, session
from sqlalchemy import delete, select

from gorilla.auth import realm_setup
from gorilla.extensions import db
from gorilla.sessions import key_hash

from . import totp
from .models import TwoFactorChallenge

SESSION_KEY = "two_factor"


def _max_age() -> int:
    return int(current_app.config["TWO_FACTOR_CHALLENGE_MAX_AGE"])


def start(user, next_url: str) -> None:
    """Open a challenge for ``user`` (in the caller's transaction); this browser holds it."""
    now = int(totp.now())
    db.session.execute(
        delete(TwoFactorChallenge).where(TwoFactorChallenge.created <= now - _max_age())
    )
    key = secrets.token_urlsafe(32)
    db.session.add(
        TwoFactorChallenge(
            key_hash=key_hash(key),
            realm=str(user.realm),
            user_id=user.id,
            user_token=user.session_token,
            created=now,
            next_url=next_url[:500],
        )
    )
    session[SESSION_KEY] = {"key": key, "tenant_id": g.tenant.id, "realm": str(user.realm)}


def pending(realm: str) -> tuple[TwoFactorChallenge, object] | None:
    """This browser's live challenge in ``realm`` on this tenant and its user, else ``None``."""
    held = session.get(SESSION_KEY)
    if not isinstance(held, dict) or held.get("tenant_id") != g.tenant.id:
        return None
    if held.get("realm") != realm or not isinstance(held.get("key"), str):
        return None
    row = db.session.scalar(
        select(TwoFactorChallenge).where(
            TwoFactorChallenge.key_hash == key_hash(held["key"]),
            TwoFactorChallenge.realm == realm,
            TwoFactorChallenge.created > int(totp.now()) - _max_age(),
        )
    )
    if row is None:
        return None
    user = db.session.get(realm_setup(realm).model, row.user_id)
    if user is None or not user.active or user.session_token != row.user_token:
        return None
    return row, user


def end(row: TwoFactorChallenge | None = None) -> None:
    """Forget this browser's challenge (and delete ``row``, in the caller's transaction)."""
    session.pop(SESSION_KEY, None)
    if row is not None:
        db.session.delete(row)
