"""Write audit entries in the caller's transaction; purge those past the retention."""

import json
from datetime import timedelta
from typing import Any

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import delete

from gorilla.extensions import db
from tenants.models import utcnow

from .models import AuditAction, AuditEntry

LABEL_ATTRIBUTES = ("audit_label", "full_name", "company", "slug")


def _label(subject: object) -> str:
    """How an entry names ``subject``: its ``audit_label``, full name, company or slug."""
    return next(
        (str(value) for name in LABEL_ATTRIBUTES if (value := getattr(subject, name, None))),
        "",
    )


def _signed_in():
    """The signed-in user of this request, if any."""
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user._get_current_object()
    return None


def record(
    action: AuditAction,
    *,
    subject: object = None,
    label: str | None = None,
    customer_id: int | None = None,
    details: dict[str, Any] | None = None,
    actor: object = None,
    actor_name: str | None = None,
) -> AuditEntry:
    """Add an entry to the current transaction (it lasts when the caller's work commits).

    ``actor`` defaults to the signed-in user; ``actor_name`` names an actor without an
    account (a failed sign-in's typed email). ``subject`` is the record acted on (a model
    with ``id``); ``label`` overrides its name.
    """
    actor = actor or _signed_in()
    entry = AuditEntry(
        action=str(action),
        actor_realm=str(getattr(actor, "realm", "") or ""),
        actor_id=getattr(actor, "id", None),
        actor_name=(actor_name or _label(actor))[:254],
        subject_type=getattr(subject, "__tablename__", "") if subject is not None else "",
        subject_id=getattr(subject, "id", None),
        subject_label=(label if label is not None else _label(subject))[:254],
        customer_id=customer_id,
        ip_address=(request.remote_addr or "")[:45] if has_request_context() else "",
        details=json.dumps(details or {}, ensure_ascii=False, sort_keys=True, default=str),
    )
    db.session.add(entry)
    return entry


def purge_older_than(days: int) -> int:
    """Delete the entries older than ``days`` days (in the caller's transaction); returns how
    many went."""
    cutoff = utcnow() - timedelta(days=days)
    result = db.session.execute(delete(AuditEntry).where(AuditEntry.created_at < cutoff))
    return result.rowcount
