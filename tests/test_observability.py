"""Request IDs, the request log, /metrics and /readyz (issue 19, item 7)."""

import json
import logging
import os
import re
import subprocess
import sys

import pytest

from gorilla.extensions import db
from mail_templates.models import FAILED, PENDING, OutboxMessage
from tenants.context import tenant_context
from tests.conftest import BASE_DOMAIN, client_for, make_app
from tests.live_server import ROOT, gunicorn
from tests.portal_helpers import CONTACT_PASSWORD, make_contact

OUTSIDE = {"REMOTE_ADDR": "203.0.113.7"}


def metric(text: str, name: str, **labels) -> float:
    """The value of sample ``name`` with exactly ``labels`` in exposition ``text``."""
    inner = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    wanted = f"{name}{{{inner}}}" if labels else name
    for line in text.splitlines():
        sample, _, value = line.rpartition(" ")
        if not line.startswith("#") and _sorted_labels(sample) == wanted:
            return float(value)
    raise AssertionError(f"no sample {wanted}")


def _sorted_labels(sample: str) -> str:
    name, brace, rest = sample.partition("{")
    if not brace:
        return name
    pairs = sorted(re.findall(r'(\w+="[^"]*")', rest))
    return f"{name}{{{','.join(pairs)}}}"


def logged(caplog) -> dict:
    """The fields of the one request log line in ``caplog``."""
    [record] = [record for record in caplog.records if record.name == "gorilla.requests"]
    return record.msg


@pytest.fixture
def platform(app):
    """A client on the platform host (from loopback, like the test client's default)."""
    return client_for(app, None)


@pytest.fixture
def token_app(app, tmp_path, database_url):
    """The installation of ``app`` with ``GORILLA_METRICS_TOKEN`` set."""
    other = make_app(tmp_path, database_url, METRICS_TOKEN="s3cret-scrape-token")
    yield other
    with other.app_context():
        db.engine.dispose()


def test_every_response_carries_a_request_id(client, platform):
    first = client.get("/admin/login").headers["X-Request-ID"]
    second = platform.get("/healthz").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first) and re.fullmatch(r"[0-9a-f]{32}", second)
    assert first != second
    assert client.get("/nirgendwo").headers["X-Request-ID"]


def test_a_sane_incoming_request_id_is_kept(client):
    response = client.get("/admin/login", headers={"X-Request-ID": "lb-1f2e:3d4c/5b6a"})
    assert response.headers["X-Request-ID"] == "lb-1f2e:3d4c/5b6a"


@pytest.mark.parametrize(
    "incoming", ["x" * 129, "has space", 'quote"d', "<script>", "-leading-dash", "ümlaut"]
)
def test_an_odd_incoming_request_id_is_replaced(client, incoming):
    response = client.get("/admin/login", headers={"X-Request-ID": incoming})
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


def test_one_log_record_per_request_names_tenant_realm_user_and_status(staff_client, caplog):
    with caplog.at_level(logging.INFO, logger="gorilla.requests"):
        response = staff_client.get("/admin/customers", headers={"X-Request-ID": "req-42"})
    assert response.status_code == 200
    line = logged(caplog)
    assert line["request_id"] == "req-42"
    assert (line["tenant"], line["realm"], line["status"]) == ("acme", "staff", 200)
    assert isinstance(line["user_id"], int) and line["user_id"] > 0
    assert (line["area"], line["method"], line["path"]) == ("admin", "GET", "/admin/customers")
    assert line["duration_ms"] > 0
    assert "admin@acme.test" not in json.dumps(line)


def test_a_contact_request_is_logged_in_the_contact_realm(app, tenant, caplog):
    _customer_id, contact_id = make_contact(app, tenant, "kim@kunde.de")
    contact = client_for(app, "acme")
    contact.sign_in("kim@kunde.de", CONTACT_PASSWORD, path="/kunden/login")
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="gorilla.requests"):
        contact.get("/kunden/")
    line = logged(caplog)
    assert (line["tenant"], line["realm"], line["user_id"], line["area"]) == (
        "acme",
        "contact",
        contact_id,
        "portal",
    )
    assert CONTACT_PASSWORD not in json.dumps(line) and "kim@" not in json.dumps(line)


def test_the_log_names_the_route_not_the_token_of_a_link(client, caplog):
    with caplog.at_level(logging.INFO, logger="gorilla.requests"):
        client.get("/kunden/passwort-setzen/geheimes-token-123")
    line = logged(caplog)
    assert line["path"] == "/kunden/passwort-setzen/<token>"
    assert "geheimes-token-123" not in json.dumps(line)


@pytest.mark.parametrize("env, expected", [("production", "True"), ("development", "False")])
def test_the_request_log_is_on_in_production_only_unless_set(env, expected):
    environ = {key: value for key, value in os.environ.items() if key != "GORILLA_REQUEST_LOG"}
    command = [sys.executable, "-c", "import config; print(config.selected().REQUEST_LOG)"]
    result = subprocess.run(
        command, cwd=ROOT, env={**environ, "GORILLA_ENV": env}, capture_output=True, text=True
    )
    assert result.stdout.strip() == expected, result.stderr


def test_metrics_are_not_served_on_a_tenant_host(client):
    assert client.get("/metrics").status_code == 404
    assert client.get("/readyz").status_code == 404


def test_metrics_without_a_token_answer_only_loopback(platform):
    assert platform.get("/metrics").status_code == 200
    assert platform.get("/metrics", environ_base=OUTSIDE).status_code == 403
    forwarded = {"X-Forwarded-For": "203.0.113.7"}
    assert platform.get("/metrics", headers=forwarded).status_code == 403


def test_metrics_with_a_token_need_it_from_everywhere(token_app):
    platform = client_for(token_app, None)
    assert platform.get("/metrics").status_code == 401
    wrong = {"Authorization": "Bearer falsch"}
    assert platform.get("/metrics", headers=wrong).status_code == 401
    right = {"Authorization": "Bearer s3cret-scrape-token"}
    response = platform.get("/metrics", headers=right, environ_base=OUTSIDE)
    assert response.status_code == 200
    assert response.mimetype == "text/plain"


def test_metrics_count_requests_tenants_and_outbox_without_naming_tenants(
    app, staff_client, other_tenant, platform
):
    app.config["METRICS_STATE_TTL"] = 0
    before = platform.get("/metrics").get_data(as_text=True)
    staff_client.get("/admin/customers")
    staff_client.get("/admin/customers/999999")
    with app.app_context(), tenant_context(other_tenant):
        for status in (PENDING, PENDING, FAILED):
            db.session.add(
                OutboxMessage(
                    template_slug="invoice-sent",
                    to_email="kunde@globex.test",
                    subject="Rechnung",
                    body_html="<p>Rechnung</p>",
                    body_text="Rechnung",
                    status=status,
                )
            )
        db.session.commit()
    text = platform.get("/metrics").get_data(as_text=True)
    for status, added in (("200", 1), ("404", 1)):
        total = "gorilla_http_requests_total"
        labels = {"area": "admin", "status": status}
        assert metric(text, total, **labels) - _or_zero(before, total, labels) == added
    assert metric(text, "gorilla_http_request_duration_seconds_count", area="admin") >= 2
    assert metric(text, "gorilla_tenants", status="active") == 2
    assert metric(text, "gorilla_outbox_messages", status="pending") == 2
    assert metric(text, "gorilla_outbox_messages", status="failed") == 1
    assert metric(text, "gorilla_db_pool_connections", state="capacity") >= 1
    assert metric(text, "gorilla_db_pool_connections", state="checked_out") >= 1  # this scrape
    assert "acme" not in text and "globex" not in text


def _or_zero(text: str, name: str, labels: dict) -> float:
    try:
        return metric(text, name, **labels)
    except AssertionError:
        return 0.0


def test_readyz_answers_when_the_database_does(platform):
    response = platform.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ready", "checks": {"database": "ok"}}


def test_readyz_answers_503_while_redis_is_down(app, tmp_path, database_url):
    down = make_app(tmp_path, database_url, REDIS_URL="redis://127.0.0.1:1/0")
    response = client_for(down, None).get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"] == {"database": "ok", "redis": "unavailable"}
    with down.app_context():
        db.engine.dispose()


def test_readyz_answers_503_without_a_database_and_healthz_stays_200(tmp_path):
    from gorilla import create_app

    dead = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path / "dead"),
            "DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none",
            "BASE_DOMAIN": BASE_DOMAIN,
            "SECRET_KEY": "test-secret",
        }
    )
    client = dead.test_client()
    response = client.get("/readyz", base_url=f"http://{BASE_DOMAIN}")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "checks": {"database": "unavailable"}}
    assert client.get("/healthz", base_url=f"http://{BASE_DOMAIN}").status_code == 200


def test_gunicorn_workers_log_json_lines_and_share_their_metrics(app, tenant, tmp_path):
    folder = tmp_path / "prometheus"
    folder.mkdir()
    (folder / "counter_12345.db").write_bytes(b"")  # left over from an earlier run
    environ = {"PROMETHEUS_MULTIPROC_DIR": str(folder), "GORILLA_REQUEST_LOG": "on"}
    with gunicorn(app, workers=2, environ=environ) as server:
        for _ in range(12):
            status, _cookie, _body = server.request("GET", "/static/gorilla.css", BASE_DOMAIN)
            assert status == 200
        line = server.stderr_line_with('"path": "/static/<path:filename>"')
        record = json.loads(line)
        assert (record["status"], record["area"], record["levelname"]) == (200, "static", "INFO")
        assert record["message"] == "GET /static/<path:filename> 200" and record["asctime"]
        assert re.fullmatch(r"[0-9a-f]{32}", record["request_id"])
        status, _cookie, text = server.request("GET", "/metrics", BASE_DOMAIN)
    assert status == 200
    assert metric(text, "gorilla_http_requests_total", area="static", status="200") == 12
