"""Copy shipped default templates into tenants: at provisioning, in migrations, on reset."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from gorilla.audit import AuditAction, record
from tenants.models import TenantInfo, utcnow
from tenants.provisioning import ProvisionRequest

from .catalog import LANGUAGES, SPECS, default_content
from .models import EmailTemplate, TemplateSwitch


def sync_default_templates(session: Session) -> list[tuple[str, str]]:
    """Insert every shipped (slug, language) the tenant lacks, and the on/off switch of every
    new slug; existing rows stay untouched.

    Call it from a tenant migration that ships new templates; returns what was added.
    """
    existing = set(session.execute(select(EmailTemplate.slug, EmailTemplate.language)).all())
    switched = set(session.scalars(select(TemplateSwitch.slug)))
    added = []
    for spec in SPECS.values():
        if spec.slug not in switched:
            session.add(TemplateSwitch(slug=spec.slug, active=spec.active_by_default))
        for language in LANGUAGES:
            if (spec.slug, language) in existing:
                continue
            content = default_content(spec.slug, language)
            session.add(
                EmailTemplate(
                    slug=spec.slug,
                    language=language,
                    subject=content.subject,
                    body_html=content.body_html,
                    body_text=content.body_text,
                )
            )
            added.append((spec.slug, language))
    session.flush()
    return added


def seed_templates(session: Session, tenant: TenantInfo, request: ProvisionRequest) -> None:
    """Provisioning seeder: every shipped template in every language."""
    sync_default_templates(session)


def reset_to_default(template: EmailTemplate) -> None:
    """Put the shipped subject and bodies back (the active switch stays as it is)."""
    content = default_content(template.slug, template.language)
    template.subject = content.subject
    template.body_html = content.body_html
    template.body_text = content.body_text
    template.updated_at = utcnow()
    record(AuditAction.TEMPLATE_RESET, subject=template)
