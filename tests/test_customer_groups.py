"""Customer groups (Einstellungen › Kundengruppen): tags for customers, list filters and
default permissions of new contacts that override the tenant's."""

import json
import re

import pytest
from sqlalchemy import select

from crm.customer_groups.models import CustomerGroup, customer_group_members
from crm.customer_groups.service import create_group, set_customer_groups
from crm.customers.models import Customer
from gorilla.audit import AuditEntry
from tenants.settings import set_setting
from tests.browser import screenshot
from tests.conftest import PASSWORD, client_for, count_queries, run_together
from tests.crm_factories import add_contact, add_customer, contact_rows, in_tenant, ticked
from tests.live_server import gunicorn
from tests.test_concurrent_writes import HOST, post, signed_in_staff
from tests.test_demo_customers import run_demo
from tests.test_settings_and_staff import add_member

GROUPS = "/admin/settings/customer-groups"
CUSTOMERS = "/admin/customers"
CONTACTS = "/admin/contacts"
ALL_PERMISSIONS = {"invoices", "estimates", "contracts", "proposals", "support", "projects"}


def add_group(app, tenant, name: str, permissions=None, members=()) -> int:
    """A group of ``tenant`` (through the service) with customers ``members``; its id."""
    with in_tenant(app, tenant) as session:
        group = create_group(name, permissions)
        for customer_id in members:
            customer = session.get(Customer, customer_id)
            current = [g.id for g in group_rows(session, customer_id)]
            set_customer_groups(customer, [*current, group.id])
        session.commit()
        return group.id


def group_rows(session, customer_id: int) -> list[CustomerGroup]:
    query = (
        select(CustomerGroup)
        .join(customer_group_members, customer_group_members.c.group_id == CustomerGroup.id)
        .where(customer_group_members.c.customer_id == customer_id)
        .order_by(CustomerGroup.name_key)
    )
    return list(session.scalars(query))


def group_names(app, tenant, customer_id: int) -> list[str]:
    with in_tenant(app, tenant) as session:
        return [group.name for group in group_rows(session, customer_id)]


def groups_of_tenant(app, tenant) -> dict[str, set[str] | None]:
    with in_tenant(app, tenant) as session:
        return {g.name: g.default_permissions for g in session.scalars(select(CustomerGroup))}


def audit_actions(app, tenant) -> list[tuple[str, str, dict]]:
    with in_tenant(app, tenant) as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        return [(e.action, e.subject_label, json.loads(e.details)) for e in entries]


def companies(page: str) -> list[str]:
    return re.findall(r'<a href="/admin/customers/\d+"><strong>([^<]+)</strong>', page)


def contact_names(page: str) -> list[str]:
    return re.findall(r'<a href="/admin/contacts/\d+/edit[^"]*">([^<]+)</a>', page)


# --- Einstellungen › Kundengruppen -------------------------------------------------------


def test_admin_creates_renames_and_deletes_a_group_with_audit_entries(app, tenant, staff_client):
    page = staff_client.get(GROUPS).get_data(as_text=True)
    assert "Kundengruppen" in page and "Noch keine Kundengruppen" in page
    response = staff_client.submit(f"{GROUPS}/new", {"name": "  Retainer "}, form_path=GROUPS)
    assert response.status_code == 303
    group_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert groups_of_tenant(app, tenant) == {"Retainer": None}
    page = staff_client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'value="Retainer"' in page and "Gruppe löschen" in page

    response = staff_client.submit(f"{GROUPS}/{group_id}", {"name": "Retainer Plus"})
    assert response.status_code == 303
    listing = staff_client.get(GROUPS).get_data(as_text=True)
    assert "Retainer Plus" in listing and "Allgemeine Standardwerte" in listing

    response = staff_client.submit(f"{GROUPS}/{group_id}/delete", {}, form_path=GROUPS)
    assert response.status_code == 303
    assert "Kundengruppe Retainer Plus gelöscht." in staff_client.get(GROUPS).get_data(as_text=True)
    assert groups_of_tenant(app, tenant) == {}
    actions = [(action, label) for action, label, _ in audit_actions(app, tenant)]
    assert actions[-3:] == [
        ("customer_group_created", "Retainer"),
        ("customer_group_changed", "Retainer Plus"),
        ("customer_group_deleted", "Retainer Plus"),
    ]


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("", "Bitte geben Sie einen Namen für die Gruppe ein."),
        ("   ", "Bitte geben Sie einen Namen für die Gruppe ein."),
        ("VIP", "Eine Gruppe mit diesem Namen gibt es bereits."),
        ("vip", "Eine Gruppe mit diesem Namen gibt es bereits."),
        ("  Vip  ", "Eine Gruppe mit diesem Namen gibt es bereits."),
        ("x" * 101, "Höchstens 100 Zeichen, bitte."),
    ],
)
def test_new_group_errors_are_german_field_errors(app, tenant, staff_client, name, error):
    add_group(app, tenant, "VIP")
    response = staff_client.submit(f"{GROUPS}/new", {"name": name}, form_path=GROUPS)
    assert response.status_code == 200
    assert error in response.get_data(as_text=True)
    assert list(groups_of_tenant(app, tenant)) == ["VIP"]


def test_renaming_to_another_groups_name_in_any_case_is_refused(app, tenant, staff_client):
    add_group(app, tenant, "VIP")
    webhosting = add_group(app, tenant, "Webhosting")
    response = staff_client.submit(f"{GROUPS}/{webhosting}", {"name": "vIp"})
    assert response.status_code == 200
    assert "Eine Gruppe mit diesem Namen gibt es bereits." in response.get_data(as_text=True)
    # its own name in another case is fine
    assert staff_client.submit(f"{GROUPS}/{webhosting}", {"name": "WEBHOSTING"}).status_code == 303
    assert sorted(groups_of_tenant(app, tenant)) == ["VIP", "WEBHOSTING"]


def test_group_names_may_repeat_across_tenants(app, tenant, other_tenant, staff_client):
    add_group(app, other_tenant, "VIP")
    response = staff_client.submit(f"{GROUPS}/new", {"name": "VIP"}, form_path=GROUPS)
    assert response.status_code == 303


def test_a_double_submit_creates_one_group_and_shows_the_error(app, tenant, staff_client):
    token = staff_client.csrf(GROUPS)
    first = staff_client.post(f"{GROUPS}/new", data={"csrf_token": token, "name": "Web"})
    again = staff_client.post(f"{GROUPS}/new", data={"csrf_token": token, "name": "web"})
    assert (first.status_code, again.status_code) == (303, 200)
    assert "Eine Gruppe mit diesem Namen gibt es bereits." in again.get_data(as_text=True)
    assert list(groups_of_tenant(app, tenant)) == ["Web"]


def test_five_admins_creating_one_name_at_once_get_one_group_and_field_errors(app, tenant):
    with gunicorn(app, workers=2, threads=3) as server:
        admin = signed_in_staff(server, "admin@acme.test")
        forms = [server.form_session(HOST, GROUPS, admin) for _ in range(5)]

        def create(number, cookie, token):
            data = {"csrf_token": token, "name": "Retainer" if number % 2 else "RETAINER"}
            return lambda: post(server, HOST, f"{GROUPS}/new", cookie, data)

        results = run_together(*(create(number, *form) for number, form in enumerate(forms)))
    assert sorted(status for status, _cookie, _page in results) == [200, 200, 200, 200, 303]
    refused = [page for status, _cookie, page in results if status == 200]
    assert all("Eine Gruppe mit diesem Namen gibt es bereits." in page for page in refused)
    assert len(groups_of_tenant(app, tenant)) == 1


def test_control_characters_in_a_name_give_no_500(app, tenant, staff_client):
    token = staff_client.csrf(GROUPS)
    response = staff_client.post(f"{GROUPS}/new", data={"csrf_token": token, "name": "We\x00b\x1b"})
    assert response.status_code in (200, 303)


def test_deleting_a_group_keeps_its_customers(app, tenant, staff_client):
    alpha = add_customer(app, tenant, "Alpha GmbH")
    vip = add_group(app, tenant, "VIP", members=[alpha])
    add_group(app, tenant, "Retainer", members=[alpha])
    staff_client.submit(f"{GROUPS}/{vip}/delete", {}, form_path=GROUPS)
    assert group_names(app, tenant, alpha) == ["Retainer"]
    assert "Alpha GmbH" in staff_client.get(CUSTOMERS).get_data(as_text=True)


def test_deleting_a_customer_removes_its_memberships(app, tenant, staff_client):
    alpha = add_customer(app, tenant, "Alpha GmbH")
    add_group(app, tenant, "VIP", members=[alpha])
    response = staff_client.submit(
        f"{CUSTOMERS}/{alpha}/delete", {}, form_path=f"{CUSTOMERS}/{alpha}"
    )
    assert response.status_code == 303
    with in_tenant(app, tenant) as session:
        assert session.execute(select(customer_group_members)).all() == []
    assert groups_of_tenant(app, tenant) == {"VIP": None}


def test_the_list_shows_sizes_and_default_permissions(app, tenant, staff_client):
    alpha = add_customer(app, tenant, "Alpha GmbH")
    beta = add_customer(app, tenant, "Beta AG")
    add_group(app, tenant, "VIP", {"invoices", "support"}, members=[alpha, beta])
    add_group(app, tenant, "Leer", set())
    page = staff_client.get(GROUPS).get_data(as_text=True)
    row = page[page.index(">VIP<") :]
    assert re.search(r'group=\d+">2</a>', row)
    assert "Rechnungen" in row[: row.index("</tr>")]
    leer = page[page.index(">Leer<") :]
    assert "keine" in leer[: leer.index("</tr>")]


def test_each_group_row_has_an_edit_button(app, tenant, staff_client):
    """Editing a group is offered like elsewhere ("Bearbeiten"), not only behind its badge."""
    group_id = add_group(app, tenant, "VIP")
    page = staff_client.get(GROUPS).get_data(as_text=True)
    row = page[page.index(f'id="group-{group_id}"') :]
    row = row[: row.index("</tr>")]
    assert f'href="{GROUPS}/{group_id}">Bearbeiten</a>' in row


def test_settings_tab_is_marked_and_only_admins_may_manage_groups(app, tenant, staff_client):
    page = staff_client.get(GROUPS).get_data(as_text=True)
    assert re.search(r'href="/admin/settings/customer-groups" class="active"', page)
    group_id = add_group(app, tenant, "VIP")
    add_member(app, tenant)
    member = client_for(app, "acme")
    member.sign_in("mia@acme.test")
    assert member.get(GROUPS).status_code == 403
    assert member.get(f"{GROUPS}/{group_id}").status_code == 403
    token = member.csrf(CUSTOMERS + "/new")
    assert member.post(f"{GROUPS}/new", data={"csrf_token": token, "name": "X"}).status_code == 403
    assert member.post(f"{GROUPS}/{group_id}/delete", data={"csrf_token": token}).status_code == 403
    assert list(groups_of_tenant(app, tenant)) == ["VIP"]


def test_every_group_route_answers_404_for_another_tenants_group(
    app, tenant, other_tenant, staff_client
):
    foreign = add_group(app, other_tenant, "Fremd")
    token = staff_client.csrf(GROUPS)
    assert staff_client.get(f"{GROUPS}/{foreign}").status_code == 404
    post = {"csrf_token": token, "name": "Gekapert"}
    assert staff_client.post(f"{GROUPS}/{foreign}", data=post).status_code == 404
    assert staff_client.post(f"{GROUPS}/{foreign}/delete", data=post).status_code == 404
    assert staff_client.get(f"{GROUPS}/{2**40}").status_code == 404
    assert "Fremd" not in staff_client.get(GROUPS).get_data(as_text=True)
    assert groups_of_tenant(app, other_tenant) == {"Fremd": None}
    # the filters with another tenant's group show nothing of either tenant
    add_customer(app, other_tenant, "Globex Kunde")
    assert companies(staff_client.get(f"{CUSTOMERS}?group={foreign}").get_data(as_text=True)) == []


def test_contacts_cannot_reach_group_pages(app, tenant):
    customer = add_customer(app, tenant, "Kunde GmbH")
    add_contact(app, tenant, customer, "kim@kunde.test")
    group_id = add_group(app, tenant, "VIP", members=[customer])
    contact = client_for(app, tenant.slug)
    assert (
        contact.sign_in("kim@kunde.test", "kontakt-passwort-1", path="/kunden/login").status_code
        == 302
    )
    for path in (GROUPS, f"{GROUPS}/{group_id}"):
        response = contact.get(path)
        assert response.status_code == 302 and "/admin/login" in response.headers["Location"]
    token = contact.csrf("/kunden/profil")
    for path in (f"{GROUPS}/new", f"{GROUPS}/{group_id}", f"{GROUPS}/{group_id}/delete"):
        response = contact.post(path, data={"csrf_token": token, "name": "X"})
        assert response.status_code == 302 and "/admin/login" in response.headers["Location"]
    assert groups_of_tenant(app, tenant) == {"VIP": None}


# --- membership on the customer form ------------------------------------------------------


def test_customer_form_assigns_groups_and_the_page_shows_badges(app, tenant, staff_client):
    vip = add_group(app, tenant, "VIP")
    retainer = add_group(app, tenant, "Retainer")
    add_group(app, tenant, "Webhosting")
    page = staff_client.get(f"{CUSTOMERS}/new").get_data(as_text=True)
    assert "Kundengruppen" in page and 'name="groups"' in page
    response = staff_client.submit(
        f"{CUSTOMERS}/new", {"company": "Neu GmbH", "groups": [str(vip), str(retainer)]}
    )
    assert response.status_code == 303
    customer_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert group_names(app, tenant, customer_id) == ["Retainer", "VIP"]
    profile = staff_client.get(f"{CUSTOMERS}/{customer_id}").get_data(as_text=True)
    assert ("groups", str(vip)) in ticked(profile) and ("groups", str(retainer)) in ticked(profile)
    assert re.search(rf'href="/admin/customers\?group={vip}">VIP</a>', profile)
    contacts_tab = staff_client.get(f"{CUSTOMERS}/{customer_id}/contacts").get_data(as_text=True)
    assert ">Retainer</a>" in contacts_tab  # every tab shows the badges

    response = staff_client.submit(
        f"{CUSTOMERS}/{customer_id}", {"company": "Neu GmbH", "groups": [str(vip)]}
    )
    assert response.status_code == 303
    assert group_names(app, tenant, customer_id) == ["VIP"]
    staff_client.submit(f"{CUSTOMERS}/{customer_id}", {"company": "Neu GmbH"})
    assert group_names(app, tenant, customer_id) == []
    changes = [
        d for action, _, d in audit_actions(app, tenant) if action == "customer_groups_changed"
    ]
    assert changes == [
        {"added": ["Retainer", "VIP"], "removed": []},
        {"added": [], "removed": ["Retainer"]},
        {"added": [], "removed": ["VIP"]},
    ]


@pytest.mark.parametrize("value", ["abc", "0", "-1", str(2**40), "999999"])
def test_unknown_group_values_are_a_german_field_error(app, tenant, staff_client, value):
    add_group(app, tenant, "VIP")
    response = staff_client.submit(f"{CUSTOMERS}/new", {"company": "Neu GmbH", "groups": value})
    assert response.status_code == 200
    errors = re.findall(r'<p class="error">([^<]*)</p>', response.get_data(as_text=True))
    assert errors in (
        ["Bitte wählen Sie nur aus den angebotenen Möglichkeiten."],
        ["Ungültige Auswahl: Einer oder mehrere Eingaben konnten nicht umgewandelt werden."],
    )
    with in_tenant(app, tenant) as session:
        assert session.scalars(select(Customer)).all() == []


def test_another_tenants_group_cannot_be_assigned(app, tenant, other_tenant, staff_client):
    add_group(app, other_tenant, "Eins")
    foreign = add_group(app, other_tenant, "Fremd")  # an id acme has no group with
    add_group(app, tenant, "VIP")
    customer = add_customer(app, tenant, "Alpha GmbH")
    response = staff_client.submit(
        f"{CUSTOMERS}/{customer}", {"company": "Alpha GmbH", "groups": str(foreign)}
    )
    assert response.status_code == 200
    assert group_names(app, tenant, customer) == []


def test_without_groups_the_customer_form_shows_no_group_field(staff_client):
    page = staff_client.get(f"{CUSTOMERS}/new").get_data(as_text=True)
    assert 'name="groups"' not in page


# --- filters -------------------------------------------------------------------------------


@pytest.fixture
def grouped(app, tenant):
    """Alpha (VIP, Retainer), Beta (VIP), Gamma (none), each with one contact."""
    ids = {name: add_customer(app, tenant, name) for name in ("Alpha GmbH", "Beta AG", "Gamma KG")}
    for number, (name, customer_id) in enumerate(ids.items()):
        first = name.split()[0]
        add_contact(
            app, tenant, customer_id, f"k{number}@kunde.test", firstname=first, lastname="Kontakt"
        )
    vip = add_group(app, tenant, "VIP", members=[ids["Alpha GmbH"], ids["Beta AG"]])
    retainer = add_group(app, tenant, "Retainer", members=[ids["Alpha GmbH"]])
    return {"vip": vip, "retainer": retainer, **ids}


def test_customers_list_filters_by_group_and_shows_badges(staff_client, grouped):
    page = staff_client.get(CUSTOMERS).get_data(as_text=True)
    assert companies(page) == ["Alpha GmbH", "Beta AG", "Gamma KG"]
    alpha_row = page[page.index("Alpha GmbH") :]
    alpha_row = alpha_row[: alpha_row.index("</tr>")]
    assert ">Retainer</a>" in alpha_row and ">VIP</a>" in alpha_row
    assert "Alle Gruppen" in page
    vip = staff_client.get(f"{CUSTOMERS}?group={grouped['vip']}").get_data(as_text=True)
    assert companies(vip) == ["Alpha GmbH", "Beta AG"]
    assert f'<option value="{grouped["vip"]}" selected>VIP</option>' in vip
    both = f"{CUSTOMERS}?group={grouped['retainer']}&q=alpha"
    assert companies(staff_client.get(both).get_data(as_text=True)) == ["Alpha GmbH"]


@pytest.mark.parametrize("value", ["", "abc", "0", str(2**40)])
def test_a_bad_group_argument_lists_everything(staff_client, grouped, value):
    page = staff_client.get(f"{CUSTOMERS}?group={value}").get_data(as_text=True)
    assert companies(page) == ["Alpha GmbH", "Beta AG", "Gamma KG"]
    contacts = staff_client.get(f"{CONTACTS}?group={value}").get_data(as_text=True)
    assert len(contact_names(contacts)) == 3


def test_contacts_list_filters_by_group(staff_client, grouped):
    vip = staff_client.get(f"{CONTACTS}?group={grouped['vip']}").get_data(as_text=True)
    assert contact_names(vip) == ["Alpha Kontakt", "Beta Kontakt"]
    assert f'<option value="{grouped["vip"]}" selected>VIP</option>' in vip
    retainer = f"{CONTACTS}?group={grouped['retainer']}&sort=company&order=desc"
    assert contact_names(staff_client.get(retainer).get_data(as_text=True)) == ["Alpha Kontakt"]
    # a group without members
    empty = staff_client.get(f"{CONTACTS}?group=999999").get_data(as_text=True)
    assert contact_names(empty) == []


def test_pages_keep_the_group_filter(app, tenant, staff_client):
    group = add_group(app, tenant, "Viele")
    members = []
    for number in range(30):
        customer = add_customer(app, tenant, f"Kunde {number:02d}")
        add_contact(
            app, tenant, customer, f"k{number}@viele.test", firstname="K", lastname=f"N{number:02d}"
        )
        members.append(customer)
    with in_tenant(app, tenant) as session:
        for customer_id in members[:27]:
            set_customer_groups(session.get(Customer, customer_id), [group])
        session.commit()
    add_customer(app, tenant, "Aaa außerhalb")

    first = staff_client.get(f"{CUSTOMERS}?group={group}").get_data(as_text=True)
    assert len(companies(first)) == 25 and "Aaa außerhalb" not in first
    assert f"group={group}" in first[first.index('class="pager"') :]
    second = staff_client.get(f"{CUSTOMERS}?group={group}&page=2").get_data(as_text=True)
    assert companies(second) == ["Kunde 25", "Kunde 26"]

    contacts = staff_client.get(f"{CONTACTS}?group={group}").get_data(as_text=True)
    assert len(contact_names(contacts)) == 25
    pager = contacts[contacts.index('class="pager"') :]
    assert f"group={group}" in pager
    more = staff_client.get(f"{CONTACTS}?group={group}&page=2").get_data(as_text=True)
    assert contact_names(more) == ["K N25", "K N26"]


def test_lists_run_the_same_number_of_statements_for_few_and_many_groups(app, tenant, staff_client):
    first = add_customer(app, tenant, "Erste AG")
    add_contact(app, tenant, first, "a@erste.test")
    group = add_group(app, tenant, "G0", members=[first])
    paths = (CUSTOMERS, f"{CUSTOMERS}?group={group}", CONTACTS, f"{CONTACTS}?group={group}", GROUPS)
    paths += (f"{CUSTOMERS}/{first}", f"{GROUPS}/{group}")
    small = {path: count_queries(staff_client, path) for path in paths}
    customers = [first]
    for number in range(30):
        customer = add_customer(app, tenant, f"Firma {number:02d}")
        add_contact(app, tenant, customer, f"k{number}@firma.test")
        customers.append(customer)
    groups = [add_group(app, tenant, f"G{number}") for number in range(1, 12)]
    with in_tenant(app, tenant) as session:
        for customer_id in customers:
            set_customer_groups(session.get(Customer, customer_id), [group, *groups])
        session.commit()
    assert {path: count_queries(staff_client, path) for path in paths} == small


# --- default permissions per group ----------------------------------------------------------


def new_contact_form(staff_client, customer_id: int) -> set[str]:
    page = staff_client.get(f"{CUSTOMERS}/{customer_id}/contacts/new").get_data(as_text=True)
    return {value for name, value in ticked(page) if name == "permissions"}


def tenant_defaults(app, tenant, permissions) -> None:
    with in_tenant(app, tenant) as session:
        set_setting("default_contact_permissions", sorted(permissions))
        session.commit()


def test_group_defaults_override_the_tenant_defaults(app, tenant, staff_client):
    tenant_defaults(app, tenant, {"invoices"})
    customer = add_customer(app, tenant, "Alpha GmbH")
    add_group(app, tenant, "Support", {"support", "projects"}, members=[customer])
    assert new_contact_form(staff_client, customer) == {"support", "projects"}
    contact_id = add_contact(app, tenant, customer, "neu@alpha.test")  # another path: the service
    contact = next(c for c in contact_rows(app, tenant) if c.id == contact_id)
    assert contact.permissions == {"support", "projects"}
    assert contact.ticket_emails and contact.project_emails and not contact.invoice_emails


def test_a_customer_in_two_groups_gets_the_union_of_their_defaults(app, tenant, staff_client):
    tenant_defaults(app, tenant, {"contracts"})
    customer = add_customer(app, tenant, "Alpha GmbH")
    add_group(app, tenant, "VIP", {"invoices", "estimates"}, members=[customer])
    add_group(app, tenant, "Retainer", {"invoices", "projects"}, members=[customer])
    add_group(app, tenant, "Webhosting", None, members=[customer])  # no own defaults: ignored
    assert new_contact_form(staff_client, customer) == {"invoices", "estimates", "projects"}
    response = staff_client.submit(
        f"{CUSTOMERS}/{customer}/contacts/new",
        {"firstname": "Kim", "lastname": "Neu", "email": "kim@alpha.test",
         "password": "ein-gutes-passwort-9", "permissions": ["invoices", "estimates", "projects"]},
    )  # fmt: skip
    assert response.status_code == 303
    assert contact_rows(app, tenant)[0].permissions == {"invoices", "estimates", "projects"}


def test_groups_without_defaults_fall_back_to_the_tenant_defaults(app, tenant, staff_client):
    tenant_defaults(app, tenant, {"contracts", "support"})
    plain = add_customer(app, tenant, "Ohne Gruppe GmbH")
    tagged = add_customer(app, tenant, "Nur Etikett AG")
    add_group(app, tenant, "Webhosting", None, members=[tagged])
    add_group(app, tenant, "Andere", {"invoices"})  # has defaults, but not this customer's
    for customer in (plain, tagged):
        assert new_contact_form(staff_client, customer) == {"contracts", "support"}
    contact_id = add_contact(app, tenant, tagged, "x@etikett.test")
    assert next(c for c in contact_rows(app, tenant) if c.id == contact_id).permissions == {
        "contracts",
        "support",
    }


def test_a_group_with_an_empty_default_set_gives_no_permissions(app, tenant, staff_client):
    customer = add_customer(app, tenant, "Alpha GmbH")
    add_group(app, tenant, "Gesperrt", set(), members=[customer])
    assert new_contact_form(staff_client, customer) == set()
    add_contact(app, tenant, customer, "leer@alpha.test")
    assert contact_rows(app, tenant)[0].permissions == set()


def test_group_form_sets_and_drops_default_permissions(app, tenant, staff_client):
    response = staff_client.submit(
        f"{GROUPS}/new",
        {
            "name": "VIP",
            "has_default_permissions": "y",
            "default_permissions": ["invoices", "support"],
        },
        form_path=GROUPS,
    )
    assert response.status_code == 303
    group_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert groups_of_tenant(app, tenant) == {"VIP": {"invoices", "support"}}
    page = staff_client.get(f"{GROUPS}/{group_id}").get_data(as_text=True)
    assert {("has_default_permissions", "y"), ("default_permissions", "support")} <= ticked(page)
    staff_client.submit(
        f"{GROUPS}/{group_id}", {"name": "VIP", "default_permissions": ["invoices"]}
    )
    assert groups_of_tenant(app, tenant) == {"VIP": None}
    changed = [
        d for action, _, d in audit_actions(app, tenant) if action == "customer_group_changed"
    ]
    assert changed == [
        {
            "old": {"name": "VIP", "default_permissions": ["invoices", "support"]},
            "new": {"name": "VIP", "default_permissions": None},
        }
    ]
    bad = staff_client.submit(
        f"{GROUPS}/{group_id}",
        {"name": "VIP", "has_default_permissions": "y", "default_permissions": ["root"]},
    )
    assert bad.status_code == 200 and groups_of_tenant(app, tenant) == {"VIP": None}
    assert "Bitte wählen Sie nur aus den angebotenen Möglichkeiten." in bad.get_data(as_text=True)


def test_demo_seeds_groups_once(app, runner):
    demo, _ = run_demo(app, runner, times=2)
    assert groups_of_tenant(app, demo) == {
        "Retainer": {"invoices", "projects", "support"},
        "VIP": {"invoices", "estimates", "contracts", "proposals"},
        "Webhosting": None,
    }
    with in_tenant(app, demo) as session:
        assert len(session.execute(select(customer_group_members)).all()) == 4


@pytest.mark.browser
def test_staff_tag_a_customer_and_filter_by_the_group_in_chromium(
    browser, live_server, app, tenant
):
    add_customer(app, tenant, "Alpha GmbH")
    add_customer(app, tenant, "Beta AG")
    browser.goto(live_server.url("acme", "/admin/login"))
    browser.fill("input[name=email]", "admin@acme.test")
    browser.fill("input[name=password]", PASSWORD)
    browser.click("button[type=submit]")
    browser.click("nav.mainnav >> text=Einstellungen")
    browser.click("nav.tabs >> text=Kundengruppen")
    browser.fill("input[name=name]", "Retainer")
    browser.check("input[name=has_default_permissions]")
    browser.check("input[name=default_permissions][value=projects]")
    browser.click("text=Gruppe anlegen")
    assert "Kundengruppe Retainer angelegt." in browser.content()
    screenshot(browser, "customer-group-edit")

    browser.click("nav.mainnav >> text=Kunden")
    browser.click("text=Alpha GmbH")
    browser.check("label.check:has-text('Retainer') >> input[name=groups]")
    browser.click("button:has-text('Speichern')")
    assert browser.locator("h1 a.badge", has_text="Retainer").is_visible()
    screenshot(browser, "customer-group-badge")

    browser.click("nav.mainnav >> text=Kunden")
    browser.select_option("select[name=group]", label="Retainer")
    browser.click("button:has-text('Suchen')")
    assert companies(browser.content()) == ["Alpha GmbH"]
    screenshot(browser, "customer-group-filter")
    browser.click("text=Alpha GmbH")
    browser.click("nav.tabs >> text=Kontakte")
    browser.click("text=Neuer Kontakt")
    assert browser.is_checked("input[name=permissions][value=projects]")
    assert not browser.is_checked("input[name=permissions][value=invoices]")
