"""Per-tenant database binds: a schema on the shared PostgreSQL pool, or a SQLite file each."""

import os
import threading
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from werkzeug.exceptions import NotFound

from tenants.cache import MISSING, LRUCache
from tenants.model_base import TENANT_SCHEMA
from tenants.sqlite import DRIVER_NAME, attached_engine


def _dispose(engine: Engine) -> None:
    engine.dispose()


class TenantStorageMissing(NotFound):
    """The tenant's database file is gone (deleted by another process): answer 404."""


class TenantBinds:
    """Hands out the engine to use for one tenant's tables.

    PostgreSQL: one engine and pool for everyone; each tenant gets a light option-engine whose
    ``schema_translate_map`` sends the placeholder schema to ``tenant_<slug>``. No
    ``search_path`` is ever set on pooled connections.

    SQLite: one database file per tenant under ``<instance>/tenants/``, attached to each
    connection as the placeholder schema itself, so requests need no schema translation; engines
    are kept in a bounded LRU cache and disposed when evicted.
    """

    def __init__(self, platform_engine: Engine, instance_path: str, cache_size: int = 128):
        self.platform_engine = platform_engine
        self.uses_schemas = platform_engine.dialect.name == "postgresql"
        self.tenant_dir = Path(instance_path) / "tenants"
        self._engines = LRUCache(cache_size, on_evict=None if self.uses_schemas else _dispose)
        self._lock = threading.Lock()  # guards _inodes
        self._inodes: dict[tuple[str, str], int] = {}

    def bind_for(self, tenant) -> Engine:
        """The engine for ``tenant``'s tables, cached per tenant id and schema/file.

        Keying by the tenant id means a tenant recreated under an old slug never inherits a
        cached engine of its predecessor. On SQLite the file's inode is checked too: a file
        deleted (or replaced) by another process is never served from a stale open handle, and
        a missing file answers 404 instead of being recreated empty.
        """
        key = (tenant.id, tenant.schema_name)
        if self.uses_schemas:
            return self._cached(key)
        try:
            inode = self.sqlite_path(tenant.schema_name).stat().st_ino
        except FileNotFoundError:
            self.forget(tenant.schema_name)
            raise TenantStorageMissing() from None
        if self._inodes.setdefault(key, inode) != inode:
            self.forget(tenant.schema_name)
            self._inodes[key] = inode
        return self._cached(key)

    def engine_for_schema(self, schema_name: str) -> Engine:
        """An engine for maintenance work on ``schema_name`` (schema or file stem)."""
        return self._cached((None, schema_name))

    def _cached(self, key: tuple[str | None, str]) -> Engine:
        engine = self._engines.get(key)
        if engine is MISSING:
            engine = self._make_engine(key[1])
            self._engines.set(key, engine)
        return engine

    def forget(self, schema_name: str) -> None:
        """Drop every cached engine of ``schema_name`` (before its file or schema goes)."""
        engines = self._engines.pop_where(lambda key: key[1] == schema_name)
        with self._lock:
            for key in [key for key in self._inodes if key[1] == schema_name]:
                del self._inodes[key]
        if not self.uses_schemas:
            for engine in engines:
                engine.dispose()

    def sqlite_path(self, schema_name: str) -> Path:
        """Where the SQLite file of a tenant lives."""
        return self.tenant_dir / f"{schema_name}.db"

    def sqlite_engine(self, path: os.PathLike | str, **options) -> Engine:
        """An engine on the SQLite file ``path`` (created if missing) for provisioning, migrations.

        Tenant tables are translated to the file's main schema, so DDL and Alembic see plain
        tables.
        """
        engine = sa.create_engine(f"{DRIVER_NAME}:///{path}", **options)
        return engine.execution_options(schema_translate_map={TENANT_SCHEMA: None})

    def _make_engine(self, schema_name: str) -> Engine:
        if self.uses_schemas:
            return self.platform_engine.execution_options(
                schema_translate_map={TENANT_SCHEMA: schema_name}
            )
        return attached_engine(
            self.sqlite_path(schema_name), pool_size=1, max_overflow=4, pool_timeout=10
        )
