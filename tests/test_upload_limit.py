"""One upload limit everywhere (``UPLOAD_MAX_BYTES``): forms show it and carry it to the
browser check; a file over it re-renders the form with what was typed, up to a request far
larger (``MAX_CONTENT_LENGTH``, a guard against floods only), beyond which a friendly 413 page
answers."""

from io import BytesIO

import pytest

from tests.crm_factories import add_customer, contact_rows, submit_multipart
from tests.test_contacts_new import new_contact_path, post_contact
from tests.test_portal_profile import DETAILS, PAGE, PROFILE, load, signed_in

MB = 1024 * 1024
# Just over the limit, and well over it (both below the request cap of 16 MB).
OVERSIZED = pytest.mark.parametrize(
    "size", [2 * MB + 1, 4 * MB, 10 * MB], ids=["2MB", "4MB", "10MB"]
)


@pytest.fixture
def customer_id(app, tenant):
    return add_customer(app, tenant, "Kunde AG")


def test_default_limit_is_2_mb_per_file_and_16_mb_per_request_with_text_fields_in_memory(app):
    assert app.config["UPLOAD_MAX_BYTES"] == 2 * MB
    assert app.config["MAX_CONTENT_LENGTH"] == 16 * MB
    assert app.config["MAX_FORM_MEMORY_SIZE"] <= MB  # files are spooled to disk, text is not
    assert app.config["MAX_TEXT_BODY_LENGTH"] == 4 * MB  # bodies without files (in memory)


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


@OVERSIZED
def test_picture_over_the_limit_re_renders_the_form_with_what_was_typed(
    app, tenant, staff_client, customer_id, size
):
    big = (BytesIO(b"\0" * size), "gross.png")

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


@OVERSIZED
def test_portal_picture_over_the_limit_keeps_what_was_typed_and_saves_nothing(app, tenant, size):
    client, (_customer_id, contact_id) = signed_in(app, tenant)
    data = PROFILE | {"title": "Einkauf", "profile_image": (BytesIO(b"\0" * size), "x.png")}

    response = submit_multipart(client, DETAILS, data, form_path=PAGE)

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Die Datei ist zu groß (höchstens 2 MB)." in page and 'value="Einkauf"' in page
    contact = load(app, tenant, contact_id)
    assert contact.title != "Einkauf" and contact.profile_image is None


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


def test_a_body_parsed_in_memory_is_held_to_the_text_limit_and_gets_the_413_page(
    app, tenant, staff_client, customer_id
):
    text = "a" * (4 * MB + 1)  # well below MAX_CONTENT_LENGTH

    response = staff_client.post(new_contact_path(customer_id), data={"notes": text})

    assert response.status_code == 413
    assert "Datei zu groß" in response.get_data(as_text=True)
