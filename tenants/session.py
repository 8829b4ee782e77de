"""The SQLAlchemy session class that routes tenant tables to the resolved tenant only."""

from typing import Any

import sqlalchemy as sa
from flask import current_app, g
from flask_sqlalchemy.session import Session

from tenants.model_base import TENANT_SCHEMA


class TenantNotResolved(RuntimeError):
    """A tenant table was queried while no tenant is resolved for this context."""


class TenantSwitchRefused(RuntimeError):
    """A session bound to one tenant was asked to reach another one."""


def _is_tenant_table(table: Any) -> bool:
    return isinstance(table, sa.Table) and table.schema == TENANT_SCHEMA


def _touches_tenant(mapper: Any, clause: Any) -> bool:
    if mapper is not None:  # tenant and platform tables never meet in one statement
        return _is_tenant_table(sa.inspect(mapper).local_table)
    if clause is None:
        return False
    if _is_tenant_table(clause) or _is_tenant_table(getattr(clause, "table", None)):
        return True
    froms = clause.get_final_froms() if isinstance(clause, sa.Select) else []
    return any(_is_tenant_table(t) for f in froms for t in sa.sql.util.find_tables(f))


class TenantAwareSession(Session):
    """Sends tenant tables to the bind of ``g.tenant``; everything else to the platform.

    The first tenant the session touches is recorded; asking the same session for another
    tenant raises, so one session never mixes two tenants' identity maps.
    """

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):  # noqa: D102
        if bind is not None:
            return bind
        if not _touches_tenant(mapper, clause):
            return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)
        tenant = g.get("tenant")
        if tenant is None:
            raise TenantNotResolved("tenant table queried without a resolved tenant")
        bound_to = self.info.setdefault("tenant_id", tenant.id)
        if bound_to != tenant.id:
            raise TenantSwitchRefused(f"session bound to tenant {bound_to}, asked for {tenant.id}")
        engine = self.info.get("tenant_engine")
        if engine is None:  # looked up once per session (a request), not per statement
            engine = current_app.extensions["gorilla.tenant_binds"].bind_for(tenant)
            self.info["tenant_engine"] = engine
        return engine
