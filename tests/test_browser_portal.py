"""A contact switches its customer area to right-to-left in Chromium."""

import pytest

from tests.browser import screenshot
from tests.portal_helpers import CONTACT_PASSWORD, make_contact

pytestmark = pytest.mark.browser


def test_contact_switches_to_right_to_left(browser, live_server, app, tenant):
    make_contact(app, tenant, "kim@kunde.de")
    browser.goto(live_server.url("acme", "/kunden/"))
    browser.fill("input[name=email]", "kim@kunde.de")
    browser.fill("input[name=password]", CONTACT_PASSWORD)
    browser.click("button[type=submit]")
    browser.wait_for_url(live_server.url("acme", "/kunden/"))
    browser.click("nav >> text=Profil")
    assert browser.locator("html").get_attribute("dir") == "ltr"
    screenshot(browser, "portal-profile-ltr")
    ltr_nav = browser.locator(".mainnav").bounding_box()
    browser.check("input[name=direction][value=rtl]")
    browser.click("form[action='/kunden/profil/daten'] button[type=submit]")
    browser.wait_for_load_state()
    assert browser.locator("html").get_attribute("dir") == "rtl"
    rtl_nav = browser.locator(".mainnav").bounding_box()
    width = browser.viewport_size["width"]
    assert ltr_nav["x"] < width / 2
    assert rtl_nav["x"] + rtl_nav["width"] > width / 2  # the navigation now sits on the right
    brand = browser.locator(".brand").bounding_box()
    assert brand["x"] > width / 2  # and the brand moved to the right edge
    screenshot(browser, "portal-profile-rtl")
