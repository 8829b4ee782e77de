"""A contact reads the privacy policy from the sign-in page, accepts it, downloads its data and
requests erasure in Chromium."""

import json
import zipfile

import pytest

from tests.browser import screenshot
from tests.conftest import PASSWORD
from tests.portal_helpers import CONTACT_PASSWORD, make_contact

pytestmark = pytest.mark.browser


def test_contact_accepts_policy_downloads_data_and_requests_erasure(
    browser, live_server, app, tenant, staff_client
):
    make_contact(app, tenant, "kim@kunde.de")
    staff_client.submit("/admin/settings/privacy-policy", {"text": "# Verantwortlich\n\nACME"})
    browser.goto(live_server.url("acme", "/kunden/login"))
    browser.click("footer >> text=Datenschutzerklärung")
    assert browser.locator("h2").inner_text() == "Verantwortlich"
    browser.goto(live_server.url("acme", "/kunden/login"))
    browser.fill("input[name=email]", "kim@kunde.de")
    browser.fill("input[name=password]", CONTACT_PASSWORD)
    browser.click("button[type=submit]")
    browser.wait_for_url(live_server.url("acme", "/kunden/"))
    browser.click("nav >> text=Profil")
    browser.click("#privacy-consent-notice a")
    browser.check("input[name=accept]")
    browser.click("#consent-form button[type=submit]")
    assert browser.locator("#consent-given").is_visible()
    with browser.expect_download() as download:
        browser.click("text=Meine Daten herunterladen (ZIP)")
    with zipfile.ZipFile(download.value.path()) as archive:
        data = json.loads(archive.read("data.json"))
    assert data["contact"]["email"] == "kim@kunde.de" and len(data["consents"]) == 1
    browser.fill("#erasure-form input[name=password]", CONTACT_PASSWORD)
    browser.click("#erasure-form button[type=submit]")
    assert browser.locator("#erasure-pending").is_visible()
    screenshot(browser, "portal-gdpr")


def test_anonymise_and_withdraw_ask_before_they_are_sent(
    browser, live_server, app, tenant, staff_client
):
    """Both irreversible or consequential buttons show their question; "Abbrechen" keeps all."""
    _, contact_id = make_contact(app, tenant, "kim@kunde.de")
    staff_client.submit("/admin/settings/privacy-policy", {"text": "ACME"})
    asked = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    browser.on("dialog", dismiss)
    browser.goto(live_server.url("acme", "/kunden/login"))
    browser.fill("input[name=email]", "kim@kunde.de")
    browser.fill("input[name=password]", CONTACT_PASSWORD)
    browser.click("button[type=submit]")
    browser.wait_for_url(live_server.url("acme", "/kunden/"))
    browser.goto(live_server.url("acme", "/kunden/profil/daten-export"))
    browser.check("input[name=accept]")
    browser.click("#consent-form button[type=submit]")
    browser.click("text=Einwilligung widerrufen")
    assert asked == ["Ihre Einwilligung zur Datenschutzerklärung widerrufen?"]
    assert browser.locator("#consent-given").is_visible()

    browser.goto(live_server.url("acme", "/admin/login"))
    browser.fill("input[name=email]", "admin@acme.test")
    browser.fill("input[name=password]", PASSWORD)
    browser.click("button[type=submit]")
    browser.goto(live_server.url("acme", f"/admin/contacts/{contact_id}/privacy"))
    browser.click("text=Kontakt anonymisieren")
    assert asked[1].startswith("Diesen Kontakt anonymisieren?")
    browser.reload()
    assert browser.locator("#anonymised").count() == 0
