"""Check every row of an import file against the layout and the tenant, before anything is
written: errors (the file must be fixed) and duplicates by email (reported, skipped)."""

from collections.abc import Iterable
from dataclasses import dataclass, field

import email_validator
from flask_babel import gettext as _
from sqlalchemy import select

from crm.contacts.models import Contact
from crm.customers.models import Customer
from gorilla.auth import normalize_email
from gorilla.extensions import db
from gorilla.forms import CONTROL_CHARACTERS, CONTROL_CHARACTERS_BUT_LINES
from gorilla.i18n import Language

from .reading import COLUMNS, CONTACT_KEYS, CsvFile

LOOKUP_BATCH = 500


@dataclass
class ImportRow:
    """One row of the file: its number, values, errors and why it is skipped (if it is)."""

    number: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    duplicate: str = ""

    @property
    def has_contact(self) -> bool:
        """Whether the row names a contact (any contact column filled)."""
        return any(self.values[key] for key in CONTACT_KEYS)

    @property
    def company_key(self) -> str:
        """The customer the row belongs to (companies compare without case)."""
        return self.values["company"].casefold()

    @property
    def email(self) -> str:
        """The contact's email address as stored."""
        return normalize_email(self.values["email"])


@dataclass
class ImportPlan:
    """What confirming would do: the rows, the customers that exist already (by company),
    which of them have a primary contact, and the columns the file's header ignored."""

    rows: list[ImportRow]
    existing: dict[str, int]
    with_primary: set[int]
    ignored: list[str]

    @property
    def errors(self) -> list[ImportRow]:
        """The rows that must be fixed before the file can be imported."""
        return [row for row in self.rows if row.errors]

    @property
    def duplicates(self) -> list[ImportRow]:
        """The rows skipped because their email address is taken."""
        return [row for row in self.rows if row.duplicate and not row.errors]

    @property
    def new_customers(self) -> dict[str, ImportRow]:
        """The customers to create: company → the first row naming it."""
        new: dict[str, ImportRow] = {}
        for row in self.rows:
            if row.company_key not in self.existing:
                new.setdefault(row.company_key, row)
        return new

    @property
    def new_contacts(self) -> list[ImportRow]:
        """The rows whose contact is created."""
        return [row for row in self.rows if row.has_contact and not row.duplicate]


def _text_errors(values: dict[str, str]) -> Iterable[str]:
    for column in COLUMNS:
        value = values[column.key]
        pattern = CONTROL_CHARACTERS_BUT_LINES if column.lines else CONTROL_CHARACTERS
        if pattern.search(value):
            yield _("“%(column)s” contains control characters.", column=column.header)
        elif len(value) > column.max_length:
            yield _(
                "“%(column)s” is longer than %(count)d characters.",
                column=column.header,
                count=column.max_length,
            )


def _field_errors(row: ImportRow) -> Iterable[str]:
    values = row.values
    if not values["company"]:
        yield _("The company is missing.")
    language = values["default_language"].lower()
    if language and not Language.has(language):
        yield _("Unknown language “%(value)s” (de or en).", value=values["default_language"])
    if not row.has_contact:
        return
    if not values["firstname"]:
        yield _("The first name is missing.")
    if not values["lastname"]:
        yield _("The last name is missing.")
    if not values["email"]:
        yield _("The email address is missing.")
    elif len(values["email"]) <= 254:
        try:
            email_validator.validate_email(values["email"], check_deliverability=False)
        except email_validator.EmailNotValidError:
            yield _("The email address “%(email)s” is not valid.", email=values["email"])


def check_row(number: int, values: dict[str, str], too_many: bool) -> ImportRow:
    """The row with its own errors (those that need no database)."""
    row = ImportRow(number, values)
    if too_many:
        row.errors.append(_("The row has more values than the header has columns."))
    row.errors.extend(_text_errors(values))
    if not row.errors:
        row.errors.extend(_field_errors(row))
    return row


def taken_emails(emails: list[str]) -> set[str]:
    """Which of ``emails`` (normalised) a contact of the tenant has (batched lookups)."""
    taken: set[str] = set()
    for start in range(0, len(emails), LOOKUP_BATCH):
        batch = emails[start : start + LOOKUP_BATCH]
        taken.update(db.session.scalars(select(Contact.email).where(Contact.email.in_(batch))))
    return taken


def existing_customers(companies: set[str]) -> tuple[dict[str, int], set[int]]:
    """The tenant's customers among ``companies`` (case-folded name → id; the oldest wins)
    and which of them have a primary contact. Names are compared in Python (SQLite's
    ``lower`` knows only ASCII), reading id and name of every customer once."""
    found: dict[str, int] = {}
    for customer_id, company in db.session.execute(
        select(Customer.id, Customer.company).order_by(Customer.id)
    ):
        if (key := company.casefold()) in companies:
            found.setdefault(key, customer_id)
    ids = list(found.values())
    with_primary: set[int] = set()
    for start in range(0, len(ids), LOOKUP_BATCH):
        query = select(Contact.customer_id).where(
            Contact.customer_id.in_(ids[start : start + LOOKUP_BATCH]), Contact.is_primary
        )
        with_primary.update(db.session.scalars(query))
    return found, with_primary


def plan_import(csv_file: CsvFile) -> ImportPlan:
    """Check every row: its own errors, then duplicates within the file and in the tenant."""
    rows = [check_row(*parsed) for parsed in csv_file.rows()]
    contacts = [row for row in rows if row.has_contact and not row.errors]
    taken = taken_emails(sorted({row.email for row in contacts}))
    first_row: dict[str, int] = {}
    for row in contacts:
        if row.email in taken:
            row.duplicate = _("A contact with %(email)s exists already.", email=row.email)
        elif row.email in first_row:
            row.duplicate = _(
                "%(email)s appears in row %(row)d already.",
                email=row.email,
                row=first_row[row.email],
            )
        else:
            first_row[row.email] = row.number
    existing, with_primary = existing_customers({row.company_key for row in rows if not row.errors})
    return ImportPlan(rows, existing, with_primary, csv_file.ignored)
