"""One transaction rule (``gorilla/unit_of_work.py``): services never commit; a writing request
commits once after its view; ``commit_now`` only where the rule names an exception."""

import ast
from pathlib import Path

import pytest
from flask import abort, request
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from crm.contacts.models import Contact
from crm.contacts.pictures import Picture
from crm.contacts.service import create_contact
from crm.customers.models import Customer
from crm.customers.service import save_customer
from crm.staff.models import Staff
from gorilla.extensions import csrf, db
from tenants.settings import get_setting, set_setting
from tenants.sqlite import writes_on_get
from tests.conftest import client_for
from tests.crm_factories import add_customer, image_bytes, in_tenant

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("gorilla", "crm", "portal", "mail_templates", "tenants", "api", "webhooks")
COMMITS = {"gorilla/unit_of_work.py"}  # the request's commit and commit_now()
COMMITS_NOW = {  # the exceptions the rule names, and why
    "gorilla/demo.py": "a CLI command",
    "tenants/cli.py": "a CLI command (tenants reindex)",
    "gorilla/sign_in_limits.py": "a failed sign-in counts even when the answer is 429",
    "tenants/provisioning.py": "schema or file, registry row and directory cache together",
    "tenants/lifecycle.py": "an operator operation on the tenant registry",
    "tenants/cluster_cli.py": "CLI commands (Citus runs a move outside any transaction)",
    "mail_templates/delivery.py": "the sender runs after the request, outside it",
    "mail_templates/requests.py": "composing requested mail is part of the sender",
    "mail_templates/reminders.py": "queueing due reminders is part of the sender",
    "crm/staff/verification.py": "a sign-up hook in a tenant context of its own",
    "crm/audit/cli.py": "a CLI command",
    "mail_templates/inbound.py": "each received message is its own unit of work",
    "webhooks/delivery.py": "the webhook worker runs outside requests, like the mail sender",
}


def calls_of(name: str) -> dict[str, list[int]]:
    """Source module → lines calling ``name`` (``x.name(…)`` or ``name(…)``)."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            lines = [
                node.lineno
                for node in ast.walk(ast.parse(path.read_text()))
                if isinstance(node, ast.Call)
                and name in (getattr(node.func, "attr", None), getattr(node.func, "id", None))
            ]
            if lines:
                found[path.relative_to(ROOT).as_posix()] = lines
    return found


def test_only_the_unit_of_work_module_commits():
    assert set(calls_of("commit")) == COMMITS


def test_commit_now_is_called_only_where_the_rule_names_an_exception():
    assert set(calls_of("commit_now")) == set(COMMITS_NOW)


def customers(app, tenant) -> list[str]:
    with in_tenant(app, tenant) as session:
        return session.scalars(select(Customer.company).order_by(Customer.id)).all()


@pytest.fixture
def two_writes(app):
    """A test-only view on every host that saves two customers, then answers as told."""

    @csrf.exempt
    def view():
        save_customer(Customer(), {"company": "Erste GmbH"})
        save_customer(Customer(), {"company": "Zweite GmbH"})
        if request.args.get("then") == "fail":
            raise RuntimeError("the second step failed")
        if request.args.get("then") == "abort":
            abort(409)
        return "saved"

    app.add_url_rule("/_test/two-writes", "two_writes", view, methods=["GET", "POST"])
    app.add_url_rule("/_test/link-writes", "link_writes", writes_on_get(lambda: view()))
    return "/_test/two-writes"


def test_two_service_calls_of_one_request_commit_together(app, tenant, two_writes):
    response = client_for(app, tenant.slug).post(two_writes)
    assert response.status_code == 200
    assert customers(app, tenant) == ["Erste GmbH", "Zweite GmbH"]


def test_two_service_calls_roll_back_together_when_the_view_then_fails(app, tenant, two_writes):
    with pytest.raises(RuntimeError):
        client_for(app, tenant.slug).post(f"{two_writes}?then=fail")
    assert customers(app, tenant) == []


def test_an_error_answer_commits_nothing_of_its_request(app, tenant, two_writes):
    response = client_for(app, tenant.slug).post(f"{two_writes}?then=abort")
    assert response.status_code == 409
    assert customers(app, tenant) == []


def test_a_get_commits_nothing_unless_its_view_is_marked_as_writing(app, tenant, two_writes):
    client = client_for(app, tenant.slug)
    assert client.get(two_writes).status_code == 200
    assert customers(app, tenant) == []
    assert client.get("/_test/link-writes").status_code == 200
    assert customers(app, tenant) == ["Erste GmbH", "Zweite GmbH"]


def test_a_failing_commit_answers_500_never_success(app, tenant):
    @csrf.exempt
    def view():
        set_setting("test_marker", "nicht gespeichert")
        db.session.add(Staff(email="admin@acme.test", first_name="Doppelt"))
        return "saved?"

    app.add_url_rule("/_test/duplicate", "duplicate", view, methods=["POST"])
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client_for(app, tenant.slug).post("/_test/duplicate")
    assert response.status_code == 500
    with in_tenant(app, tenant) as session:
        assert get_setting("test_marker") is None
        assert session.scalar(select(func.count()).select_from(Staff)) == 1


def test_a_failing_commit_is_raised_to_the_test_client(app, tenant):
    @csrf.exempt
    def view():
        db.session.add(Staff(email="admin@acme.test", first_name="Doppelt"))
        return "saved?"

    app.add_url_rule("/_test/duplicate", "duplicate", view, methods=["POST"])
    with pytest.raises(IntegrityError):
        client_for(app, tenant.slug).post("/_test/duplicate")


def test_a_picture_stored_for_a_request_that_rolls_back_is_removed(app, tenant):
    customer_id = add_customer(app, tenant)

    @csrf.exempt
    def view():
        customer = db.session.get(Customer, customer_id)
        data = {"firstname": "Kim", "lastname": "Muster", "email": "kim@kunde.test"}
        picture = Picture(image_bytes(), "png")
        create_contact(customer, data | {"picture": picture}, send_welcome=False,
                       send_set_password=False)  # fmt: skip
        assert len(list(Path(app.instance_path, "uploads").rglob("*.png"))) == 1
        abort(409)

    app.add_url_rule("/_test/contact-then-409", "contact_then_409", view, methods=["POST"])
    assert client_for(app, tenant.slug).post("/_test/contact-then-409").status_code == 409
    assert list(Path(app.instance_path, "uploads").rglob("*.png")) == []
    with in_tenant(app, tenant) as session:
        assert session.scalar(select(func.count()).select_from(Contact)) == 0
