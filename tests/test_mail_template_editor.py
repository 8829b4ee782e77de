"""Settings › E-Mail Templates: admins edit, preview and reset; template code never runs."""

import pytest
from sqlalchemy import select

import mail_templates
from crm.staff.models import Staff
from gorilla.extensions import db
from gorilla.passwords import hash_password
from mail_templates.catalog import default_content
from mail_templates.links import forgot_password_url
from mail_templates.models import EmailTemplate
from tests.conftest import PASSWORD, client_for
from tests.factories import contact, in_tenant

WELCOME = "/admin/settings/email-templates/contact-welcome/de"


def stored(app, tenant, slug="contact-welcome", language="de") -> EmailTemplate:
    with in_tenant(app, tenant):
        row = db.session.scalar(
            select(EmailTemplate).where(
                EmailTemplate.slug == slug, EmailTemplate.language == language
            )
        )
        db.session.expunge(row)
        return row


def edit(client, subject="Willkommen, {contact_firstname}", body="<p>Hallo</p>", active="y"):
    data = {"subject": subject, "body": body}
    if active:
        data["active"] = active
    return client.submit(WELCOME, data)


def test_list_groups_templates_by_recipient_with_language_and_state(staff_client):
    page = staff_client.get("/admin/settings/email-templates").get_data(as_text=True)
    assert "E-Mails an Kontakte" in page and "E-Mails an Mitarbeiter" in page
    assert "Neuer Kontakt hinzugefügt / registriert (Begrüßungs-E-Mail)" in page
    assert "Lege ein neues Passwort fest" in page
    assert "Deutsch" in page and "English" in page
    assert page.index("Lege ein neues Passwort fest") < page.index("E-Mails an Mitarbeiter")
    assert "inaktiv" in page


def test_edit_page_shows_fields_allowed_merge_fields_and_a_sample_preview(staff_client):
    page = staff_client.get(WELCOME).get_data(as_text=True)
    for name in ("subject", "body", "active"):
        assert f'name="{name}"' in page
    assert "{contact_firstname}" in page and "{portal_url}" in page
    assert "{invoice_number}" not in page
    assert "Willkommen bei ACME Agentur" in page  # rendered preview subject
    assert "Maria" in page and "sandbox" in page


@pytest.mark.parametrize(
    ("subject", "body", "named"),
    [
        ("Hallo", "<p>{{ config }}</p>", "{{ config }}"),
        ("Hallo", "<p>{{ ''.__class__ }}</p>", "__class__"),
        ("Hallo", "{% for x in y %}{% endfor %}", "{% for x in y %}"),
        ("{{ config.SECRET_KEY }}", "<p>Hallo</p>", "{{ config.SECRET_KEY }}"),
        ("Hallo", "<p>{unknown_field}</p>", "{unknown_field}"),
        ("Hallo {invoice_number}", "<p>Hallo</p>", "{invoice_number}"),
        ("Hallo", "<p>{ config }</p>", "{ config }"),
    ],
)
def test_template_code_and_unknown_fields_are_refused_naming_them(
    app, tenant, staff_client, subject, body, named
):
    response = edit(staff_client, subject=subject, body=body)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "nicht erlaubt" in page or "Unbekanntes Platzhalterfeld" in page
    assert named.replace("'", "&#39;") in page
    assert stored(app, tenant).subject == "Willkommen bei {company_name}"


def test_oversized_body_is_refused(app, tenant, staff_client):
    page = edit(staff_client, body="<p>" + "x" * 100_001 + "</p>").get_data(as_text=True)
    assert "Höchstens 100000 Zeichen" in page
    assert stored(app, tenant).body_html.startswith("<p>Hallo {contact_firstname}")


def test_valid_edit_is_saved_with_a_text_part_and_used_for_sending(app, tenant, staff_client):
    body = '<p>Hallo {contact_firstname},</p><p><a href="{portal_url}">Hier entlang</a></p>'
    response = edit(staff_client, body=body)
    assert response.status_code == 303
    assert "gespeichert" in staff_client.get(response.headers["Location"]).get_data(as_text=True)
    row = stored(app, tenant)
    assert row.body_html == body and row.active
    assert row.body_text == "Hallo {contact_firstname},\n\nHier entlang ({portal_url})"
    with in_tenant(app, tenant):
        message = mail_templates.send("contact-welcome", to=contact(firstname="Kim"))
    assert message.subject == "Willkommen, Kim"
    assert "Hier entlang (http://acme.gorilla.test/kunden/)" in message.body_text


def test_disabling_the_welcome_email_stops_it(app, tenant, staff_client):
    assert edit(staff_client, active=None).status_code == 303
    with in_tenant(app, tenant):
        assert not mail_templates.is_active("contact-welcome")
        assert mail_templates.send("contact-welcome", to=contact()) is None


def test_enabling_set_password_email_switches_it_on(app, tenant, staff_client):
    path = "/admin/settings/email-templates/contact-set-password/de"
    content = default_content("contact-set-password", "de")
    data = {"subject": content.subject, "body": content.body_html, "active": "y"}
    assert staff_client.submit(path, data).status_code == 303
    with in_tenant(app, tenant):
        assert mail_templates.is_active("contact-set-password")


def test_reset_to_default_restores_subject_and_content(app, tenant, staff_client):
    edit(staff_client, subject="Anders", body="<p>Anders</p>", active=None)
    response = staff_client.submit(f"{WELCOME}/reset", {}, form_path=WELCOME)
    assert response.status_code == 303
    row = stored(app, tenant)
    default = default_content("contact-welcome", "de")
    assert (row.subject, row.body_html, row.body_text) == (
        default.subject,
        default.body_html,
        default.body_text,
    )
    assert row.active is False


def test_preview_renders_the_unsaved_draft_with_escaped_sample_data(staff_client):
    response = staff_client.submit(
        f"{WELCOME}/preview",
        {"subject": "Hallo {contact_firstname}", "body": "<p>{client_company} {{ config }}</p>"},
        form_path=WELCOME,
    )
    shown = response.get_json()
    assert shown["subject"] == "Hallo Maria"
    assert "<p>Beispiel GmbH {{ config }}</p>" in shown["html"]
    assert "test-secret" not in shown["html"]
    assert shown["text"] == "Beispiel GmbH {{ config }}"


def test_preview_reset_link_opens_the_page_real_reset_emails_link_to(app, tenant, staff_client):
    forgot = "/admin/settings/email-templates/contact-forgot-password/de"
    response = staff_client.submit(
        f"{forgot}/preview",
        {"subject": "Reset", "body": "<p>{reset_password_url}</p>"},
        form_path=forgot,
    )
    sample = response.get_json()["text"]
    with in_tenant(app, tenant):
        real = forgot_password_url(contact(id=7, password_hash=None, token_version=1))
    assert sample.rsplit("/", 1)[0] == real.rsplit("/", 1)[0]
    opened = staff_client.get(sample.removeprefix("http://acme.gorilla.test"))
    assert opened.status_code == 410  # the reset page, telling the sample token is no good


def test_unknown_template_or_language_answers_404(staff_client):
    assert staff_client.get("/admin/settings/email-templates/no-such/de").status_code == 404
    assert staff_client.get("/admin/settings/email-templates/contact-welcome/fr").status_code == 404


def test_non_admin_staff_gets_403_on_every_settings_page(app, tenant):
    with in_tenant(app, tenant):
        db.session.add(Staff(email="mia@acme.test", password_hash=hash_password(PASSWORD)))
        db.session.commit()
    client = client_for(app, "acme")
    client.sign_in("mia@acme.test")
    for path in ("/admin/settings/email-templates", WELCOME, "/admin/settings/email-log"):
        assert client.get(path).status_code == 403
    assert client.post(f"{WELCOME}/reset").status_code in (400, 403)
    assert "Einstellungen" not in client.get("/admin/").get_data(as_text=True)


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/admin/settings/email-templates")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]
