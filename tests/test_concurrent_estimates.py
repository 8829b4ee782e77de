"""Estimates against a real server (gunicorn, two processes of five threads): numbers stay
gapless when staff create at once, several tabs accepting at once give one acceptance, several
clicks on "convert" give one invoice — on SQLite and PostgreSQL alike."""

from datetime import date

from sqlalchemy import select

from crm.estimates.models import Estimate, EstimateStatus
from crm.invoices.models import Invoice
from gorilla.extensions import db
from tests.conftest import run_together
from tests.crm_factories import in_tenant
from tests.estimate_helpers import customers, estimate, signature_url
from tests.portal_helpers import CONTACT_PASSWORD
from tests.test_concurrent_writes import HOST, add_staff, post, server, signed_in_staff

__all__ = ["server"]  # the fixture, used by name
TODAY = date.today()


def test_staff_creating_estimates_at_once_get_gapless_numbers(app, tenant, server):
    kunde = customers(app, tenant)[0]
    forms = []
    for email in ["admin@acme.test", *add_staff(app, tenant, 5)]:
        forms.append(
            server.form_session(HOST, "/admin/estimates/new", signed_in_staff(server, email))
        )
    data = {"customer_id": kunde, "date": TODAY.isoformat(), "items-0-description": "Beratung",
            "items-0-qty": "1", "items-0-rate": "100", "items-0-taxrate": "19"}  # fmt: skip

    statuses = run_together(
        *(
            lambda c=cookie, t=token: post(
                server, HOST, "/admin/estimates/new", c, data | {"csrf_token": t}
            )[0]
            for cookie, token in forms
        )
    )

    assert statuses == [303] * 6
    with in_tenant(app, tenant):
        numbers = sorted(db.session.scalars(select(Estimate.number)))
    assert numbers == [f"AN-{TODAY.year}-{n:04d}" for n in range(1, 7)]


def _contact_session(server):
    cookie, token = server.form_session(HOST, "/kunden/login")
    data = {"csrf_token": token, "email": "kim@kunde.de", "password": CONTACT_PASSWORD}
    status, new_cookie, page = post(server, HOST, "/kunden/login", cookie, data)
    assert status == 302, page
    return new_cookie.split(";", 1)[0]


def test_five_tabs_accepting_at_once_give_one_acceptance(app, tenant, server):
    kunde, kim, _ole, _andere = customers(app, tenant)
    estimate_id = estimate(app, tenant, kunde, contact_ids=[kim])
    path = f"/kunden/angebote/{estimate_id}"
    cookie = _contact_session(server)
    tabs = [server.form_session(HOST, path, cookie) for _ in range(5)]
    data = {"firstname": "Kim", "lastname": "Kunde", "email": "kim@kunde.de",
            "signature": signature_url()}  # fmt: skip

    statuses = run_together(
        *(
            lambda c=c, t=t: post(server, HOST, f"{path}/annehmen", c, data | {"csrf_token": t})[0]
            for c, t in tabs
        )
    )

    assert statuses == [303] * 5
    with in_tenant(app, tenant):
        stored = db.session.get(Estimate, estimate_id)
        assert stored.status == EstimateStatus.ACCEPTED
        assert [line.event for line in stored.history].count("accepted") == 1


def test_five_clicks_on_convert_at_once_make_one_invoice(app, tenant, server):
    kunde, kim, _ole, _andere = customers(app, tenant)
    estimate_id = estimate(app, tenant, kunde, contact_ids=[kim])
    path = f"/admin/estimates/{estimate_id}"
    staff = signed_in_staff(server, "admin@acme.test")
    forms = [server.form_session(HOST, path, staff) for _ in range(5)]

    statuses = run_together(
        *(
            lambda c=c, t=t: post(server, HOST, f"{path}/convert", c, {"csrf_token": t})[0]
            for c, t in forms
        )
    )

    assert statuses == [303] * 5
    with in_tenant(app, tenant):
        assert len(db.session.scalars(select(Invoice)).all()) == 1
