"""In Chromium: a file over the upload limit is refused before the form is sent, and a request
over the server's limit still shows a readable page."""

import pytest

from tests.browser import screenshot
from tests.conftest import PASSWORD
from tests.crm_factories import add_customer, contact_rows
from tests.test_contacts_new import new_contact_path

pytestmark = pytest.mark.browser

MB = 1024 * 1024


def open_new_contact_form(browser, live_server, app, tenant):
    customer_id = add_customer(app, tenant, "Kunde AG")
    browser.goto(live_server.url("acme", "/admin/login"))
    browser.fill("input[name=email]", "admin@acme.test")
    browser.fill("input[name=password]", PASSWORD)
    browser.click("button[type=submit]")
    browser.goto(live_server.url("acme", new_contact_path(customer_id)))
    browser.fill("input[name=firstname]", "Erika")
    browser.fill("input[name=lastname]", "Mustermann")
    browser.fill("input[name=email]", "erika@kunde.test")
    browser.fill("input[name=password]", "sehr-geheimes-pw")


def choose_picture(browser, size: int) -> None:
    browser.set_input_files(
        "input[name=profile_image]",
        files=[{"name": "gross.png", "mimeType": "image/png", "buffer": b"\0" * size}],
    )


def test_too_large_picture_is_refused_in_the_browser_and_the_rest_is_saved(
    browser, live_server, app, tenant
):
    open_new_contact_form(browser, live_server, app, tenant)

    choose_picture(browser, 3 * MB)

    error = browser.locator("[data-upload-error]")
    assert error.inner_text() == "Die Datei ist zu groß (höchstens 2 MB)."
    assert browser.eval_on_selector("input[name=profile_image]", "e => e.files.length") == 0
    screenshot(browser, "upload-limit-refused")
    browser.click("form.contact-form button[type=submit]")
    browser.wait_for_url("**/contacts#contact-*")
    assert [row.email for row in contact_rows(app, tenant)] == ["erika@kunde.test"]


def test_request_over_the_server_limit_shows_the_friendly_page(browser, live_server, app, tenant):
    open_new_contact_form(browser, live_server, app, tenant)
    browser.eval_on_selector(
        "input[name=profile_image]", "e => e.removeAttribute('data-max-bytes')"
    )

    choose_picture(browser, 6 * MB)
    browser.click("form.contact-form button[type=submit]")

    assert "erlaubt sind höchstens 2 MB" in browser.locator("main").inner_text()
    screenshot(browser, "upload-limit-413")
