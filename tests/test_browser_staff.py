"""Staff sign in with a real browser on their agency's subdomain."""

import pytest

from tests.browser import screenshot
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_staff_signs_in_through_chromium(browser, live_server, tenant):
    browser.goto(live_server.url("acme", "/admin/"))
    assert browser.url.endswith("/admin/login?next=/admin/")
    assert browser.locator("html").get_attribute("lang") == "de"
    browser.fill("input[name=email]", "admin@acme.test")
    browser.fill("input[name=password]", PASSWORD)
    browser.click("button[type=submit]")
    browser.wait_for_url(live_server.url("acme", "/admin/"))
    assert "Willkommen" in browser.text_content("h1")
    screenshot(browser, "staff-dashboard")
    browser.click("text=Mitarbeiter")
    assert "admin@acme.test" in browser.text_content("table")
