"""One upload limit everywhere (``UPLOAD_MAX_BYTES``): forms show it and carry it to the
browser check; a file over it re-renders the form with what was typed; a whole request over
``MAX_CONTENT_LENGTH`` gets a friendly 413 page."""

from io import BytesIO

import pytest

from tests.crm_factories import add_customer, contact_rows, submit_multipart
from tests.test_contacts_new import new_contact_path, post_contact
from tests.test_portal_profile import DETAILS, PAGE, PROFILE, signed_in

MB = 1024 * 1024


@pytest.fixture
def customer_id(app, tenant):
    return add_customer(app, tenant, "Kunde AG")


def test_default_limit_is_2_mb_per_file_with_a_little_more_for_the_whole_request(app):
    assert app.config["UPLOAD_MAX_BYTES"] == 2 * MB
    assert 2 * MB < app.config["MAX_CONTENT_LENGTH"] <= 4 * MB


def test_contact_form_shows_the_limit_and_hands_it_to_the_browser_check(
    app, staff_client, customer_id
):
    app.config["UPLOAD_MAX_BYTES"] = 1536 * 1024

    page = staff_client.get(new_contact_path(customer_id)).get_data(as_text=True)

    assert "JPEG, PNG oder WebP, höchstens 1,5 MB." in page
    assert 'data-max-bytes="1572864"' in page
    assert 'data-too-large="Die Datei ist zu groß (höchstens 1,5 MB)."' in page
    assert 'src="/static/upload-limit.js"' in page and "<script>" not in page


def test_portal_profile_shows_the_limit_and_hands_it_to_the_browser_check(app, tenant):
    client, _ids = signed_in(app, tenant)

    page = client.get("/kunden/profil").get_data(as_text=True)

    assert "JPEG, PNG oder WebP, höchstens 2 MB." in page
    assert f'data-max-bytes="{2 * MB}"' in page


def test_picture_over_the_limit_re_renders_the_form_with_what_was_typed(
    app, tenant, staff_client, customer_id
):
    big = (BytesIO(b"\0" * (2 * MB + 1)), "gross.png")

    response = post_contact(staff_client, customer_id, profile_image=big)

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Die Datei ist zu groß (höchstens 2 MB)." in page
    for typed in ('value="Erika"', 'value="Mustermann"', 'value="Geschäftsführerin"'):
        assert typed in page
    assert contact_rows(app, tenant) == []


def test_the_server_check_follows_the_setting(app, tenant, staff_client, customer_id):
    app.config["UPLOAD_MAX_BYTES"] = MB
    picture = (BytesIO(b"\0" * (MB + 1)), "gross.png")

    response = post_contact(staff_client, customer_id, profile_image=picture)

    assert "Die Datei ist zu groß (höchstens 1 MB)." in response.get_data(as_text=True)


def test_portal_picture_over_the_limit_keeps_what_was_typed(app, tenant):
    client, _ids = signed_in(app, tenant)
    data = PROFILE | {"title": "Einkauf", "profile_image": (BytesIO(b"\0" * (2 * MB + 1)), "x.png")}

    response = submit_multipart(client, DETAILS, data, form_path=PAGE)

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Die Datei ist zu groß (höchstens 2 MB)." in page and 'value="Einkauf"' in page


def test_request_over_the_whole_request_limit_gets_a_friendly_german_413_page(
    app, tenant, staff_client, customer_id
):
    huge = (BytesIO(b"\0" * (app.config["MAX_CONTENT_LENGTH"] + 1)), "riesig.png")

    response = post_contact(staff_client, customer_id, profile_image=huge)

    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "Datei zu groß" in page and "erlaubt sind höchstens 2 MB" in page
    assert "Bitte gehen Sie zurück" in page and 'class="topbar"' in page
    assert contact_rows(app, tenant) == []
