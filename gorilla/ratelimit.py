"""Rate limits of Flask-Limiter (sign-up, live check, forgot password) and the client address.

Sign-in limits are counted in the tenant's database instead (``gorilla.sign_in_limits``).
Views declare their limit with :func:`limit` (never ``limiter.limit`` directly: a test checks).
"""

from collections.abc import Callable

from flask import Flask, current_app, g, request
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

from gorilla.extensions import limiter


def client_key() -> str:
    """Per tenant (or the platform) and client address."""
    scope = g.tenant.id if g.get("tenant") else "platform"
    return f"t:{scope}:ip:{get_remote_address()}"


LIMITED_VIEWS: set[Callable] = set()


def limit(rate: str, **options) -> Callable[[Callable], Callable]:
    """Flask-Limiter's ``limit`` decorator for a view, which also marks the view as limited."""

    def decorate(view: Callable) -> Callable:
        limited = limiter.limit(rate, **options)(view)
        LIMITED_VIEWS.add(limited)
        return limited

    return decorate


def shared_limit(rate, scope: str, **options) -> Callable[[Callable], Callable]:
    """Flask-Limiter's ``shared_limit``: one budget for every view decorated with ``scope``
    (the API's, per key), marked as limited like :func:`limit`."""

    def decorate(view: Callable) -> Callable:
        limited = limiter.shared_limit(rate, scope, **options)(view)
        LIMITED_VIEWS.add(limited)
        return limited

    return decorate


@limiter.request_filter
def unlimited_request() -> bool:
    """Flask-Limiter's request filter: a request to a view without a limit skips the limiter
    (which would otherwise resolve an empty set of limits on every request)."""
    return current_app.view_functions.get(request.endpoint) not in LIMITED_VIEWS


def init_app(app: Flask) -> None:
    """Read the client address through the proxies in front and bind the limiter.

    With ``PROXY_COUNT`` proxies in front, the client address is the one the outermost of them
    added to ``X-Forwarded-For`` (werkzeug's ProxyFix); without proxies the header is ignored.

    Limits live in Redis when ``REDIS_URL`` is set, else in each process's memory. While Redis
    is unreachable the limiter logs a warning and counts in memory until it is back.

    Every limit in Gorilla is a decorator on its view (no default or application limits).
    """
    if app.config["PROXY_COUNT"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_COUNT"], x_proto=0)
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    limiter.init_app(app)
    # Flask-Limiter keeps "storage dead" on the extension object across init_app calls: an app
    # bound later in the same process (tests, the CLI building its app) starts with live storage.
    limiter._storage_dead = False
