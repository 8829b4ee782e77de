"""Global search in the staff header (/admin/search?q=): every registered type, one tenant only."""

import re
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import insert, select, text

from crm.customers.models import Customer
from gorilla.search import (
    SearchEntry,
    SearchWord,
    index_inserted,
    search_statement,
    sources,
    terms,
)
from tenants import provisioning
from tenants.migrations import downgrade_tenant, upgrade_tenant
from tests.conftest import client_for, count_queries, provision
from tests.crm_factories import add_contact, add_customer, in_tenant
from tests.test_all_contacts import Explain
from tests.work_helpers import add_project, add_task

YEAR = date.today().year
ITEM = {"items-0-description": "Beratung", "items-0-qty": "1", "items-0-rate": "100"}


def results(client, query: str) -> str:
    response = client.get("/admin/search", query_string={"q": query})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def add_invoice(staff_client, customer_id: int, notes: str) -> int:
    data = {"customer_id": customer_id, "date": f"{YEAR}-03-01", "notes": notes}
    response = staff_client.submit("/admin/invoices/new", data | ITEM | {"items-0-taxrate": "19"})
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


@pytest.fixture
def records(app, tenant, staff_client):
    """One record of every registered type, each with its own word."""
    customer = add_customer(app, tenant, "Zebrafant GmbH", city="Wuppertal")
    contact = add_contact(
        app, tenant, customer, "ina@zebra.test", firstname="Ina", lastname="Okapi"
    )
    project = add_project(app, tenant, customer, "Relaunch Kolibri", description="Pinguin-Shop")
    task = add_task(app, tenant, project, "Logo Flamingo", description="Entwurf Tukan")
    invoice = add_invoice(staff_client, customer, "Sonderkonditionen Walross")
    return {
        "customer": f"/admin/customers/{customer}",
        "contact": f"/admin/contacts/{contact}/edit",
        "project": f"/admin/projects/{project}",
        "task": f"/admin/tasks/{task}",
        "invoice": f"/admin/invoices/{invoice}",
    }


@pytest.mark.parametrize(
    "kind, word, label",
    [
        ("customer", "Zebrafant", "Kunde"),
        ("customer", "wuppertal", "Kunde"),
        ("contact", "Oka", "Kontakt"),
        ("contact", "ina@zebra.test", "Kontakt"),
        ("project", "Kolibri", "Projekt"),
        ("project", "Pinguin", "Projekt"),
        ("task", "Flamingo", "Aufgabe"),
        ("task", "Tukan", "Aufgabe"),
        ("invoice", "Walross", "Rechnung"),
        ("invoice", f"RE-{YEAR}-0001", "Rechnung"),
    ],
)
def test_every_type_is_found_by_a_word_of_its_title_or_body(
    staff_client, records, kind, word, label
):
    page = results(staff_client, word)
    assert f'href="{records[kind]}"' in page and label in page
    others = [path for other, path in records.items() if other != kind]
    if kind != "invoice":  # an invoice's number is RE-…, its customer not part of its text
        assert not any(f'href="{path}"' in page for path in others)


def test_words_match_as_prefixes_and_all_words_must_match(staff_client, records):
    assert f'href="{records["customer"]}"' in results(staff_client, "zebraf")
    assert f'href="{records["task"]}"' in results(staff_client, "Flam Logo")
    assert f'href="{records["task"]}"' not in results(staff_client, "Flamingo Kolibri")


def test_title_matches_rank_above_body_matches(app, tenant, staff_client):
    add_customer(app, tenant, "Nebenbei AG", website="lachs.example")
    first = add_customer(app, tenant, "Lachs Lieferdienst")
    page = results(staff_client, "lachs")
    assert page.index(f"/admin/customers/{first}") < page.index("Nebenbei AG")


def test_updating_a_record_updates_its_hit_and_deleting_removes_it(app, tenant, staff_client):
    customer = add_customer(app, tenant, "Altname GmbH")
    response = staff_client.submit(f"/admin/customers/{customer}", {"company": "Neuname GmbH"})
    assert response.status_code in (200, 303)
    assert "Neuname GmbH" in results(staff_client, "neuname")
    assert "/admin/customers/" not in results(staff_client, "altname")
    path = f"/admin/customers/{customer}"
    assert staff_client.submit(f"{path}/delete", {}, form_path=path).status_code == 303
    assert "/admin/customers/" not in results(staff_client, "neuname")
    with in_tenant(app, tenant) as session:
        assert session.scalars(select(SearchEntry.kind)).all() == []


def vocabulary(app, tenant) -> set[str]:
    with in_tenant(app, tenant) as session:
        return set(session.scalars(select(SearchWord.word)))


def test_the_vocabulary_follows_committed_renames_and_deletions(app, tenant, staff_client):
    """A word no record uses any more leaves the vocabulary; one still used stays; a rolled
    back change leaves nothing behind."""
    on_postgresql(app, tenant, "the vocabulary")
    customer = add_customer(app, tenant, "Zaunkönig GmbH")
    add_customer(app, tenant, "Adler GmbH")
    assert {"zaunkönig", "adler", "gmbh"} <= vocabulary(app, tenant)
    response = staff_client.submit(f"/admin/customers/{customer}", {"company": "Eisvogel GmbH"})
    assert response.status_code == 303
    words = vocabulary(app, tenant)
    assert {"eisvogel", "adler", "gmbh"} <= words and "zaunkönig" not in words
    with in_tenant(app, tenant) as session:
        session.add(Customer(company="Rotkehlchen AG"))
        session.flush()
        session.rollback()
    assert "rotkehlchen" not in vocabulary(app, tenant)


def test_another_tenants_record_with_the_same_word_never_appears(app, tenant, staff_client):
    other = provision(app, "globex")
    theirs = add_customer(app, other, "Geheimnis Globex AG")
    add_contact(app, other, theirs, "geheimnis@globex.test", lastname="Geheimnis")
    assert "Globex" not in results(staff_client, "geheimnis")
    ours = add_customer(app, tenant, "Geheimnis Acme AG")
    page = results(staff_client, "geheimnis")
    assert f"/admin/customers/{ours}" in page and "Globex" not in page
    globex_staff = client_for(app, "globex")
    assert globex_staff.sign_in("admin@globex.test").status_code == 302
    page = results(globex_staff, "geheimnis")
    assert "Geheimnis Globex AG" in page and "Acme" not in page


def test_results_take_a_constant_number_of_queries(app, tenant, staff_client):
    add_customer(app, tenant, "Konstant 0")
    few = count_queries(staff_client, "/admin/search?q=konstant")
    for number in range(1, 40):
        customer = add_customer(app, tenant, f"Konstant {number}")
        add_contact(app, tenant, customer, f"k{number}@konstant.test", lastname="Konstant")
    assert count_queries(staff_client, "/admin/search?q=konstant") == few
    assert results(staff_client, "konstant").count('class="badge"') == 25  # at most 25 hits


@pytest.mark.parametrize(
    "query",
    [
        '"', "'", "a\"b'c", "*", "NEAR(a b)", "a AND OR NOT", "col:x", "^x", "(", ")", "-x",
        "x:*", "!&|", "\x00\x01", "a" * 5000, "ü" * 300, "%_", "\\", "😀", "   ", "der die das",
    ],
)  # fmt: skip
def test_hostile_or_odd_input_never_fails(staff_client, records, query):
    assert staff_client.get("/admin/search", query_string={"q": query}).status_code == 200


def test_empty_query_shows_the_empty_state_and_every_staff_page_has_the_search_form(
    staff_client, records
):
    page = results(staff_client, "")
    assert "Kunden, Kontakte, Projekte, Aufgaben und Rechnungen durchsuchen." in page
    assert 'action="/admin/search"' in staff_client.get("/admin/customers").get_data(as_text=True)
    assert "Nichts gefunden" in results(staff_client, "xylophonorchester")


def test_search_needs_a_staff_session(app, tenant):
    response = client_for(app, tenant.slug).get("/admin/search?q=x")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_german_stemming_on_postgresql(app, tenant, staff_client):
    project = add_project(app, tenant, add_customer(app, tenant), "Rechnung Sommerfest")
    with in_tenant(app, tenant) as session:
        if session.get_bind(Customer).dialect.name != "postgresql":
            pytest.skip("stemming: PostgreSQL's german configuration")
    assert f"/admin/projects/{project}" in results(staff_client, "Rechnungen")


def test_reindex_command_indexes_rows_inserted_in_bulk(app, tenant, staff_client, runner):
    with in_tenant(app, tenant) as session:
        session.execute(insert(Customer), [{"company": "Massenimport KG"}])
        session.commit()
    assert "Massenimport" not in results(staff_client, "massenimport")
    result = runner.invoke(args=["tenants", "reindex", tenant.slug])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("acme: ") and "Sucheinträge" in result.output
    assert "Massenimport KG" in results(staff_client, "massenimport")


def test_postgresql_searches_read_no_pending_list_after_a_reindex(app, tenant, runner):
    """The GIN index merges the bulk of a reindex at its end and stays without pending list."""
    with in_tenant(app, tenant) as session:
        if session.get_bind(Customer).dialect.name != "postgresql":
            pytest.skip("a GIN index on PostgreSQL only")
    assert runner.invoke(args=["tenants", "reindex", tenant.slug]).exit_code == 0
    with in_tenant(app, tenant) as session:
        options = session.execute(
            text(
                "SELECT c.reloptions FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE c.relname = 'ix_search_index_document' AND n.nspname = :schema"
            ),
            {"schema": tenant.schema_name},
        ).scalar_one()
    assert options == ["fastupdate=off"]


def test_upgrading_an_existing_tenant_indexes_its_records(app, tenant, staff_client):
    customer = add_customer(app, tenant, "Bestand AG")
    with app.app_context():
        binds = provisioning.tenant_binds()
        downgrade_tenant(binds, tenant.schema_name, "t0011")
        upgrade_tenant(binds, tenant.schema_name)
    assert f"/admin/customers/{customer}" in results(staff_client, "bestand")


def test_sqlite_ignores_diacritics(app, tenant, staff_client):
    customer = add_customer(app, tenant, "Müller Söhne")
    with in_tenant(app, tenant) as session:
        if session.get_bind(Customer).dialect.name != "sqlite":
            pytest.skip("FTS5 removes diacritics; PostgreSQL's german configuration keeps them")
    assert f"/admin/customers/{customer}" in results(staff_client, "muller sohne")


def on_postgresql(app, tenant, why: str) -> None:
    """Skip on SQLite, saying why (SQLite keeps FTS5 with its prefix indexes, no trigrams)."""
    with in_tenant(app, tenant) as session:
        if session.get_bind(Customer).dialect.name != "postgresql":
            pytest.skip(f"{why}: pg_trgm on PostgreSQL only; SQLite searches FTS5 word prefixes")


@pytest.mark.parametrize("query", ["Müler", "Mueller", "Muller", "MÜLLER", "üller", "Müller Gmbh"])
def test_names_with_typos_or_umlauts_spelled_out_are_found(app, tenant, staff_client, query):
    on_postgresql(app, tenant, "similar names")
    customer = add_customer(app, tenant, "Müller GmbH")
    add_customer(app, tenant, "Schmidt AG")
    page = results(staff_client, query)
    assert f"/admin/customers/{customer}" in page and "Schmidt AG" not in page


def test_contact_and_project_names_are_found_with_typos(app, tenant, staff_client):
    on_postgresql(app, tenant, "similar names")
    customer = add_customer(app, tenant, "Acme Kunde")
    contact = add_contact(
        app, tenant, customer, "s@kunde.test", firstname="Sabine", lastname="Schwarzenegger"
    )
    project = add_project(app, tenant, customer, "Relaunch Kolibri")
    assert f"/admin/contacts/{contact}/edit" in results(staff_client, "Schwarzeneger")
    assert f"/admin/projects/{project}" in results(staff_client, "Kollibri")


def test_word_matches_rank_above_similar_names(app, tenant, staff_client):
    on_postgresql(app, tenant, "similar names")
    similar = add_customer(app, tenant, "Müler Bau")  # a typo in the data
    exact = add_customer(app, tenant, "Müller GmbH")
    page = results(staff_client, "Müller")
    assert f"/admin/customers/{similar}" in page
    assert page.index(f"/admin/customers/{exact}") < page.index(f"/admin/customers/{similar}")
    assert "Nichts gefunden" in results(staff_client, "Meier")


def test_similar_names_of_another_tenant_never_appear(app, tenant, staff_client):
    on_postgresql(app, tenant, "similar names")
    other = provision(app, "globex")
    add_customer(app, other, "Müller Globex GmbH")
    assert "Globex" not in results(staff_client, "Müler")
    ours = add_customer(app, tenant, "Müller Acme GmbH")
    page = results(staff_client, "Müler")
    assert f"/admin/customers/{ours}" in page and "Globex" not in page


def test_a_similar_name_search_takes_as_many_queries_as_a_word_search(app, tenant, staff_client):
    add_customer(app, tenant, "Müller GmbH")
    word = count_queries(staff_client, "/admin/search?q=Müller")
    assert count_queries(staff_client, "/admin/search?q=Müler") == word
    for number in range(30):
        add_customer(app, tenant, f"Müller {number} KG")
    assert count_queries(staff_client, "/admin/search?q=Müler") == word


def test_similar_names_come_from_the_vocabulary_not_from_every_title(app, tenant):
    """A typo reads the trigram index of the distinct title words (5,000 titles here, 2
    distinct words) and then the full-text index; no trigram scan over the titles."""
    on_postgresql(app, tenant, "the vocabulary")
    fields = dict.fromkeys(("city", "zip", "vat", "website", "phonenumber"), "")
    rows = [SimpleNamespace(id=n, company=f"Firma Nummer {n}", **fields) for n in range(5000)]
    with in_tenant(app, tenant) as session:
        index_inserted(session, Customer, rows)
        session.commit()  # the vocabulary follows in a short transaction of its own
    with in_tenant(app, tenant) as session:
        bind = {"mapper": SearchEntry}
        assert set(session.scalars(select(SearchWord.word))) == {"firma", "nummer"}
        session.execute(text(f"ANALYZE {tenant.schema_name}.search_index"), bind_arguments=bind)
        session.execute(text("SET LOCAL enable_seqscan = off"), bind_arguments=bind)
        statement = search_statement(session, terms("Nummmer"), sources())
        lines = "\n".join(session.execute(Explain(statement), bind_arguments=bind).scalars())
        found = session.execute(statement).all()
        session.rollback()
    assert "ix_search_words_folded_trgm" in lines and "ix_search_index_document" in lines
    assert len(found) == 25


def test_pg_trgm_lives_in_the_extensions_schema_and_tenant_indexes_name_it(app, tenant):
    on_postgresql(app, tenant, "the extension")
    with in_tenant(app, tenant) as session:
        schema = session.execute(
            text(
                "SELECT extnamespace::regnamespace::text FROM pg_extension"
                " WHERE extname = 'pg_trgm'"
            )
        ).scalar_one()
        definitions = (
            session.execute(
                text(
                    "SELECT indexdef FROM pg_indexes"
                    " WHERE schemaname = :schema AND indexname LIKE '%trgm'"
                ),
                {"schema": tenant.schema_name},
            )
            .scalars()
            .all()
        )
    assert schema == "extensions"
    assert len(definitions) == 2
    assert all(re.search(r"extensions\.gi(n|st)_trgm_ops", each) for each in definitions)
