"""Staff email verification lives in ``staff.email_verified_at``: the banner reads the signed-in
row, the link sets the column, and t0011 moves the old settings list into it and back."""

import json
import re
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import select

from crm.staff.models import Staff
from crm.staff.verification import request_verification
from mail_templates.models import OutboxMessage
from tenants import provisioning
from tenants.migrations import downgrade_tenant, tenant_engine, upgrade_tenant
from tenants.model_base import TENANT_SCHEMA
from tests.conftest import PASSWORD, client_for, count_queries
from tests.crm_factories import in_tenant

BANNER = "Bitte bestätigen Sie Ihre E-Mail-Adresse admin@acme.test"
OLD_SETTING = "unverified_staff_emails"
old_schema = sa.MetaData(schema=TENANT_SCHEMA)  # the tables as t0010 left them
staff_rows = sa.Table(
    "staff",
    old_schema,
    *(
        sa.Column(name, sa.String)
        for name in ("email", "first_name", "last_name", "language", "session_token")
    ),
    sa.Column("is_admin", sa.Boolean),
    sa.Column("active", sa.Boolean),
    sa.Column("created_at", sa.DateTime(timezone=True)),
)
settings = sa.Table(
    "settings", old_schema, sa.Column("key", sa.String), sa.Column("value", sa.Text)
)


def ask_admin_to_verify(app, tenant) -> str:
    """Run the sign-up hook's step for acme's admin; returns the emailed link's path."""
    with in_tenant(app, tenant) as session:
        request_verification(session.scalar(select(Staff).where(Staff.is_admin)))
        session.commit()
        body = session.scalar(select(OutboxMessage.body_text))
    return re.search(r"http://acme\.gorilla\.test(/admin/verify-email/\S+)", body).group(1)


def verified_at(app, tenant, email: str) -> tuple[datetime | None, datetime]:
    """``email_verified_at`` and ``created_at`` of a member (UTC; SQLite hands back naive)."""
    with in_tenant(app, tenant) as session:
        staff = session.scalar(select(Staff).where(Staff.email == email))
        return utc(staff.email_verified_at), utc(staff.created_at)


def utc(moment: datetime | None) -> datetime | None:
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)


def test_staff_added_by_the_agency_see_no_banner(app, tenant, staff_client):
    assert BANNER not in staff_client.get("/admin/").get_data(as_text=True)
    assert verified_at(app, tenant, "admin@acme.test")[0] is not None


def test_banner_shows_until_the_link_sets_the_verification_time(app, tenant, staff_client):
    link = ask_admin_to_verify(app, tenant)
    assert BANNER in staff_client.get("/admin/customers").get_data(as_text=True)
    assert verified_at(app, tenant, "admin@acme.test")[0] is None

    response = staff_client.get(link)

    assert response.status_code == 302 and response.headers["Location"] == "/admin/"
    assert "Ihre E-Mail-Adresse ist bestätigt" in staff_client.get("/admin/").get_data(as_text=True)
    assert BANNER not in staff_client.get("/admin/customers").get_data(as_text=True)
    assert verified_at(app, tenant, "admin@acme.test")[0] is not None


def test_link_opened_signed_out_confirms_the_address_for_the_next_sign_in(app, tenant):
    link = ask_admin_to_verify(app, tenant)
    assert client_for(app, "acme").get(link).status_code == 302
    client = client_for(app, "acme")
    client.sign_in("admin@acme.test", PASSWORD)
    assert BANNER not in client.get("/admin/").get_data(as_text=True)


def test_the_banner_costs_no_query(app, tenant, staff_client):
    verified = count_queries(staff_client, "/admin/customers")
    ask_admin_to_verify(app, tenant)
    assert BANNER in staff_client.get("/admin/customers").get_data(as_text=True)
    assert count_queries(staff_client, "/admin/customers") == verified


def test_t0011_moves_the_settings_list_into_the_column_and_back(app, tenant):
    joined = datetime(2025, 5, 4, 3, 2, 1, tzinfo=UTC)
    newcomers = [
        {"email": email, "first_name": "", "last_name": "", "is_admin": False, "active": True,
         "language": "de", "session_token": email, "created_at": joined}
        for email in ("bea@acme.test", "carl@acme.test")
    ]  # fmt: skip
    with app.app_context():
        binds = provisioning.tenant_binds()
        engine = tenant_engine(binds, tenant.schema_name)
        downgrade_tenant(binds, tenant.schema_name, "t0010")
        with engine.begin() as connection:
            connection.execute(staff_rows.insert(), newcomers)
            unverified = json.dumps(["bea@acme.test", "gone@acme.test"])
            connection.execute(settings.insert().values(key=OLD_SETTING, value=unverified))

        upgrade_tenant(binds, tenant.schema_name)

        assert old_setting(engine) is None
    assert verified_at(app, tenant, "bea@acme.test")[0] is None
    assert verified_at(app, tenant, "carl@acme.test")[0] == joined
    admin_verified, admin_joined = verified_at(app, tenant, "admin@acme.test")
    assert admin_verified == admin_joined

    with app.app_context():
        downgrade_tenant(binds, tenant.schema_name, "t0010")

        assert old_setting(engine) == ["bea@acme.test"]
        assert "email_verified_at" not in staff_columns(engine, tenant)
        upgrade_tenant(binds, tenant.schema_name)
    assert verified_at(app, tenant, "bea@acme.test")[0] is None
    assert verified_at(app, tenant, "carl@acme.test")[0] == joined


def old_setting(engine: sa.Engine):
    with engine.connect() as connection:
        raw = connection.scalar(select(settings.c.value).where(settings.c.key == OLD_SETTING))
    return None if raw is None else json.loads(raw)


def staff_columns(engine: sa.Engine, tenant) -> set[str]:
    schema = tenant.schema_name if engine.dialect.name == "postgresql" else None
    with engine.connect() as connection:
        columns = sa.inspect(connection).get_columns("staff", schema=schema)
    return {column["name"] for column in columns}
