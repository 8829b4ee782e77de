"""SQLite as Gorilla uses it: pysqlite with real transactions and shared connection settings.

Every Gorilla engine on SQLite (the platform file and each tenant file) uses the driver name
``sqlite+gorilla``, a pysqlite dialect that

* lets SQLite itself run transactions: pysqlite would begin one only before a write and commit
  before DDL, so reads of one request would not see one snapshot and DDL would not be
  transactional. SQLAlchemy's documented recipe does this with a ``begin`` engine event; here the
  dialect sends ``BEGIN``, because any engine event makes SQLAlchemy dispatch its (empty)
  per-statement events on every statement of every engine;
* applies the connection settings (foreign keys, busy timeout, WAL) when a connection opens;
* begins ``IMMEDIATE`` transactions on the database a writing request works on (the tenant's
  file, or the platform file for the platform site): such a request takes the write lock before
  its first read and waits for it up to the busy timeout. A deferred transaction that reads and
  then writes fails at once with "database is locked" when another writer committed meanwhile
  (SQLite cannot upgrade a stale read snapshot), which concurrent requests did.

Requests reach a tenant file through ``attached_engine``: an in-memory main database with the file
attached under the name of the placeholder schema of tenant tables, so statements run as compiled
(no per-statement schema translation).
"""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

import sqlalchemy as sa
from flask import Flask, current_app, g, request
from sqlalchemy import event
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.pool import QueuePool

from tenants.model_base import TENANT_SCHEMA

DRIVER_NAME = "sqlite+gorilla"
CONNECTION_PRAGMAS = ("PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=10000")
FILE_PRAGMAS = ("journal_mode=WAL", "synchronous=NORMAL")  # per database file
# URI filenames on for ATTACH; connections move between threads through the pool.
ATTACHING_CONNECT_ARGS = {"uri": True, "check_same_thread": False}
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# The database ("tenant" or "platform") whose transactions begin IMMEDIATE in this context.
WRITING_TO: ContextVar[str | None] = ContextVar("gorilla_sqlite_writing_to", default=None)


class GorillaSQLiteDialect(SQLiteDialect_pysqlite):
    """pysqlite with explicit ``BEGIN`` and Gorilla's connection settings.

    ``database`` says which database an engine's connections work on: the platform file, or
    ``"tenant"`` for engines of :func:`attached_engine`.
    """

    supports_statement_cache = True
    database = "platform"

    def on_connect(self):  # noqa: D102 - SQLAlchemy's hook
        pysqlite_setup = super().on_connect()

        def setup(dbapi_connection: sqlite3.Connection) -> None:
            pysqlite_setup(dbapi_connection)
            dbapi_connection.isolation_level = None  # no implicit BEGIN/COMMIT by pysqlite
            for pragma in CONNECTION_PRAGMAS:
                dbapi_connection.execute(pragma)
            for pragma in FILE_PRAGMAS:
                dbapi_connection.execute(f"PRAGMA main.{pragma}")

        return setup

    def do_begin(self, dbapi_connection) -> None:  # noqa: D102 - SQLAlchemy's hook
        immediate = WRITING_TO.get() == self.database
        dbapi_connection.driver_connection.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")


registry.register(DRIVER_NAME.replace("+", "."), __name__, GorillaSQLiteDialect.__name__)


def gorilla_sqlite_url(url: str | URL) -> URL:
    """``url`` with Gorilla's SQLite driver when it is a plain (pysqlite) SQLite URL."""
    url = make_url(url)
    if url.drivername in ("sqlite", "sqlite+pysqlite"):
        return url.set(drivername=DRIVER_NAME)
    return url


def attached_engine(path: Path, **options) -> Engine:
    """An engine whose connections attach the existing file ``path`` as the tenant schema.

    Connecting fails instead of creating a missing file.
    """
    engine = sa.create_engine(
        f"{DRIVER_NAME}://", poolclass=QueuePool, connect_args=ATTACHING_CONNECT_ARGS, **options
    )
    uri = f"{path.resolve().as_uri()}?mode=rw"

    def attach(dbapi_connection: sqlite3.Connection, _record) -> None:
        dbapi_connection.execute(f"ATTACH DATABASE ? AS {TENANT_SCHEMA}", (uri,))
        for pragma in FILE_PRAGMAS:
            dbapi_connection.execute(f"PRAGMA {TENANT_SCHEMA}.{pragma}")

    event.listen(engine, "connect", attach)
    engine.dialect.database = "tenant"
    return engine


@contextmanager
def immediate_transactions(database: str = "tenant") -> Iterator[None]:
    """Transactions on ``database`` that begin inside the block begin IMMEDIATE (for work
    outside requests that reads to decide what to write, such as claiming outbox rows)."""
    token = WRITING_TO.set(database)
    try:
        yield
    finally:
        WRITING_TO.reset(token)


def holds_write_lock(database: str = "tenant") -> bool:
    """Whether transactions on ``database`` begin IMMEDIATE now (a writing request on SQLite):
    the request's own transaction then holds the write lock, and another connection writing
    to the same file would wait for it until the request ends."""
    return WRITING_TO.get() == database


def writes_on_get(view):
    """Mark a view that writes although it answers GET (one-time links)."""
    view.writes_on_get = True
    return view


def request_writes() -> bool:
    """Whether this request writes: an unsafe method, or a view marked ``writes_on_get``
    (such a request commits its work after the view, see ``gorilla.unit_of_work``)."""
    if request.method not in SAFE_METHODS:
        return True
    return getattr(current_app.view_functions.get(request.endpoint), "writes_on_get", False)


def begin_writes_immediately() -> None:
    """``before_request``: a writing request begins IMMEDIATE on its site's database."""
    WRITING_TO.set(g.get("site") if request_writes() else None)


def end_write_request(_error=None) -> None:
    """``teardown_request``: later work in this context begins deferred again."""
    WRITING_TO.set(None)


def init_app(app: Flask, after: object) -> None:
    """Decide the transaction mode of each request right after the ``before_request`` hook
    ``after`` (the tenant resolver, which sets ``g.site``)."""
    hooks = app.before_request_funcs.setdefault(None, [])
    hooks.insert(hooks.index(after) + 1, begin_writes_immediately)
    app.teardown_request(end_write_request)
