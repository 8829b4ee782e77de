"""The templates Gorilla ships: names, recipients, merge fields, defaults read from files."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l

from gorilla.auth import Realm
from gorilla.i18n import Language

DEFAULTS = Path(__file__).resolve().parent / "defaults"
LANGUAGES = tuple(Language)  # every template ships in every UI language

COMMON_FIELDS = (
    "crm_url", "portal_url", "email_signature", "company_name", "company_address",
    "company_email", "company_phone", "company_website", "logo_url", "brand_color",
)  # fmt: skip
CONTACT_FIELDS = (
    "contact_firstname", "contact_lastname", "contact_email", "contact_title", "client_company",
)  # fmt: skip
STAFF_FIELDS = ("staff_firstname", "staff_lastname", "staff_email")
TASK_FIELDS = ("task_name", "task_link", "project_name")
TICKET_FIELDS = (
    "ticket_id", "ticket_subject", "ticket_link", "ticket_status", "ticket_priority",
    "ticket_department", "ticket_message", "reply_author",
)  # fmt: skip
CONTRACT_FIELDS = ("contract_subject", "contract_link", "contract_value", "contract_dateend")
ESTIMATE_FIELDS = ("estimate_number", "estimate_link", "estimate_total", "estimate_expirydate")
PROPOSAL_FIELDS = ("proposal_subject", "proposal_link")


@dataclass(frozen=True)
class TemplateSpec:
    """One shipped template: who receives it and which merge fields it may use."""

    slug: str
    name: object
    recipient: Realm
    active_by_default: bool = True
    extra_fields: tuple[str, ...] = ()
    notification_flag: str | None = None

    @property
    def allowed_fields(self) -> tuple[str, ...]:
        """Every ``{field}`` this template may contain."""
        people = CONTACT_FIELDS if self.recipient == Realm.CONTACT else STAFF_FIELDS
        return (*people, *COMMON_FIELDS, *self.extra_fields)


SPECS = {
    spec.slug: spec
    for spec in (
        TemplateSpec(
            "contact-welcome",
            _l("New contact added / registered (welcome email)"),
            Realm.CONTACT,
        ),
        TemplateSpec(
            "contact-set-password",
            _l("Set a new password"),
            Realm.CONTACT,
            active_by_default=False,
            extra_fields=("set_password_url",),
        ),
        TemplateSpec(
            "contact-forgot-password",
            _l("Forgot password (reset link)"),
            Realm.CONTACT,
            extra_fields=("reset_password_url",),
        ),
        TemplateSpec(
            "contact-password-reset",
            _l("Password was reset (confirmation)"),
            Realm.CONTACT,
        ),
        TemplateSpec(
            "invoice-sent",
            _l("Send invoice to customer"),
            Realm.CONTACT,
            extra_fields=("invoice_number", "invoice_link", "invoice_total", "invoice_duedate"),
            notification_flag="invoice_emails",
        ),
        TemplateSpec(
            "task-comment",
            _l("New comment on a task (to contacts)"),
            Realm.CONTACT,
            extra_fields=(*TASK_FIELDS, "comment", "comment_author"),
            notification_flag="task_emails",
        ),
        TemplateSpec(
            "task-status-changed",
            _l("Task status changed (to contacts)"),
            Realm.CONTACT,
            extra_fields=(*TASK_FIELDS, "task_status"),
            notification_flag="task_emails",
        ),
        TemplateSpec(
            "project-created",
            _l("New project created (to contacts)"),
            Realm.CONTACT,
            extra_fields=("project_name", "project_link", "project_deadline"),
            notification_flag="project_emails",
        ),
        TemplateSpec(
            "staff-invite",
            _l("Invitation / new password link (to staff)"),
            Realm.STAFF,
            extra_fields=("set_password_url",),
        ),
        TemplateSpec(
            "staff-verify-email",
            _l("Confirm your email address (to staff after sign-up)"),
            Realm.STAFF,
            extra_fields=("verify_url",),
        ),
        TemplateSpec(
            "contact-confirm-registration",
            _l("Confirm registration (self-registered contact)"),
            Realm.CONTACT,
            extra_fields=("confirm_url",),
        ),
        TemplateSpec(
            "contact-registration-exists",
            _l("Registration with a known email address (to that contact)"),
            Realm.CONTACT,
            extra_fields=("forgot_password_url",),
        ),
        TemplateSpec(
            "contact-registration-approved",
            _l("Registration approved (to the contact)"),
            Realm.CONTACT,
        ),
        TemplateSpec(
            "staff-new-registration",
            _l("New customer registration (to admins)"),
            Realm.STAFF,
            extra_fields=(
                "registration_company",
                "registration_name",
                "registration_email",
                "registration_status",
                "registration_link",
            ),  # fmt: skip
        ),
        TemplateSpec(
            "staff-task-comment",
            _l("New comment on a task (to assigned staff)"),
            Realm.STAFF,
            extra_fields=(*TASK_FIELDS, "comment", "comment_author"),
        ),
        TemplateSpec(
            "estimate-sent",
            _l("Send estimate to customer"),
            Realm.CONTACT,
            extra_fields=ESTIMATE_FIELDS,
            notification_flag="estimate_emails",
        ),
        TemplateSpec(
            "estimate-expiry-reminder",
            _l("Estimate expires soon (to contacts)"),
            Realm.CONTACT,
            extra_fields=ESTIMATE_FIELDS,
            notification_flag="estimate_emails",
        ),
        TemplateSpec(
            "credit-note-sent",
            _l("Send credit note to customer"),
            Realm.CONTACT,
            extra_fields=("credit_note_number", "credit_note_link", "credit_note_total"),
            notification_flag="credit_note_emails",
        ),
        TemplateSpec(
            "staff-estimate-accepted",
            _l("Estimate accepted by the customer (to staff)"),
            Realm.STAFF,
            extra_fields=(*ESTIMATE_FIELDS, "client_company", "signer_name"),
        ),
        TemplateSpec(
            "staff-estimate-declined",
            _l("Estimate declined by the customer (to staff)"),
            Realm.STAFF,
            extra_fields=(*ESTIMATE_FIELDS, "client_company", "signer_name", "decline_reason"),
        ),
        TemplateSpec(
            "staff-erasure-request",
            _l("Contact requested erasure of its data (to admins)"),
            Realm.STAFF,
            extra_fields=("client_company", "contact_name", "erasure_requests_url"),
        ),
        TemplateSpec(
            "ticket-created",
            _l("New support ticket (to staff)"),
            Realm.STAFF,
            extra_fields=(*TICKET_FIELDS, "client_company"),
        ),
        TemplateSpec(
            "ticket-autoresponse",
            _l("Ticket received (automatic answer to the contact)"),
            Realm.CONTACT,
            extra_fields=TICKET_FIELDS,
            notification_flag="ticket_emails",
        ),
        TemplateSpec(
            "ticket-reply-to-contact",
            _l("New answer on a ticket (to the contact)"),
            Realm.CONTACT,
            extra_fields=TICKET_FIELDS,
            notification_flag="ticket_emails",
        ),
        TemplateSpec(
            "ticket-reply-to-staff",
            _l("Customer answered a ticket (to staff)"),
            Realm.STAFF,
            extra_fields=(*TICKET_FIELDS, "client_company"),
        ),
        TemplateSpec(
            "contact-magic-link",
            _l("Sign-in link (customer area)"),
            Realm.CONTACT,
            extra_fields=("sign_in_url",),
        ),
        TemplateSpec(
            "contract-sent",
            _l("Send contract to customer (for signature)"),
            Realm.CONTACT,
            extra_fields=CONTRACT_FIELDS,
            notification_flag="contract_emails",
        ),
        TemplateSpec(
            "contract-signed",
            _l("Contract signed by the customer (to staff)"),
            Realm.STAFF,
            extra_fields=(*CONTRACT_FIELDS, "contract_customer", "signer_name"),
        ),
        TemplateSpec(
            "contract-expiry-reminder",
            _l("Contract ends soon (reminder to contacts)"),
            Realm.CONTACT,
            extra_fields=CONTRACT_FIELDS,
            notification_flag="contract_emails",
        ),
        TemplateSpec(
            "contract-comment",
            _l("New comment on a contract (to contacts)"),
            Realm.CONTACT,
            extra_fields=(*CONTRACT_FIELDS, "comment", "comment_author"),
            notification_flag="contract_emails",
        ),
        TemplateSpec(
            "staff-contract-comment",
            _l("New comment on a contract (to staff)"),
            Realm.STAFF,
            extra_fields=(*CONTRACT_FIELDS, "contract_customer", "comment", "comment_author"),
        ),
        TemplateSpec(
            "proposal-sent",
            _l("Send proposal to customer"),
            Realm.CONTACT,
            extra_fields=(*PROPOSAL_FIELDS, "proposal_total", "proposal_open_till"),
        ),
        TemplateSpec(
            "proposal-comment",
            _l("New comment on a proposal (to contacts)"),
            Realm.CONTACT,
            extra_fields=(*PROPOSAL_FIELDS, "comment", "comment_author"),
        ),
        TemplateSpec(
            "staff-proposal-comment",
            _l("New comment on a proposal (to staff)"),
            Realm.STAFF,
            extra_fields=(*PROPOSAL_FIELDS, "client_company", "comment", "comment_author"),
        ),
        TemplateSpec(
            "staff-proposal-accepted",
            _l("Proposal accepted (to staff)"),
            Realm.STAFF,
            extra_fields=(*PROPOSAL_FIELDS, "client_company", "signer_name"),
        ),
        TemplateSpec(
            "staff-proposal-declined",
            _l("Proposal declined (to staff)"),
            Realm.STAFF,
            extra_fields=(*PROPOSAL_FIELDS, "client_company", "contact_name", "decline_reason"),
        ),
    )
}


def specs_for(recipient: Realm) -> list[TemplateSpec]:
    """The shipped templates sent to ``recipient`` (``contact`` or ``staff``)."""
    return [spec for spec in SPECS.values() if spec.recipient == recipient]


@dataclass(frozen=True)
class DefaultContent:
    """Subject and bodies of a shipped template in one language."""

    subject: str
    body_html: str
    body_text: str


@cache
def default_content(slug: str, language: str) -> DefaultContent:
    """Read ``defaults/<language>/<slug>.{subject,html,txt}``."""
    folder = DEFAULTS / language
    return DefaultContent(
        subject=(folder / f"{slug}.subject").read_text(encoding="utf-8").strip(),
        body_html=(folder / f"{slug}.html").read_text(encoding="utf-8").strip(),
        body_text=(folder / f"{slug}.txt").read_text(encoding="utf-8").strip(),
    )
