"""Record ids and page numbers beyond the database's integer range: 404 or the last page."""

import pytest

import mail_templates
from gorilla.extensions import db
from tests.conftest import client_for
from tests.crm_factories import add_customer
from tests.factories import contact, in_tenant
from tests.portal_helpers import CONTACT_PASSWORD, make_contact
from tests.work_helpers import add_project, add_task

HUGE = ("2147483648", "3000000000", "9223372036854775808", "99999999999999999999", "0")

STAFF_PAGES = (
    "/admin/customers/{id}", "/admin/customers/{id}/contacts", "/admin/customers/{id}/projects",
    "/admin/customers/{id}/tasks", "/admin/customers/{id}/invoices", "/admin/contacts/{id}/edit",
    "/admin/contacts/{id}/picture", "/admin/staff/{id}", "/admin/projects/{id}",
    "/admin/tasks/{id}", "/admin/invoices/{id}", "/admin/invoices/{id}/pdf",
    "/admin/customers/{id}/contacts/new",
    "/admin/proposals/{id}", "/admin/proposals/{id}/pdf", "/admin/proposals/{id}/send",
)  # fmt: skip
STAFF_POSTS = (
    "/admin/customers/{id}/delete", "/admin/contacts/{id}/active", "/admin/tasks/{id}/comments",
    "/admin/settings/email-log/{id}/retry", "/admin/staff/{id}/reset-password",
    "/admin/proposals/{id}/delete", "/admin/proposals/{id}/comments",
    "/admin/proposals/{id}/convert",
)  # fmt: skip
PORTAL_PAGES = (
    "/kunden/rechnungen/{id}", "/kunden/rechnungen/{id}/pdf", "/kunden/projekte/{id}",
    "/kunden/aufgaben/{id}", "/kunden/vorschlaege/{id}", "/kunden/vorschlaege/{id}/pdf",
)  # fmt: skip
STAFF_LISTS = (
    "/admin/customers", "/admin/projects", "/admin/tasks", "/admin/invoices",
    "/admin/settings/email-log", "/admin/customers/{customer}/projects",
    "/admin/customers/{customer}/tasks", "/admin/customers/{customer}/invoices",
    "/admin/projects/{project}", "/admin/proposals",
)  # fmt: skip
PORTAL_LISTS = (
    "/kunden/rechnungen", "/kunden/projekte", "/kunden/projekte/{project}", "/kunden/vorschlaege",
)  # fmt: skip
QUERY_IDS = (
    "/admin/tasks?customer={id}", "/admin/tasks?project={id}", "/admin/tasks?assignee={id}",
    "/admin/invoices?customer={id}", "/admin/projects/new?customer_id={id}",
    "/admin/tasks/new?project_id={id}", "/admin/invoices/new?customer_id={id}",
    "/admin/proposals?customer={id}", "/admin/proposals/new?customer_id={id}",
)  # fmt: skip


@pytest.fixture
def work(app, tenant):
    """A customer with a signed-in contact, a shared project and one visible task."""
    customer_id, _ = make_contact(app, tenant, "kim@kunde.de")
    project_id = add_project(app, tenant, customer_id)
    add_task(app, tenant, project_id, "Startseite entwerfen", visible_to_customer=True)
    return {"customer": customer_id, "project": project_id}


@pytest.fixture
def contact_client(app, work):
    """Kim, signed in to acme's customer area."""
    client = client_for(app, "acme")
    response = client.sign_in("kim@kunde.de", CONTACT_PASSWORD, path="/kunden/login")
    assert response.status_code == 302
    return client


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_page_of_an_id_beyond_the_integer_range_answers_404(staff_client, path):
    for record_id in HUGE:
        assert staff_client.get(path.format(id=record_id)).status_code == 404, record_id


@pytest.mark.parametrize("path", STAFF_POSTS)
def test_staff_post_to_an_id_beyond_the_integer_range_answers_404(staff_client, path):
    token = staff_client.csrf("/admin/customers/new")
    for record_id in HUGE[1:4]:
        response = staff_client.post(path.format(id=record_id), data={"csrf_token": token})
        assert response.status_code == 404, record_id


@pytest.mark.parametrize("path", PORTAL_PAGES)
def test_customer_area_page_of_an_id_beyond_the_integer_range_answers_404(contact_client, path):
    for record_id in HUGE:
        assert contact_client.get(path.format(id=record_id)).status_code == 404, record_id


@pytest.mark.parametrize("path", QUERY_IDS)
def test_query_string_id_beyond_the_integer_range_is_ignored(staff_client, work, path):
    for record_id in (*HUGE, "-1"):
        assert staff_client.get(path.format(id=record_id)).status_code == 200, record_id


def test_page_number_beyond_the_integer_range_shows_the_last_page(app, tenant, staff_client):
    for number in range(26):
        add_customer(app, tenant, f"Kunde {number:02d}")
    for page in ("99999999999999999999", "3000000000", "3"):
        html = staff_client.get(f"/admin/customers?page={page}").get_data(as_text=True)
        assert "Kunde 25" in html and "Kunde 24" not in html
        assert "Seite 2" in html


@pytest.mark.parametrize("path", STAFF_LISTS)
def test_staff_list_with_a_hostile_page_number_answers_200(staff_client, work, path):
    for page in ("99999999999999999999", "-99999999999999999999", "x", "0"):
        response = staff_client.get(f"{path.format(**work)}?page={page}")
        assert response.status_code == 200, page


def test_email_log_page_beyond_the_end_shows_the_last_page(app, tenant, staff_client):
    log = "/admin/settings/email-log"
    assert "Bisher wurden keine" in staff_client.get(f"{log}?page=99999999999999999999").text
    with in_tenant(app, tenant):
        for number in range(51):
            mail_templates.send("contact-welcome", to=contact(email=f"k{number}@kunde.test"))
        db.session.commit()
    html = staff_client.get(f"{log}?page=99999999999999999999").get_data(as_text=True)
    assert "Seite 2 von 2" in html and "k0@kunde.test" in html


@pytest.mark.parametrize("page", ("99999999999999999999", "3000000000"))
@pytest.mark.parametrize("path", PORTAL_LISTS)
def test_customer_area_list_with_a_huge_page_number_shows_its_rows(
    contact_client, work, path, page
):
    response = contact_client.get(f"{path.format(**work)}?page={page}")
    assert response.status_code == 200
    if "projekte" in path:
        expected = "Startseite entwerfen" if "{project}" in path else "Website-Relaunch"
        assert expected in response.get_data(as_text=True)
