"""An admin edits an email template in Chromium: merge fields insert, the preview follows."""

import pytest

from tests.browser import screenshot
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def sign_in(browser, live_server, path):
    browser.goto(live_server.url("acme", path))
    browser.fill("input[name=email]", "admin@acme.test")
    browser.fill("input[name=password]", PASSWORD)
    browser.click("button[type=submit]")
    browser.wait_for_url(live_server.url("acme", path))


def test_live_preview_follows_typing_and_merge_field_buttons(browser, live_server, tenant):
    sign_in(browser, live_server, "/admin/settings/email-templates")
    screenshot(browser, "email-templates-list")
    browser.click("text=Neuer Kontakt hinzugefügt / registriert (Begrüßungs-E-Mail)")
    browser.fill("input[name=subject]", "Hallo ")
    browser.click("button.chip[data-field='{contact_firstname}']")
    preview = browser.locator("#preview-subject")
    preview.filter(has_text="Hallo Maria").wait_for()
    frame = browser.frame_locator("#preview-html")
    assert "Maria Musterfrau" in frame.locator("body").inner_text()
    screenshot(browser, "email-template-edit")
    browser.set_viewport_size({"width": 390, "height": 844})
    screenshot(browser, "email-template-edit-phone")
    assert browser.evaluate("document.documentElement.scrollWidth") <= 390
    browser.click("button:has-text('Speichern')")
    assert "gespeichert" in browser.text_content(".flash")
