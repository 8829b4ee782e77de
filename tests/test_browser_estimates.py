"""A contact draws a signature on the canvas in Chromium and accepts an estimate."""

import pytest

from crm.estimates.models import EstimateStatus
from tests.browser import screenshot
from tests.estimate_helpers import customers, estimate, load
from tests.portal_helpers import CONTACT_PASSWORD

pytestmark = pytest.mark.browser


def test_contact_signs_on_the_canvas_and_accepts_the_estimate(browser, live_server, app, tenant):
    kunde, kim, _ole, _andere = customers(app, tenant)
    estimate_id = estimate(app, tenant, kunde, contact_ids=[kim])
    number = load(app, tenant, estimate_id).number
    browser.goto(live_server.url("acme", "/kunden/"))
    browser.fill("input[name=email]", "kim@kunde.de")
    browser.fill("input[name=password]", CONTACT_PASSWORD)
    browser.click("button[type=submit]")
    browser.click(f".widget >> text={number}")
    pad = browser.locator("canvas[data-signature-pad]")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    browser.mouse.move(box["x"] + 20, box["y"] + box["height"] * 0.7)
    browser.mouse.down()
    for step in range(1, 12):
        browser.mouse.move(
            box["x"] + 20 + step * 20, box["y"] + box["height"] * (0.7 - 0.4 * (step % 2))
        )
    browser.mouse.up()
    assert browser.locator("input[name=signature]").input_value().startswith("data:image/png")
    screenshot(browser, "portal-estimate-signing")
    browser.click("text=Annehmen und unterschreiben")
    browser.wait_for_selector("text=Vielen Dank! Sie haben das Angebot angenommen.")
    assert browser.locator("img.signature-image").count() == 1
    screenshot(browser, "portal-estimate-accepted")
    stored = load(app, tenant, estimate_id)
    assert stored.status == EstimateStatus.ACCEPTED and stored.signed_name == "Kim Kunde"
