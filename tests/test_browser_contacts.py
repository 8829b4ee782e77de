"""Staff add a contact in Chromium exactly as the help article describes."""

import pytest

from tests.browser import screenshot
from tests.conftest import PASSWORD
from tests.crm_factories import add_contact, add_customer, contact_rows, image_bytes

pytestmark = pytest.mark.browser


def test_staff_add_a_contact_through_kontakte_and_neuer_kontakt(browser, live_server, app, tenant):
    add_customer(app, tenant, "Kunde AG", city="Berlin")
    browser.goto(live_server.url("acme", "/admin/login"))
    browser.fill("input[name=email]", "admin@acme.test")
    browser.fill("input[name=password]", PASSWORD)
    browser.click("button[type=submit]")
    browser.click("nav.mainnav >> text=Kunden")
    browser.click("text=Kunde AG")
    browser.click("nav.tabs >> text=Kontakte")
    button = browser.locator("a.btn-primary", has_text="Neuer Kontakt")
    assert "rgb(29, 111, 216)" in button.evaluate("e => getComputedStyle(e).backgroundColor")
    button.click()
    browser.wait_for_url("**/contacts/new")

    browser.set_input_files(
        "input[name=profile_image]",
        files=[{"name": "erika.png", "mimeType": "image/png", "buffer": image_bytes()}],
    )
    browser.fill("input[name=firstname]", "Erika")
    browser.fill("input[name=lastname]", "Mustermann")
    browser.fill("input[name=title]", "Geschäftsführerin")
    browser.fill("input[name=email]", "erika@kunde.test")
    browser.fill("input[name=phonenumber]", "+49 30 123456")
    browser.select_option("select[name=direction]", "rtl")
    browser.click("text=Generieren")
    assert len(browser.input_value("input[name=password]")) >= 10
    browser.uncheck("input[name=permissions][value=invoices]")
    assert not browser.is_checked("input[name=invoice_emails]")
    assert not browser.is_checked("input[name=credit_note_emails]")
    assert browser.is_checked("input[name=project_emails]")
    browser.check("input[name=donotsendwelcomeemail]")
    screenshot(browser, "neuer-kontakt-filled")

    browser.click("button[type=submit] >> text=Speichern")
    browser.wait_for_url("**/contacts#contact-*")
    row = browser.locator("table.contacts tbody tr").first
    assert "Erika Mustermann" in row.text_content()
    assert "Haupt Ansprechpartner" in row.text_content()
    assert row.locator("img.avatar").evaluate("img => img.naturalWidth") == 64
    [contact] = contact_rows(app, tenant)
    assert contact.direction == "rtl" and "invoices" not in contact.permissions
    assert not contact.invoice_emails and contact.project_emails


@pytest.mark.parametrize("width, height", [(1366, 900), (390, 844)])
def test_all_contacts_list_fits_the_window(browser, live_server, app, tenant, width, height):
    """The row buttons and filters of Kontakte stay inside the window on desktop and phone."""
    customer = add_customer(app, tenant, "Bäckerei Sonnenschein GmbH", city="München")
    add_contact(
        app, tenant, customer, "anna@sonnenschein.test", firstname="Anna", lastname="Becker"
    )
    browser.set_viewport_size({"width": width, "height": height})
    browser.goto(live_server.url("acme", "/admin/login"))
    browser.fill("input[name=email]", "admin@acme.test")
    browser.fill("input[name=password]", PASSWORD)
    browser.click("button[type=submit]")
    browser.goto(live_server.url("acme", "/admin/contacts"))
    assert "Als Kontakt anmelden" in browser.locator("table.contacts").inner_text()
    screenshot(browser, f"kontakte-{width}")
    assert browser.evaluate("document.documentElement.scrollWidth") <= width
    for select in browser.locator("form.filters select").all():  # options readable, not cut off
        assert select.evaluate("s => s.scrollWidth <= s.clientWidth + 1")


def test_the_way_back_from_sign_in_as_contact_is_readable(browser, live_server, app, tenant):
    """The banner's "zurück zur Verwaltung" is dark on the light yellow banner, not the pale
    link colour of the dark top bar."""
    customer = add_customer(app, tenant, "Kunde AG")
    add_contact(app, tenant, customer, "kim@kunde.test")
    browser.goto(live_server.url("acme", "/admin/login"))
    browser.fill("input[name=email]", "admin@acme.test")
    browser.fill("input[name=password]", PASSWORD)
    browser.click("button[type=submit]")
    browser.goto(live_server.url("acme", "/admin/contacts"))
    browser.click("text=Als Kontakt anmelden")
    back = browser.locator("#impersonation-banner button", has_text="zurück zur Verwaltung")
    red, green, blue = (
        int(part) for part in back.evaluate("b => getComputedStyle(b).color")[4:-1].split(",")
    )
    luminance = (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255
    assert luminance < 0.5, f"{red}, {green}, {blue}"
    screenshot(browser, "als-kontakt-banner")
    back.click()
    browser.wait_for_url("**/admin/**")
