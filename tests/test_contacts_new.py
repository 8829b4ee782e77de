"""The help article's flow: customer → Kontakte tab → "Neuer Kontakt" → saved and listed."""

from io import BytesIO

import pytest
from flask import g
from sqlalchemy import select

import mail_templates
from crm.contacts.models import NOTIFICATIONS
from gorilla.extensions import db
from mail_templates.models import OutboxMessage
from tests.conftest import client_for
from tests.crm_factories import (
    add_contact,
    add_customer,
    contact_rows,
    image_bytes,
    in_tenant,
    submit_multipart,
    ticked,
)

NEW_CONTACT = {
    "firstname": "Erika",
    "lastname": "Mustermann",
    "title": "Geschäftsführerin",
    "email": "Erika@Kunde.test",
    "phonenumber": "+49 30 123456",
    "direction": "rtl",
    "password": "sehr-geheimes-pw",
    "is_primary": "y",
    "permissions": ["invoices", "projects"],
    "invoice_emails": "y",
    "project_emails": "y",
    "task_emails": "y",
}


@pytest.fixture
def customer_id(app, tenant):
    return add_customer(app, tenant, "Kunde AG", city="Berlin")


def new_contact_path(customer_id):
    return f"/admin/customers/{customer_id}/contacts/new"


def post_contact(client, customer_id, **overrides):
    data = {**NEW_CONTACT, **overrides}
    data = {key: value for key, value in data.items() if value is not None}
    return submit_multipart(client, new_contact_path(customer_id), data)


def set_template_active(app, tenant, slug, active):
    with in_tenant(app, tenant) as session:
        mail_templates.set_active(slug, active)
        session.commit()


def outbox(app, tenant):
    with in_tenant(app, tenant) as session:
        return [(m.template_slug, m.to_email) for m in session.scalars(select(OutboxMessage))]


def test_staff_create_a_contact_through_the_kontakte_tab(app, tenant, staff_client, customer_id):
    profile = staff_client.get(f"/admin/customers/{customer_id}").get_data(as_text=True)
    assert "Kunde AG" in profile and f"/admin/customers/{customer_id}/contacts" in profile
    tab = staff_client.get(f"/admin/customers/{customer_id}/contacts").get_data(as_text=True)
    assert "Kontakte" in tab and "Neuer Kontakt" in tab
    assert new_contact_path(customer_id) in tab
    form = staff_client.get(new_contact_path(customer_id)).get_data(as_text=True)
    for label in ("Profilbild", "Vorname", "Nachname", "Position", "E-Mail", "Telefon"):
        assert label in form
    assert "Richtung" in form and "Haupt Ansprechpartner" in form and "Berechtigungen" in form
    assert "Keine Begrüßungs-E-Mail senden" in form and "E-Mail Benachrichtigungen" in form

    picture = (BytesIO(image_bytes(fmt="JPEG")), "erika.jpg")
    response = post_contact(staff_client, customer_id, profile_image=picture)

    assert response.status_code == 303
    assert response.headers["Location"].startswith(f"/admin/customers/{customer_id}/contacts#")
    [contact] = contact_rows(app, tenant)
    assert contact.email == "erika@kunde.test" and contact.title == "Geschäftsführerin"
    assert contact.direction == "rtl" and contact.is_primary and contact.active
    assert contact.permissions == {"invoices", "projects"}
    assert contact.check_password is not None and contact.password_hash
    assert contact.invoice_emails and contact.project_emails and contact.task_emails
    assert not contact.estimate_emails and not contact.ticket_emails
    assert contact.profile_image and contact.profile_image.endswith(".jpg")
    assert outbox(app, tenant) == [("contact-welcome", "erika@kunde.test")]

    listing = staff_client.get(f"/admin/customers/{customer_id}/contacts").get_data(as_text=True)
    assert "Erika Mustermann" in listing and "erika@kunde.test" in listing
    picture_url = f"/admin/contacts/{contact.id}/picture"
    assert picture_url in listing
    served = staff_client.get(picture_url)
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert served.data[:3] == b"\xff\xd8\xff"
    served.close()


def test_contact_picture_is_only_served_to_staff_of_its_tenant(
    app, tenant, other_tenant, staff_client, customer_id
):
    picture = (BytesIO(image_bytes()), "kim.png")
    post_contact(staff_client, customer_id, profile_image=picture)
    [contact] = contact_rows(app, tenant)
    path = f"/admin/contacts/{contact.id}/picture"
    assert client_for(app, "acme").get(path).status_code == 302  # anonymous → sign-in
    globex = client_for(app, "globex")
    globex.sign_in("admin@globex.test")
    add_contact(app, other_tenant, add_customer(app, other_tenant), "hans@globex.test")
    assert globex.get(path).status_code == 404
    assert globex.get(f"/admin/contacts/{contact.id}/edit").status_code == 200  # its own id 1
    assert globex.get(f"/admin/customers/{customer_id}/contacts").status_code == 200


def test_unknown_contact_and_customer_ids_answer_404(staff_client, customer_id):
    assert staff_client.get("/admin/contacts/999/edit").status_code == 404
    assert staff_client.get("/admin/contacts/999/picture").status_code == 404
    assert staff_client.get("/admin/customers/999/contacts/new").status_code == 404


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "not-an-email"}, "Bitte geben Sie eine gültige E-Mail-Adresse ein."),
        ({"email": ""}, "Bitte geben Sie die E-Mail-Adresse ein."),
        ({"firstname": ""}, "Bitte geben Sie den Vornamen ein."),
        ({"lastname": "  "}, "Bitte geben Sie den Nachnamen ein."),
        ({"password": "kurz"}, "Bitte mindestens 10 Zeichen."),
        ({"password": "erika@kunde.test"}, "Das Passwort darf nicht die E-Mail-Adresse sein."),
        ({"password": None}, "Bitte legen Sie ein Passwort fest"),
    ],
)
def test_invalid_contact_shows_german_field_error_and_saves_nothing(
    app, tenant, staff_client, customer_id, overrides, message
):
    response = post_contact(staff_client, customer_id, **overrides)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert contact_rows(app, tenant) == []
    assert outbox(app, tenant) == []


def test_duplicate_email_in_any_case_is_refused(app, tenant, staff_client, customer_id):
    other_customer = add_customer(app, tenant, "Andere GmbH")
    add_contact(app, tenant, other_customer, "erika@kunde.test")
    response = post_contact(staff_client, customer_id, email="ERIKA@kunde.TEST")
    assert response.status_code == 200
    assert "bereits von einem anderen Kontakt verwendet" in response.get_data(as_text=True)
    assert len(contact_rows(app, tenant)) == 1


def test_default_permissions_from_settings_are_pre_ticked_with_their_notifications(
    app, tenant, staff_client, customer_id
):
    staff_client.submit(
        "/admin/settings/customers", {"default_contact_permissions": ["support", "estimates"]}
    )
    page = staff_client.get(new_contact_path(customer_id)).get_data(as_text=True)
    boxes = ticked(page)
    assert {value for name, value in boxes if name == "permissions"} == {"support", "estimates"}
    assert {name for name, _ in boxes if name in NOTIFICATIONS} == {
        "ticket_emails",
        "estimate_emails",
    }


def test_new_contact_gets_only_notifications_its_permissions_allow(
    app, tenant, staff_client, customer_id
):
    every_flag = dict.fromkeys(NOTIFICATIONS, "y")
    post_contact(staff_client, customer_id, permissions=["projects"], **every_flag)
    [contact] = contact_rows(app, tenant)
    on = {flag for flag in NOTIFICATIONS if getattr(contact, flag)}
    assert on == {"project_emails", "task_emails"}


def test_service_without_flags_derives_notifications_from_default_permissions(
    app, tenant, customer_id
):
    with in_tenant(app, tenant) as session:
        from tenants.settings import set_setting

        set_setting("default_contact_permissions", ["invoices"])
        session.commit()
    add_contact(app, tenant, customer_id, "neu@kunde.test")
    [contact] = contact_rows(app, tenant)
    assert contact.permissions == {"invoices"}
    assert {flag for flag in NOTIFICATIONS if getattr(contact, flag)} == {
        "invoice_emails",
        "credit_note_emails",
    }


def test_set_password_checkbox_appears_only_while_its_template_is_active(
    app, tenant, staff_client, customer_id
):
    page = staff_client.get(new_contact_path(customer_id)).get_data(as_text=True)
    assert "send_set_password_email" not in page
    set_template_active(app, tenant, "contact-set-password", True)
    page = staff_client.get(new_contact_path(customer_id)).get_data(as_text=True)
    assert 'name="send_set_password_email"' in page and "Kennwort per E-Mail versenden" in page


def test_missing_password_error_offers_the_email_only_while_it_can_be_sent(
    app, tenant, staff_client, customer_id
):
    page = post_contact(staff_client, customer_id, password=None).get_data(as_text=True)
    assert "Bitte legen Sie ein Passwort fest." in page and "per E-Mail" not in page
    set_template_active(app, tenant, "contact-set-password", True)
    page = post_contact(staff_client, customer_id, password=None).get_data(as_text=True)
    assert "oder versenden Sie das Kennwort per E-Mail." in page


def test_set_password_email_replaces_the_password_and_queues_the_link(
    app, tenant, staff_client, customer_id
):
    set_template_active(app, tenant, "contact-set-password", True)
    response = post_contact(
        staff_client,
        customer_id,
        password=None,
        send_set_password_email="y",
        donotsendwelcomeemail="y",
    )
    assert response.status_code == 303
    [contact] = contact_rows(app, tenant)
    assert contact.password_hash is None
    assert outbox(app, tenant) == [("contact-set-password", "erika@kunde.test")]
    with in_tenant(app, tenant) as session:
        body = session.scalars(select(OutboxMessage)).one().body_text
    assert "http://acme.gorilla.test/kunden/passwort-setzen/" in body


def test_welcome_checkbox_hidden_and_nothing_sent_while_welcome_is_inactive(
    app, tenant, staff_client, customer_id
):
    set_template_active(app, tenant, "contact-welcome", False)
    page = staff_client.get(new_contact_path(customer_id)).get_data(as_text=True)
    assert "donotsendwelcomeemail" not in page
    assert post_contact(staff_client, customer_id).status_code == 303
    assert outbox(app, tenant) == []


def test_edit_form_saves_changes_and_keeps_password_when_left_empty(
    app, tenant, staff_client, customer_id
):
    contact_id = add_contact(app, tenant, customer_id, "kim@kunde.test")
    before = contact_rows(app, tenant)[0].password_hash
    path = f"/admin/contacts/{contact_id}/edit"
    page = staff_client.get(path).get_data(as_text=True)
    assert 'value="kim@kunde.test"' in page
    response = staff_client.submit(
        path,
        {
            "firstname": "Kim",
            "lastname": "Neu",
            "email": "KIM@kunde.test",
            "permissions": ["support"],
        },
    )
    assert response.status_code == 303
    [contact] = contact_rows(app, tenant)
    assert contact.lastname == "Neu" and contact.permissions == {"support"}
    assert contact.password_hash == before and contact.is_primary


def test_deactivated_contact_keeps_its_data_but_gets_a_new_session_token(
    app, tenant, staff_client, customer_id
):
    contact_id = add_contact(app, tenant, customer_id, "kim@kunde.test")
    [before] = contact_rows(app, tenant)
    response = staff_client.submit(
        f"/admin/contacts/{contact_id}/active",
        {"active": "0"},
        form_path=f"/admin/customers/{customer_id}/contacts",
    )
    assert response.status_code == 303
    [after] = contact_rows(app, tenant)
    assert not after.active and after.email == "kim@kunde.test"
    assert after.session_token != before.session_token
    assert after.token_version == before.token_version + 1


def test_contact_realm_attributes(app, tenant, customer_id):
    add_contact(app, tenant, customer_id, "kim@kunde.test", permissions={"invoices"})
    with in_tenant(app, tenant) as session:
        from crm.contacts.models import Contact

        contact = session.scalars(select(Contact)).one()
        assert contact.realm == "contact" and contact.full_name == "Kim Muster"
        assert contact.language == "de" and contact.has_permission("invoices")
        assert not contact.has_permission("projects")
        assert contact.check_password("kontakt-passwort-1")
        assert g.tenant.slug == "acme" and db.session is session
