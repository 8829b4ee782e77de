"""Shipped templates: complete in both languages, copied into tenants, synced by migrations."""

import pytest
from sqlalchemy import delete, select

import mail_templates
from gorilla.extensions import db
from mail_templates import sync_default_templates
from mail_templates.catalog import LANGUAGES, SPECS, default_content
from mail_templates.merge import template_code, unknown_fields
from mail_templates.models import EmailTemplate
from mail_templates.text import html_to_text
from tenants import provisioning
from tenants.migrations import downgrade_tenant, upgrade_tenant
from tests.factories import in_tenant

CONTRACT_SLUGS = {
    "contact-welcome", "contact-set-password", "contact-forgot-password",
    "contact-password-reset", "invoice-sent", "task-comment", "task-status-changed",
    "project-created",
}  # fmt: skip


def test_every_contract_slug_ships():
    assert set(SPECS) >= CONTRACT_SLUGS


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("slug", list(SPECS))
def test_default_uses_only_its_allowed_merge_fields(slug, language):
    content = default_content(slug, language)
    assert content.subject and content.body_html and content.body_text
    for part in (content.subject, content.body_html, content.body_text):
        assert unknown_fields(part, SPECS[slug].allowed_fields) == []
        assert template_code(part) == []


def test_no_merge_field_carries_a_password():
    for spec in SPECS.values():
        for name in spec.allowed_fields:
            assert "password" not in name or name.endswith("_url"), name


def test_new_tenant_gets_every_template_with_its_default_switch(app, tenant):
    with in_tenant(app, tenant):
        rows = db.session.scalars(select(EmailTemplate)).all()
        active = {(row.slug, row.language): row.active for row in rows}
    assert len(rows) == len(SPECS) * len(LANGUAGES)
    assert active["contact-welcome", "de"] is True
    assert active["contact-set-password", "de"] is False


def test_sync_adds_missing_templates_and_leaves_edited_ones_alone(app, tenant):
    with in_tenant(app, tenant):
        edited = db.session.scalar(
            select(EmailTemplate).where(
                EmailTemplate.slug == "contact-welcome", EmailTemplate.language == "de"
            )
        )
        edited.subject = "Hallo von uns"
        mail_templates.set_active("contact-welcome", False)
        db.session.execute(delete(EmailTemplate).where(EmailTemplate.slug == "invoice-sent"))
        db.session.commit()
        added = sync_default_templates(db.session)
        db.session.commit()
        assert sorted(added) == [("invoice-sent", "de"), ("invoice-sent", "en")]
        assert sync_default_templates(db.session) == []
        db.session.refresh(edited)
        assert (edited.subject, edited.active) == ("Hallo von uns", False)


def test_tenant_upgraded_from_before_email_gets_the_shipped_templates(app, tenant):
    with app.app_context():
        binds = provisioning.tenant_binds()
        downgrade_tenant(binds, tenant.schema_name, "t0002")
        upgrade_tenant(binds, tenant.schema_name)
    with in_tenant(app, tenant):
        count = len(db.session.scalars(select(EmailTemplate)).all())
    assert count == len(SPECS) * len(LANGUAGES)


def test_text_part_is_derived_from_html_with_links_and_paragraphs():
    html = (
        '<p>Hallo &amp; willkommen,</p><p>hier <a href="{portal_url}">entlang</a>'
        "<br>danke</p><style>p { color: red }</style><ul><li>eins</li><li>zwei</li></ul>"
    )
    assert html_to_text(html) == (
        "Hallo & willkommen,\n\nhier entlang ({portal_url})\ndanke\n\neins\nzwei"
    )
