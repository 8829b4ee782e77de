"""The key pages of both areas in Chromium, at desktop and phone width, left-to-right and
right-to-left: they fit their window, nothing spills out of its card, and axe-core finds no
serious accessibility problem. Screenshots land in test-output/."""

import pytest
from sqlalchemy import select

from crm.contacts.models import Contact
from crm.customers.demo import CONTACT_PASSWORD
from crm.customers.models import Customer
from crm.invoices.models import Invoice, InvoiceStatus
from crm.projects.models import Project
from gorilla.demo import seed_demo_data
from tests.browser import screenshot, sign_in
from tests.conftest import PASSWORD
from tests.crm_factories import in_tenant
from tests.layout import VIEWPORTS, check_page

pytestmark = pytest.mark.browser
ANNA = "anna@sonnenschein.example"


@pytest.fixture
def demo(app, tenant):
    """The demo data of ``gorilla demo`` in tenant acme: ids of what the pages show."""
    with in_tenant(app, tenant) as session:
        seed_demo_data()
        customer = session.scalar(select(Customer).order_by(Customer.id))
        unpaid = select(Invoice.id).where(Invoice.status == InvoiceStatus.UNPAID)
        return {
            "customer": customer.id,
            "contact": session.scalar(select(Contact.id).where(Contact.email == ANNA)),
            "project": session.scalar(select(Project.id)),
            "invoice": session.scalar(unpaid.order_by(Invoice.id)),
        }


def set_direction(app, tenant, contact_id: int, direction: str) -> None:
    with in_tenant(app, tenant) as session:
        session.get(Contact, contact_id).direction = direction
        session.commit()


@pytest.mark.parametrize("size", VIEWPORTS)
def test_staff_pages_fit_the_window_and_pass_the_audit(browser, live_server, demo, size):
    browser.set_viewport_size(VIEWPORTS[size])
    sign_in(browser, live_server.url("acme", "/admin/login"), "admin@acme.test", PASSWORD)
    pages = {
        "dashboard": "/admin/",
        "customers": "/admin/customers",
        "customer-contacts": f"/admin/customers/{demo['customer']}/contacts",
        "contact-new": f"/admin/customers/{demo['customer']}/contacts/new",
        "project": f"/admin/projects/{demo['project']}",
        "invoice": f"/admin/invoices/{demo['invoice']}",
        "customer-files": f"/admin/customers/{demo['customer']}/files",
    }
    for name, path in pages.items():
        browser.goto(live_server.url("acme", path))
        check_page(browser, f"staff-{name}-{size}", screenshot)


@pytest.mark.parametrize("direction", ["ltr", "rtl"])
@pytest.mark.parametrize("size", VIEWPORTS)
def test_customer_area_fits_the_window_and_passes_the_audit(
    browser, live_server, app, tenant, demo, size, direction
):
    set_direction(app, tenant, demo["contact"], direction)
    browser.set_viewport_size(VIEWPORTS[size])
    sign_in(browser, live_server.url("acme", "/kunden/login"), ANNA, CONTACT_PASSWORD)
    assert browser.locator("html").get_attribute("dir") == direction
    pages = {
        "home": "/kunden/",
        "invoices": "/kunden/rechnungen",
        "invoice": f"/kunden/rechnungen/{demo['invoice']}",
        "projects": "/kunden/projekte",
        "project": f"/kunden/projekte/{demo['project']}",
        "files": f"/kunden/projekte/{demo['project']}/dateien",
    }
    for name, path in pages.items():
        browser.goto(live_server.url("acme", path))
        check_page(browser, f"portal-{name}-{size}-{direction}", screenshot)
