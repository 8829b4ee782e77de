"""Prometheus metrics (``prometheus_client``): requests, latency, DB connections, and state
that features report at scrape time (tenants by status, outbox).

Label values come from small fixed sets (area, status code, tenant or message status): never a
tenant slug, user or path. Under gunicorn with several workers set ``PROMETHEUS_MULTIPROC_DIR``
(an empty folder) before start: each worker writes its counters there and ``/metrics`` adds up
all of them (``gunicorn.conf.py`` wipes the folder at start and marks dead workers).
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
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import event, func, select
from sqlalchemy.pool import Pool

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
DB_CONNECTIONS = Gauge(
    "gorilla_db_connections_in_use",
    "Database connections checked out of the pools (summed over live processes)",
    multiprocess_mode="livesum",
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


def _checked_out(*_args) -> None:
    DB_CONNECTIONS.inc()


def _checked_in(*_args) -> None:
    DB_CONNECTIONS.dec()


@dataclass
class State:
    """A gauge computed at scrape time: ``read()`` maps a value of ``label`` to a number."""

    name: str
    documentation: str
    label: str
    read: Callable[[], Mapping[str, float]]
    cached: tuple[float, Mapping[str, float]] | None = field(default=None)

    def values(self, ttl: float) -> Mapping[str, float]:
        """``read()``, reused for ``ttl`` seconds (some states query every tenant)."""
        now = time.monotonic()
        if self.cached is None or now - self.cached[0] >= ttl:
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
    app: Flask, name: str, documentation: str, label: str, read: Callable[[], Mapping[str, float]]
) -> None:
    """Report ``read()`` (label value → number, computed in an app context) as gauge ``name``."""
    app.extensions.setdefault("gorilla.metric_states", []).append(
        State(name, documentation, label, read)
    )


def tenants_by_status() -> dict[str, float]:
    """Number of tenants per status (``active``, ``suspended``)."""
    rows = db.session.execute(select(Tenant.status, func.count()).group_by(Tenant.status))
    return {status: count for status, count in rows}


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
    """Count pool checkouts (of every engine, once per process) and report tenants by status."""
    if not event.contains(Pool, "checkout", _checked_out):
        event.listen(Pool, "checkout", _checked_out)
        event.listen(Pool, "checkin", _checked_in)
    register_state(app, "gorilla_tenants", "Tenants by status", "status", tenants_by_status)
