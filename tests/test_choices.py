"""Statuses, priorities, languages, permissions and notifications: one StrEnum each, holding
the strings stored today and labels translated to German, shown alike on staff and customer
pages."""

import re

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale

from crm.contacts.models import Notification, Permission
from crm.invoices.models import InvoiceStatus
from crm.projects.models import ProjectStatus
from crm.tasks.models import TaskPriority, TaskStatus
from gorilla.i18n import TRANSLATIONS, Language
from tests.conftest import client_for
from tests.portal_helpers import CONTACT_PASSWORD, make_contact

STORED = {
    InvoiceStatus: ("draft", "unpaid", "overdue", "paid", "cancelled"),
    ProjectStatus: ("not_started", "in_progress", "on_hold", "finished", "cancelled"),
    TaskStatus: ("not_started", "in_progress", "testing", "awaiting_feedback", "complete"),
    TaskPriority: ("low", "medium", "high", "urgent"),
    Language: ("de", "en"),
    Permission: ("invoices", "estimates", "contracts", "proposals", "support", "projects"),
    Notification: (
        "invoice_emails", "estimate_emails", "credit_note_emails", "project_emails",
        "ticket_emails", "task_emails", "contract_emails",
    ),
}  # fmt: skip
ENUMS = pytest.mark.parametrize("enum", STORED, ids=lambda enum: enum.__name__)


@ENUMS
def test_members_are_the_strings_in_the_database(enum):
    assert tuple(enum) == STORED[enum]
    assert all(member == value for member, value in zip(enum, STORED[enum], strict=True))


@ENUMS
def test_every_label_is_translated_to_german(app, enum):
    with (TRANSLATIONS / "de" / "LC_MESSAGES" / "messages.po").open("rb") as po_file:
        german = read_po(po_file)
    with app.test_request_context():
        for member in enum:
            with force_locale("en"):
                source = str(member.label)
            with force_locale("de"):
                shown = str(member.label)
            assert german.get(source) is not None and german.get(source).string, source
            assert shown == german.get(source).string


def box_label(page: str, value: str) -> str:
    """The text next to the checkbox named or valued ``value`` (in or after its label)."""
    box = rf'<input[^>]*(?:name|value)="{value}"[^>]*>\s*(?:<label[^>]*>)?([^<]*)'
    return re.search(box, page).group(1).strip()


def test_staff_and_contact_see_the_same_notification_names(app, tenant, staff_client):
    customer_id, _contact_id = make_contact(
        app, tenant, "kim@kunde.de", permissions=["invoices", "projects", "support"]
    )
    contact = client_for(app, tenant.slug)
    contact.sign_in("kim@kunde.de", CONTACT_PASSWORD, path="/kunden/login")
    portal = contact.get("/kunden/profil").get_data(as_text=True)
    staff = staff_client.get(f"/admin/customers/{customer_id}/contacts/new")
    staff = staff.get_data(as_text=True)

    for flag in ("invoice_emails", "project_emails", "ticket_emails", "task_emails"):
        assert box_label(portal, flag) == box_label(staff, flag)
    assert box_label(portal, "ticket_emails") == "Tickets"
