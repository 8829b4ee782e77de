"""``mail_templates.send`` renders the tenant's template safely into the outbox."""

from types import SimpleNamespace

from flask import g
from sqlalchemy import select

import mail_templates
from crm.staff.models import Staff
from gorilla.extensions import db
from mail_templates.models import OutboxMessage
from tests.factories import contact, in_tenant


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
        mail_templates.set_active("contact-welcome", False)
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


def test_notification_switched_off_by_the_contact_queues_nothing(app, tenant):
    with in_tenant(app, tenant):
        fields = {"invoice_number": "RE-1", "invoice_link": "http://acme.gorilla.test/kunden/"}
        assert (
            mail_templates.send("invoice-sent", to=contact(invoice_emails=False), **fields) is None
        )
        assert mail_templates.send("invoice-sent", to=contact(), **fields) is not None
        assert mail_templates.send("project-created", to=contact(project_emails=False)) is None
        assert mail_templates.send("task-comment", to=contact(task_emails=False)) is None


def test_staff_assignee_gets_the_staff_comment_email_in_their_language(app, tenant):
    with in_tenant(app, tenant):
        staff = db.session.scalars(select(Staff)).one()
        staff.first_name, staff.language = "Erika", "en"
        message = mail_templates.send(
            "staff-task-comment",
            to=staff,
            task_name="Logo",
            comment="Bitte <b>heute</b>",
            comment_author="Kim",
            task_link="http://acme.gorilla.test/admin/tasks/1",
        )
    assert message.subject == "New comment on task Logo"
    assert (
        "Hello Erika" in message.body_html and "Bitte &lt;b&gt;heute&lt;/b&gt;" in message.body_html
    )
    assert "Bitte <b>heute</b>" in message.body_text


def test_no_template_can_be_given_a_password(app, tenant):
    with in_tenant(app, tenant):
        message = mail_templates.send("contact-welcome", to=contact(), password="geheim-123456")
    assert "geheim-123456" not in message.body_html + message.body_text
