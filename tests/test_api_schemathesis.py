"""Schemathesis against the live app (gunicorn): every operation of the OpenAPI document, with
a bounded number of generated examples each, answers without 5xx and as documented."""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from api.spec import document
from tests.api_helpers import DOCUMENTS, add_document, add_invoice, bearer, make_key
from tests.conftest import BASE_DOMAIN
from tests.crm_factories import add_contact, add_customer
from tests.live_server import gunicorn
from tests.work_helpers import add_project, add_task

EXAMPLES = 15  # per operation (39 operations): about a minute per database
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def live_api(app, tenant):
    """gunicorn serving acme with one record of each kind (id 1 exists) and a key."""
    customer_id = add_customer(app, tenant, "Fuzz GmbH")
    add_contact(app, tenant, customer_id, "fuzz@kunde.test")
    add_task(app, tenant, add_project(app, tenant, customer_id), "Fuzz")
    add_invoice(app, tenant, customer_id)
    for kind in DOCUMENTS:
        add_document(app, tenant, kind, customer_id)
    key = make_key(app, tenant)
    unlimited = {"GORILLA_API_RATE_LIMIT": "100000 per minute"}
    with gunicorn(app, workers=1, environ=unlimited) as server:
        yield f"http://127.0.0.1:{server.port}/api/v1", bearer(key, Host=f"acme.{BASE_DOMAIN}")


def test_every_operation_answers_as_documented(app, live_api):
    base_url, headers = live_api
    with app.app_context():
        schema = schemathesis.openapi.from_dict(document())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 35

    for operation in operations:

        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        @given(case=operation.as_strategy())
        def conforms(case):
            case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS)

        conforms()
