"""Host → tenant resolution, the first thing every request does (DESIGN.md §3.1)."""

import math
import time
from collections.abc import Callable
from dataclasses import fields

from flask import Flask, abort, current_app, g, request
from flask.globals import request_ctx
from sqlalchemy import bindparam, select
from werkzeug.exceptions import BadHost

from gorilla.extensions import db
from tenants.cache import MISSING, LRUCache
from tenants.models import CURRENT_DIRECTORY_VERSION, Tenant, TenantInfo

UNRESOLVED_ENDPOINTS = {"health.healthz"}
TENANT_BY_SLUG = select(*(getattr(Tenant, field.name) for field in fields(TenantInfo))).where(
    Tenant.slug == bindparam("slug")
)


def split_host(host: str) -> str:
    """Lower-case host name without port (``Acme.Example.com:5000`` → ``acme.example.com``)."""
    host = (host or "").strip().lower().rstrip(".")
    if host.startswith("["):  # IPv6 literal
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if ":" in host else host


def base_host(app: Flask | None = None) -> str:
    """The configured base domain without its port."""
    return split_host((app or current_app).config["BASE_DOMAIN"])


def classify_host(host: str, base: str) -> tuple[str, str | None]:
    """``("platform", None)``, ``("tenant", slug)`` or ``("foreign", None)`` for a host."""
    host = split_host(host)
    if host in (base, "www." + base):
        return "platform", None
    suffix = "." + base
    if host.endswith(suffix):
        label = host[: -len(suffix)]
        if label and "." not in label:
            return "tenant", label
    return "foreign", None


class TenantDirectory:
    """Cached slug → :class:`TenantInfo` lookups (negative results cached too).

    Entries stay until evicted (LRU) or invalidated by a change in this process. Changes made
    by other processes are caught by the registry's change counter
    (:class:`~tenants.models.DirectoryVersion`): at most once per ``ttl`` seconds one query
    reads it, and when it moved the whole cache is dropped. A spread of a thousand tenants thus
    costs one query per ``ttl`` instead of one lookup per tenant.
    """

    def __init__(self, maxsize: int, ttl: float, clock: Callable[[], float] = time.monotonic):
        self.cache = LRUCache(maxsize)
        self.ttl = ttl
        self.clock = clock
        self._checked_at = -math.inf
        self._version: int | None = None

    def lookup(self, slug: str) -> TenantInfo | None:
        """The tenant for ``slug`` or ``None``; hits the platform database on a cache miss."""
        self._revalidate()
        info = self.cache.get(slug)
        if info is MISSING:
            row = db.session.execute(TENANT_BY_SLUG, {"slug": slug}).first()
            info = TenantInfo(**row._mapping) if row is not None else None
            self.cache.set(slug, info)
        return info

    def _revalidate(self) -> None:
        now = self.clock()
        if now - self._checked_at < self.ttl:
            return
        version = db.session.scalar(CURRENT_DIRECTORY_VERSION)
        if version is None or version != self._version:
            self.cache.clear()
        self._version, self._checked_at = version, now

    def invalidate(self, slug: str) -> None:
        """Drop the cached answer for ``slug`` (after create, suspend, resume, delete, rename)."""
        self.cache.delete(slug)


def directory() -> TenantDirectory:
    """The tenant directory of the current app."""
    return current_app.extensions["gorilla.tenant_directory"]


def resolve_tenant():
    """``before_request``: set ``g.site`` and ``g.tenant`` or answer 400/404/503."""
    g.tenant = None
    if isinstance(request.routing_exception, BadHost):  # e.g. an empty or 64-character label
        g.site = "foreign"
        request_ctx.url_adapter = hostless_url_adapter()
        abort(400)
    if request.endpoint in UNRESOLVED_ENDPOINTS:
        g.site = "none"
        return None
    kind, slug = classify_host(request.host, base_host())
    g.site = kind
    if kind == "foreign":
        abort(400)
    if kind == "platform":
        return None
    info = directory().lookup(slug)
    # End the directory read (if there was one): its platform connection goes back to the
    # pool before the tenant's queries take theirs, so one connection serves a request.
    db.session.rollback()
    if info is None:
        abort(404)
    if not info.is_active:
        abort(503)
    g.tenant = info
    return None


def hostless_url_adapter():
    """URLs under the request's script root, built without the Host header Werkzeug refused.

    Flask leaves such a request without a URL adapter; the error page needs one for its links.
    """
    return current_app.url_map.bind("localhost", script_name=request.script_root or "/")


def init_app(app: Flask) -> None:
    """Install the resolver as the very first ``before_request`` hook."""
    app.extensions["gorilla.tenant_directory"] = TenantDirectory(
        app.config["TENANT_CACHE_SIZE"], app.config["TENANT_CACHE_TTL"]
    )
    app.before_request_funcs.setdefault(None, []).insert(0, resolve_tenant)
