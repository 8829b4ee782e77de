"""Editing a tenant's template: validation, saving (text part derived), preview with samples."""

from dataclasses import dataclass

from flask import g
from flask_babel import gettext as _
from sqlalchemy import select

from gorilla.audit import AuditAction, record
from gorilla.auth import Realm
from gorilla.extensions import db
from tenants.models import utcnow
from tenants.urls import tenant_url_for

from .catalog import SPECS, TemplateSpec
from .links import PAGE
from .merge import template_code, unknown_fields
from .models import EmailTemplate
from .service import Rendered, render_message, set_active, tenant_fields
from .text import html_to_text

MAX_BODY = 100_000  # characters of an edited HTML body

SAMPLE_VALUES = {
    "contact_firstname": "Maria",
    "contact_lastname": "Musterfrau",
    "contact_email": "maria.musterfrau@beispiel.de",
    "contact_title": "Geschäftsführerin",
    "client_company": "Beispiel GmbH",
    "staff_firstname": "Max",
    "staff_lastname": "Mustermann",
    "staff_email": "max@agentur.de",
    "invoice_number": "RE-2026-0042",
    "invoice_total": "1.190,00 €",
    "invoice_duedate": "15.03.2026",
    "task_name": "Startseite überarbeiten",
    "task_status": "In Bearbeitung",
    "project_name": "Website-Relaunch",
    "project_deadline": "30.06.2026",
    "comment": "Sieht gut aus – bitte noch das Logo austauschen.",
    "comment_author": "Maria Musterfrau",
    "registration_company": "Beispiel GmbH",
    "registration_name": "Maria Musterfrau",
    "registration_email": "maria.musterfrau@beispiel.de",
    "registration_status": "Wartet auf Freigabe",
    "ticket_id": "17",
    "ticket_subject": "Kontaktformular sendet nicht",
    "ticket_status": "Beantwortet",
    "ticket_priority": "Hoch",
    "ticket_department": "Technik",
    "ticket_message": "Seit gestern kommt keine Anfrage mehr an.",
    "reply_author": "Max Mustermann",
}
SAMPLE_LINKS = {  # merge field: (endpoint, URL values)
    "set_password_url": (PAGE, {"token": "BEISPIEL"}),
    "reset_password_url": (PAGE, {"token": "BEISPIEL"}),
    "invoice_link": ("portal.invoices.show", {"invoice_id": 42}),
    "task_link": ("portal.projects.task", {"task_id": 7}),
    "project_link": ("portal.projects.show", {"project_id": 3}),
    "confirm_url": ("portal.registration.confirm", {"token": "BEISPIEL"}),
    "forgot_password_url": ("portal.auth.forgot_password", {}),
    "registration_link": ("admin.customers.show", {"customer_id": 42}),
    "ticket_link": ("portal.tickets.show", {"ticket_id": 17}),
}


def get_template(slug: str, language: str) -> EmailTemplate | None:
    """The tenant's copy of ``slug`` in ``language`` (only shipped slugs)."""
    if slug not in SPECS:
        return None
    return db.session.scalar(
        select(EmailTemplate).where(EmailTemplate.slug == slug, EmailTemplate.language == language)
    )


def list_templates() -> dict[str, list[EmailTemplate]]:
    """The tenant's templates grouped by recipient (``contact``, ``staff``), in catalog order."""
    order = list(SPECS)
    rows = [row for row in db.session.scalars(select(EmailTemplate)) if row.slug in SPECS]
    rows.sort(key=lambda row: (order.index(row.slug), row.language))
    groups: dict[str, list[EmailTemplate]] = {realm: [] for realm in Realm}
    for row in rows:
        groups[SPECS[row.slug].recipient].append(row)
    return groups


def problems(spec: TemplateSpec, text: str) -> list[str]:
    """Why ``text`` cannot be saved for ``spec``: template code or unknown merge fields."""
    found = []
    code = template_code(text)
    if code:
        found.append(_("Template code is not allowed: %(code)s", code=", ".join(code)))
    unknown = unknown_fields(text, spec.allowed_fields)
    if unknown:
        found.append(_("Unknown merge field: %(fields)s", fields=", ".join(unknown)))
    return found


def save_template(template: EmailTemplate, subject: str, body: str, active: bool) -> None:
    """Store a validated edit; the text part is derived from the HTML body. ``active``
    switches the template on or off in every language."""
    template.subject = subject.strip()
    template.body_html = body
    template.body_text = html_to_text(body)
    set_active(template.slug, active)
    template.updated_at = utcnow()
    record(AuditAction.TEMPLATE_CHANGED, subject=template)


@dataclass(frozen=True)
class Draft:
    """Unsaved subject and body shown in the preview."""

    subject: str
    body_html: str

    @property
    def body_text(self) -> str:
        """The text part the saved template would get."""
        return html_to_text(self.body_html)


def sample_values() -> dict[str, object]:
    """Example values for every merge field, with links on the current tenant's host."""
    links = {
        name: tenant_url_for(endpoint, g.tenant.slug, **values)
        for name, (endpoint, values) in SAMPLE_LINKS.items()
    }
    return {**tenant_fields(), **SAMPLE_VALUES, **links}


def preview(spec: TemplateSpec, language: str, subject: str, body: str) -> Rendered:
    """``subject``/``body`` rendered with sample data exactly as a recipient would get it."""
    return render_message(spec, Draft(subject, body[:MAX_BODY]), sample_values(), language=language)
