"""Dashboards: the staff start page (/admin/) and the customer area's overview (/kunden/).

Widgets show open and overdue amounts, my tasks, tasks waiting on the agency, recent customer
activity; the customer sees its open invoices and active projects with progress, each only with
the permission and only its own. Every page runs the same few queries at any data size.
"""

from datetime import date, timedelta
from decimal import Decimal
from itertools import count

import pytest
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from crm.contacts.models import Contact, Permission
from crm.dashboard.widgets import Widget, register_widget
from crm.invoices.models import Invoice, InvoiceStatus
from crm.projects.models import ProjectStatus
from crm.staff.models import Staff
from crm.tasks.models import Task, TaskComment, TaskStatus, task_assignees
from gorilla.audit import AuditAction, record
from portal.sections import Panel, Section, register_section
from tenants import provisioning
from tenants.migrations import downgrade_tenant, upgrade_tenant
from tests.conftest import client_for, count_queries
from tests.crm_factories import in_tenant
from tests.portal_helpers import CONTACT_PASSWORD, make_contact
from tests.work_helpers import add_project, add_task

TODAY = date.today()
NUMBERS = count(1)


def admin_id(app, tenant) -> int:
    with in_tenant(app, tenant) as session:
        return session.scalar(select(Staff.id).where(Staff.email == f"admin@{tenant.slug}.test"))


def add_invoice(app, tenant, customer_id, total, *, due=None, paid="0", status="unpaid", cur="EUR"):
    """An invoice row as the service leaves it once sent (totals already summed)."""
    with in_tenant(app, tenant) as session:
        invoice = Invoice(
            customer_id=customer_id, number=f"RE-T-{next(NUMBERS):05d}", issue_date=TODAY,
            duedate=due, status=status, currency=cur, total=Decimal(total),
            subtotal=Decimal(total), tax=Decimal("0"), amount_paid=Decimal(paid),
        )  # fmt: skip
        session.add(invoice)
        session.commit()
        return invoice.id


def assign(app, tenant, task_id, staff_id) -> None:
    with in_tenant(app, tenant) as session:
        session.execute(task_assignees.insert().values(task_id=task_id, staff_id=staff_id))
        session.commit()


def comment(app, tenant, task_id, *, contact_id=None, staff_id=None, body="Frage") -> None:
    with in_tenant(app, tenant) as session:
        session.add(
            TaskComment(task_id=task_id, contact_id=contact_id, staff_id=staff_id, body=body)
        )
        session.commit()


def contact_client(app, email, slug="acme"):
    client = client_for(app, slug)
    assert client.sign_in(email, CONTACT_PASSWORD, path="/kunden/login").status_code == 302
    return client


def page_of(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def widget(page: str, name: str) -> str:
    """The HTML of one widget (empty when the page has none)."""
    start = page.find(f'id="widget-{name}"')
    return page[start : page.index("</section>", start)] if start >= 0 else ""


# --- staff dashboard ----------------------------------------------------------------------


def test_open_and_overdue_amounts_are_summed_per_currency_in_german(app, tenant, staff_client):
    customer, _ = make_contact(app, tenant, "kim@kunde.de")
    add_invoice(app, tenant, customer, "1000.50", due=TODAY + timedelta(days=5))
    add_invoice(app, tenant, customer, "200", due=TODAY + timedelta(days=9), paid="50.25")
    add_invoice(app, tenant, customer, "99.99", due=TODAY - timedelta(days=3))
    add_invoice(app, tenant, customer, "300", due=TODAY - timedelta(days=1), cur="USD")
    add_invoice(app, tenant, customer, "5000", status=InvoiceStatus.PAID)
    add_invoice(app, tenant, customer, "7000", status=InvoiceStatus.DRAFT)
    page = widget(page_of(staff_client, "/admin/"), "invoices")
    assert "Offene Rechnungen" in page
    assert "1.150,25\xa0€" in page and "2 Rechnungen noch nicht fällig" in page
    assert "99,99\xa0€" in page and "1 Rechnung überfällig" in page
    assert "300,00\xa0$" in page
    assert "5.000" not in page and "7.000" not in page
    assert 'href="/admin/invoices?status=unpaid"' in page
    assert 'href="/admin/invoices?status=overdue"' in page
    listed = page_of(staff_client, "/admin/invoices?status=overdue")
    assert "99,99\xa0€" in listed


def test_my_tasks_lists_my_open_tasks_due_soon_and_overdue(app, tenant, staff_client):
    me = admin_id(app, tenant)
    mine = {
        "Heute fällig": TODAY, "Überfällig seit gestern": TODAY - timedelta(days=1),
        "In fünf Tagen": TODAY + timedelta(days=5),
        "Erst in einem Monat": TODAY + timedelta(days=30),
    }  # fmt: skip
    for name, due in mine.items():
        assign(app, tenant, add_task(app, tenant, None, name, duedate=due), me)
    done = add_task(app, tenant, None, "Schon erledigt", duedate=TODAY, status=TaskStatus.COMPLETE)
    assign(app, tenant, done, me)
    add_task(app, tenant, None, "Niemandem zugewiesen", duedate=TODAY)
    page = widget(page_of(staff_client, "/admin/"), "my-tasks")
    assert "Meine Aufgaben" in page
    for shown in ("Heute fällig", "Überfällig seit gestern", "In fünf Tagen"):
        assert shown in page
    for hidden in ("Erst in einem Monat", "Schon erledigt", "Niemandem zugewiesen"):
        assert hidden not in page
    assert "3 Aufgaben innerhalb einer Woche fällig" in page and "1 überfällig" in page
    assert f'href="/admin/tasks?assignee={me}"' in page


def test_tasks_wait_on_the_agency_while_a_contact_wrote_last(app, tenant, staff_client):
    customer, kim = make_contact(app, tenant, "kim@kunde.de")
    project = add_project(app, tenant, customer)
    asked = add_task(app, tenant, project, "Logo-Entwurf", visible_to_customer=True)
    answered = add_task(app, tenant, project, "Texte liefern", visible_to_customer=True)
    done = add_task(app, tenant, project, "Abgeschlossen", status=TaskStatus.COMPLETE)
    for task in (asked, answered, done):
        comment(app, tenant, task, contact_id=kim)
    comment(app, tenant, answered, staff_id=admin_id(app, tenant), body="Erledigt!")
    page = widget(page_of(staff_client, "/admin/"), "waiting")
    assert "Warten auf uns" in page
    assert "Logo-Entwurf" in page and "Kim Kunde (Kunde GmbH)" in page
    assert "Texte liefern" not in page and "Abgeschlossen" not in page
    assert f'href="/admin/tasks/{asked}"' in page
    comment(app, tenant, asked, staff_id=admin_id(app, tenant), body="Antwort")
    assert "Logo-Entwurf" not in widget(page_of(staff_client, "/admin/"), "waiting")


def test_a_contact_reply_through_the_portal_makes_the_task_wait_until_staff_answer(
    app, tenant, staff_client
):
    customer, _ = make_contact(app, tenant, "kim@kunde.de")
    task = add_task(
        app, tenant, add_project(app, tenant, customer), "Farben", visible_to_customer=True
    )
    kim = contact_client(app, "kim@kunde.de")
    kim.submit(
        f"/kunden/aufgaben/{task}/kommentare", {"body": "Lieber grün?"}, f"/kunden/aufgaben/{task}"
    )
    assert "Farben" in widget(page_of(staff_client, "/admin/"), "waiting")
    staff_client.submit(f"/admin/tasks/{task}/comments", {"body": "Gern!"}, f"/admin/tasks/{task}")
    assert "Farben" not in widget(page_of(staff_client, "/admin/"), "waiting")


def test_the_migration_finds_the_tasks_already_waiting(app, tenant):
    customer, kim = make_contact(app, tenant, "kim@kunde.de")
    project = add_project(app, tenant, customer)
    waiting, answered = (add_task(app, tenant, project, name) for name in ("Offen", "Beantwortet"))
    comment(app, tenant, waiting, contact_id=kim)
    comment(app, tenant, answered, contact_id=kim)
    comment(app, tenant, answered, staff_id=admin_id(app, tenant))
    with app.app_context():
        binds = provisioning.tenant_binds()
        downgrade_tenant(binds, tenant.schema_name, "t0014")
        upgrade_tenant(binds, tenant.schema_name)
    with in_tenant(app, tenant) as session:
        since = dict(session.execute(select(Task.id, Task.waiting_since)).all())
        last_word = session.scalar(
            select(TaskComment.created_at).where(TaskComment.task_id == waiting)
        )
    assert since == {waiting: last_word, answered: None}


def test_recent_customer_activity_shows_sign_ins_and_comments_with_links(app, tenant, staff_client):
    customer, kim = make_contact(app, tenant, "kim@kunde.de")
    project = add_project(app, tenant, customer)
    task = add_task(app, tenant, project, "Startseite", visible_to_customer=True)
    client = contact_client(app, "kim@kunde.de")
    client.submit(
        f"/kunden/aufgaben/{task}/kommentare", {"body": "Bitte blauer"}, f"/kunden/aufgaben/{task}"
    )
    page = widget(page_of(staff_client, "/admin/"), "activity")
    assert "Letzte Kundenaktivität" in page
    assert "Anmeldung" in page and "Kim Kunde" in page and "(Kunde GmbH)" in page
    assert f'href="/admin/customers/{customer}/activity"' in page
    assert f'href="/admin/tasks/{task}"' in page and "Aufgabe kommentiert: Startseite" in page
    # staff sign-ins are not customer activity
    assert page.count("Anmeldung") == 1


def test_the_tickets_widget_says_when_no_ticket_waits(app, tenant, staff_client):
    page = widget(page_of(staff_client, "/admin/"), "tickets-waiting")
    assert "Tickets, die auf uns warten" in page and "Kein Ticket wartet auf eine Antwort." in page


def test_a_feature_adds_its_widget_through_the_registry(app, tenant, staff_client):
    template = app.jinja_env.from_string('<section id="widget-probe">{{ data }} offen</section>')
    register_widget(app, Widget("probe", template, lambda staff: staff.email, 45))
    register_widget(app, Widget("secret", template, lambda staff: "geheim", 46, admin_only=True))
    page = page_of(staff_client, "/admin/")
    assert "admin@acme.test offen" in page and "geheim offen" in page
    assert page.index("Warten auf uns") < page.index("admin@acme.test offen")
    assert page.index("admin@acme.test offen") < page.index("Letzte Kundenaktivität")


def test_empty_dashboard_says_so_in_german(app, tenant, staff_client):
    page = page_of(staff_client, "/admin/")
    assert "Keine offenen Rechnungen." in page
    assert "In der nächsten Woche ist nichts fällig." in page
    assert "Kein Kunde wartet auf eine Antwort." in page
    assert "Noch keine Kundenaktivität." in page


def test_staff_dashboard_shows_only_this_tenants_data(app, tenant, other_tenant, staff_client):
    for slug_tenant, company, amount in (
        (tenant, "Acme Kunde", "111"),
        (other_tenant, "Globex Kunde", "777"),
    ):
        customer, contact = make_contact(app, slug_tenant, f"k@{company[:3]}.de", company=company)
        add_invoice(app, slug_tenant, customer, amount, due=TODAY - timedelta(days=2))
        task = add_task(
            app, slug_tenant, add_project(app, slug_tenant, customer), f"Aufgabe {company}"
        )
        comment(app, slug_tenant, task, contact_id=contact)
    page = page_of(staff_client, "/admin/")
    assert "111,00\xa0€" in page and "Aufgabe Acme Kunde" in page
    assert "777" not in page and "Globex" not in page


# --- customer area ------------------------------------------------------------------------


@pytest.fixture
def portal_world(app, tenant):
    """Kunde GmbH (Kim: invoices and projects; Ole: projects only) and Andere AG (Eva)."""
    customer, _ = make_contact(app, tenant, "kim@kunde.de", permissions=["invoices", "projects"])
    make_contact(app, tenant, "ole@kunde.de", permissions=["projects"])
    other, _ = make_contact(
        app, tenant, "eva@andere.de", company="Andere AG", permissions=["invoices", "projects"]
    )
    add_invoice(app, tenant, customer, "1234.56", due=TODAY - timedelta(days=4))
    add_invoice(app, tenant, customer, "100", due=TODAY + timedelta(days=10), paid="40")
    add_invoice(app, tenant, customer, "999", status=InvoiceStatus.PAID)
    add_invoice(app, tenant, customer, "888", status=InvoiceStatus.DRAFT)
    add_invoice(app, tenant, other, "4321", due=TODAY)
    relaunch = add_project(app, tenant, customer, "Relaunch", status=ProjectStatus.IN_PROGRESS)
    for number, status in enumerate([TaskStatus.COMPLETE] * 3 + [TaskStatus.IN_PROGRESS]):
        add_task(
            app, tenant, relaunch, f"Sichtbar {number}", status=status, visible_to_customer=True
        )
    add_task(app, tenant, relaunch, "Intern", status=TaskStatus.IN_PROGRESS)
    add_project(app, tenant, customer, "Altes Projekt", status=ProjectStatus.FINISHED)
    add_project(app, tenant, other, "Fremdprojekt", status=ProjectStatus.IN_PROGRESS)
    return customer


def test_contact_sees_open_invoices_with_amounts_and_projects_with_progress(app, portal_world):
    page = page_of(contact_client(app, "kim@kunde.de"), "/kunden/")
    assert "Offene Rechnungen" in page and "2 offene Rechnungen" in page
    assert "1.294,56\xa0€" in page  # 1.234,56 + 60,00 still open
    assert "1.234,56\xa0€" in page and "60,00\xa0€" in page and "Überfällig" in page
    assert "999" not in page and "888" not in page
    assert "Aktive Projekte" in page and "Relaunch" in page
    assert "75\xa0%" in page and "3 von 4 Aufgaben erledigt" in page  # "Intern" is not shared
    assert "Altes Projekt" not in page


def test_contact_without_invoice_permission_sees_no_invoices_and_no_amounts(app, portal_world):
    page = page_of(contact_client(app, "ole@kunde.de"), "/kunden/")
    assert "Relaunch" in page
    assert "Offene Rechnungen" not in page and "€" not in page and "RE-T-" not in page


def test_contact_never_sees_another_customers_invoices_or_projects(app, portal_world):
    page = page_of(contact_client(app, "eva@andere.de"), "/kunden/")
    assert "4.321,00\xa0€" in page and "Fremdprojekt" in page
    assert "1.234,56" not in page and "Relaunch" not in page


def test_customer_area_shows_only_this_tenants_data(app, tenant, other_tenant, portal_world):
    _, _ = make_contact(app, other_tenant, "kim@kunde.de", permissions=["invoices", "projects"])
    page = page_of(contact_client(app, "kim@kunde.de", slug="globex"), "/kunden/")
    assert "Keine offenen Rechnungen." in page and "Keine aktiven Projekte." in page
    assert "1.234,56" not in page and "Relaunch" not in page
    # a customer who never had an invoice is not thanked for paying them all
    assert "bezahlt" not in page


def test_a_later_section_fills_its_slot_on_the_start_page(app, tenant, portal_world):
    template = app.jinja_env.from_string('<section id="widget-estimates">{{ data }}</section>')
    section = Section(
        "portal.invoices.list", _l("Estimates"), Permission.ESTIMATES, lambda contact: 0,
        Panel(template, lambda contact: f"Angebote für {contact.customer.company}"),
    )  # fmt: skip
    register_section(app, section)
    make_contact(app, tenant, "ina@kunde.de", permissions=["estimates"])
    assert "Angebote für Kunde GmbH" in page_of(contact_client(app, "ina@kunde.de"), "/kunden/")
    assert "Angebote für" not in page_of(contact_client(app, "ole@kunde.de"), "/kunden/")


# --- bounded queries ----------------------------------------------------------------------


def fill(app, tenant, customer_id, contact_id, size) -> None:
    """``size`` invoices, tasks (mine, waiting, shared) and audit entries more."""
    me = admin_id(app, tenant)
    project = add_project(app, tenant, customer_id, f"Projekt {next(NUMBERS)}")
    with in_tenant(app, tenant) as session:
        for number in range(size):
            due = TODAY + timedelta(days=number % 10 - 5)
            session.add(Invoice(
                customer_id=customer_id, number=f"RE-B-{next(NUMBERS):05d}", issue_date=TODAY,
                duedate=due, status=InvoiceStatus.UNPAID, currency="EUR", total=Decimal("10"),
                subtotal=Decimal("10"), tax=Decimal("0"), amount_paid=Decimal("0"),
            ))  # fmt: skip
            record(
                AuditAction.SIGN_IN, actor=session.get(Contact, contact_id), customer_id=customer_id
            )
        session.commit()
    for number in range(size):
        status = TaskStatus.COMPLETE if number % 3 else TaskStatus.IN_PROGRESS
        due = TODAY + timedelta(days=number % 9 - 3)
        task = add_task(
            app, tenant, project, f"Aufgabe {number}", duedate=due, visible_to_customer=True,
            status=status,
        )  # fmt: skip
        assign(app, tenant, task, me)
        comment(app, tenant, task, contact_id=contact_id)


def test_both_dashboards_run_the_same_few_queries_at_any_size(app, tenant, staff_client):
    customer, contact = make_contact(app, tenant, "kim@kunde.de")
    fill(app, tenant, customer, contact, 3)
    kim = contact_client(app, "kim@kunde.de")
    staff_small, portal_small = (
        count_queries(staff_client, "/admin/"),
        count_queries(kim, "/kunden/"),
    )
    fill(app, tenant, customer, contact, 60)
    staff_large, portal_large = (
        count_queries(staff_client, "/admin/"),
        count_queries(kim, "/kunden/"),
    )
    assert staff_small == staff_large < 10
    assert portal_small == portal_large < 10
