"""Contacts of a customer (tenant table): the people who use the customer area."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import (
    DDL,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    event,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.customers.models import Customer
from gorilla.auth import Realm
from gorilla.choices import LabelledEnum
from gorilla.passwords import check_password, hash_password, new_session_token
from gorilla.tokens import spend_link
from gorilla.trigram import fold, trigram_index
from gorilla.two_factor.models import TwoFactorColumns
from tenants.distribution import has_citus
from tenants.model_base import TenantModel
from tenants.models import utcnow


class Permission(LabelledEnum):
    """The customer-area sections a contact may open (stored comma-separated)."""

    INVOICES = "invoices", _l("Invoices")
    ESTIMATES = "estimates", _l("Estimates")
    CONTRACTS = "contracts", _l("Contracts")
    PROPOSALS = "proposals", _l("Proposals")
    SUPPORT = "support", _l("Support")
    PROJECTS = "projects", _l("Projects")


PERMISSIONS = tuple(Permission)


class Notification(LabelledEnum):
    """The email notifications a contact can switch on; each value names a boolean column."""

    INVOICE = "invoice_emails", _l("Invoices")
    ESTIMATE = "estimate_emails", _l("Estimates")
    CREDIT_NOTE = "credit_note_emails", _l("Credit notes")
    PROJECT = "project_emails", _l("Projects")
    TICKET = "ticket_emails", _l("Tickets")
    TASK = "task_emails", _l("Tasks")
    CONTRACT = "contract_emails", _l("Contracts")


NOTIFICATIONS = tuple(Notification)
# Which email notifications a new contact gets for each permission (DESIGN.md §4).
NOTIFICATIONS_BY_PERMISSION = {
    Permission.INVOICES: (Notification.INVOICE, Notification.CREDIT_NOTE),
    Permission.ESTIMATES: (Notification.ESTIMATE,),
    Permission.CONTRACTS: (Notification.CONTRACT,),
    Permission.PROJECTS: (Notification.PROJECT, Notification.TASK),
    Permission.SUPPORT: (Notification.TICKET,),
    Permission.PROPOSALS: (),
}


class Direction(LabelledEnum):
    """A contact's text direction; empty follows the tenant's setting."""

    DEFAULT = "", _l("System default")
    LTR = "ltr", _l("Left to right")
    RTL = "rtl", _l("Right to left")


# What the all-contacts search looks in: the contact's name, email and phone number and its
# customer's company, folded (``gorilla.trigram.fold``) into the column ``search_text``, which
# ``crm.contacts.search_text`` keeps in step.
SEARCHABLE = ("firstname", "lastname", "email", "phonenumber")


# At most this many characters (the rest is cut): with INCLUDE(search_text) an entry of the
# name index must stay below PostgreSQL's 2,704 bytes, even in 4-byte characters.
SEARCH_TEXT_LENGTH = 400


def search_text_of(values: dict | object, company: str) -> str:
    """The folded search text of a contact (a model or a row's values) of ``company``."""
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name)
    text = fold(" ".join([*(get(name) or "" for name in SEARCHABLE), company or ""]))
    return text[:SEARCH_TEXT_LENGTH]


class Contact(UserMixin, TwoFactorColumns, TenantModel):
    """A person at a customer; one contact per customer is the primary one."""

    __tablename__ = "contacts"
    __table_args__ = (
        Index(
            "uq_contacts_primary_per_customer",
            "customer_id",
            unique=True,
            sqlite_where=text("is_primary"),
            postgresql_where=text("is_primary"),
        ),
        # The all-contacts list by name; with the search text in the index a search for a
        # common word reads the names in order and stops at the page (no table rows).
        # SQLite has no INCLUDE: the text is a last key column there.
        Index(
            "ix_contacts_name", "lastname", "firstname", "id", postgresql_include=["search_text"]
        ).ddl_if(dialect="postgresql"),
        Index("ix_contacts_name_text", "lastname", "firstname", "id", "search_text").ddl_if(
            dialect="sqlite"
        ),
        # Sorted by last sign-in, never signed in counting as oldest: SQLite orders NULL first
        # in an ascending index already; PostgreSQL needs NULLS LAST in a descending one (read
        # backwards for the ascending sort).
        Index("ix_contacts_last_login", "last_login", "id").ddl_if(dialect="sqlite"),
        Index(
            "ix_contacts_last_login_desc",
            text("last_login DESC NULLS LAST"),
            text("id DESC"),
        ).ddl_if(dialect="postgresql"),
        # The all-contacts search (LIKE '%term%') of a rare word.
        trigram_index("ix_contacts_search_text_trgm", "search_text"),
    )
    realm = Realm.CONTACT

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    firstname: Mapped[str] = mapped_column(String(100))
    lastname: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(254), unique=True)
    phonenumber: Mapped[str] = mapped_column(String(50), default="")
    direction: Mapped[str] = mapped_column(String(3), default="")
    profile_image: Mapped[str | None] = mapped_column(String(64))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # False only for a self-registered contact until it opens its confirmation link.
    email_confirmed: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    token_version: Mapped[int] = mapped_column(Integer, default=0)
    link_nonce: Mapped[str | None] = mapped_column(String(32))  # see gorilla.tokens (single use)
    permission_list: Mapped[str] = mapped_column("permissions", String(100), default="")
    invoice_emails: Mapped[bool] = mapped_column(Boolean, default=False)
    estimate_emails: Mapped[bool] = mapped_column(Boolean, default=False)
    credit_note_emails: Mapped[bool] = mapped_column(Boolean, default=False)
    project_emails: Mapped[bool] = mapped_column(Boolean, default=False)
    ticket_emails: Mapped[bool] = mapped_column(Boolean, default=False)
    task_emails: Mapped[bool] = mapped_column(Boolean, default=False)
    contract_emails: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    anonymised_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # GDPR
    search_text: Mapped[str] = mapped_column(Text, default="", deferred=True)

    customer: Mapped[Customer] = relationship(back_populates="contacts")

    @property
    def permissions(self) -> set[str]:
        """The customer-area sections this contact may open."""
        return {name for name in self.permission_list.split(",") if name in PERMISSIONS}

    @permissions.setter
    def permissions(self, names) -> None:
        self.permission_list = ",".join(name for name in PERMISSIONS if name in set(names))

    def has_permission(self, name: str) -> bool:
        """Whether the contact may open the customer-area section ``name``."""
        return name in self.permissions

    @property
    def full_name(self) -> str:
        """First and last name."""
        return f"{self.firstname} {self.lastname}".strip()

    @property
    def language(self) -> str:
        """The contact's language: its customer's default language."""
        return self.customer.default_language

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    def get_id(self) -> str:
        """Flask-Login id: the rotating session token, never the primary key."""
        return self.session_token

    def set_password(self, password: str) -> None:
        """Store a new password hash, end other sessions and outstanding links."""
        self.password_hash = hash_password(password)
        self.session_token = new_session_token()
        self.token_version = (self.token_version or 0) + 1
        spend_link(self)

    def check_password(self, password: str) -> bool:
        """Whether ``password`` matches (constant effort when no password is set)."""
        return check_password(self.password_hash, password)


# A word's share of the contacts decides the search's plan (trigram index, or the name index
# until the page is full); the planner reads it from a sample of the search texts, and 1,000
# sampled values (instead of 100) see a word of a few in a thousand contacts. Citus refuses
# the setting on a distributed table; its workers keep the default.
SEARCH_TEXT_STATISTICS = 1000


def _not_citus(_ddl, _target, bind, **_kw) -> bool:
    return not has_citus(bind)


event.listen(
    Contact.__table__,
    "after_create",
    DDL(
        f"ALTER TABLE %(fullname)s ALTER COLUMN search_text SET STATISTICS {SEARCH_TEXT_STATISTICS}"
    ).execute_if(dialect="postgresql", callable_=_not_citus),
)


# SQLite has no trigram index on a column: an FTS5 table with the trigram tokenizer mirrors the
# search texts (external content, kept in step by triggers) and finds a word's contacts.
SEARCH_FTS = "contacts_fts"
SQLITE_SEARCH_DDL = (
    f"CREATE VIRTUAL TABLE {SEARCH_FTS} USING fts5(search_text, content='contacts',"
    " content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER contacts_fts_ai AFTER INSERT ON contacts BEGIN INSERT INTO {SEARCH_FTS}"
    "(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"CREATE TRIGGER contacts_fts_ad AFTER DELETE ON contacts BEGIN INSERT INTO {SEARCH_FTS}"
    f"({SEARCH_FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER contacts_fts_au AFTER UPDATE OF search_text ON contacts BEGIN"
    f" INSERT INTO {SEARCH_FTS}({SEARCH_FTS}, rowid, search_text)"
    " VALUES ('delete', old.id, old.search_text);"
    f" INSERT INTO {SEARCH_FTS}(rowid, search_text) VALUES (new.id, new.search_text); END",
)
for _statement in SQLITE_SEARCH_DDL:
    event.listen(Contact.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
TenantModel.metadata.info.setdefault("index_storage", set()).add(SEARCH_FTS)
