"""Key/value settings of one tenant (company name, default language, signature, …).

The store sits in ``tenants`` so that every layer may read it: the CRM settings screens write
it, mail and the customer area read it.
"""

import json
from typing import Any

from sqlalchemy import String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from gorilla.extensions import db
from tenants.model_base import TenantModel


class Setting(TenantModel):
    """One setting; the value is stored as JSON."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="null")


def get_setting(key: str, default: Any = None, session: Session | None = None) -> Any:
    """The decoded value of ``key`` in the current tenant, or ``default``."""
    raw = (session or db.session).scalar(select(Setting.value).where(Setting.key == key))
    return default if raw is None else json.loads(raw)


def set_setting(key: str, value: Any, session: Session | None = None) -> None:
    """Create or replace ``key`` (flushed with the caller's transaction)."""
    session = session or db.session
    setting = session.get(Setting, key) or Setting(key=key)
    setting.value = json.dumps(value)
    session.add(setting)
