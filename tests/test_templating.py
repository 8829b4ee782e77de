"""Template helpers every page uses: translated text with values, navigation links."""

import re

import pytest
from flask import g

from crm.staff.models import Staff
from gorilla.extensions import db
from tests.crm_factories import add_contact, add_customer


@pytest.mark.parametrize("lang, greeting", [("de", "Willkommen"), ("en", "Welcome")])
def test_values_in_translated_text_are_escaped(app, tenant, staff_client, lang, greeting):
    with app.app_context():
        g.tenant = tenant
        db.session.scalar(db.select(Staff)).first_name = "<b>Eve</b>"
        db.session.commit()
    page = staff_client.get(f"/admin/?lang={lang}").get_data(as_text=True)
    assert f"{greeting}, &lt;b&gt;Eve&lt;/b&gt;" in page
    assert "<b>Eve</b>" not in page


def test_navigation_links_follow_the_mount_point(staff_client):
    mounted = staff_client.get("/admin/", base_url="http://acme.gorilla.test/crm")
    assert 'href="/crm/admin/customers"' in mounted.get_data(as_text=True)
    page = staff_client.get("/admin/").get_data(as_text=True)
    assert 'href="/admin/customers"' in page
    assert "/crm/" not in page


def test_settings_link_only_for_admins(app, tenant, staff_client):
    assert 'href="/admin/settings/company"' in staff_client.get("/admin/").get_data(as_text=True)
    with app.app_context():
        g.tenant = tenant
        db.session.scalar(db.select(Staff)).is_admin = False
        db.session.commit()
    assert 'href="/admin/settings/company"' not in staff_client.get("/admin/").get_data(
        as_text=True
    )


def highlighted_links(page: str) -> list[str]:
    """Targets of the highlighted links of the main navigation."""
    nav = page[page.index('<nav class="mainnav"') : page.index("</nav>")]
    return re.findall(r'<a href="([^"]+)" class="active">', nav)


@pytest.mark.parametrize(
    "page, highlighted",
    [
        ("/admin/", ["/admin/"]),
        ("/admin/customers", ["/admin/customers"]),
        ("/admin/customers/{customer}", ["/admin/customers"]),
        ("/admin/customers/{customer}/projects", ["/admin/customers"]),
        ("/admin/customers/{customer}/invoices", ["/admin/customers"]),
        ("/admin/contacts/{contact}/edit", ["/admin/customers"]),
        ("/admin/projects", ["/admin/projects"]),
        ("/admin/tasks/new", ["/admin/tasks"]),
        ("/admin/invoices", ["/admin/invoices"]),
        ("/admin/staff", ["/admin/staff"]),
        ("/admin/profile", []),
        ("/admin/settings/email-templates", ["/admin/settings/company"]),
        ("/admin/settings/audit-log", ["/admin/settings/company"]),
        ("/admin/customers/{customer}/activity", ["/admin/customers"]),
    ],
)
def test_the_navigation_highlights_the_section_of_the_page(
    app, tenant, staff_client, page, highlighted
):
    customer = add_customer(app, tenant)
    contact = add_contact(app, tenant, customer, "ina@example.com")
    response = staff_client.get(page.format(customer=customer, contact=contact))
    assert response.status_code == 200
    assert highlighted_links(response.get_data(as_text=True)) == highlighted


def test_no_two_template_folders_hold_the_same_template_name(app):
    """Blueprint template folders share one search path: a clash would hide a template."""
    loaders = [app.jinja_loader, *(bp.jinja_loader for bp in app.iter_blueprints())]
    names = [name for loader in loaders if loader for name in loader.list_templates()]
    assert len(names) > 50
    assert sorted({name for name in names if names.count(name) > 1}) == []
