"""Both dashboards in Chromium: widgets render with real data (screenshots in test-output/)."""

from datetime import timedelta

import pytest

from crm.projects.models import ProjectStatus
from crm.tasks.models import TaskStatus
from tests.browser import screenshot
from tests.conftest import PASSWORD
from tests.portal_helpers import CONTACT_PASSWORD, make_contact
from tests.test_dashboards import TODAY, add_invoice, admin_id, assign, comment
from tests.work_helpers import add_project, add_task

pytestmark = pytest.mark.browser


@pytest.fixture
def agency(app, tenant):
    """A tenant with invoices, tasks, a waiting discussion and a contact with everything."""
    customer, kim = make_contact(app, tenant, "kim@kunde.de", company="Bäckerei Sonnenschein")
    me = admin_id(app, tenant)
    add_invoice(app, tenant, customer, "1190", due=TODAY + timedelta(days=12))
    add_invoice(app, tenant, customer, "2380.50", due=TODAY + timedelta(days=3), paid="380.50")
    add_invoice(app, tenant, customer, "595", due=TODAY - timedelta(days=8))
    project = add_project(
        app, tenant, customer, "Website-Relaunch", status=ProjectStatus.IN_PROGRESS
    )
    add_project(app, tenant, customer, "Social-Media-Kampagne", deadline=TODAY + timedelta(days=40))
    names = ["Startseite gestalten", "Bilder auswählen", "Impressum prüfen", "Shop anbinden"]
    for number, name in enumerate(names):
        status = TaskStatus.COMPLETE if number < 2 else TaskStatus.IN_PROGRESS
        task = add_task(
            app, tenant, project, name, status=status, visible_to_customer=True,
            duedate=TODAY + timedelta(days=number * 2 - 2),
        )  # fmt: skip
        assign(app, tenant, task, me)
    comment(app, tenant, task, contact_id=kim, body="Welche Zahlungsarten gibt es?")
    return customer


def sign_in(browser, url, email, password):
    browser.goto(url)
    browser.fill("input[name=email]", email)
    browser.fill("input[name=password]", password)
    browser.click("button[type=submit]")


def test_staff_dashboard_shows_its_widgets(browser, live_server, agency):
    sign_in(browser, live_server.url("acme", "/admin/login"), "admin@acme.test", PASSWORD)
    browser.wait_for_url(live_server.url("acme", "/admin/"))
    for title in (
        "Offene Rechnungen",
        "Meine Aufgaben",
        "Warten auf uns",
        "Letzte Kundenaktivität",
    ):
        assert browser.locator("h2", has_text=title).is_visible()
    assert "595,00\xa0€" in browser.text_content("#widget-invoices")
    assert "Shop anbinden" in browser.text_content("#widget-waiting")
    screenshot(browser, "dashboard-staff")
    browser.set_viewport_size({"width": 390, "height": 844})
    screenshot(browser, "dashboard-staff-mobile")


def test_customer_overview_shows_invoices_and_project_progress(browser, live_server, agency):
    sign_in(browser, live_server.url("acme", "/kunden/login"), "kim@kunde.de", CONTACT_PASSWORD)
    browser.wait_for_url(live_server.url("acme", "/kunden/"))
    assert "3 offene Rechnungen" in browser.text_content("#widget-open-invoices")
    progress = browser.locator("#widget-active-projects progress")
    assert progress.first.get_attribute("value") == "50"
    screenshot(browser, "dashboard-customer")
    browser.set_viewport_size({"width": 390, "height": 844})
    screenshot(browser, "dashboard-customer-mobile")
