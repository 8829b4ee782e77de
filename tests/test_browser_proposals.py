"""A contact reads a proposal in Chromium, draws a signature on the canvas and accepts it."""

import pytest

from crm.proposals.models import ProposalStatus
from tests.browser import screenshot
from tests.portal_helpers import CONTACT_PASSWORD, make_contact
from tests.proposal_helpers import create, proposal_row, send

pytestmark = pytest.mark.browser


def test_contact_signs_on_the_canvas_and_accepts_the_proposal(
    browser, live_server, app, tenant, staff_client
):
    customer_id, _ = make_contact(app, tenant, "kim@kunde.de", permissions=["proposals"])
    proposal_id = create(staff_client, customer_id)
    send(staff_client, proposal_id)
    browser.goto(live_server.url("acme", "/kunden/"))
    browser.fill("input[name=email]", "kim@kunde.de")
    browser.fill("input[name=password]", CONTACT_PASSWORD)
    browser.click("button[type=submit]")
    browser.click(".widget >> text=Website-Relaunch")
    assert browser.locator(".document-body strong").inner_text() == "Drei"
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
    screenshot(browser, "portal-proposal-signing")
    browser.click("text=Mit Unterschrift annehmen")
    browser.wait_for_selector("text=Vielen Dank! Sie haben den Vorschlag angenommen.")
    assert "Angenommen von Kim Kunde" in browser.locator("#answer").inner_text()
    screenshot(browser, "portal-proposal-accepted")
    stored = proposal_row(app, tenant, proposal_id)
    assert stored.status == ProposalStatus.ACCEPTED and stored.signed_name == "Kim Kunde"
