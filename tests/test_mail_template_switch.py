"""A template is switched on or off as a whole (every language), copies fall back to the
agency's language, and a requested email that cannot be queued is told on the form."""

from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy import delete, select

import mail_templates
from crm.invoices.models import Invoice
from crm.invoices.service import save_invoice
from mail_templates.catalog import default_content
from mail_templates.models import EmailTemplate, OutboxMessage
from tenants import provisioning
from tenants.migrations import downgrade_tenant, tenant_engine, upgrade_tenant
from tenants.model_base import TENANT_SCHEMA
from tenants.settings import set_setting
from tests.crm_factories import add_contact, add_customer, contact_rows, in_tenant, ticked
from tests.portal_helpers import make_contact
from tests.test_contacts_new import new_contact_path, post_contact, set_template_active

EDITOR = "/admin/settings/email-templates/{slug}/{lang}"


def switch_in_editor(client, slug: str, lang: str, active: bool):
    content = default_content(slug, lang)
    data = {"subject": content.subject, "body": content.body_html}
    if active:
        data["active"] = "y"
    response = client.submit(EDITOR.format(slug=slug, lang=lang), data)
    assert response.status_code == 303
    return response


def queued(app, tenant) -> list[tuple[str, str, str]]:
    with in_tenant(app, tenant) as session:
        return [
            (m.template_slug, m.to_email, m.subject)
            for m in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        ]


def test_switching_a_template_off_in_one_language_switches_it_off_in_every_language(
    app, tenant, staff_client
):
    customer_id = add_customer(app, tenant, "Kunde AG")
    switch_in_editor(staff_client, "contact-welcome", "en", active=False)

    listing = staff_client.get("/admin/settings/email-templates").get_data(as_text=True)
    row = listing[listing.index("Begrüßungs-E-Mail") : listing.index("Lege ein neues Passwort")]
    assert row.count("inaktiv") == 2 and "badge-ok" not in row
    german = staff_client.get(EDITOR.format(slug="contact-welcome", lang="de"))
    assert ("active", "y") not in ticked(german.get_data(as_text=True))
    form = staff_client.get(new_contact_path(customer_id)).get_data(as_text=True)
    assert "donotsendwelcomeemail" not in form


def test_set_password_switched_on_in_the_agency_language_reaches_an_english_customer(
    app, tenant, staff_client
):
    customer_id = add_customer(app, tenant, "Acme Ltd", default_language="en")
    switch_in_editor(staff_client, "contact-set-password", "de", active=True)
    form = staff_client.get(new_contact_path(customer_id)).get_data(as_text=True)
    assert 'name="send_set_password_email"' in form

    response = post_contact(
        staff_client,
        customer_id,
        password=None,
        send_set_password_email="y",
        donotsendwelcomeemail="y",
    )

    assert response.status_code == 303
    assert queued(app, tenant) == [
        ("contact-set-password", "erika@kunde.test", "Set a new password")
    ]


def test_customer_language_without_a_copy_falls_back_to_the_agency_language(
    app, tenant, staff_client
):
    customer_id = add_customer(app, tenant, "Kunde AG", default_language="de")
    with in_tenant(app, tenant) as session:
        set_setting("default_language", "en")
        session.execute(
            delete(EmailTemplate).where(
                EmailTemplate.slug == "contact-welcome", EmailTemplate.language == "de"
            )
        )
        session.commit()

    assert post_contact(staff_client, customer_id).status_code == 303

    welcome = ("contact-welcome", "erika@kunde.test", "Welcome to ACME Agentur")
    assert queued(app, tenant) == [welcome]


def test_ticked_set_password_email_that_cannot_be_queued_saves_no_new_contact(
    app, tenant, staff_client
):
    customer_id = add_customer(app, tenant, "Kunde AG")
    set_template_active(app, tenant, "contact-set-password", True)
    staff_client.get(new_contact_path(customer_id))  # form opened while it was on
    set_template_active(app, tenant, "contact-set-password", False)

    response = post_contact(staff_client, customer_id, password=None, send_set_password_email="y")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Die E-Mail „Lege ein neues Passwort fest“ ist ausgeschaltet" in page
    assert "Es wurde nichts gespeichert." in page
    assert 'value="Erika"' in page and 'name="send_set_password_email"' in page
    assert contact_rows(app, tenant) == [] and queued(app, tenant) == []


def test_ticked_set_password_email_that_cannot_be_queued_leaves_the_contact_unchanged(
    app, tenant, staff_client
):
    customer_id = add_customer(app, tenant, "Kunde AG")
    contact_id = add_contact(app, tenant, customer_id, "kim@kunde.test")
    path = f"/admin/contacts/{contact_id}/edit"
    fields = {"firstname": "Kimberly", "lastname": "Muster", "email": "kim@kunde.test"}

    response = staff_client.submit(path, {**fields, "send_set_password_email": "y"})

    assert response.status_code == 200
    assert "ist ausgeschaltet" in response.get_data(as_text=True)
    assert contact_rows(app, tenant)[0].firstname == "Kim" and queued(app, tenant) == []


copies = sa.Table(
    "email_templates",
    sa.MetaData(schema=TENANT_SCHEMA),
    sa.Column("slug", sa.String),
    sa.Column("language", sa.String),
    sa.Column("active", sa.Boolean),
)


@pytest.mark.parametrize(
    ("agency_language", "welcome", "set_password"),
    [("de", False, True), ("en", True, False)],
)
def test_migration_keeps_each_template_as_its_copy_in_the_agency_language_was(
    app, tenant, agency_language, welcome, set_password
):
    before = {
        ("contact-welcome", "de"): False,
        ("contact-welcome", "en"): True,
        ("contact-set-password", "de"): True,
        ("contact-set-password", "en"): False,
    }
    with app.app_context():
        binds = provisioning.tenant_binds()
        downgrade_tenant(binds, tenant.schema_name, "t0009")
        engine = tenant_engine(binds, tenant.schema_name)
        with engine.begin() as connection:
            for (slug, language), active in before.items():
                connection.execute(
                    copies.update()
                    .where(copies.c.slug == slug, copies.c.language == language)
                    .values(active=active)
                )
        with in_tenant(app, tenant) as session:
            set_setting("default_language", agency_language)
            session.commit()
        upgrade_tenant(binds, tenant.schema_name)

    with in_tenant(app, tenant) as session:
        assert mail_templates.is_active("contact-welcome") is welcome
        assert mail_templates.is_active("contact-set-password") is set_password
        rows = session.scalars(select(EmailTemplate)).all()
        state = {(row.slug, row.language): row.active for row in rows}
    assert state["contact-welcome", "de"] is state["contact-welcome", "en"] is welcome
    assert state["contact-set-password", "en"] is set_password


def test_sending_an_invoice_while_its_email_is_switched_off_says_so_and_changes_nothing(
    app, tenant, staff_client
):
    customer_id, contact_id = make_contact(app, tenant, "kim@kunde.de", permissions=["invoices"])
    with in_tenant(app, tenant) as session:
        invoice = save_invoice(
            Invoice(),
            {
                "customer_id": customer_id, "date": date.today(), "duedate": None, "notes": "",
                "items": [{"description": "x", "qty": 1, "rate": 10, "taxrate": 19}],
            },
        )  # fmt: skip
        session.commit()
        invoice_id = invoice.id
    set_template_active(app, tenant, "invoice-sent", False)
    path = f"/admin/invoices/{invoice_id}/send"

    response = staff_client.submit(path, {"contact_ids": [str(contact_id)]})

    assert response.status_code == 200
    assert "Die E-Mail „Rechnung an Kunden senden“ ist ausgeschaltet" in response.get_data(
        as_text=True
    )
    with in_tenant(app, tenant) as session:
        assert session.get(Invoice, invoice_id).status == "draft"
    assert queued(app, tenant) == []
