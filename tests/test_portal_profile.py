"""A contact edits its own profile, and nothing else."""

import io

import pytest
from flask import g
from PIL import Image

from crm.contacts.models import Contact
from gorilla.extensions import db
from tests.conftest import client_for
from tests.crm_factories import ticked
from tests.portal_helpers import CONTACT_PASSWORD, make_contact

PAGE = "/kunden/profil"
DETAILS, PASSWORD, NOTIFICATIONS = (
    f"{PAGE}/{form}" for form in ("daten", "passwort", "benachrichtigungen")
)
PROFILE = {
    "firstname": "Kim",
    "lastname": "Kunde",
    "title": "",
    "phonenumber": "",
    "direction": "",
}


def signed_in(app, tenant, email="kim@kunde.de", **data):
    ids = make_contact(app, tenant, email, **data)
    client = client_for(app, tenant.slug)
    client.sign_in(email, CONTACT_PASSWORD, path="/kunden/login")
    return client, ids


def load(app, tenant, contact_id):
    with app.app_context():
        g.tenant = tenant
        contact = db.session.get(Contact, contact_id)
        db.session.expunge(contact)
        return contact


def test_contact_changes_name_position_phone_and_direction(app, tenant):
    client, (_cid, contact_id) = signed_in(app, tenant)
    data = PROFILE | {
        "firstname": "Kimberly",
        "title": "Einkauf",
        "phonenumber": "+49 30 1",
        "direction": "rtl",
    }
    assert client.submit(DETAILS, data, form_path=PAGE).status_code == 303
    contact = load(app, tenant, contact_id)
    assert (contact.firstname, contact.title, contact.phonenumber, contact.direction) == (
        "Kimberly",
        "Einkauf",
        "+49 30 1",
        "rtl",
    )
    page = client.get("/kunden/profil").get_data(as_text=True)
    assert 'dir="rtl"' in page


def test_mass_assignment_changes_nothing_else(app, tenant):
    client, (customer_id, contact_id) = signed_in(app, tenant, permissions=["invoices"])
    other_customer, _other = make_contact(app, tenant, "eve@andere.de", company="Andere AG")
    data = PROFILE | {
        "email": "hacker@evil.example", "customer_id": str(other_customer),
        "permissions": ["projects", "support"], "is_primary": "", "active": "",
        "invoice_emails": "", "project_emails": "y",
    }  # fmt: skip
    assert client.submit(DETAILS, data, form_path=PAGE).status_code == 303
    contact = load(app, tenant, contact_id)
    assert contact.email == "kim@kunde.de" and contact.customer_id == customer_id
    assert contact.permissions == {"invoices"} and contact.is_primary and contact.active
    assert contact.invoice_emails and not contact.project_emails


def test_profile_picture_upload_and_removal(app, tenant):
    client, (_cid, contact_id) = signed_in(app, tenant)
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "blue").save(buffer, "PNG")
    data = PROFILE | {"profile_image": (io.BytesIO(buffer.getvalue()), "me.png")}
    response = client.submit(DETAILS, data, PAGE, content_type="multipart/form-data")
    assert response.status_code == 303
    picture = client.get("/kunden/profil/bild")
    assert picture.status_code == 200 and picture.mimetype == "image/png"
    picture.close()
    bad = PROFILE | {"profile_image": (io.BytesIO(b"<svg onload=alert(1)>"), "x.svg")}
    response = client.submit(DETAILS, bad, PAGE, content_type="multipart/form-data")
    assert response.status_code == 200 and "WebP-Bild hoch" in response.get_data(as_text=True)
    client.submit(DETAILS, PROFILE | {"remove_profile_image": "y"}, form_path=PAGE)
    assert load(app, tenant, contact_id).profile_image is None
    assert client.get("/kunden/profil/bild").status_code == 404


def test_a_refused_picture_saves_none_of_the_other_fields(app, tenant):
    client, (_cid, contact_id) = signed_in(app, tenant)
    bad = PROFILE | {"firstname": "Neu", "profile_image": (io.BytesIO(b"kein Bild"), "me.png")}
    response = client.submit(DETAILS, bad, PAGE, content_type="multipart/form-data")
    assert response.status_code == 200
    assert load(app, tenant, contact_id).firstname == "Kim"


def test_notifications_only_for_covered_kinds(app, tenant):
    client, (_cid, contact_id) = signed_in(app, tenant, permissions=["projects"])
    page = client.get("/kunden/profil").get_data(as_text=True)
    assert 'value="task_emails"' in page and 'value="invoice_emails"' not in page
    data = {"notifications": ["project_emails"], "invoice_emails": "y"}
    assert client.submit(NOTIFICATIONS, data, form_path=PAGE).status_code == 303
    contact = load(app, tenant, contact_id)
    assert contact.project_emails and not contact.task_emails and not contact.invoice_emails


NEW_PASSWORD = {
    "current_password": CONTACT_PASSWORD,
    "new_password": "neues-passwort-22",
    "new_password_confirm": "neues-passwort-22",
}


@pytest.mark.parametrize(
    ("path", "data", "confirmation"),
    [
        (DETAILS, PROFILE, "Ihr Profil wurde gespeichert."),
        (PASSWORD, NEW_PASSWORD, "Ihr Passwort wurde geändert."),
        (NOTIFICATIONS, {"notifications": []}, "Ihre Benachrichtigungseinstellungen wurden"),
    ],
)
def test_each_form_posts_to_its_own_address_and_lands_on_the_page(
    app, tenant, path, data, confirmation
):
    client, _ids = signed_in(app, tenant)
    assert f'action="{path}"' in client.get(PAGE).get_data(as_text=True)

    response = client.submit(path, data, form_path=PAGE)

    assert response.status_code == 303 and response.headers["Location"] == PAGE
    assert confirmation in client.get(PAGE).get_data(as_text=True)


def test_the_page_only_shows_itself(app, tenant):
    client, _ids = signed_in(app, tenant)
    assert client.post(PAGE, data=PROFILE).status_code == 405


def test_a_refused_password_keeps_the_other_forms_as_saved(app, tenant):
    client, (_cid, contact_id) = signed_in(app, tenant, permissions=["projects"])
    data = NEW_PASSWORD | {"new_password_confirm": "etwas-anderes-1"}

    response = client.submit(PASSWORD, data, form_path=PAGE)

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="Kim"' in page and 'value="Kunde"' in page
    assert ticked(page) == {("notifications", "project_emails"), ("notifications", "task_emails")}
    assert load(app, tenant, contact_id).check_password(CONTACT_PASSWORD)


def test_refused_details_keep_what_was_typed_and_save_nothing(app, tenant):
    client, (_cid, contact_id) = signed_in(app, tenant, permissions=["projects"])
    data = PROFILE | {"firstname": "", "title": "Einkauf"}

    response = client.submit(DETAILS, data, form_path=PAGE)

    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Bitte geben Sie einen Vornamen ein." in page
    assert 'value="Einkauf"' in page and 'name="current_password"' in page
    assert ("notifications", "project_emails") in ticked(page)
    assert load(app, tenant, contact_id).title == ""


def test_wrong_current_password_is_refused(app, tenant):
    client, _ids = signed_in(app, tenant)
    data = {
        "current_password": "falsch-falsch",
        "new_password": "neues-passwort-22",
        "new_password_confirm": "neues-passwort-22",
    }
    response = client.submit(PASSWORD, data, form_path=PAGE)
    assert response.status_code == 200 and "Das aktuelle Passwort ist falsch." in response.get_data(
        as_text=True
    )


def test_pages_follow_the_contacts_language(app, tenant):
    client, _ids = signed_in(app, tenant, language="en", company="English Ltd")
    page = client.get("/kunden/").get_data(as_text=True)
    assert 'lang="en"' in page and "Welcome, Kim" in page
