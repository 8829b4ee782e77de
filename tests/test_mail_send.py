"""``mail_templates.send`` renders the tenant's template safely into the outbox."""

from types import SimpleNamespace

from flask import g
from sqlalchemy import select

import mail_templates
from gorilla.extensions import db
from mail_templates.models import EmailTemplate, OutboxMessage


def contact(**overrides):
    customer = SimpleNamespace(company="Kunde & Co", default_language="de")
    values = dict(
        firstname="<img src=x onerror=alert(1)>", lastname="Muster", email="k@kunde.test",
        title="", direction="", customer=customer, full_name="Kim Muster",
    )  # fmt: skip
    return SimpleNamespace(**(values | overrides))


def test_welcome_is_queued_in_german_with_escaped_names_and_tenant_link(app, tenant):
    with app.app_context():
        g.tenant = tenant
        message = mail_templates.send("contact-welcome", to=contact())
        db.session.commit()
        queued = db.session.scalars(select(OutboxMessage)).one()
    assert message is not None and queued.to_email == "k@kunde.test"
    assert queued.subject == "Willkommen bei ACME Agentur"
    assert "&lt;img src=x onerror=alert(1)&gt;" in queued.body_html
    assert "<img src=x" not in queued.body_html
    assert "http://acme.gorilla.test/kunden/" in queued.body_html
    assert "http://acme.gorilla.test/kunden/" in queued.body_text


def test_inactive_template_queues_nothing(app, tenant):
    with app.app_context():
        g.tenant = tenant
        assert not mail_templates.is_active("contact-set-password")
        assert mail_templates.send("contact-set-password", to=contact()) is None
        db.session.scalar(
            select(EmailTemplate).where(EmailTemplate.slug == "contact-welcome")
        ).active = False
        assert mail_templates.send("contact-welcome", to=contact()) is None


def test_right_to_left_contact_gets_rtl_layout_in_english(app, tenant):
    with app.app_context():
        g.tenant = tenant
        english = SimpleNamespace(company="X", default_language="en")
        message = mail_templates.send(
            "contact-welcome", to=contact(direction="rtl", customer=english)
        )
    assert 'dir="rtl"' in message.body_html and 'lang="en"' in message.body_html
    assert message.subject == "Welcome to ACME Agentur"
