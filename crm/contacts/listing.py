"""The all-contacts list: every contact of every customer, searched, filtered, sorted, paged.

Two queries per page (no N+1): the page's contact ids, then their rows with their customers.
Sorted by name, email, company or last sign-in a page reads only its rows through an index, at
100,000 contacts as at 500. The search (``q``) looks in ``contacts.search_text``
(``crm.contacts.search_text``): on PostgreSQL a rare word is read through its trigram index, a
common one along the name index, whose entries carry the search text, until the page is full;
SQLite reads the first 2,000 contacts in the list's order (by name from the index alone) and,
when their matches do not fill the page, asks its trigram table (one statement more).
"""

from dataclasses import dataclass, fields, replace
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, String, column, func, literal, select, true
from sqlalchemy import table as table_clause
from werkzeug.datastructures import MultiDict

from crm.customer_groups.service import in_group
from crm.customers.models import Customer
from gorilla.bounds import MAX_INT, record_id
from gorilla.choices import LabelledEnum
from gorilla.extensions import db
from gorilla.paging import PAGE_SIZE, Page, page_of, paginate
from gorilla.trigram import fold
from tenants.models import utcnow

from .models import SEARCH_FTS, Contact, Permission

RECENT = timedelta(days=30)
# SQLite searches: contacts read in the list's order before the trigram table is asked; the
# trigram table finds words of TRIGRAM characters or more.
WALK = 2000
TRIGRAM = 3


class YesNo(LabelledEnum):
    """A yes/no filter; no value means both."""

    YES = "yes", _l("Yes")
    NO = "no", _l("No")


class LastLogin(LabelledEnum):
    """When the contact last signed in to the customer area."""

    NEVER = "never", _l("Never")
    RECENT = "recent", _l("In the last 30 days")
    OLDER = "older", _l("More than 30 days ago")


class ContactSort(LabelledEnum):
    """The columns the list can be sorted by."""

    NAME = "name", _l("Name")
    COMPANY = "company", _l("Company")
    EMAIL = "email", _l("Email")
    LAST_LOGIN = "last_login", _l("Last sign-in")


class SortOrder(LabelledEnum):
    """Ascending or descending."""

    ASC = "asc", _l("Ascending")
    DESC = "desc", _l("Descending")


@dataclass(frozen=True)
class ContactFilter:
    """What the list shows: search term, filters and sort (defaults: everything by name)."""

    q: str = ""
    active: YesNo | None = None
    primary: YesNo | None = None
    permission: Permission | None = None
    login: LastLogin | None = None
    group: int | None = None
    sort: ContactSort = ContactSort.NAME
    order: SortOrder = SortOrder.ASC

    @classmethod
    def from_args(cls, args: MultiDict) -> "ContactFilter":
        """Read the query arguments; unknown values fall back to the defaults."""

        def pick(kind: type[LabelledEnum], name: str, default=None):
            value = args.get(name)
            return kind(value) if kind.has(value) else default

        return cls(
            q=args.get("q", "").strip()[:100],
            active=pick(YesNo, "active"),
            primary=pick(YesNo, "primary"),
            permission=pick(Permission, "permission"),
            login=pick(LastLogin, "login"),
            group=args.get("group", type=record_id),
            sort=pick(ContactSort, "sort", ContactSort.NAME),
            order=pick(SortOrder, "order", SortOrder.ASC),
        )

    def args(self, **changes) -> dict[str, str]:
        """The query arguments of this list (with ``changes``), defaults left out."""
        values = {field.name: getattr(self, field.name) for field in fields(self)} | changes
        defaults = {field.name: field.default for field in fields(self)}
        return {
            name: str(value) for name, value in values.items() if value and value != defaults[name]
        }


def _contains(text: ColumnElement[str], term: str) -> ColumnElement[bool]:
    """``text LIKE '%term%'`` with ``term`` folded like ``search_text`` (``%`` and ``_``
    literal), the pattern written into the SQL, so that PostgreSQL plans each search for its
    word: a rare one through the trigram index, a common one along the name index."""
    escaped = fold(term).replace("/", "//").replace("%", "/%").replace("_", "/_")
    return text.like(literal(f"%{escaped}%", String, literal_execute=True), escape="/")


def _search(term: str, postgresql: bool) -> ColumnElement[bool]:
    """Contacts whose name, email or phone number, or whose customer's company, contains
    ``term``; on SQLite a word of three characters or more through the trigram table."""
    needle = fold(term)
    if postgresql or len(needle) < TRIGRAM:
        return _contains(Contact.search_text, term)
    fts = table_clause(SEARCH_FTS, column("rowid"), column(SEARCH_FTS))
    phrase = '"' + needle.replace('"', '""') + '"'
    return Contact.id.in_(select(fts.c.rowid).where(fts.c[SEARCH_FTS].op("MATCH")(phrase)))


def _yes_no(column, value: YesNo | None) -> list[ColumnElement[bool]]:
    if value is None:
        return []
    return [column.is_(value == YesNo.YES)]


def _last_login(value: LastLogin | None) -> list[ColumnElement[bool]]:
    since = utcnow() - RECENT
    return {
        None: [],
        LastLogin.NEVER: [Contact.last_login.is_(None)],
        LastLogin.RECENT: [Contact.last_login >= since],
        LastLogin.OLDER: [Contact.last_login < since],
    }[value]


def _postgresql() -> bool:
    return db.session.get_bind(Contact).dialect.name == "postgresql"


def _conditions(filters: ContactFilter) -> list[ColumnElement[bool]]:
    conditions = [_search(filters.q, _postgresql())] if filters.q else []
    conditions += _yes_no(Contact.active, filters.active)
    conditions += _yes_no(Contact.is_primary, filters.primary)
    if filters.permission is not None:
        listed = literal(",") + Contact.permission_list + literal(",")
        conditions.append(listed.contains(f",{filters.permission},", autoescape=True))
    if filters.group is not None:
        conditions.append(in_group(Contact.customer_id, filters.group))
    return conditions + _last_login(filters.login)


def _sort_keys(sort: ContactSort) -> list[ColumnElement]:
    return {
        ContactSort.NAME: [Contact.lastname, Contact.firstname, Contact.id],
        ContactSort.COMPANY: [Customer.company, Customer.id, Contact.id],
        ContactSort.EMAIL: [Contact.email],  # unique
        ContactSort.LAST_LOGIN: [Contact.last_login, Contact.id],
    }[sort]


def _ordering(sort: ContactSort, order: SortOrder, keys: list | None = None) -> list:
    """ORDER BY of ``sort`` and ``order`` on its keys (or on ``keys``, the same columns of a
    subquery)."""
    descending = order == SortOrder.DESC
    keys = _sort_keys(sort) if keys is None else keys
    ordering = [key.desc() if descending else key.asc() for key in keys]
    if sort == ContactSort.LAST_LOGIN:  # never signed in counts as oldest, on both databases
        ordering[0] = ordering[0].nulls_last() if descending else ordering[0].nulls_first()
    return ordering


def contact_ids(filters: ContactFilter) -> Select:
    """The ids of the contacts matching ``filters``, sorted; joined with the customers only
    when sorted by company, so that a page by name, email or sign-in reads one index."""
    query = select(Contact.id)
    if filters.sort == ContactSort.COMPANY:
        query = query.join(Customer, Contact.customer_id == Customer.id)
    return query.where(*_conditions(filters)).order_by(*_ordering(filters.sort, filters.order))


def _walked(filters: ContactFilter, page: int) -> Page | None:
    """SQLite, which cannot tell a common word from a rare one: the page from the first
    ``WALK`` contacts in the list's order (by name read from the index alone), or None when
    their matches do not fill it and more contacts follow; the trigram table answers then.
    One statement: how many contacts the walk read, and its first matches, in order."""
    need = min(max(page, 1), MAX_INT) * PAGE_SIZE + 1
    keys = [key.label(f"key{number}") for number, key in enumerate(_sort_keys(filters.sort))]
    walk = contact_ids(replace(filters, q="")).add_columns(Contact.search_text, *keys)
    walk = walk.limit(WALK).cte("walk")

    def in_order(query: Select, columns) -> Select:
        return query.order_by(
            *_ordering(filters.sort, filters.order, [columns[key.name] for key in keys])
        )

    hits = select(walk.c.id, *(walk.c[key.name] for key in keys))
    hits = in_order(hits.where(_contains(walk.c.search_text, filters.q)), walk.c)
    hits = hits.limit(need).subquery("hits")
    walked = select(func.count().label("walked")).select_from(walk).subquery("walked")
    statement = select(walked.c.walked, hits.c.id).select_from(walked.outerjoin(hits, true()))
    rows = db.session.execute(in_order(statement, hits.c)).all()
    found = [row.id for row in rows if row.id is not None]
    if len(found) < need and rows[0].walked == WALK:
        return None
    return page_of(found, page)


def contact_page(filters: ContactFilter, page: int = 1) -> Page:
    """One page of ``(contact, customer)`` rows of the all-contacts list: the page's contact
    ids first, then their rows with their customers (two statements; a SQLite search that
    reads the list's first contacts and finds too few asks the trigram table: three)."""
    ids = _walked(filters, page) if filters.q and not _postgresql() else None
    if ids is None:
        ids = paginate(contact_ids(filters), page)
    rows = db.session.execute(
        select(Contact, Customer)
        .join(Customer, Contact.customer_id == Customer.id)
        .where(Contact.id.in_(ids.items))
        .order_by(*_ordering(filters.sort, filters.order))
    )
    return Page(rows.all(), ids.page, ids.has_next)
