"""``send``: render a tenant template for one recipient and queue it in the outbox."""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from flask import g, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from gorilla.auth import Realm
from gorilla.extensions import db
from gorilla.i18n import DEFAULT_LANGUAGE, Language
from tenants.company import company_profile, logo_url
from tenants.settings import get_setting
from tenants.urls import tenant_url_for

from .attachments import Attachment, attach, size_problem
from .catalog import SPECS, TemplateSpec
from .links import FORGOT_PASSWORD, forgot_password_url, set_password_url
from .merge import render
from .models import EmailTemplate, OutboxMessage, TemplateSwitch

HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


def recipient_language(to) -> str:
    """Contact's language → its customer's default language → tenant default → German."""
    for candidate in (
        getattr(to, "language", None),
        getattr(getattr(to, "customer", None), "default_language", None),
        get_setting("default_language", DEFAULT_LANGUAGE),
    ):
        if Language.has(candidate):
            return candidate
    return DEFAULT_LANGUAGE


def find_template(slug: str, language: str) -> EmailTemplate | None:
    """The tenant's copy of ``slug`` in ``language``, else in the tenant's default language
    (the agency's), else in German."""
    fallbacks = [language, get_setting("default_language", DEFAULT_LANGUAGE), DEFAULT_LANGUAGE]
    rows = db.session.scalars(
        select(EmailTemplate).where(
            EmailTemplate.slug == slug, EmailTemplate.language.in_(set(fallbacks))
        )
    ).all()
    by_language = {row.language: row for row in rows}
    return next((by_language[lang] for lang in fallbacks if lang in by_language), None)


def is_active(slug: str) -> bool:
    """Whether the tenant sends template ``slug`` (one switch for all languages)."""
    switch = db.session.get(TemplateSwitch, slug)
    return switch is not None and switch.active


def set_active(slug: str, active: bool) -> None:
    """Switch template ``slug`` on or off in every language (in the caller's transaction)."""
    switch = db.session.get(TemplateSwitch, slug) or TemplateSwitch(slug=slug)
    switch.active = active
    db.session.add(switch)


def tenant_fields() -> dict[str, object]:
    """Merge fields that depend only on the tenant: links, company name, address, logo,
    signature (the layout around every email shows logo, name and address too)."""
    tenant = g.tenant
    profile = company_profile()
    return {
        "crm_url": tenant_url_for("admin.dashboard.index", tenant.slug),
        "portal_url": tenant_url_for("portal.home.index", tenant.slug),
        "company_name": profile.company_name,
        "company_address": profile.address,
        "company_email": profile.email,
        "company_phone": profile.phone,
        "company_website": profile.website,
        "logo_url": logo_url(profile),
        "brand_color": profile.brand_color,
        "email_signature": get_setting("email_signature", profile.company_name),
    }


def recipient_fields(to) -> dict[str, object]:
    """Merge fields describing the recipient: a contact or a staff member (by its realm)."""
    if to.realm == Realm.CONTACT:
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


def _letterhead(values: dict) -> dict[str, str]:
    """What the layout shows around the body: logo, name, address, colour (``#rrggbb``)."""
    color = values.get("brand_color") or ""
    return {
        "logo_url": values.get("logo_url") or "",
        "company_name": values.get("company_name") or "",
        "company_address": values.get("company_address") or "",
        "brand_color": color if HEX_COLOR.fullmatch(color) else "#1d6fd8",
    }


@dataclass(frozen=True)
class Rendered:
    """Subject, full HTML document and text part of one email."""

    subject: str
    html: str
    text: str


def render_message(
    spec: TemplateSpec, content, values: dict, *, language: str, direction: str = "ltr"
) -> Rendered:
    """Fill ``content`` (``subject``, ``body_html``, ``body_text``) with the allowed ``values``.

    Lazy values (``flask_babel.LazyString``: amounts, dates) are formatted in ``language``.
    """
    with force_locale(language):
        values = {
            name: None if value is None else str(value)
            for name, value in values.items()
            if name in spec.allowed_fields
        }
    inner = Markup(render(content.body_html, values, html=True))
    return Rendered(
        subject=" ".join(render(content.subject, values, html=False).split())[:255],
        html=render_template(
            "mail/layout.html", body=inner, lang=language, dir=direction, **_letterhead(values)
        ),
        text=render(content.body_text, values, html=False),
    )


class NotQueued(Exception):
    """A requested email could not be queued; ``str(error)`` tells staff why."""


def ensure_active(slug: str) -> None:
    """Raise ``NotQueued`` when the tenant has switched template ``slug`` off."""
    if not is_active(slug):
        raise NotQueued(
            _(
                "The email “%(name)s” is switched off (Settings › Email templates).",
                name=SPECS[slug].name,
            )
        )


def checked_attachments(attachments: Iterable[Attachment]) -> tuple[Attachment, ...]:
    """``attachments`` if they fit in one email, else ``NotQueued`` saying they are too large
    (check before changing anything: ``send`` would drop the email quietly)."""
    attachments = tuple(attachments)
    problem = size_problem(attachments)
    if problem is not None:
        raise NotQueued(problem)
    return attachments


def queue(
    slug: str,
    *,
    to,
    reply_to: str | None = None,
    attachments: Iterable[Attachment] = (),
    **fields,
) -> OutboxMessage:
    """Queue template ``slug`` for ``to`` in the caller's transaction, or raise ``NotQueued``
    (template switched off, recipient switched this notification off, no copy, attachments
    too large); answers to the email go to ``reply_to`` when given, ``attachments`` are kept
    with the message and sent with it."""
    attachments = checked_attachments(attachments)
    spec = SPECS[slug]
    if spec.notification_flag and not getattr(to, spec.notification_flag, True):
        raise NotQueued(_("The recipient has switched these emails off."))
    ensure_active(slug)
    language = recipient_language(to)
    template = find_template(slug, language)
    if template is None:
        raise NotQueued(_("The email “%(name)s” has no template.", name=spec.name))
    values = {**tenant_fields(), **recipient_fields(to), **fields}
    rendered = render_message(
        spec, template, values, language=template.language, direction=text_direction(to)
    )
    message = OutboxMessage(
        template_slug=slug,
        to_email=to.email,
        to_name=getattr(to, "full_name", "") or "",
        subject=rendered.subject,
        body_html=rendered.html,
        body_text=rendered.text,
        reply_to=reply_to,
    )
    attach(message, attachments)
    db.session.add(message)
    return message


def send(
    slug: str,
    *,
    to,
    reply_to: str | None = None,
    attachments: Iterable[Attachment] = (),
    **fields,
) -> OutboxMessage | None:
    """Queue template ``slug`` for ``to`` in the caller's transaction.

    Returns ``None`` when the template is inactive or the recipient switched this kind of
    notification off (use ``queue`` where staff asked for the email and must be told).
    """
    try:
        return queue(slug, to=to, reply_to=reply_to, attachments=attachments, **fields)
    except NotQueued:
        return None


def queue_set_password_link(contact) -> OutboxMessage:
    """Queue ``contact-set-password`` with a fresh 48-hour link (needs ``contact.id``);
    raises ``NotQueued`` when it cannot be sent."""
    return queue("contact-set-password", to=contact, set_password_url=set_password_url(contact))


def send_forgot_password_link(contact) -> OutboxMessage | None:
    """Queue ``contact-forgot-password`` with a fresh one-hour reset link."""
    return send(FORGOT_PASSWORD, to=contact, reset_password_url=forgot_password_url(contact))
