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
            "staff-erasure-request",
            _l("Contact requested erasure of its data (to admins)"),
            Realm.STAFF,
            extra_fields=("client_company", "contact_name", "erasure_requests_url"),
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
