"""API keys (tenant table) and their scopes."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from gorilla.choices import LabelledEnum
from tenants.model_base import TenantModel
from tenants.models import utcnow


class Scope(LabelledEnum):
    """What a key may do: ``<resource>:read`` or ``<resource>:write``."""

    CUSTOMERS_READ = "customers:read", _l("Read customers")
    CUSTOMERS_WRITE = "customers:write", _l("Change customers")
    CONTACTS_READ = "contacts:read", _l("Read contacts")
    CONTACTS_WRITE = "contacts:write", _l("Change contacts")
    PROJECTS_READ = "projects:read", _l("Read projects")
    PROJECTS_WRITE = "projects:write", _l("Change projects")
    TASKS_READ = "tasks:read", _l("Read tasks")
    TASKS_WRITE = "tasks:write", _l("Change tasks")
    INVOICES_READ = "invoices:read", _l("Read invoices")
    ESTIMATES_READ = "estimates:read", _l("Read estimates")
    CREDIT_NOTES_READ = "credit_notes:read", _l("Read credit notes")
    PROPOSALS_READ = "proposals:read", _l("Read proposals")
    CONTRACTS_READ = "contracts:read", _l("Read contracts")
    TICKETS_READ = "tickets:read", _l("Read tickets")


SCOPES = tuple(Scope)


class ApiKey(TenantModel):
    """One key of the tenant; ``revoked_at`` set means it no longer works."""

    __tablename__ = "api_keys"
    realm = "api"  # how the audit log names a key acting (``gorilla.audit.record``)
    is_authenticated = True
    is_active = True
    is_anonymous = False

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[int | None] = mapped_column(Integer)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def scope_set(self) -> set[str]:
        """The granted scopes."""
        return set(filter(None, self.scopes.split(",")))

    @property
    def audit_label(self) -> str:
        """How the audit log names the key."""
        return f"API: {self.name} ({self.prefix})"

    def get_id(self) -> str:
        """Flask-Login's user id (the key stands in for the user of an API request)."""
        return f"api:{self.id}"
