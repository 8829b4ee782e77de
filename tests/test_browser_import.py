"""In Chromium: the customer import sends its file with a progress bar, lands on the preview
(with its address), shows a refused file's error on the form, and imports on confirmation."""

import pytest

from tests.browser import screenshot
from tests.conftest import PASSWORD
from tests.test_import_export import GOOD, counts

pytestmark = pytest.mark.browser

WATCH_PROGRESS = """() => {
  const bar = document.querySelector("progress");
  window.progressSeen = [false, 0];
  new MutationObserver(() => { window.progressSeen[0] = !bar.hidden; })
    .observe(bar, {attributes: true});
  const set = Object.getOwnPropertyDescriptor(HTMLProgressElement.prototype, "value").set;
  Object.defineProperty(bar, "value", {set(v) { window.progressSeen[1] = v; set.call(bar, v); }});
}"""


def choose_file(browser, content: bytes) -> None:
    browser.set_input_files(
        "input[name=file]",
        files=[{"name": "kunden.csv", "mimeType": "text/csv", "buffer": content}],
    )


def test_upload_with_progress_preview_and_confirm(browser, live_server, app, tenant):
    browser.goto(live_server.url("acme", "/admin/login"))
    browser.fill("input[name=email]", "admin@acme.test")
    browser.fill("input[name=password]", PASSWORD)
    browser.click("button[type=submit]")
    browser.goto(live_server.url("acme", "/admin/import/customers"))
    assert browser.locator("progress").is_hidden()

    choose_file(browser, b"Name;Ort\nX;Y\n")
    browser.click("form[data-upload-progress] button[type=submit]")
    browser.locator(".error", has_text="die Spalte „Firma“ fehlt").wait_for()
    assert browser.url.endswith("/admin/import/customers")

    choose_file(browser, GOOD.decode().encode("cp1252"))
    browser.evaluate(WATCH_PROGRESS)
    browser.click("form[data-upload-progress] button[type=submit]")
    browser.wait_for_url("**/admin/import/customers/*")
    # sent by XMLHttpRequest (the window lived on) with the bar shown and filled
    assert browser.evaluate("window.progressSeen") == [True, 100]
    assert browser.locator("h1").inner_text() == "Import-Vorschau"
    assert "Neue Kontakte: 2" in browser.content()
    screenshot(browser, "import-preview")
    assert counts(app, tenant) == (0, 0)

    browser.click("text=Jetzt importieren")
    browser.wait_for_url("**/admin/customers")
    assert "2 Kunden und 2 Kontakte importiert" in browser.content()
    assert counts(app, tenant) == (2, 2)
