"""Read the audit log: filtered pages, the CSV export, the retention setting."""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import Select, select

from gorilla.audit import AuditAction, AuditEntry, purge_older_than, record
from gorilla.bounds import MAX_INT
from gorilla.extensions import db
from gorilla.paging import Page, paginate
from gorilla.spreadsheets import csv_line as _line
from tenants.settings import get_setting, set_setting

RETENTION_KEY = "audit_retention_days"
DEFAULT_RETENTION_DAYS = 365
MAX_RETENTION_DAYS = 3650
CSV_BATCH = 500


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _number(value: str | None) -> int | None:
    if not (value and value.isascii() and value.isdigit()):  # "²".isdigit(), int("²") fails
        return None
    return int(value) if int(value) <= MAX_INT else None


@dataclass(frozen=True)
class AuditFilter:
    """The list's filters: action, actor (part of the name), period (days, inclusive) and
    customer id; unknown values are ignored."""

    action: str = ""
    actor: str = ""
    since: date | None = None
    until: date | None = None
    customer_id: int | None = None

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> "AuditFilter":
        """The filters of a query string (``action``, ``actor``, ``from``, ``to``, ``customer``)."""
        action = args.get("action", "")
        return cls(
            action=action if AuditAction.has(action) else "",
            actor=args.get("actor", "").strip()[:100],
            since=_day(args.get("from")),
            until=_day(args.get("to")),
            customer_id=_number(args.get("customer")),
        )

    def as_args(self) -> dict[str, str]:
        """The query-string arguments of these filters (for links to other pages and the export)."""
        values = {
            "action": self.action,
            "actor": self.actor,
            "from": self.since.isoformat() if self.since else "",
            "to": self.until.isoformat() if self.until else "",
            "customer": str(self.customer_id) if self.customer_id else "",
        }
        return {key: value for key, value in values.items() if value}

    def query(self) -> Select:
        """The matching entries, newest first."""
        query = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        if self.action:
            query = query.where(AuditEntry.action == self.action)
        if self.actor:
            query = query.where(AuditEntry.actor_name.icontains(self.actor, autoescape=True))
        if self.since:
            query = query.where(AuditEntry.created_at >= datetime.combine(self.since, time(), UTC))
        if self.until and self.until < date.max:  # the last day has no day after it
            end = datetime.combine(self.until + timedelta(days=1), time(), UTC)
            query = query.where(AuditEntry.created_at < end)
        if self.customer_id:
            query = query.where(AuditEntry.customer_id == self.customer_id)
        return query


def entry_page(filters: AuditFilter, page: int) -> Page:
    """One page (25) of the entries ``filters`` select."""
    return paginate(filters.query(), page)


def export_csv(filters: AuditFilter) -> Iterator[str]:
    """The entries ``filters`` select as CSV lines, read in batches (for a streamed answer).
    The export itself is logged by the caller's request (``log_export``)."""
    yield _line(
        [_("Time (UTC)"), _("Action"), _("Who"), _("Area"), _("Record"), _("Record ID"),
         _("Customer ID"), _("IP address"), _("Details")]
    )  # fmt: skip
    rows = db.session.scalars(filters.query().execution_options(yield_per=CSV_BATCH))
    for entry in rows:
        yield _line(
            [entry.created_at.astimezone(UTC).isoformat(timespec="seconds"), entry.action_label,
             entry.actor_name, entry.actor_realm, entry.subject_label, entry.subject_id,
             entry.customer_id, entry.ip_address, entry.details]
        )  # fmt: skip


def log_export(filters: AuditFilter) -> None:
    """Record that the signed-in staff member exported the log with these filters."""
    record(AuditAction.EXPORTED, label=_("Audit log"), details=filters.as_args())


def retention_days() -> int:
    """How many days entries are kept (setting, default 365)."""
    return int(get_setting(RETENTION_KEY, DEFAULT_RETENTION_DAYS))


def set_retention_days(days: int) -> None:
    """Change the retention (logged with the old and new value)."""
    old = retention_days()
    set_setting(RETENTION_KEY, days)
    if old != days:
        record(AuditAction.RETENTION_CHANGED, details={"old": old, "new": days})


def purge_expired() -> int:
    """Delete the current tenant's entries older than its retention; returns how many."""
    return purge_older_than(retention_days())
