"""An agency signs up in Chromium and lands signed in on its own subdomain."""

import pytest

from tests.browser import screenshot

pytestmark = pytest.mark.browser


def test_agency_signs_up_and_lands_on_its_dashboard(browser, live_server):
    browser.goto(live_server.url(None, "/"))
    browser.click("text=Kostenlos starten")
    browser.wait_for_load_state()  # signup.js, at the end of the page, suggests the subdomain
    browser.fill("input[name=agency_name]", "Müller & Söhne")
    assert browser.input_value("input[name=subdomain]") == "mueller-soehne"
    browser.wait_for_selector("#subdomain-status.ok")
    assert "verfügbar" in browser.text_content("#subdomain-status")
    browser.fill("input[name=email]", "chefin@mueller-soehne.de")
    browser.fill("input[name=password]", "sicheres-passwort-1")
    browser.check("input[name=terms]")
    screenshot(browser, "signup-form")
    browser.click("button[type=submit]")
    browser.wait_for_url(live_server.url("mueller-soehne", "/admin/"))
    assert "Willkommen" in browser.text_content("h1")
    assert "Müller & Söhne" in browser.text_content(".brand")
    screenshot(browser, "signup-landed")
