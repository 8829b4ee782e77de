"""Settings › Firma: validation, the logo and brand colour on pages and in emails, the sender."""

import re
from io import BytesIO
from pathlib import Path

import pytest

import mail_templates
from gorilla.extensions import db
from mail_templates.delivery import deliver_due
from tests.conftest import client_for
from tests.crm_factories import image_bytes, in_tenant, submit_multipart
from tests.factories import contact

SETTINGS = "/admin/settings/company"
VALID = {
    "company_name": "ACME Agentur GmbH", "street": "Hauptstraße 1", "zip": "50667",
    "city": "Köln", "country": "Deutschland", "email": "hallo@acme-agentur.de",
    "vat_id": "DE 136 695 976", "iban": "de89 3704 0044 0532 0130 00", "bic": "COBADEFFXXX",
    "brand_color": "#AA3366", "invoice_prefix": "RE-", "default_language": "de",
}  # fmt: skip
LOGO_RE = re.compile(r'<img class="brand-logo" src="(/brand/logo\?v=[0-9a-f]+)"')
CSS_RE = re.compile(r'<link rel="stylesheet" href="(/brand/style\.css\?v=[0-9a-f]+)">')


def _save(client, **changes):
    data = VALID | changes
    return submit_multipart(client, SETTINGS, data)


def _uploads(app) -> list[Path]:
    return [path for path in Path(app.instance_path, "uploads").rglob("*") if path.is_file()]


def test_valid_profile_is_saved_normalised(staff_client):
    assert _save(staff_client).status_code == 303
    page = staff_client.get(SETTINGS).get_data(as_text=True)
    assert 'value="DE136695976"' in page
    assert 'value="DE89 3704 0044 0532 0130 00"' in page
    assert 'value="#aa3366"' in page and 'value="Hauptstraße 1"' in page


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("iban", "DE89 3704 0044 0532 0130 01", "Diese IBAN ist ungültig"),
        ("iban", "hello", "Diese IBAN ist ungültig"),
        ("vat_id", "DE136695977", "gültige USt-IdNr."),
        ("vat_id", "XX123", "gültige USt-IdNr."),
        ("bic", "12", "Diese BIC ist ungültig"),
        ("tax_number", "abc", "Steuernummer wie 93815/08152"),
        ("brand_color", "red;}body{display:none", "Farbe wie #1d6fd8"),
        ("brand_color", "", "Bitte wählen Sie eine Farbe."),
        ("email", "kein-mail", "gültige E-Mail-Adresse"),
        ("company_name", "", "Bitte geben Sie den Firmennamen ein."),
        ("street", "Haupt\x00straße", "Steuerzeichen"),
        ("iban", "9" * 5000, "höchstens"),
    ],
)
def test_invalid_values_come_back_with_field_errors(staff_client, field, value, message):
    response = _save(staff_client, **{field: value})
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message.lower() in text.lower(), message


def test_logo_is_re_encoded_stored_per_tenant_and_served_with_nosniff(app, tenant, staff_client):
    assert (
        _save(staff_client, logo=(BytesIO(image_bytes((400, 200))), "logo.png")).status_code == 303
    )
    [stored] = _uploads(app)
    assert stored.parent.name == tenant.id and stored.suffix == ".png"
    page = staff_client.get("/admin/customers").get_data(as_text=True)
    logo = LOGO_RE.search(page).group(1)
    response = client_for(app, tenant.slug).get(logo)  # public: sign-in pages show it
    data = response.data
    response.close()
    assert response.status_code == 200 and data.startswith(b"\x89PNG")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    "upload, message",
    [
        ((b"%PDF-1.4 not an image", "logo.png"), "JPEG-, PNG- oder WebP-Bild"),
        ((b"<svg xmlns='http://www.w3.org/2000/svg'/>", "logo.svg"), "JPEG-, PNG- oder WebP-Bild"),
        ((image_bytes((9000, 9000), "PNG"), "huge.png"), "zu viele Pixel"),
    ],
)
def test_bad_logo_is_refused_and_nothing_is_stored(app, staff_client, upload, message):
    data, name = upload
    response = _save(staff_client, logo=(BytesIO(data), name))
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert _uploads(app) == []


def test_logo_over_the_upload_limit_is_refused(app, staff_client):
    app.config["UPLOAD_MAX_BYTES"] = 1000
    response = _save(staff_client, logo=(BytesIO(image_bytes((300, 300)) + b"\0" * 2000), "x.png"))
    assert response.status_code == 200 and "zu groß" in response.get_data(as_text=True)
    assert _uploads(app) == []


def test_new_logo_replaces_the_old_file_and_remove_deletes_it(app, staff_client):
    _save(staff_client, logo=(BytesIO(image_bytes()), "a.png"))
    [first] = _uploads(app)
    _save(staff_client, logo=(BytesIO(image_bytes(fmt="JPEG")), "b.jpg"))
    [second] = _uploads(app)
    assert first != second and second.suffix == ".jpg"
    _save(staff_client, remove_logo="y")
    assert _uploads(app) == []
    assert "brand-logo" not in staff_client.get("/admin/").get_data(as_text=True)


def test_logo_and_colour_show_on_crm_sign_in_and_customer_area(app, tenant, staff_client):
    _save(staff_client, logo=(BytesIO(image_bytes()), "a.png"))
    anonymous = client_for(app, tenant.slug)
    for page in (
        staff_client.get("/admin/").get_data(as_text=True),
        anonymous.get("/admin/login").get_data(as_text=True),
        anonymous.get("/kunden/login").get_data(as_text=True),
    ):
        assert LOGO_RE.search(page) and "ACME Agentur GmbH" in page
        css = CSS_RE.search(page).group(1)
    response = anonymous.get(css)
    assert response.status_code == 200 and response.mimetype == "text/css"
    assert "--brand: #aa3366;" in response.get_data(as_text=True)
    # The colour arrives as a style sheet of our origin: no inline style needs allowing.
    assert "style-src 'self'" in response.headers["Content-Security-Policy"]


def test_brand_routes_are_404_on_the_platform_host_and_without_logo(app, tenant):
    assert client_for(app, None).get("/brand/style.css").status_code == 404
    assert client_for(app, None).get("/brand/logo").status_code == 404
    assert client_for(app, tenant.slug).get("/brand/logo").status_code == 404


def test_logo_of_another_tenant_is_not_served(app, tenant, other_tenant, staff_client):
    _save(staff_client, logo=(BytesIO(image_bytes()), "a.png"))
    response = client_for(app, tenant.slug).get("/brand/logo")
    response.close()
    assert response.status_code == 200
    assert client_for(app, other_tenant.slug).get("/brand/logo").status_code == 404


def test_settings_need_an_admin(app, tenant):
    anonymous = client_for(app, tenant.slug)
    assert anonymous.get(SETTINGS).status_code == 302
    with in_tenant(app, tenant):
        from crm.staff.models import Staff
        from gorilla.passwords import hash_password

        db.session.add(
            Staff(email="mia@acme.test", password_hash=hash_password("correct-horse-battery"))
        )
        db.session.commit()
    member = client_for(app, tenant.slug)
    assert member.sign_in("mia@acme.test").status_code == 302
    assert member.get(SETTINGS).status_code == 403


def test_emails_show_logo_and_address_and_come_from_the_agency(app, tenant, staff_client, smtp):
    _save(staff_client, logo=(BytesIO(image_bytes()), "a.png"))
    with in_tenant(app, tenant):
        mail_templates.send("contact-welcome", to=contact())
        db.session.commit()
        deliver_due()
    [message] = smtp.messages
    assert message["From"].addresses[0].display_name == "ACME Agentur GmbH"
    assert message["From"].addresses[0].addr_spec == "no-reply@gorilla.cc"
    assert message["Reply-To"] == "hallo@acme-agentur.de"
    assert smtp.envelope_senders == ["no-reply@gorilla.cc"]  # the platform's, as configured
    html = message.get_body(("html",)).get_content()
    assert '<img src="http://acme.gorilla.test/brand/logo?v=' in html
    assert "Hauptstraße 1, 50667 Köln, Deutschland" in html
    assert "#aa3366" in html


def test_without_agency_email_there_is_no_reply_to(app, tenant, staff_client, smtp):
    _save(staff_client, email="")
    with in_tenant(app, tenant):
        mail_templates.send("contact-welcome", to=contact())
        db.session.commit()
        deliver_due()
    [message] = smtp.messages
    assert message["Reply-To"] is None and "ACME Agentur GmbH" in message["From"]


def test_templates_accept_the_company_merge_fields(staff_client):
    body = '<p>{company_name}, {company_address}</p><img src="{logo_url}" alt="">'
    response = staff_client.submit(
        "/admin/settings/email-templates/contact-welcome/de",
        {"subject": "Willkommen bei {company_name}", "body": body, "active": "y"},
    )
    assert response.status_code == 303
