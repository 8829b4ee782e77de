"""Rate-limit keys for the customer area, always scoped to the tenant (``t:<id>:…``)."""

from flask import g, request
from flask_limiter.util import get_remote_address


def client_key() -> str:
    """Per tenant and client address."""
    return f"t:{g.tenant.id}:ip:{get_remote_address()}"


def login_account_key() -> str:
    """Per tenant and account (the email typed into the form)."""
    email = (request.form.get("email") or "").strip().lower()
    return f"t:{g.tenant.id}:account:{email}"


def login_failed(response) -> bool:
    """Only failed sign-ins count (a success redirects)."""
    return response.status_code != 302
