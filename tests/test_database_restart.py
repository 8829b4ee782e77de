"""PostgreSQL connections are checked before use: a restarted database costs no 500."""

import pytest
import sqlalchemy as sa

from gorilla.extensions import db
from tests.conftest import PG_URL


def terminate_other_backends(url: str) -> int:
    """What a database restart does to the app's pooled connections: end them all."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.begin() as connection:
        ended = connection.execute(
            sa.text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar_one()
    engine.dispose()
    return ended


@pytest.mark.skipif(not PG_URL, reason="server-side connection loss: PostgreSQL only")
def test_first_page_after_the_database_ended_every_connection_is_served(app, staff_client):
    assert staff_client.get("/admin/customers").status_code == 200
    with app.app_context():
        assert db.engine.pool.checkedin() >= 1
    assert terminate_other_backends(PG_URL) >= 1
    assert staff_client.get("/admin/customers").status_code == 200
