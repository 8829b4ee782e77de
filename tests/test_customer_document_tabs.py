"""The customer page's tabs for estimates, proposals, contracts and credit notes (as in
Perfex): the customer's documents, drafts too, never another customer's or tenant's."""

import pytest

from tests.api_helpers import add_document
from tests.conftest import count_queries
from tests.crm_factories import add_customer

TABS = {  # document kind: (URL segment, German empty state)
    "estimates": ("estimates", "Dieser Kunde hat noch keine Angebote."),
    "proposals": ("proposals", "Dieser Kunde hat noch keine Vorschläge."),
    "contracts": ("contracts", "Dieser Kunde hat noch keine Verträge."),
    "credit_notes": ("credit-notes", "Dieser Kunde hat noch keine Gutschriften."),
}


@pytest.fixture(params=TABS, ids=list(TABS))
def kind(request):
    return request.param


def test_the_tab_lists_the_customers_documents_and_no_other_customers(
    app, tenant, staff_client, kind
):
    segment, _empty = TABS[kind]
    mine = add_customer(app, tenant, "Muster GmbH")
    other = add_customer(app, tenant, "Andere AG")
    own = add_document(app, tenant, kind, mine)
    foreign = add_document(app, tenant, kind, other)

    profile = staff_client.get(f"/admin/customers/{mine}").get_data(as_text=True)
    assert f'href="/admin/customers/{mine}/{segment}"' in profile
    page = staff_client.get(f"/admin/customers/{mine}/{segment}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'href="/admin/{segment}/{own}"' in html
    assert f'href="/admin/{segment}/{foreign}"' not in html


def test_an_empty_tab_says_so_in_german(app, tenant, staff_client, kind):
    segment, empty = TABS[kind]
    customer = add_customer(app, tenant)
    html = staff_client.get(f"/admin/customers/{customer}/{segment}").get_data(as_text=True)
    assert empty in html


def test_another_tenants_customer_and_unknown_ids_answer_404(
    app, tenant, other_tenant, staff_client, kind
):
    segment, _empty = TABS[kind]
    theirs = [add_customer(app, other_tenant, f"Globex Kunde {n}") for n in range(3)][-1]
    add_document(app, other_tenant, kind, theirs)
    mine = add_customer(app, tenant)
    assert mine < theirs  # the id exists in globex only
    for customer_id in (theirs, 2**63):
        assert staff_client.get(f"/admin/customers/{customer_id}/{segment}").status_code == 404


def test_the_tab_runs_the_same_statements_for_one_or_six_documents(app, tenant, staff_client, kind):
    segment, _empty = TABS[kind]
    customer = add_customer(app, tenant)
    path = f"/admin/customers/{customer}/{segment}"
    add_document(app, tenant, kind, customer)
    one = count_queries(staff_client, path)
    for _ in range(5):
        add_document(app, tenant, kind, customer)
    assert count_queries(staff_client, path) == one
