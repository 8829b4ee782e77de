"""Password hashing shared by staff and contacts, and random per-user session tokens."""

import secrets

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

_DUMMY_HASH: dict[str, str] = {}


def hash_password(password: str) -> str:
    """Hash with the configured method (scrypt in production)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def check_password(password_hash: str | None, password: str) -> bool:
    """Constant-effort check: an account without a hash costs as much as a wrong password."""
    if not password_hash:
        method = current_app.config["PASSWORD_HASH_METHOD"]
        if method not in _DUMMY_HASH:
            _DUMMY_HASH[method] = hash_password(secrets.token_urlsafe(16))
        check_password_hash(_DUMMY_HASH[method], password)
        return False
    return check_password_hash(password_hash, password)


def new_session_token() -> str:
    """A random token that identifies a user in the session cookie (rotated on change)."""
    return secrets.token_urlsafe(32)
