# ruff: noqa: F811 - the ``clock`` fixture is imported from tests.two_factor_helpers
"""A staff member switches on two-factor sign-in from the QR page in Chromium (reading the
secret shown as text, computing the code like an authenticator app) and signs in again with
the second step."""

import pytest

from tests.browser import screenshot
from tests.conftest import PASSWORD
from tests.two_factor_helpers import clock, code_at  # noqa: F401

pytestmark = pytest.mark.browser


def test_staff_enrol_from_the_qr_page_and_sign_in_with_a_code(browser, live_server, tenant, clock):
    browser.goto(live_server.url("acme", "/admin/login"))
    browser.fill("input[name=email]", "admin@acme.test")
    browser.fill("input[name=password]", PASSWORD)
    browser.click("button[type=submit]")
    browser.wait_for_url(live_server.url("acme", "/admin/"))

    browser.goto(live_server.url("acme", "/admin/profile/2fa"))
    assert browser.locator(".qr-code svg").is_visible()
    screenshot(browser, "two-factor-qr")
    secret = browser.text_content("#totp-secret")
    browser.fill("input[name=code]", code_at(secret.replace(" ", ""), clock.now))
    browser.click("form[action='/admin/profile/2fa'] button[type=submit]")
    browser.wait_for_selector("#recovery-codes")
    assert browser.locator("#recovery-codes code").count() == 10
    assert "Zwei-Faktor-Anmeldung ist eingeschaltet" in browser.text_content("#two-factor-status")
    screenshot(browser, "two-factor-recovery-codes")

    browser.click("text=Abmelden")
    browser.wait_for_url(live_server.url("acme", "/admin/login"))
    clock.advance(30)  # the next code of the app
    browser.fill("input[name=email]", "admin@acme.test")
    browser.fill("input[name=password]", PASSWORD)
    browser.click("button[type=submit]")
    browser.wait_for_url(live_server.url("acme", "/admin/login/2fa"))
    screenshot(browser, "two-factor-second-step")
    browser.fill("input[name=code]", code_at(secret.replace(" ", ""), clock.now))
    browser.click("button[type=submit]")
    browser.wait_for_url(live_server.url("acme", "/admin/"))
    assert "Willkommen" in browser.text_content("h1")
