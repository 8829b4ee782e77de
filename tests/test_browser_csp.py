"""The Content-Security-Policy breaks nothing in Chromium: the main pages load and their
scripts work without a single policy violation."""

import pytest

from tests.browser import sign_in
from tests.conftest import PASSWORD
from tests.crm_factories import add_customer
from tests.portal_helpers import CONTACT_PASSWORD, make_contact

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def watched(browser):
    """The browser page, recording CSP violations (events and console reports)."""
    console = []
    browser.on("console", lambda message: console.append(message.text))
    browser.add_init_script(RECORD_VIOLATIONS)

    def violations() -> list[str]:
        reported = browser.evaluate("window.__csp")
        return reported + [text for text in console if "Content Security Policy" in text]

    browser.violations = violations
    return browser


def test_staff_dashboard_and_new_contact_form_run_without_csp_violations(
    watched, live_server, app, tenant
):
    customer_id = add_customer(app, tenant, "Kunde AG")
    sign_in(watched, live_server.url("acme", "/admin/login"), "admin@acme.test", PASSWORD)
    assert watched.locator("nav.mainnav").is_visible()
    assert watched.violations() == []

    watched.goto(live_server.url("acme", f"/admin/customers/{customer_id}/contacts/new"))
    watched.click("text=Generieren")  # contact-form.js
    assert len(watched.input_value("input[name=password]")) >= 10
    watched.uncheck("input[name=permissions][value=invoices]")  # reads the JSON data block
    assert not watched.is_checked("input[name=invoice_emails]")
    assert watched.violations() == []

    watched.goto(live_server.url("acme", "/admin/settings/email-templates"))
    watched.click("text=Neuer Kontakt hinzugefügt / registriert (Begrüßungs-E-Mail)")
    frame = watched.frame_locator("#preview-html")  # email HTML with style attributes
    assert "Maria Musterfrau" in frame.locator("body").inner_text()
    assert watched.violations() == []


def test_customer_area_runs_without_csp_violations(watched, live_server, app, tenant):
    make_contact(app, tenant, "kim@kunde.de", permissions=["invoices", "projects"])
    sign_in(watched, live_server.url("acme", "/kunden/login"), "kim@kunde.de", CONTACT_PASSWORD)
    assert "Kim" in watched.text_content("body")
    for path in ("/kunden/", "/kunden/profil", "/kunden/rechnungen"):
        watched.goto(live_server.url("acme", path))
        assert watched.violations() == [], path


def test_inline_script_would_be_reported(watched, live_server, tenant):
    """The watch itself works: an injected inline script is refused and reported."""
    watched.goto(live_server.url("acme", "/kunden/login"))
    watched.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.ran = 1'; document.body.append(s); }"
    )
    watched.wait_for_function("window.__csp.length > 0")
    assert watched.evaluate("window.ran") is None
    assert any("script-src" in entry for entry in watched.violations())
