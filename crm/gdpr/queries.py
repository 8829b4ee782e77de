"""What a contact's data export holds, and the ZIP that carries it.

``data.json`` lists the contact's own fields, permissions and notification switches, its
sign-in sessions, the audit entries about it or by it (failed sign-ins on its address
included), its own task comments, its consents and erasure requests, references (number,
date, status) to the documents of its customer it may open, and its answers, signatures,
comments and tickets (``dealings``). ``files/`` holds its profile picture, signature images
and ticket attachments. Nothing about another contact is read: every query is filtered by this
contact's id (or, for document references, its customer and permissions).
"""

import json
import tempfile
import zipfile
from collections.abc import Iterator
from datetime import datetime
from typing import IO, Any

from flask import Response
from sqlalchemy import and_, or_, select

from crm.contacts.models import NOTIFICATIONS, Contact, Permission
from crm.invoices.models import Invoice, InvoiceStatus
from crm.projects.models import Project
from crm.tasks.models import Task, TaskComment
from gorilla.audit import AuditEntry
from gorilla.auth import Realm
from gorilla.extensions import db
from gorilla.sessions import AuthSession
from gorilla.storage import upload_path

from .dealings import Files, dealings
from .models import Consent, ErasureRequest

FORMAT_VERSION = 1
SPOOL_LIMIT = 8 * 1024 * 1024  # larger exports spill from memory to a temporary file
CHUNK = 64 * 1024


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _own_fields(contact: Contact) -> dict[str, Any]:
    return {
        "id": contact.id,
        "firstname": contact.firstname,
        "lastname": contact.lastname,
        "title": contact.title,
        "email": contact.email,
        "phonenumber": contact.phonenumber,
        "direction": contact.direction,
        "is_primary": contact.is_primary,
        "active": contact.active,
        "created_at": _when(contact.created_at),
        "last_login": _when(contact.last_login),
        "customer": {"id": contact.customer_id, "company": contact.customer.company},
        "permissions": sorted(contact.permissions),
        "notifications": {flag.value: bool(getattr(contact, flag)) for flag in NOTIFICATIONS},
    }


def _sessions(contact: Contact) -> list[dict]:
    rows = db.session.scalars(
        select(AuthSession)
        .where(AuthSession.realm == Realm.CONTACT, AuthSession.user_id == contact.id)
        .order_by(AuthSession.created)
    )
    return [
        {"started": _when(row.created_at), "last_seen": _when(row.last_seen_at)}
        | (
            {"opened_by_agency": True}  # staff signed in as the contact: their device, not its
            if row.opened_by is not None
            else {"ip_address": row.ip_address, "user_agent": row.user_agent}
        )
        for row in rows
    ]


def _audit(contact: Contact) -> list[dict]:
    """Entries by the contact, about it, and failed sign-ins typed with its address."""
    by_contact = and_(AuditEntry.actor_realm == Realm.CONTACT, AuditEntry.actor_id == contact.id)
    about = and_(
        AuditEntry.subject_type == Contact.__tablename__, AuditEntry.subject_id == contact.id
    )
    failed = and_(
        AuditEntry.actor_realm == Realm.CONTACT,
        AuditEntry.actor_id.is_(None),
        AuditEntry.actor_name == contact.email,
    )
    rows = db.session.scalars(
        select(AuditEntry).where(or_(by_contact, about, failed)).order_by(AuditEntry.id)
    )
    entries = []
    for row in rows:
        own = row.actor_realm == Realm.CONTACT and row.actor_id in (contact.id, None)
        entries.append(
            {
                "time": _when(row.created_at),
                "action": row.action,
                "action_label": row.action_label,
                "by": "you" if own else row.actor_realm or "system",
                # staff members' addresses are theirs, not the contact's
                "ip_address": row.ip_address if own else "",
                "details": json.loads(row.details or "{}")
                if row.subject_id == contact.id or own
                else {},
            }
        )
    return entries


def _comments(contact: Contact) -> list[dict]:
    rows = db.session.execute(
        select(TaskComment, Task.name)
        .join(Task, Task.id == TaskComment.task_id)
        .where(TaskComment.contact_id == contact.id)
        .order_by(TaskComment.id)
    )
    return [
        {
            "task_id": comment.task_id,
            "task": name,
            "time": _when(comment.created_at),
            "body": comment.body,
        }
        for comment, name in rows
    ]


def _consents(contact: Contact) -> list[dict]:
    rows = db.session.scalars(
        select(Consent).where(Consent.contact_id == contact.id).order_by(Consent.id)
    )
    return [
        {
            "purpose": row.purpose,
            "action": row.action,
            "text_version": row.text_version,
            "time": _when(row.created_at),
            "ip_address": row.ip_address,
            "user_agent": row.user_agent,
        }
        for row in rows
    ]


def _erasure_requests(contact: Contact) -> list[dict]:
    rows = db.session.scalars(
        select(ErasureRequest)
        .where(ErasureRequest.contact_id == contact.id)
        .order_by(ErasureRequest.id)
    )
    return [
        {"time": _when(row.created_at), "status": row.status, "handled_at": _when(row.handled_at)}
        for row in rows
    ]


def _documents(contact: Contact) -> dict[str, list[dict]]:
    """References to the customer's documents the contact may open (no contents)."""
    documents: dict[str, list[dict]] = {}
    if contact.has_permission(Permission.INVOICES):
        invoices = db.session.scalars(
            select(Invoice)
            .where(
                Invoice.customer_id == contact.customer_id, Invoice.status != InvoiceStatus.DRAFT
            )
            .order_by(Invoice.id)
        )
        documents["invoices"] = [
            {
                "number": row.number,
                "date": row.issue_date.isoformat(),
                "status": row.status,
                "total": str(row.total),
                "currency": row.currency,
            }
            for row in invoices
        ]
    if contact.has_permission(Permission.PROJECTS):
        projects = db.session.scalars(
            select(Project).where(Project.customer_id == contact.customer_id).order_by(Project.id)
        )
        documents["projects"] = [
            {"id": row.id, "name": row.name, "status": row.status} for row in projects
        ]
    return documents


def export_data(contact: Contact, tenant_name: str, created_at: datetime) -> tuple[dict, Files]:
    """``data.json``'s content and the files (name in the ZIP → stored file) of ``contact``."""
    files: Files = {}
    picture = upload_path(contact.profile_image)
    own = _own_fields(contact)
    own["profile_image"] = None
    if picture is not None:
        own["profile_image"] = f"files/profile{picture.suffix}"
        files[own["profile_image"]] = picture
    data = {
        "export": {
            "format_version": FORMAT_VERSION,
            "created_at": _when(created_at),
            "controller": tenant_name,
        },
        "contact": own,
        "sign_in_sessions": _sessions(contact),
        "audit_entries": _audit(contact),
        "task_comments": _comments(contact),
        "consents": _consents(contact),
        "erasure_requests": _erasure_requests(contact),
        "documents": _documents(contact),
        **dealings(contact, files),
    }
    return data, files


def export_zip(contact: Contact, tenant_name: str, created_at: datetime) -> IO[bytes]:
    """The export as a ZIP in a spooled temporary file (memory up to ``SPOOL_LIMIT``),
    positioned at its start; ``export_response`` streams and closes it."""
    data, files = export_data(contact, tenant_name, created_at)
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_LIMIT)  # noqa: SIM115 - the response closes it
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2, default=str))
        for name, path in files.items():  # one file at a time, from disk into the spool
            archive.write(path, name)
    spool.seek(0)
    return spool


def _chunks(archive: IO[bytes]) -> Iterator[bytes]:
    try:
        while chunk := archive.read(CHUNK):
            yield chunk
    finally:
        archive.close()


def export_response(contact: Contact, tenant_name: str, created_at: datetime, filename: str):
    """The export as a download, streamed from its spooled file in chunks."""
    archive = export_zip(contact, tenant_name, created_at)
    size = archive.seek(0, 2)
    archive.seek(0)
    return Response(
        _chunks(archive),
        mimetype="application/zip",
        headers={
            "Content-Disposition": f"attachment; filename={filename}",
            "Content-Length": str(size),
        },
        direct_passthrough=True,
    )
