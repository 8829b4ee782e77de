"""Contact emails end to end through the staff form, a real SMTP server and /kunden/."""

import re

import pytest
from sqlalchemy import select

from mail_templates.models import PENDING, OutboxMessage
from tests.conftest import client_for, run_together
from tests.crm_factories import add_customer, in_tenant
from tests.test_contacts_new import post_contact, set_template_active


@pytest.fixture
def customer_id(app, tenant):
    return add_customer(app, tenant, "Kunde AG", city="Berlin")


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message) -> str:
    return re.search(
        r"http://acme\.gorilla\.test(/kunden/passwort-setzen/\S+)", text_of(message)
    ).group(1)


def invite_by_email(app, tenant, staff_client, customer_id, smtp) -> str:
    """Staff create a contact with "Kennwort per E-Mail versenden"; the link it received."""
    set_template_active(app, tenant, "contact-set-password", True)
    post_contact(
        staff_client,
        customer_id,
        password=None,
        send_set_password_email="y",
        donotsendwelcomeemail="y",
    )
    return link_in(smtp.messages[-1])


def test_new_contact_gets_one_welcome_email_in_german(staff_client, customer_id, smtp):
    response = post_contact(staff_client, customer_id, firstname="Jürgen", lastname="Weiß")
    assert response.status_code in (302, 303)
    (message,) = smtp.messages
    assert message["Subject"] == "Willkommen bei ACME Agentur"
    assert message["To"].addresses[0].addr_spec == "erika@kunde.test"
    assert "Hallo Jürgen Weiß" in text_of(message)
    assert "http://acme.gorilla.test/kunden/" in text_of(message)
    assert "sehr-geheimes-pw" not in message.as_string()  # never a password in an email


def test_no_welcome_email_when_unticked_or_template_disabled(
    app, tenant, staff_client, customer_id, smtp
):
    post_contact(staff_client, customer_id, donotsendwelcomeemail="y")
    set_template_active(app, tenant, "contact-welcome", False)
    post_contact(staff_client, customer_id, email="zweite@kunde.test", is_primary=None)
    assert smtp.messages == []


def test_contact_is_saved_while_smtp_is_down_and_sent_exactly_once_later(
    app, tenant, staff_client, customer_id, smtp_down, runner
):
    response = post_contact(staff_client, customer_id)
    assert response.status_code in (302, 303)
    with in_tenant(app, tenant) as session:
        (queued,) = session.scalars(select(OutboxMessage)).all()
        assert queued.status == PENDING and queued.last_error
    smtp_down.start()
    with in_tenant(app, tenant) as session:  # due now, as if the backoff had passed
        session.scalars(select(OutboxMessage)).one().next_attempt_at = queued.created_at
        session.commit()
    assert runner.invoke(args=["mail", "send"]).exit_code == 0
    assert runner.invoke(args=["mail", "send"]).exit_code == 0
    assert len(smtp_down.messages) == 1


def test_seed_journey_set_password_by_email_then_sign_in(
    app, tenant, staff_client, customer_id, smtp
):
    set_template_active(app, tenant, "contact-set-password", True)
    form = staff_client.get(f"/admin/customers/{customer_id}/contacts/new").get_data(as_text=True)
    assert 'name="send_set_password_email"' in form
    response = post_contact(
        staff_client,
        customer_id,
        password=None,
        send_set_password_email="y",
        donotsendwelcomeemail="y",
    )
    assert response.status_code in (302, 303)
    (message,) = smtp.messages
    assert message["Subject"] == "Lege ein neues Passwort fest"
    contact = client_for(app, "acme")
    new_password = {"password": "mein-kundenpasswort", "password_confirm": "mein-kundenpasswort"}
    response = contact.submit(link_in(message), new_password)
    assert response.status_code == 302 and response.headers["Location"] == "/kunden/"
    assert "Willkommen, Erika" in contact.get("/kunden/").get_data(as_text=True)
    contact.submit("/kunden/logout", {}, form_path="/kunden/profil")
    assert "Willkommen, Erika" not in contact.get("/kunden/").get_data(as_text=True)
    assert (
        contact.sign_in("erika@kunde.test", "mein-kundenpasswort", path="/kunden/login").status_code
        == 302
    )
    confirmation = smtp.messages[-1]
    assert "erika@kunde.test" in confirmation["To"] and "Passwort" in confirmation["Subject"]


def test_set_password_link_is_refused_when_used_tampered_expired_or_foreign(
    app, tenant, other_tenant, staff_client, customer_id, smtp, monkeypatch
):
    link = invite_by_email(app, tenant, staff_client, customer_id, smtp)
    assert client_for(app, "globex").get(link).status_code == 410  # other tenant's host
    assert client_for(app, "acme").get(link[:-3] + "xyz").status_code == 410  # tampered
    import itsdangerous.timed

    real_time = itsdangerous.timed.time.time
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: real_time() + 48 * 3600 + 5)
    assert client_for(app, "acme").get(link).status_code == 410  # older than 48 hours
    monkeypatch.setattr(itsdangerous.timed.time, "time", real_time)
    client = client_for(app, "acme")
    data = {"password": "mein-kundenpasswort", "password_confirm": "mein-kundenpasswort"}
    assert client.submit(link, data).status_code == 302
    second = client_for(app, "acme")
    assert second.get(link).status_code == 410  # used
    assert "nicht mehr gültig" in second.get(link).get_data(as_text=True)


def test_staff_can_send_a_set_password_email_from_the_edit_page(
    app, tenant, staff_client, customer_id, smtp
):
    set_template_active(app, tenant, "contact-set-password", True)
    post_contact(staff_client, customer_id, donotsendwelcomeemail="y")
    with in_tenant(app, tenant) as session:
        from crm.contacts.models import Contact

        contact_id = session.scalar(select(Contact.id))
    page = staff_client.get(f"/admin/contacts/{contact_id}/edit").get_data(as_text=True)
    assert 'name="send_set_password_email"' in page
    assert smtp.messages == []
    edit = re.findall(r'name="(\w+)"[^>]*value="([^"]*)"', page)
    assert edit  # the edit form re-posts its own values plus the action
    from tests.crm_factories import submit_multipart

    data = {k: v for k, v in edit if k not in ("csrf_token", "send_set_password_email")}
    data |= {
        "firstname": "Erika",
        "lastname": "Mustermann",
        "email": "erika@kunde.test",
        "send_set_password_email": "y",
    }
    submit_multipart(staff_client, f"/admin/contacts/{contact_id}/edit", data)
    assert [m["Subject"] for m in smtp.messages] == ["Lege ein neues Passwort fest"]


def test_two_simultaneous_submissions_of_one_link_exactly_one_wins(
    app, tenant, staff_client, customer_id, smtp
):
    link = invite_by_email(app, tenant, staff_client, customer_id, smtp)
    clients = [client_for(app, "acme") for _ in range(2)]
    tokens = [client.csrf(link) for client in clients]

    def submit(client, token, password):
        data = {"csrf_token": token, "password": password, "password_confirm": password}
        return lambda: client.post(link, data=data).status_code

    statuses = run_together(
        *(
            submit(c, t, f"passwort-nummer-{i}")
            for i, (c, t) in enumerate(zip(clients, tokens, strict=True))
        )
    )
    assert sorted(statuses) == [302, 410]
