"""``send``: render a tenant template for one recipient and queue it in the outbox."""

from dataclasses import dataclass

from flask import g, render_template
from markupsafe import Markup
from sqlalchemy import select

from crm.settings.models import get_setting
from gorilla.extensions import db
from tenants.urls import tenant_url

from .catalog import LANGUAGES, SPECS, TemplateSpec
from .links import FORGOT_PASSWORD, forgot_password_url, set_password_url
from .merge import render
from .models import EmailTemplate, OutboxMessage


def recipient_language(to) -> str:
    """Contact's language → its customer's default language → tenant default → German."""
    for candidate in (
        getattr(to, "language", None),
        getattr(getattr(to, "customer", None), "default_language", None),
        get_setting("default_language", "de"),
    ):
        if candidate in LANGUAGES:
            return candidate
    return "de"


def find_template(slug: str, language: str) -> EmailTemplate | None:
    """The tenant's template in ``language`` (falling back to German)."""
    rows = db.session.scalars(
        select(EmailTemplate).where(
            EmailTemplate.slug == slug, EmailTemplate.language.in_({language, "de"})
        )
    ).all()
    by_language = {row.language: row for row in rows}
    return by_language.get(language) or by_language.get("de")


def is_active(slug: str, language: str | None = None) -> bool:
    """Whether the tenant's template ``slug`` is switched on (tenant default language)."""
    template = find_template(slug, language or get_setting("default_language", "de"))
    return bool(template and template.active)


def tenant_fields() -> dict[str, object]:
    """Merge fields that depend only on the tenant: links, company name, signature."""
    tenant = g.tenant
    company_name = get_setting("company_name", tenant.name)
    return {
        "crm_url": tenant_url(tenant.slug, "/admin/"),
        "portal_url": tenant_url(tenant.slug, "/kunden/"),
        "company_name": company_name,
        "email_signature": get_setting("email_signature", company_name),
    }


def recipient_fields(to) -> dict[str, object]:
    """Merge fields describing the recipient: a contact (``firstname``) or a staff member."""
    if hasattr(to, "firstname"):
        return {
            "contact_firstname": to.firstname,
            "contact_lastname": to.lastname,
            "contact_email": to.email,
            "contact_title": getattr(to, "title", "") or "",
            "client_company": getattr(getattr(to, "customer", None), "company", "") or "",
        }
    return {
        "staff_firstname": getattr(to, "first_name", ""),
        "staff_lastname": getattr(to, "last_name", ""),
        "staff_email": to.email,
    }


def text_direction(to) -> str:
    """``rtl`` when the recipient reads right-to-left, else ``ltr``."""
    return "rtl" if getattr(to, "direction", "") == "rtl" else "ltr"


@dataclass(frozen=True)
class Rendered:
    """Subject, full HTML document and text part of one email."""

    subject: str
    html: str
    text: str


def render_message(
    spec: TemplateSpec, content, values: dict, *, language: str, direction: str = "ltr"
) -> Rendered:
    """Fill ``content`` (``subject``, ``body_html``, ``body_text``) with the allowed ``values``."""
    values = {name: value for name, value in values.items() if name in spec.allowed_fields}
    inner = Markup(render(content.body_html, values, html=True))
    return Rendered(
        subject=" ".join(render(content.subject, values, html=False).split())[:255],
        html=render_template("mail/layout.html", body=inner, lang=language, dir=direction),
        text=render(content.body_text, values, html=False),
    )


def send(slug: str, *, to, **fields) -> OutboxMessage | None:
    """Queue template ``slug`` for ``to`` in the caller's transaction.

    Returns ``None`` when the template is inactive or the recipient switched this kind of
    notification off.
    """
    spec = SPECS[slug]
    if spec.notification_flag and not getattr(to, spec.notification_flag, True):
        return None
    language = recipient_language(to)
    template = find_template(slug, language)
    if template is None or not template.active:
        return None
    values = {**tenant_fields(), **recipient_fields(to), **fields}
    rendered = render_message(
        spec, template, values, language=language, direction=text_direction(to)
    )
    message = OutboxMessage(
        template_slug=slug,
        to_email=to.email,
        to_name=getattr(to, "full_name", "") or "",
        subject=rendered.subject,
        body_html=rendered.html,
        body_text=rendered.text,
    )
    db.session.add(message)
    return message


def send_set_password_link(contact) -> OutboxMessage | None:
    """Queue ``contact-set-password`` with a fresh 48-hour link (needs ``contact.id``)."""
    return send("contact-set-password", to=contact, set_password_url=set_password_url(contact))


def send_forgot_password_link(contact) -> OutboxMessage | None:
    """Queue ``contact-forgot-password`` with a fresh one-hour reset link."""
    return send(FORGOT_PASSWORD, to=contact, reset_password_url=forgot_password_url(contact))
