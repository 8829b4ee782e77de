"""The tenant registry, stored in the platform database."""

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain

from sqlalchemy import BigInteger, DateTime, String, event, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from gorilla.extensions import db

ACTIVE = "active"
SUSPENDED = "suspended"


def utcnow() -> datetime:
    """Timezone-aware current time in UTC."""
    return datetime.now(UTC)


def _new_tenant_id() -> str:
    return secrets.token_hex(8)


class Tenant(db.Model):
    """One agency: its subdomain (slug), display name and where its data lives."""

    __tablename__ = "tenants"

    id: Mapped[str] = mapped_column(String(16), primary_key=True, default=_new_tenant_id)
    slug: Mapped[str] = mapped_column(String(63), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    schema_name: Mapped[str] = mapped_column(String(63), unique=True)
    status: Mapped[str] = mapped_column(String(16), default=ACTIVE)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def info(self) -> "TenantInfo":
        """A detached, immutable copy safe to cache and to keep on ``g``."""
        return TenantInfo(self.id, self.slug, self.name, self.schema_name, self.status)


class DirectoryVersion(db.Model):
    """A single row counting changes to the registry (any process, any change of a tenant).

    Resolver caches compare it instead of re-reading every tenant: one query per cache TTL
    tells every process whether anything it cached may be stale.
    """

    __tablename__ = "tenant_directory"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


CURRENT_DIRECTORY_VERSION = select(DirectoryVersion.version).where(DirectoryVersion.id == 1)


@event.listens_for(Session, "after_flush")
def _count_registry_changes(session: Session, _flush_context) -> None:
    """Every flush that creates, changes or deletes a tenant bumps the directory version
    in the same transaction, so no code path can forget to."""
    if any(isinstance(obj, Tenant) for obj in chain(session.new, session.dirty, session.deleted)):
        session.connection().execute(
            update(DirectoryVersion).values(version=DirectoryVersion.version + 1)
        )


@dataclass(frozen=True)
class TenantInfo:
    """What a request needs to know about its tenant (cached by the resolver)."""

    id: str
    slug: str
    name: str
    schema_name: str
    status: str

    @property
    def is_active(self) -> bool:
        """Whether the tenant serves requests (not suspended)."""
        return self.status == ACTIVE
