"""Per-tenant database binds: a schema on the shared PostgreSQL pool, or a SQLite file each."""

import os
import threading
from collections import OrderedDict
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from tenants.model_base import TENANT_SCHEMA


class TenantBinds:
    """Hands out the engine to use for one tenant's tables.

    PostgreSQL: one engine and pool for everyone; each tenant gets a light option-engine whose
    ``schema_translate_map`` sends the placeholder schema to ``tenant_<slug>``. No
    ``search_path`` is ever set on pooled connections.

    SQLite: one database file per tenant under ``<instance>/tenants/``; engines are kept in a
    bounded LRU cache and disposed when evicted.
    """

    def __init__(self, platform_engine: Engine, instance_path: str, cache_size: int = 128):
        self.platform_engine = platform_engine
        self.uses_schemas = platform_engine.dialect.name == "postgresql"
        self.tenant_dir = Path(instance_path) / "tenants"
        self.cache_size = cache_size
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        self._lock = threading.Lock()

    def bind_for(self, tenant) -> Engine:
        """The engine for ``tenant``'s tables (``tenant`` has a ``schema_name``)."""
        return self.engine_for_schema(tenant.schema_name)

    def engine_for_schema(self, schema_name: str) -> Engine:
        """The engine for the tenant stored under ``schema_name`` (schema or file stem)."""
        with self._lock:
            engine = self._engines.get(schema_name)
            if engine is not None:
                self._engines.move_to_end(schema_name)
                return engine
        engine = self._make_engine(schema_name)
        with self._lock:
            self._engines[schema_name] = engine
            while len(self._engines) > self.cache_size:
                _, evicted = self._engines.popitem(last=False)
                if not self.uses_schemas:
                    evicted.dispose()
        return engine

    def forget(self, schema_name: str) -> None:
        """Drop the cached engine of a tenant (before its file is deleted or renamed)."""
        with self._lock:
            engine = self._engines.pop(schema_name, None)
        if engine is not None and not self.uses_schemas:
            engine.dispose()

    def sqlite_path(self, schema_name: str) -> Path:
        """Where the SQLite file of a tenant lives."""
        return self.tenant_dir / f"{schema_name}.db"

    def sqlite_engine(self, path: os.PathLike | str, **options) -> Engine:
        """A SQLite engine on ``path`` with tenant tables mapped to the file's main schema."""
        engine = sa.create_engine(f"sqlite:///{path}", **options)
        return engine.execution_options(schema_translate_map={TENANT_SCHEMA: None})

    def _make_engine(self, schema_name: str) -> Engine:
        if self.uses_schemas:
            return self.platform_engine.execution_options(
                schema_translate_map={TENANT_SCHEMA: schema_name}
            )
        return self.sqlite_engine(
            self.sqlite_path(schema_name), pool_size=1, max_overflow=4, pool_timeout=10
        )
