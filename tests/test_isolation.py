"""Tenants never see each other's rows, sessions or connections."""

import pytest
import sqlalchemy as sa
from flask import g

from crm.staff.models import Staff
from gorilla.extensions import db
from tenants.models import Tenant
from tenants.provisioning import delete_tenant
from tenants.session import TenantNotResolved, TenantSwitchRefused
from tests.conftest import PG_URL, client_for, make_app, provision


def add_staff(app, info, email, first_name="Erika", last_name="Muster"):
    with app.app_context():
        g.tenant = info
        staff = Staff(email=email, first_name=first_name, last_name=last_name)
        db.session.add(staff)
        db.session.commit()
        return staff.id


def test_same_primary_keys_in_two_tenants_show_only_own_rows(app, tenant, other_tenant):
    acme_id = add_staff(app, tenant, "erika@acme.test", "Erika")
    globex_id = add_staff(app, other_tenant, "hans@globex.test", "Hans")
    assert acme_id == globex_id == 2
    acme = client_for(app, "acme")
    acme.sign_in("admin@acme.test")
    page = acme.get(f"/admin/staff/{acme_id}").get_data(as_text=True)
    assert "erika@acme.test" in page and "hans@globex.test" not in page
    listing = acme.get("/admin/staff").get_data(as_text=True)
    assert "admin@acme.test" in listing and "globex" not in listing


def test_record_id_of_other_tenant_answers_404(app, tenant, other_tenant):
    globex_only = add_staff(app, other_tenant, "hans@globex.test")
    acme = client_for(app, "acme")
    acme.sign_in("admin@acme.test")
    assert acme.get(f"/admin/staff/{globex_only}").status_code == 404
    globex = client_for(app, "globex")
    globex.sign_in("admin@globex.test")
    assert globex.get(f"/admin/staff/{globex_only}").status_code == 200


def replay_cookie(source, target):
    cookie = source.get_cookie("gorilla_session", domain=source.host)
    assert cookie is not None
    target.set_cookie("gorilla_session", cookie.value, domain=target.host)


def test_staff_cookie_of_tenant_a_is_not_signed_in_on_tenant_b(app, staff_client, other_tenant):
    intruder = client_for(app, "globex")
    replay_cookie(staff_client, intruder)
    response = intruder.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login" in response.headers["Location"]
    page = intruder.get("/admin/staff", follow_redirects=True).get_data(as_text=True)
    assert "admin@acme.test" not in page and "admin@globex.test" not in page
    assert intruder.get_cookie("gorilla_session", domain=intruder.host) is None or (
        "tenant_id" not in intruder.get("/admin/login").get_data(as_text=True)
    )


def test_staff_cookie_does_not_sign_in_the_customer_area(staff_client):
    page = staff_client.get("/kunden/").get_data(as_text=True)
    assert "Bitte melden Sie sich" in page
    assert "admin@acme.test" not in page


def test_session_cookie_is_host_only_and_httponly(app, tenant):
    client = client_for(app, "acme")
    response = client.sign_in("admin@acme.test")
    header = response.headers["Set-Cookie"]
    assert "HttpOnly" in header and "SameSite=Lax" in header
    assert "Domain=" not in header


def test_tenant_query_without_resolved_tenant_raises(app, tenant):
    with app.app_context(), pytest.raises(TenantNotResolved):
        db.session.scalars(sa.select(Staff)).all()


def test_one_session_never_switches_tenant(app, tenant, other_tenant):
    with app.app_context():
        g.tenant = tenant
        db.session.scalars(sa.select(Staff)).all()
        g.tenant = other_tenant
        with pytest.raises(TenantSwitchRefused):
            db.session.scalars(sa.select(Staff)).all()


def test_two_commits_in_one_request_stay_in_the_same_tenant(tmp_path, database_url):
    app = make_app(tmp_path, database_url)
    seen = {}

    @app.get("/admin/_probe")
    def probe():
        db.session.add(Staff(email=f"first@{g.tenant.slug}.test"))
        db.session.commit()
        db.session.add(Staff(email=f"second@{g.tenant.slug}.test"))
        db.session.commit()
        seen[g.tenant.slug] = sorted(db.session.scalars(sa.select(Staff.email)))
        return "done"

    try:
        provision(app, "acme")
        provision(app, "globex")
        for slug in ("acme", "globex"):
            client = client_for(app, slug)
            client.sign_in(f"admin@{slug}.test")
            assert client.get("/admin/_probe").status_code == 200
        assert seen["acme"] == ["admin@acme.test", "first@acme.test", "second@acme.test"]
        assert seen["globex"] == ["admin@globex.test", "first@globex.test", "second@globex.test"]
    finally:
        _teardown(app)


def _teardown(app):
    with app.app_context():
        for slug in db.session.scalars(sa.select(Tenant.slug)).all():
            delete_tenant(slug)
        db.session.remove()
        db.engine.dispose()


@pytest.mark.skipif(not PG_URL, reason="pooled connections across schemas: PostgreSQL only")
def test_pooled_connection_reused_for_another_tenant_sees_only_that_tenant(tmp_path, database_url):
    app = make_app(
        tmp_path,
        database_url,
        SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 1, "max_overflow": 0},
    )
    try:
        provision(app, "acme")
        provision(app, "globex")
        clients = {slug: client_for(app, slug) for slug in ("acme", "globex")}
        for slug, client in clients.items():
            client.sign_in(f"admin@{slug}.test")
        for _round in range(3):
            for slug, client in clients.items():
                page = client.get("/admin/staff").get_data(as_text=True)
                other = "globex" if slug == "acme" else "acme"
                assert f"admin@{slug}.test" in page and f"admin@{other}.test" not in page
        with app.app_context(), db.engine.connect() as connection:
            search_path = connection.exec_driver_sql("SHOW search_path").scalar()
            assert "tenant_" not in search_path
            assert db.engine.pool.checkedout() == 1  # the single pooled connection served all
    finally:
        _teardown(app)


def test_tenant_deleted_and_recreated_elsewhere_never_serves_the_old_data(
    app, tmp_path, database_url
):
    """A worker with a warm cache meets a slug that another process deleted and re-created."""
    provision(app, "acme", admin_email="alt@acme.test")
    worker = client_for(app, "acme")
    assert worker.sign_in("alt@acme.test").status_code == 302  # engine and lookup are warm
    operator = make_app(tmp_path, database_url)
    with operator.app_context():
        delete_tenant("acme")
    if not PG_URL:
        assert worker.get("/admin/staff").status_code in (302, 404)  # file gone: nothing served
    provision(operator, "acme", admin_email="neu@acme.test")
    operator_ctx = operator.app_context()
    with operator_ctx:
        db.engine.dispose()
    assert worker.get("/admin/").status_code == 302  # the old session does not survive
    assert client_for(app, "acme").sign_in("alt@acme.test").status_code == 200  # refused
    newcomer = client_for(app, "acme")
    assert newcomer.sign_in("neu@acme.test").status_code == 302
    assert "alt@acme.test" not in newcomer.get("/admin/staff").get_data(as_text=True)
