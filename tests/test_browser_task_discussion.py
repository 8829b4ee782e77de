"""A contact opens a visible task in Chromium, replies, and the staff task page shows it."""

import pytest

from tests.browser import screenshot
from tests.portal_helpers import CONTACT_PASSWORD, make_contact
from tests.work_helpers import add_project, add_task

pytestmark = pytest.mark.browser


def test_contact_posts_a_comment_that_staff_see(browser, live_server, app, tenant):
    customer_id, _ = make_contact(app, tenant, "kim@kunde.de", permissions=["projects"])
    project = add_project(app, tenant, customer_id)
    task = add_task(app, tenant, project, "Startseite gestalten", visible_to_customer=True,
                    description="<p>Bitte <b>Feedback</b> geben</p>")  # fmt: skip
    browser.goto(live_server.url("acme", "/kunden/"))
    browser.fill("input[name=email]", "kim@kunde.de")
    browser.fill("input[name=password]", CONTACT_PASSWORD)
    browser.click("button[type=submit]")
    browser.click("nav >> text=Projekte")
    browser.click("text=Website-Relaunch")
    browser.click("text=Startseite gestalten")
    assert browser.locator(".prose b").inner_text() == "Feedback"
    browser.fill("textarea[name=body]", "Sieht super aus!")
    browser.click("text=Kommentar senden")
    browser.wait_for_selector(".comment >> text=Sieht super aus!")
    browser.set_viewport_size({"width": 390, "height": 800})
    screenshot(browser, "portal-task-discussion-phone")

    browser.goto(live_server.url("acme", "/admin/login"))
    browser.fill("input[name=email]", "admin@acme.test")
    browser.fill("input[name=password]", "correct-horse-battery")
    browser.click("button[type=submit]")
    browser.goto(live_server.url("acme", f"/admin/tasks/{task}"))
    comment = browser.locator(".comment-contact")
    assert "Sieht super aus!" in comment.inner_text() and "Kim Kunde" in comment.inner_text()
    browser.set_viewport_size({"width": 1280, "height": 900})
    screenshot(browser, "admin-task-discussion")
