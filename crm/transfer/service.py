"""Customer import: keep the uploaded file per tenant until it is confirmed (or expires), and
write all of its customers and contacts in bulk in the caller's transaction.

Rows go in with one multi-row INSERT per table (``session.execute(insert(...), rows)``), so the
ORM's flush listener does not see them: the search index is written here
(``gorilla.search.index_inserted``).
"""

import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace

from flask_babel import gettext as _
from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

import mail_templates
from crm.contacts.models import NOTIFICATIONS, PERMISSIONS, Contact, search_text_of
from crm.contacts.service import default_permissions, notifications_for
from crm.customer_groups.service import groups_default_permissions
from crm.customers.models import Customer
from gorilla.audit import AuditAction, record
from gorilla.extensions import db
from gorilla.forms import CONTROL_CHARACTERS
from gorilla.i18n import DEFAULT_LANGUAGE
from gorilla.passwords import new_session_token
from gorilla.search import index_inserted
from tenants.models import utcnow

from .checks import ImportPlan, ImportRow, plan_import
from .models import PendingImport
from .reading import CUSTOMER_KEYS, CsvFile, parse_text

EXPIRES = timedelta(hours=2)
TOKEN_RE = re.compile(r"^[0-9a-f]{32}$")
MAIL_BATCH = 500


class ImportRefused(ValueError):
    """The file cannot be imported as it is; ``str(error)`` says why (German)."""


class ImportGone(LookupError):
    """Another request confirmed (or the purge removed) the upload meanwhile."""


@dataclass(frozen=True)
class ImportResult:
    """What an import created and skipped."""

    customers: int
    contacts: int
    skipped: int


def purge_expired() -> int:
    """Delete the uploads of the tenant older than ``EXPIRES``; returns how many."""
    cutoff = utcnow() - EXPIRES
    return db.session.execute(
        delete(PendingImport).where(PendingImport.created_at < cutoff)
    ).rowcount


def keep_upload(csv_file: CsvFile, filename: str, staff_id: int) -> str:
    """Store the file's text for the preview and the confirmation; returns its token."""
    purge_expired()
    token = secrets.token_hex(16)
    db.session.add(
        PendingImport(
            token=token,
            staff_id=staff_id,
            filename=CONTROL_CHARACTERS.sub("", filename)[:200],  # NUL: PostgreSQL refuses it
            content=csv_file.text,
        )
    )
    return token


def pending_import(token: str, staff_id: int) -> PendingImport | None:
    """The upload ``token`` of staff member ``staff_id`` if it has not expired."""
    if not TOKEN_RE.match(token):
        return None
    return db.session.scalar(
        select(PendingImport).where(
            PendingImport.token == token,
            PendingImport.staff_id == staff_id,
            PendingImport.created_at >= utcnow() - EXPIRES,
        )
    )


def plan_of(pending: PendingImport) -> ImportPlan:
    """Check the kept file's rows against the tenant as it is now."""
    return plan_import(parse_text(pending.content))


def _customer_values(row: ImportRow, now) -> dict:
    values = {key: row.values[key] for key in CUSTOMER_KEYS}
    values["default_language"] = values["default_language"].lower() or DEFAULT_LANGUAGE
    return values | {"active": True, "created_at": now}


def _insert(model: type, rows: list[dict]) -> list[int]:
    """Insert ``rows`` in one executemany; returns their new ids in order."""
    if not rows:
        return []
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    ids = db.session.scalars(statement, rows).all()
    index_inserted(
        db.session,
        model,
        [SimpleNamespace(**row, id=id_) for row, id_ in zip(rows, ids, strict=True)],
    )
    return ids


def _permission_values(permissions: set[str]) -> dict:
    allowed = notifications_for(permissions)
    return {
        "permission_list": ",".join(name for name in PERMISSIONS if name in permissions),
        **{flag: flag in allowed for flag in NOTIFICATIONS},
    }


def _contact_rows(
    plan: ImportPlan, customer_ids: dict[str, int], companies: dict[int, str], now
) -> list[dict]:
    """New contacts get their customer groups' default permissions, else the tenant's (as
    ``crm.contacts.service.default_permissions_for``); new customers are in no group.
    ``companies``: the company of each customer id (the contacts' search text)."""
    tenant_defaults = _permission_values(default_permissions())
    from_groups = {
        customer_id: _permission_values(permissions)
        for customer_id, permissions in groups_default_permissions(plan.existing.values()).items()
    }
    common = {
        "direction": "",
        "active": True,
        "token_version": 0,
        "created_at": now,
    }
    has_primary = set(plan.with_primary)
    rows = []
    for row in plan.new_contacts:
        customer_id = customer_ids[row.company_key]
        values = row.values
        rows.append(
            common
            | from_groups.get(customer_id, tenant_defaults)
            | {
                "customer_id": customer_id,
                "firstname": values["firstname"],
                "lastname": values["lastname"],
                "title": values["title"],
                "email": row.email,
                "phonenumber": values["contact_phonenumber"],
                "is_primary": customer_id not in has_primary,
                "session_token": new_session_token(),
            }
        )
        rows[-1]["search_text"] = search_text_of(rows[-1], companies[customer_id])
        has_primary.add(customer_id)
    return rows


def _companies(customer_ids) -> dict[int, str]:
    """The companies of existing customers, read-locked until the import commits: a rename
    meanwhile waits, then rewrites the new contacts' search texts too."""
    rows = db.session.execute(
        select(Customer.id, Customer.company)
        .where(Customer.id.in_(list(customer_ids)))
        .with_for_update(read=True)
    )
    return {customer_id: company for customer_id, company in rows}


def _send_welcome(contact_ids: list[int]) -> None:
    for start in range(0, len(contact_ids), MAIL_BATCH):
        contacts = db.session.scalars(
            select(Contact)
            .where(Contact.id.in_(contact_ids[start : start + MAIL_BATCH]))
            .options(joinedload(Contact.customer))
        )
        for contact in contacts:
            mail_templates.send("contact-welcome", to=contact)


def run_import(pending: PendingImport, *, send_welcome: bool = False) -> ImportResult:
    """Create the file's customers and contacts, all or nothing; duplicates by email are
    skipped. Raises ``ImportRefused`` (nothing written) when a row has errors or the tenant
    changed meanwhile (an address taken since the preview), ``ImportGone`` when another
    request confirmed the upload first."""
    plan = plan_of(pending)
    if plan.errors:
        raise ImportRefused(_("Please correct the rows with errors and upload the file again."))
    now = utcnow()
    new_customers = plan.new_customers
    try:
        with db.session.begin_nested():
            # Claim the upload first: of simultaneous confirms (two tabs, a double click) the
            # others wait for this row's lock and then find it gone.
            claimed = db.session.execute(
                delete(PendingImport).where(PendingImport.token == pending.token)
            ).rowcount
            if claimed != 1:
                raise ImportGone(pending.token)
            ids = _insert(Customer, [_customer_values(row, now) for row in new_customers.values()])
            customer_ids = plan.existing | dict(zip(new_customers, ids, strict=True))
            companies = _companies(plan.existing.values()) | {
                customer_id: new_customers[key].values["company"]
                for key, customer_id in zip(new_customers, ids, strict=True)
            }
            contact_ids = _insert(Contact, _contact_rows(plan, customer_ids, companies, now))
    except IntegrityError:
        raise ImportRefused(
            _("The customers changed while you looked at the preview. Please check again.")
        ) from None
    if send_welcome:
        _send_welcome(contact_ids)
    result = ImportResult(len(ids), len(contact_ids), len(plan.duplicates))
    record(
        AuditAction.IMPORTED,
        label=pending.filename,
        details={
            "customers": result.customers,
            "contacts": result.contacts,
            "skipped": result.skipped,
        },
    )
    return result
