"""Tenant schemas kept between tests on PostgreSQL and Citus (a test helper, not product code).

Creating a tenant there costs about 0.2 s on PostgreSQL and a second on a Citus coordinator
(each of its tables is a distributed DDL operation), dropping it a tenth and half of that: on
Citus this made the whole suite take 45 minutes. A test's teardown instead empties the schema of
a tenant that is at head and matches the models (one ``TRUNCATE``), renames it out of the way
and keeps it; the next tenant a test provisions through ``tests.conftest.provision`` takes a
kept schema, renamed to its own name, with its registry row and the seeders' default data as
``create_tenant`` writes them. Tests of ``create_tenant`` and ``delete_tenant`` themselves (CLI,
sign-up, lifecycle) call them directly and always build and drop for real, and the SQLite run
builds every tenant for real.
"""

import secrets

from gorilla.extensions import db
from gorilla.unit_of_work import commit_now
from tenants.migrations import head_revision, revisions
from tenants.model_base import TENANT_SCHEMA, TenantModel
from tenants.models import Tenant, TenantInfo
from tenants.provisioning import (
    ProvisionRequest,
    free_schema_name,
    get_tenant,
    seed_tenant,
    tenant_binds,
)
from tenants.schema_check import schema_differences
from tenants.slugs import validate_slug

PREFIX = "pool_"
MAX_KEPT = 6  # more than any test provisions at once; tenants beyond it are dropped
_kept: list[str] = []  # schema names of this test session's database


def forget_kept() -> None:
    """The database was emptied: nothing is kept any more."""
    _kept.clear()


def _invalidate(app, slug: str) -> None:
    app.extensions["gorilla.tenant_directory"].invalidate(slug)


def keep(app, slug: str) -> bool:
    """Empty and keep tenant ``slug``'s schema instead of dropping it (in an app context);
    False, leaving everything as it was, when the schema is not at head or differs from the
    models (a test migrated or damaged it) or ``MAX_KEPT`` are kept: delete the tenant then."""
    if len(_kept) >= MAX_KEPT:
        return False
    binds = tenant_binds()
    info = get_tenant(slug).info()
    # The checks read on connections of their own: hold none meanwhile (behind PgBouncer a
    # test's pool may have a single server connection).
    db.session.rollback()
    if revisions(binds, [info])[slug] != head_revision() or schema_differences(binds, info):
        return False
    binds.forget(info.schema_name)
    kept = f"{PREFIX}{secrets.token_hex(6)}"
    connection = db.session.connection()
    tables = ", ".join(
        f'"{info.schema_name}"."{table.name}"' for table in TenantModel.metadata.sorted_tables
    )
    connection.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    connection.exec_driver_sql(f'ALTER SCHEMA "{info.schema_name}" RENAME TO "{kept}"')
    db.session.delete(get_tenant(slug))
    commit_now()
    _invalidate(app, slug)
    _kept.append(kept)
    return True


def reuse(app, request: ProvisionRequest) -> TenantInfo | None:
    """A tenant for ``request`` in a kept schema (in an app context), or None when none is
    kept."""
    if not _kept:
        return None
    kept = _kept.pop()
    slug = validate_slug(request.slug)
    tenant = Tenant(slug=slug, name=request.name.strip(), schema_name=free_schema_name(slug))
    db.session.add(tenant)
    db.session.flush()
    info = tenant.info()
    connection = db.session.connection()
    connection.exec_driver_sql(f'ALTER SCHEMA "{kept}" RENAME TO "{info.schema_name}"')
    tenant_connection = connection.execution_options(
        schema_translate_map={TENANT_SCHEMA: info.schema_name}
    )
    seed_tenant(tenant_connection, info, request)
    commit_now()
    _invalidate(app, slug)
    return info
