"""Forms that pick a customer never move a record to another customer."""

from crm.customers.models import Customer
from tests.crm_factories import add_customer, in_tenant
from tests.work_helpers import add_project


def test_editing_a_deactivated_customers_record_keeps_its_customer(app, tenant, staff_client):
    first = add_customer(app, tenant, "Aktiv AG")  # sorts first: the browser's fallback choice
    inactive = add_customer(app, tenant, "Zeta GmbH")
    project_id = add_project(app, tenant, inactive)
    with in_tenant(app, tenant) as session:
        session.get(Customer, inactive).active = False
        session.commit()
    page = staff_client.get(f"/admin/projects/{project_id}").get_data(as_text=True)
    assert f'<option selected value="{inactive}">Zeta GmbH</option>' in page
    assert f'value="{first}"' in page
