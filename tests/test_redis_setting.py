"""GORILLA_REDIS_URL, as the README documents it: the app starts and sign-in limits use Redis."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis

from tests.conftest import PASSWORD, client_for, delete_all_tenants, make_app, provision

REDIS_URL = "redis://127.0.0.1:6379/1"  # this suite's own Redis database


@pytest.fixture
def redis_db():
    """Redis database 1, emptied before and after (skipped when no server listens)."""
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.flushdb()
    except redis.ConnectionError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    yield connection
    connection.flushdb()
    connection.close()


@pytest.fixture
def redis_app(tmp_path, database_url, redis_db):
    app = make_app(tmp_path, database_url, REDIS_URL=REDIS_URL, RATELIMIT_STORAGE_URI=REDIS_URL)
    yield app
    delete_all_tenants(app)


def test_rate_limits_live_in_redis_and_staff_sign_in_works(redis_app, redis_db):
    tenant = provision(redis_app, "acme")
    client = client_for(redis_app, tenant.slug)
    response = client.submit("/kunden/passwort-vergessen", {"email": "nobody@kunde.test"})
    assert response.status_code in (200, 302, 303)
    assert any(f"t:{tenant.id}:".encode() in key for key in redis_db.scan_iter())
    assert client.sign_in("admin@acme.test", PASSWORD).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_gorilla_command_starts_with_gorilla_redis_url(tmp_path, redis_db):
    env = {name: value for name, value in os.environ.items() if not name.startswith("GORILLA_")}
    env.update(GORILLA_INSTANCE_PATH=str(tmp_path), GORILLA_REDIS_URL=REDIS_URL)
    result = subprocess.run(
        [Path(sys.executable).parent / "gorilla", "db", "upgrade"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
