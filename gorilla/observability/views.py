"""``/readyz``: can this process serve (database, Redis)? ``/metrics``: Prometheus text."""

import hmac
from ipaddress import ip_address

import redis
from flask import current_app, jsonify, request
from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy import select

from gorilla.extensions import db

from .metrics import exposition

PROXY_HEADERS = ("X-Forwarded-For", "Forwarded")
PLAIN = {"Content-Type": "text/plain; charset=utf-8"}


def _database_answers() -> None:
    with db.engine.connect() as connection:
        connection.execute(select(1))


def _redis_answers() -> None:
    client = redis.Redis.from_url(
        current_app.config["REDIS_URL"], socket_connect_timeout=1, socket_timeout=1
    )
    try:
        client.ping()
    finally:
        client.close()


def readyz():
    """200 when the database (and Redis, if configured) answers, else 503 naming what failed."""
    checks = {"database": _database_answers}
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = _redis_answers
    results = {}
    for name, check in checks.items():
        try:
            check()
            results[name] = "ok"
        except Exception as error:  # noqa: BLE001 - any failure means "not ready"
            current_app.logger.warning("readyz: %s unavailable: %s", name, error)
            results[name] = "unavailable"
    ready = all(result == "ok" for result in results.values())
    body = jsonify(status="ready" if ready else "unavailable", checks=results)
    return body, 200 if ready else 503


def _is_local_request() -> bool:
    """A request from this machine that no proxy forwarded."""
    if any(name in request.headers for name in PROXY_HEADERS):
        return False
    try:
        return ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False


def metrics():
    """The metrics, for a Bearer ``METRICS_TOKEN`` or, without one set, only from loopback."""
    token = current_app.config.get("METRICS_TOKEN")
    if token:
        given = request.headers.get("Authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return "unauthorized\n", 401, {**PLAIN, "WWW-Authenticate": 'Bearer realm="metrics"'}
    elif not _is_local_request():
        return "forbidden: set GORILLA_METRICS_TOKEN or scrape from loopback\n", 403, PLAIN
    return exposition(), 200, {"Content-Type": CONTENT_TYPE_LATEST}
