"""Prometheus metrics (``prometheus_client``): requests, latency, DB connections, and state
that features report at scrape time (tenants by status, outbox).

Label values come from small fixed sets (area, status code, tenant or message status): never a
tenant slug, user or path. Under gunicorn with several workers set ``PROMETHEUS_MULTIPROC_DIR``
(an empty folder) before start: each worker writes its counters there and ``/metrics`` adds up
all of them (``gunicorn.conf.py`` wipes the folder at start). States are read at scrape time
by the process that answers (the pool figures are that worker's).
"""

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from flask import Flask, current_app
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import func, select

from gorilla.extensions import db
from tenants.models import Tenant

REQUESTS = Counter(
    "gorilla_http_requests", "HTTP requests by area and status code", ("area", "status")
)
LATENCY = Histogram(
    "gorilla_http_request_duration_seconds",
    "Time from the request's arrival to its response's start, by area",
    ("area",),
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
_request_children: dict[tuple[str, int], tuple] = {}


def count_request(area: str, status: int, seconds: float) -> None:
    """Count one request and observe its duration (a few microseconds)."""
    children = _request_children.get((area, status))
    if children is None:
        children = (REQUESTS.labels(area, str(status)), LATENCY.labels(area))
        _request_children[(area, status)] = children
    children[0].inc()
    children[1].observe(seconds)


@dataclass
class State:
    """A gauge computed at scrape time: ``read()`` maps a value of ``label`` to a number."""

    name: str
    documentation: str
    label: str
    read: Callable[[], Mapping[str, float]]
    slow: bool = False  # reused for METRICS_STATE_TTL seconds (e.g. a query per tenant)
    cached: tuple[float, Mapping[str, float]] | None = field(default=None)

    def values(self, ttl: float) -> Mapping[str, float]:
        """``read()``, reused for ``ttl`` seconds if the state is slow."""
        now = time.monotonic()
        if self.cached is None or not self.slow or now - self.cached[0] >= ttl:
            self.cached = (now, self.read())
        return self.cached[1]


class StateCollector:
    """Yields the registered states of one app (a collector of a per-scrape registry)."""

    def __init__(self, app: Flask):
        self.app = app

    def collect(self):
        """One gauge family per registered state."""
        ttl = self.app.config["METRICS_STATE_TTL"]
        for state in self.app.extensions["gorilla.metric_states"]:
            family = GaugeMetricFamily(state.name, state.documentation, labels=(state.label,))
            for value, number in sorted(state.values(ttl).items()):
                family.add_metric((value,), number)
            yield family


def register_state(
    app: Flask,
    name: str,
    documentation: str,
    label: str,
    read: Callable[[], Mapping[str, float]],
    slow: bool = False,
) -> None:
    """Report ``read()`` (label value → number, computed in an app context) as gauge ``name``;
    a ``slow`` state is read at most once per ``METRICS_STATE_TTL`` seconds."""
    app.extensions.setdefault("gorilla.metric_states", []).append(
        State(name, documentation, label, read, slow)
    )


def tenants_by_status() -> dict[str, float]:
    """Number of tenants per status (``active``, ``suspended``)."""
    rows = db.session.execute(select(Tenant.status, func.count()).group_by(Tenant.status))
    return {status: count for status, count in rows}


def pool_usage() -> dict[str, float]:
    """Connections of this process's database pool (PostgreSQL: the one pool all tenants
    share; SQLite: the platform file's) that are checked out, idle, and its capacity."""
    pool = db.engine.pool
    if not hasattr(pool, "checkedout"):  # a pool without accounting (NullPool, StaticPool)
        return {}
    return {
        "checked_out": pool.checkedout(),
        "idle": pool.checkedin(),
        "capacity": pool.size() + max(pool._max_overflow, 0),
    }


def exposition() -> bytes:
    """The text format of every metric: this process's (or all workers') and the states."""
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    states = CollectorRegistry(auto_describe=False)
    states.register(StateCollector(current_app._get_current_object()))
    return generate_latest(registry) + generate_latest(states)


def init_app(app: Flask) -> None:
    """Report tenants by status and the database pool."""
    register_state(app, "gorilla_tenants", "Tenants by status", "status", tenants_by_status)
    register_state(
        app, "gorilla_db_pool_connections", "Database pool of the answering process", "state",
        pool_usage,
    )  # fmt: skip
