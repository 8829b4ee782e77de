"""What a phone user, a right-to-left reader and a keyboard-only user meet in Chromium."""

import pytest

from crm.customers.demo import CONTACT_PASSWORD
from tests.browser import sign_in
from tests.conftest import PASSWORD
from tests.layout import PHONE
from tests.test_browser_layout import ANNA, demo, set_direction  # noqa: F401 - fixture

pytestmark = pytest.mark.browser
FOCUSED = "document.activeElement.name || document.activeElement.textContent.trim()"


def tab_to(page, wanted: str, limit: int = 60) -> None:
    """Press Tab until the focused element's name (or text) is ``wanted``; the focus is visible."""
    for _press in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED) == wanted:
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"{wanted} has no visible focus"
            return
    raise AssertionError(f"Tab never reached {wanted!r}")


def test_phone_menu_button_opens_the_navigation(browser, live_server, demo):  # noqa: F811
    browser.set_viewport_size(PHONE)
    sign_in(browser, live_server.url("acme", "/admin/login"), "admin@acme.test", PASSWORD)
    invoices = browser.locator(".mainnav a", has_text="Rechnungen")
    menu = browser.get_by_role("button", name="Menü")
    assert not invoices.is_visible()
    assert menu.get_attribute("aria-expanded") == "false"
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert all(link.is_visible() for link in browser.locator(".mainnav a").all())
    invoices.click()
    browser.wait_for_url(live_server.url("acme", "/admin/invoices"))


def test_percentages_and_amounts_read_left_to_right_on_a_right_to_left_page(
    browser,
    live_server,
    app,
    tenant,
    demo,  # noqa: F811
):
    set_direction(app, tenant, demo["contact"], "rtl")
    sign_in(browser, live_server.url("acme", "/kunden/login"), ANNA, CONTACT_PASSWORD)
    browser.goto(live_server.url("acme", f"/kunden/rechnungen/{demo['invoice']}"))
    assert browser.locator("html").get_attribute("dir") == "rtl"
    for text in ("19\xa0%", "1.140,00\xa0€"):
        value = browser.locator("bdi[dir=ltr]", has_text=text).first
        # The first character is drawn left of the last one: "19 %", never "% 19".
        first_x, last_x = value.evaluate(
            """(el) => { const node = el.firstChild, range = document.createRange();
                 const x = (i) => { range.setStart(node, i); range.setEnd(node, i + 1);
                                    return range.getBoundingClientRect().x; };
                 return [x(0), x(node.length - 1)]; }"""
        )
        assert first_x < last_x, text


def test_new_contact_form_works_with_the_keyboard_alone(browser, live_server, demo):  # noqa: F811
    sign_in(browser, live_server.url("acme", "/admin/login"), "admin@acme.test", PASSWORD)
    browser.goto(live_server.url("acme", f"/admin/customers/{demo['customer']}/contacts/new"))
    values = {"firstname": "Tara", "lastname": "Taste", "email": "tara@sonnenschein.example"}
    for name, value in values.items():
        tab_to(browser, name)
        browser.keyboard.type(value)
    tab_to(browser, "password")
    browser.keyboard.type("tastatur-passwort-1")
    tab_to(browser, "Speichern")
    browser.keyboard.press("Enter")
    browser.wait_for_url(f"**/admin/customers/{demo['customer']}/contacts#contact-*")
    assert browser.locator("table.contacts", has_text="Tara Taste").is_visible()


def test_customer_area_works_with_the_keyboard_alone(browser, live_server, demo):  # noqa: F811
    browser.goto(live_server.url("acme", "/kunden/login"))
    tab_to(browser, "email")
    browser.keyboard.type(ANNA)
    tab_to(browser, "password")
    browser.keyboard.type(CONTACT_PASSWORD)
    browser.keyboard.press("Enter")
    browser.wait_for_url(live_server.url("acme", "/kunden/"))
    tab_to(browser, "Rechnungen")
    browser.keyboard.press("Enter")
    browser.wait_for_url(live_server.url("acme", "/kunden/rechnungen"))
    tab_to(browser, "Projekte")
    browser.keyboard.press("Enter")
    browser.wait_for_url(live_server.url("acme", "/kunden/projekte"))
