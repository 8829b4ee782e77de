"""All contacts (/admin/contacts): every contact of every customer, searched, filtered, sorted,
paged, with the Kontakte tab's actions and "Link zum Passwort setzen senden"."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ClauseElement, Executable

import mail_templates
from crm.contacts import listing
from crm.contacts.listing import (
    ContactFilter,
    ContactSort,
    SortOrder,
    contact_ids,
)
from crm.contacts.models import Contact
from crm.customers.models import Customer
from mail_templates.models import OutboxMessage
from tenants.distribution import has_citus
from tenants.models import utcnow
from tests.conftest import client_for, count_queries
from tests.crm_factories import add_contact, add_customer, contact_rows, in_tenant

LIST = "/admin/contacts"
SET_PASSWORD = "contact-set-password"


def names(page: str) -> list[str]:
    """Contact names in the order the list shows them."""
    return re.findall(r'<a href="/admin/contacts/\d+/edit[^"]*">([^<]+)</a>', page)


def listed(client, query: str = "") -> list[str]:
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    return names(response.get_data(as_text=True))


def set_template_active(app, tenant, active: bool) -> None:
    with in_tenant(app, tenant) as session:
        mail_templates.set_active(SET_PASSWORD, active)
        session.commit()


def outbox(app, tenant) -> list[tuple[str, str]]:
    with in_tenant(app, tenant) as session:
        return [(m.template_slug, m.to_email) for m in session.scalars(select(OutboxMessage))]


def update_contact_row(app, tenant, contact_id: int, **values) -> None:
    with in_tenant(app, tenant) as session:
        contact = session.get(Contact, contact_id)
        for name, value in values.items():
            setattr(contact, name, value)
        session.commit()


@pytest.fixture(params=[2000, 40, 1], ids=["walk", "short walk", "trigram table"])
def searched_by(request, monkeypatch):
    """SQLite searches read the first ``WALK`` contacts in the list's order and ask the trigram
    table when their matches do not fill the page: with ``WALK`` at 40 a page of 25 of the 30
    "Viele" contacts comes from the walk and the next from the table, at 1 every search goes
    to the table (PostgreSQL plans each search itself)."""
    monkeypatch.setattr(listing, "WALK", request.param)
    return request.param


@pytest.fixture
def people(app, tenant):
    """Two customers with three contacts of different shapes; returns their ids by name."""
    alpha = add_customer(app, tenant, "Alpha GmbH")
    beta = add_customer(app, tenant, "Beta AG")
    ids = {
        "Anna Zeta": add_contact(
            app, tenant, alpha, "anna@alpha.test", firstname="Anna", lastname="Zeta",
            phonenumber="+49 30 111", permissions=["invoices"],
        ),
        "Bert Yilmaz": add_contact(
            app, tenant, alpha, "bert@alpha.test", firstname="Bert", lastname="Yilmaz",
            permissions=["projects", "support"],
        ),
        "Carla Xaver": add_contact(
            app, tenant, beta, "carla@beta.test", firstname="Carla", lastname="Xaver",
            phonenumber="0221 999", permissions=["invoices", "projects"],
        ),
    }  # fmt: skip
    update_contact_row(app, tenant, ids["Bert Yilmaz"], active=False)
    update_contact_row(app, tenant, ids["Anna Zeta"], last_login=utcnow() - timedelta(days=2))
    update_contact_row(app, tenant, ids["Carla Xaver"], last_login=utcnow() - timedelta(days=90))
    return ids


def test_lists_every_contact_of_every_customer_sorted_by_name(staff_client, people):
    page = staff_client.get(LIST).get_data(as_text=True)
    assert names(page) == ["Carla Xaver", "Bert Yilmaz", "Anna Zeta"]
    assert "Alpha GmbH" in page and "Beta AG" in page and "Kontakte" in page
    assert "Nie" in page  # Bert never signed in
    assert "Haupt Ansprechpartner" in page and "inaktiv" in page


def test_navigation_has_kontakte_after_kunden_and_marks_it_on_the_list(staff_client, people):
    page = staff_client.get(LIST).get_data(as_text=True)
    nav = page[page.index("/admin/customers") :]
    assert nav.index('href="/admin/contacts"') < nav.index("/admin/projects")
    assert re.search(r'href="/admin/contacts" class="active"', page)
    assert not re.search(r'href="/admin/customers" class="active"', page)
    customers = staff_client.get("/admin/customers").get_data(as_text=True)
    assert re.search(r'href="/admin/customers" class="active"', customers)


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("anna", ["Anna Zeta"]),
        ("ZETA", ["Anna Zeta"]),
        ("carla xaver", ["Carla Xaver"]),
        ("BERT@alpha", ["Bert Yilmaz"]),
        ("0221", ["Carla Xaver"]),
        ("alpha gmbh", ["Bert Yilmaz", "Anna Zeta"]),
        ("%", []),
        ("_", []),
        ("\\", []),
        ("nobody", []),
    ],
)
def test_search_covers_name_email_phone_and_company(
    staff_client, people, searched_by, term, expected
):
    assert listed(staff_client, f"q={term.replace('%', '%25')}") == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("active=yes", ["Carla Xaver", "Anna Zeta"]),
        ("active=no", ["Bert Yilmaz"]),
        ("primary=yes", ["Carla Xaver", "Anna Zeta"]),
        ("primary=no", ["Bert Yilmaz"]),
        ("permission=invoices", ["Carla Xaver", "Anna Zeta"]),
        ("permission=support", ["Bert Yilmaz"]),
        ("permission=contracts", []),
        ("login=never", ["Bert Yilmaz"]),
        ("login=recent", ["Anna Zeta"]),
        ("login=older", ["Carla Xaver"]),
        ("active=yes&permission=projects", ["Carla Xaver"]),
    ],
)
def test_filters(staff_client, people, query, expected):
    assert listed(staff_client, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sort=name&order=desc", ["Anna Zeta", "Bert Yilmaz", "Carla Xaver"]),
        ("sort=company", ["Anna Zeta", "Bert Yilmaz", "Carla Xaver"]),
        ("sort=company&order=desc", ["Carla Xaver", "Bert Yilmaz", "Anna Zeta"]),
        ("sort=email", ["Anna Zeta", "Bert Yilmaz", "Carla Xaver"]),
        ("sort=last_login", ["Bert Yilmaz", "Carla Xaver", "Anna Zeta"]),
        ("sort=last_login&order=desc", ["Anna Zeta", "Carla Xaver", "Bert Yilmaz"]),
    ],
)
def test_sorting(staff_client, people, query, expected):
    assert listed(staff_client, query) == expected


@pytest.mark.parametrize(
    "query",
    [
        "sort=password_hash", "sort=", "order=sideways", "active=vielleicht", "primary[]=1",
        "permission=admin", "login=yesterday", "page=-3", "page=abc", "page=99999999999999999999",
        "q=" + "x" * 5000, "q=%00%27%22", "sort=name;drop table contacts", "active=yes&active=no",
    ],
)  # fmt: skip
def test_bad_query_arguments_fall_back_to_defaults(staff_client, people, query):
    response = staff_client.get(f"{LIST}?{query}")
    assert response.status_code == 200


def test_unknown_sort_lists_like_the_default(staff_client, people):
    assert listed(staff_client, "sort=password_hash&order=up") == listed(staff_client)


def test_pages_of_25_keep_the_filters(app, tenant, staff_client, searched_by):
    customer = add_customer(app, tenant, "Viele GmbH")
    for number in range(30):
        add_contact(
            app, tenant, customer, f"k{number}@viele.test", firstname="K", lastname=f"N{number:02d}"
        )
    first = listed(staff_client, "q=viele&sort=name")
    assert len(first) == 25 and first[0] == "K N00"
    page = staff_client.get(f"{LIST}?q=viele").get_data(as_text=True)
    assert "page=2" in page and "q=viele" in page
    assert listed(staff_client, "q=viele&page=2") == [f"K N{n}" for n in range(25, 30)]
    assert listed(staff_client, "q=viele&page=7") == [f"K N{n}" for n in range(25, 30)]


def test_the_list_runs_the_same_number_of_statements_for_3_and_60_contacts(
    app, tenant, staff_client
):
    set_template_active(app, tenant, True)
    first = add_customer(app, tenant, "Erste AG")
    for number in range(3):
        add_contact(app, tenant, first, f"a{number}@erste.test")
    searched = f"{LIST}?sort=company&q=firma&active=yes"
    small, small_searched = count_queries(staff_client, LIST), count_queries(staff_client, searched)
    for number in range(19):
        customer = add_customer(app, tenant, f"Firma {number}")
        for k in range(3):
            add_contact(app, tenant, customer, f"k{k}.{number}@firma.test")
    assert count_queries(staff_client, LIST) == small
    assert count_queries(staff_client, searched) == small_searched


class Explain(Executable, ClauseElement):
    """``EXPLAIN`` (SQLite: ``EXPLAIN QUERY PLAN``) of a statement, run like the statement."""

    inherit_cache = False

    def __init__(self, statement):
        self.statement = statement


@compiles(Explain)
def _explain(element, compiler, **kw):
    prefix = "EXPLAIN QUERY PLAN " if compiler.dialect.name == "sqlite" else "EXPLAIN "
    return prefix + compiler.process(element.statement, **kw)


def plan_as_with_many_rows(session, bind_arguments, *settings: str) -> None:
    """Switch the planner ``settings`` off for this transaction, on Citus on the worker that
    runs the tenant's query too (``SET LOCAL`` stays on the coordinator otherwise)."""
    if has_citus(session.connection(bind_arguments=bind_arguments)):
        statement = text("SET LOCAL citus.propagate_set_commands = 'local'")
        session.execute(statement, bind_arguments=bind_arguments)
    for setting in settings:
        session.execute(text(f"SET LOCAL {setting} = off"), bind_arguments=bind_arguments)


@pytest.mark.parametrize("order", [SortOrder.ASC, SortOrder.DESC])
def test_a_page_by_last_sign_in_is_read_through_an_index_without_sorting(
    app, tenant, people, order
):
    """Never signed in counts as oldest; on PostgreSQL that needs ``NULLS LAST`` in the index."""
    filters = ContactFilter(sort=ContactSort.LAST_LOGIN, order=order)
    with in_tenant(app, tenant) as session:
        tenant_bind = {"mapper": Contact}
        if session.get_bind(Contact).dialect.name == "postgresql":  # as with 100,000 contacts
            plan_as_with_many_rows(session, tenant_bind, "enable_seqscan", "enable_sort")
        explain = Explain(contact_ids(filters).limit(26))
        plan = session.execute(explain, bind_arguments=tenant_bind).all()
        session.rollback()
    lines = " ".join(str(row[-1]) for row in plan)
    assert "last_login" in lines and "TEMP B-TREE" not in lines and "Sort" not in lines


def test_list_shows_only_the_current_tenants_contacts(app, tenant, other_tenant, staff_client):
    add_contact(app, tenant, add_customer(app, tenant, "Acme Kunde"), "own@acme.test")
    add_contact(
        app, other_tenant, add_customer(app, other_tenant, "Globex Kunde"), "foreign@globex.test"
    )
    page = staff_client.get(LIST).get_data(as_text=True)
    assert "own@acme.test" in page and "Acme Kunde" in page
    assert "foreign@globex.test" not in page and "Globex Kunde" not in page
    assert "foreign" not in staff_client.get(f"{LIST}?q=globex").get_data(as_text=True)


def test_send_set_password_link_queues_the_email_and_returns_to_the_list(
    app, tenant, staff_client, people
):
    set_template_active(app, tenant, True)
    back = f"{LIST}?q=alpha&sort=email"
    page = staff_client.get(back).get_data(as_text=True)
    assert "Link zum Passwort setzen senden" in page
    path = f"/admin/contacts/{people['Anna Zeta']}/send-set-password"
    response = staff_client.submit(path, {"next": back}, form_path=back)
    assert response.status_code == 303 and response.headers["Location"] == back
    assert outbox(app, tenant) == [(SET_PASSWORD, "anna@alpha.test")]
    with in_tenant(app, tenant) as session:
        body = session.scalars(select(OutboxMessage)).one().body_text
    assert "http://acme.gorilla.test/kunden/passwort-setzen/" in body
    shown = staff_client.get(back).get_data(as_text=True)
    assert "Link zum Passwort setzen wurde an anna@alpha.test gesendet." in shown


def test_send_set_password_link_without_next_returns_to_the_plain_list(
    app, tenant, staff_client, people
):
    set_template_active(app, tenant, True)
    path = f"/admin/contacts/{people['Carla Xaver']}/send-set-password"
    response = staff_client.submit(path, {"next": "https://evil.test/"}, form_path=LIST)
    assert response.headers["Location"] == LIST
    assert outbox(app, tenant) == [(SET_PASSWORD, "carla@beta.test")]


def test_no_button_and_nothing_sent_while_the_template_is_switched_off(
    app, tenant, staff_client, people
):
    set_template_active(app, tenant, False)
    assert "Link zum Passwort setzen senden" not in staff_client.get(LIST).get_data(as_text=True)
    path = f"/admin/contacts/{people['Anna Zeta']}/send-set-password"
    response = staff_client.submit(path, {}, form_path=LIST)
    assert response.status_code == 303
    page = staff_client.get(LIST).get_data(as_text=True)
    assert "ist ausgeschaltet" in page and "Es wurde nichts gesendet." in page
    assert outbox(app, tenant) == []


def test_a_refused_link_leaves_the_contacts_earlier_links_valid(app, tenant, staff_client, people):
    set_template_active(app, tenant, False)
    contact_id = people["Anna Zeta"]
    update_contact_row(app, tenant, contact_id, link_nonce="earlier-link")
    staff_client.submit(f"/admin/contacts/{contact_id}/send-set-password", {}, form_path=LIST)
    assert [c.link_nonce for c in contact_rows(app, tenant) if c.id == contact_id] == [
        "earlier-link"
    ]


def test_edit_from_the_list_returns_to_the_list(app, tenant, staff_client, people):
    back = f"{LIST}?q=anna"
    edit = f"/admin/contacts/{people['Anna Zeta']}/edit?next=%2Fadmin%2Fcontacts%3Fq%3Danna"
    form = {"firstname": "Anna", "lastname": "Zeta", "email": "anna@alpha.test"}
    response = staff_client.submit(edit, form | {"permissions": ["invoices"]})
    assert response.status_code == 303 and response.headers["Location"] == back


@pytest.mark.parametrize("deactivated", ["contact", "customer"])
def test_deactivated_contacts_get_no_link(app, tenant, staff_client, people, deactivated):
    set_template_active(app, tenant, True)
    contact_id = people["Anna Zeta"]
    if deactivated == "contact":
        update_contact_row(app, tenant, contact_id, active=False)
    else:
        with in_tenant(app, tenant) as session:
            session.get(Contact, contact_id).customer.active = False
            session.commit()
    page = staff_client.get(f"{LIST}?q=anna").get_data(as_text=True)
    assert "Link zum Passwort setzen senden" not in page
    path = f"/admin/contacts/{contact_id}/send-set-password"
    staff_client.submit(path, {}, form_path=LIST)
    page = staff_client.get(LIST).get_data(as_text=True)
    assert "Der Kontakt ist deaktiviert. Es wurde nichts gesendet." in page
    assert outbox(app, tenant) == []


def test_send_set_password_for_another_tenants_contact_answers_404(
    app, tenant, other_tenant, staff_client
):
    set_template_active(app, tenant, True)
    set_template_active(app, other_tenant, True)
    add_customer(app, tenant, "Acme Kunde")  # same customer id 1 in both tenants
    foreign = add_contact(
        app, other_tenant, add_customer(app, other_tenant, "Globex Kunde"), "foreign@globex.test"
    )
    response = staff_client.submit(f"/admin/contacts/{foreign}/send-set-password", {}, LIST)
    assert response.status_code == 404
    assert outbox(app, tenant) == [] and outbox(app, other_tenant) == []


def test_send_set_password_needs_staff_and_post(app, tenant, people):
    path = f"/admin/contacts/{people['Anna Zeta']}/send-set-password"
    anonymous = client_for(app, tenant.slug)
    assert anonymous.post(path).status_code in (302, 400)
    assert anonymous.get(LIST).status_code == 302
    assert outbox(app, tenant) == []


def test_row_actions_return_to_the_list_with_its_query(app, tenant, staff_client, people):
    back = f"{LIST}?active=yes&sort=email"
    contact_id = people["Carla Xaver"]
    page = staff_client.get(back).get_data(as_text=True)
    assert f"/admin/contacts/{contact_id}/edit?next=" in page
    response = staff_client.submit(
        f"/admin/contacts/{contact_id}/active", {"active": "0", "next": back}, form_path=back
    )
    assert response.headers["Location"] == back
    assert not [c for c in contact_rows(app, tenant) if c.id == contact_id][0].active
    response = staff_client.submit(
        f"/admin/contacts/{contact_id}/delete", {"next": back}, form_path=back
    )
    assert response.headers["Location"] == back
    assert contact_id not in [c.id for c in contact_rows(app, tenant)]
    with in_tenant(app, tenant) as session:
        assert session.scalar(select(Customer).where(Customer.company == "Beta AG")) is not None


def search_plan(app, tenant, term: str, *settings: str) -> str:
    """The PostgreSQL plan of the page's ids for ``q=term`` with the planner ``settings`` off
    (as at 100,000 contacts, where it would not pick them)."""
    with in_tenant(app, tenant) as session:
        tenant_bind = {"mapper": Contact}
        if session.get_bind(Contact).dialect.name != "postgresql":
            pytest.skip("trigram indexes (pg_trgm) on PostgreSQL only; SQLite scans the contacts")
        plan_as_with_many_rows(session, tenant_bind, *settings)
        explain = Explain(contact_ids(ContactFilter(q=term)).limit(26))
        plan = " ".join(session.execute(explain, bind_arguments=tenant_bind).scalars())
        session.rollback()
    return plan


@pytest.mark.parametrize("term", ["zeta", "alpha gm", "+49 30", "anna@alp"])
def test_a_rare_word_is_read_through_the_trigram_index(app, tenant, staff_client, people, term):
    """On PostgreSQL a search reads only the matching contacts (one trigram index on the
    search text, which holds the company too) instead of every contact."""
    plan = search_plan(app, tenant, term, "enable_seqscan")
    assert "ix_contacts_search_text_trgm" in plan and "Seq Scan" not in plan
    assert listed(staff_client, f"q={term}")


def test_a_common_word_is_read_along_the_name_index_alone(app, tenant, people):
    """The name index carries the search text: walking it in order until the page is full
    reads no table row (what PostgreSQL picks when a word matches many contacts)."""
    plan = search_plan(app, tenant, "a", "enable_seqscan", "enable_bitmapscan", "enable_sort")
    assert "Index Only Scan using ix_contacts_name" in plan


def test_the_search_text_follows_renames_and_folds_umlauts(
    app, tenant, staff_client, people, searched_by
):
    """Umlauts and ß match written out; renaming a customer or a contact moves its contacts
    to the new words at once (the search text is kept in step with every write)."""
    bakery = add_customer(app, tenant, "Bäckerei Groß")
    joerg = add_contact(app, tenant, bakery, "jm@example.test", firstname="Jörg", lastname="Müller")
    for term in ("Müller", "mueller", "MÜLLER", "grOSS", "groß", "bäckerei", "joerg"):
        assert listed(staff_client, f"q={term}") == ["Jörg Müller"], term
    response = staff_client.submit(
        f"/admin/customers/{bakery}", {"company": "Konditorei Süß", "default_language": "de"}
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    assert listed(staff_client, "q=bäckerei") == []
    assert listed(staff_client, "q=suess") == ["Jörg Müller"]
    update_contact_row(app, tenant, joerg, lastname="Öztürk")
    assert listed(staff_client, "q=müller") == []
    assert listed(staff_client, "q=oeztuerk konditorei") == []  # one stretch of the text
    assert listed(staff_client, "q=oeztuerk") == ["Jörg Öztürk"]


def test_the_planner_samples_a_thousand_search_texts(app, tenant):
    """Enough of a sample to tell a word in a few of every thousand contacts from a rare one
    (with 100 such a word counted as rare, and a search read and sorted all its matches)."""
    with in_tenant(app, tenant) as session:
        if session.get_bind(Contact).dialect.name != "postgresql":
            pytest.skip("planner statistics of PostgreSQL")
        if has_citus(session.connection(bind_arguments={"mapper": Contact})):
            pytest.skip("Citus refuses SET STATISTICS on a distributed table")
        target = session.execute(
            text(
                "SELECT attstattarget FROM pg_attribute"
                " WHERE attrelid = :table ::regclass AND attname = 'search_text'"
            ),
            {"table": f"{tenant.schema_name}.contacts"},
        ).scalar_one()
    assert target == 1000
