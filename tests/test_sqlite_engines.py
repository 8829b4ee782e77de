"""SQLite engines: real transactions and enforced constraints in every tenant file."""

import pytest
import sqlalchemy as sa
from flask import g

from crm.contacts.models import Contact
from crm.staff.models import Staff
from gorilla.extensions import db
from tests.conftest import PG_URL

pytestmark = pytest.mark.skipif(bool(PG_URL), reason="SQLite engines only")


def staff_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Staff))


def test_reads_of_one_transaction_see_one_snapshot(app, tenant):
    with app.app_context():
        g.tenant = tenant
        before = staff_count()
        with app.app_context():  # another session, as another request would have
            g.tenant = tenant
            db.session.add(Staff(email="neu@acme.test", first_name="Neu", last_name="Kollege"))
            db.session.commit()
        assert staff_count() == before
        db.session.commit()
        assert staff_count() == before + 1


def test_tenant_files_enforce_foreign_keys_and_keep_wal(app, tenant):
    with app.app_context():
        g.tenant = tenant
        connection = db.session.connection(bind_arguments={"mapper": Contact})
        assert connection.exec_driver_sql("PRAGMA tenant.journal_mode").scalar() == "wal"
        db.session.add(Contact(customer_id=999, firstname="Nie", lastname="Mand", email="x@y.de"))
        with pytest.raises(sa.exc.IntegrityError, match="FOREIGN KEY"):
            db.session.flush()
        db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Contact)) == 0
