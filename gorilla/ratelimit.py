"""Rate-limit keys, always scoped to the tenant (``t:<id>:…``), and sign-in limits."""

from flask import Flask, current_app, g, request
from flask_limiter.util import get_remote_address

from gorilla.auth import normalize_email
from gorilla.extensions import limiter


def client_key() -> str:
    """Per tenant (or the platform) and client address."""
    scope = g.tenant.id if g.get("tenant") else "platform"
    return f"t:{scope}:ip:{get_remote_address()}"


def account_key() -> str:
    """Per tenant, blueprint (realm) and the account typed into the form."""
    email = normalize_email(request.form.get("email"))
    return f"t:{g.tenant.id}:{request.blueprint}:account:{email}"


def failed(response) -> bool:
    """Only failed sign-ins count (a success redirects)."""
    return response.status_code != 302


def _sign_in_limit() -> str:
    return current_app.config["SIGN_IN_LIMIT"]


def limit_sign_in(view):
    """At most ``SIGN_IN_LIMIT`` failed sign-ins per account and per address, then 429."""
    per_address = limiter.limit(
        _sign_in_limit, key_func=client_key, methods=["POST"], deduct_when=failed
    )
    per_account = limiter.limit(
        _sign_in_limit, key_func=account_key, methods=["POST"], deduct_when=failed
    )
    return per_account(per_address(view))


def init_app(app: Flask) -> None:
    """Bind the limiter; limits are checked by their route decorators only.

    Every limit in Gorilla is a decorator on its view (no default or application limits), and a
    decorated view checks its own limit. The limiter's global ``before_request`` hook would only
    re-resolve an empty set of limits on every request, so it is taken out again.
    """
    limiter.init_app(app)
    app.before_request_funcs[None].remove(limiter._check_request_limit)
