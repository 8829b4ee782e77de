"""SQLite as Gorilla uses it: pysqlite with real transactions and shared connection settings.

Every Gorilla engine on SQLite (the platform file and each tenant file) uses the driver name
``sqlite+gorilla``, a pysqlite dialect that

* lets SQLite itself run transactions: pysqlite would begin one only before a write and commit
  before DDL, so reads of one request would not see one snapshot and DDL would not be
  transactional. SQLAlchemy's documented recipe does this with a ``begin`` engine event; here the
  dialect sends ``BEGIN``, because any engine event makes SQLAlchemy dispatch its (empty)
  per-statement events on every statement of every engine;
* applies the connection settings (foreign keys, busy timeout, WAL) when a connection opens.

Requests reach a tenant file through ``attached_engine``: an in-memory main database with the file
attached under the name of the placeholder schema of tenant tables, so statements run as compiled
(no per-statement schema translation).
"""

import sqlite3
from pathlib import Path

import sqlalchemy as sa
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


class GorillaSQLiteDialect(SQLiteDialect_pysqlite):
    """pysqlite with explicit ``BEGIN`` and Gorilla's connection settings."""

    supports_statement_cache = True

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
        dbapi_connection.driver_connection.execute("BEGIN")


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
    return engine
