"""A contact opens a sent contract in Chromium, draws a signature with the mouse and signs."""

import pytest
from sqlalchemy import select

from crm.contracts.models import Contract
from gorilla.extensions import db
from tests.browser import screenshot
from tests.contract_helpers import create_contract, send_to_all
from tests.crm_factories import in_tenant
from tests.portal_helpers import CONTACT_PASSWORD, make_contact

pytestmark = pytest.mark.browser


def test_contact_draws_a_signature_and_signs(browser, live_server, app, tenant, staff_client):
    customer_id, kim = make_contact(
        app, tenant, "kim@kunde.de", permissions=["contracts"], contract_emails=True
    )
    contract_id = create_contract(staff_client, customer_id)
    send_to_all(staff_client, contract_id, [kim])
    browser.goto(live_server.url("acme", "/kunden/"))
    browser.fill("input[name=email]", "kim@kunde.de")
    browser.fill("input[name=password]", CONTACT_PASSWORD)
    browser.click("button[type=submit]")
    browser.click("nav >> text=Verträge")
    browser.click("text=Wartungsvertrag Website")
    assert browser.locator(".document-body h2").inner_text() == "Leistungen"
    pad = browser.locator("canvas.signature-pad")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    browser.mouse.move(box["x"] + 30, box["y"] + box["height"] * 0.7)
    browser.mouse.down()
    for step in range(1, 12):
        x = box["x"] + 30 + step * 25
        y = box["y"] + box["height"] * (0.3 if step % 2 else 0.7)
        browser.mouse.move(x, y, steps=4)
    browser.mouse.up()
    assert (
        browser.locator("input[name=signature]").input_value().startswith("data:image/png;base64,")
    )
    screenshot(browser, "portal-contract-signing")
    browser.click("button:has-text('Unterschreiben')")
    browser.wait_for_selector("text=Vielen Dank, der Vertrag ist unterschrieben.")
    assert "Unterschrieben von Kim Kunde" in browser.locator(".signed-by").inner_text()
    screenshot(browser, "portal-contract-signed")
    with in_tenant(app, tenant):
        contract = db.session.scalar(select(Contract).where(Contract.id == contract_id))
        assert contract.status == "signed" and contract.signed_file_id is not None
