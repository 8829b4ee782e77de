"""Production refuses to start without a real secret key (gunicorn and the gorilla command)."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from config import DEVELOPMENT_SECRET_KEY, ConfigurationError
from gorilla import create_app
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
GOOD_KEY = "Xq3-7pL_w9Zr2mT8vN4bK6yH1cJ5dF0s"
BAD_KEYS = {
    "missing": None,
    "empty": "",
    "development value": DEVELOPMENT_SECRET_KEY,
    "31 characters": GOOD_KEY[:31],
    "one character repeated": "k" * 32,
    "nine different characters": "abcdefghi" * 4,
    "whitespace only": " \t" * 20,
}


def production_env(
    tmp_path, secret_key: str | None, gorilla_env: str = "production"
) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("GORILLA_") and name != "FLASK_APP"
    }
    env.update(GORILLA_ENV=gorilla_env, GORILLA_INSTANCE_PATH=str(tmp_path / "instance"))
    if secret_key is not None:
        env["GORILLA_SECRET_KEY"] = secret_key
    return env


def run(command: list, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    """``command`` (a program of the venv and its arguments) run to its end."""
    return subprocess.run(
        [BIN / command[0], *command[1:]],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def assert_refused(result: subprocess.CompletedProcess, name: str = "GORILLA_SECRET_KEY") -> None:
    lines = result.stderr.strip().splitlines()
    assert result.returncode != 0
    assert lines == [lines[0]] and name in lines[0], result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("key", BAD_KEYS.values(), ids=BAD_KEYS.keys())
def test_production_app_is_not_built_without_a_real_secret_key(tmp_path, monkeypatch, key):
    monkeypatch.setenv("GORILLA_ENV", "production")
    with pytest.raises(ConfigurationError, match="GORILLA_SECRET_KEY"):
        create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": key})


@pytest.mark.parametrize("gorilla_env", [None, "", "development", "Development"])
def test_development_app_is_built_with_the_development_key(tmp_path, monkeypatch, gorilla_env):
    if gorilla_env is None:
        monkeypatch.delenv("GORILLA_ENV", raising=False)
    else:
        monkeypatch.setenv("GORILLA_ENV", gorilla_env)
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": DEVELOPMENT_SECRET_KEY})
    assert app.config["SECRET_KEY"] == DEVELOPMENT_SECRET_KEY


@pytest.mark.parametrize("gorilla_env", ["Production", "PRODUCTION", " production "])
def test_production_is_selected_in_any_case(tmp_path, gorilla_env):
    result = run(
        ["gorilla", "tenants", "list"],
        production_env(tmp_path, DEVELOPMENT_SECRET_KEY, gorilla_env),
        tmp_path,
    )
    assert_refused(result)


@pytest.mark.parametrize("gorilla_env", ["prod", "staging"])
def test_gorilla_command_refuses_an_unknown_environment(tmp_path, gorilla_env):
    result = run(
        ["gorilla", "tenants", "list"], production_env(tmp_path, GOOD_KEY, gorilla_env), tmp_path
    )
    assert_refused(result, "GORILLA_ENV")


def test_gunicorn_refuses_an_unknown_environment(tmp_path):
    result = run(
        ["gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{free_port()}", "wsgi:app"],
        production_env(tmp_path, GOOD_KEY, "prod"),
        ROOT,
    )
    assert_refused(result, "GORILLA_ENV")


@pytest.mark.parametrize("command", [["tenants", "list"], ["db", "upgrade"], ["mail", "send"]])
def test_gorilla_command_refuses_production_without_a_real_secret_key(tmp_path, command):
    result = run(["gorilla", *command], production_env(tmp_path, DEVELOPMENT_SECRET_KEY), tmp_path)
    assert_refused(result)


def test_gunicorn_refuses_production_without_a_secret_key(tmp_path):
    result = run(
        ["gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{free_port()}", "wsgi:app"],
        production_env(tmp_path, None),
        ROOT,
    )
    assert_refused(result)


def test_gunicorn_worker_stops_the_server_when_started_with_another_config(tmp_path):
    """Without the project's gunicorn.conf.py the worker's check still ends the server."""
    result = run(
        ["gunicorn", "-c", "/dev/null", "--bind", f"127.0.0.1:{free_port()}", "wsgi:app"],
        production_env(tmp_path, DEVELOPMENT_SECRET_KEY),
        ROOT,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert [line for line in result.stderr.splitlines() if "GORILLA_SECRET_KEY" in line]


def wait_for_health(process: subprocess.Popen, port: int, timeout: float = 30) -> str:
    """Poll /healthz until it answers (or the server exits, or ``timeout`` passes)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                return answer.read().decode()
        except OSError:
            try:
                process.wait(timeout=0.1)  # doubles as the pause between attempts
            except subprocess.TimeoutExpired:
                continue
            pytest.fail(f"gunicorn exited: {process.stderr.read()}")
    pytest.fail("gunicorn did not answer in time")


def test_gunicorn_serves_production_with_a_long_secret_key(tmp_path):
    port = free_port()
    process = subprocess.Popen(
        [BIN / "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}", "wsgi:app"],
        env=production_env(tmp_path, GOOD_KEY),
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert wait_for_health(process, port) == "ok"
    finally:
        process.terminate()
        process.wait(timeout=30)
        process.stderr.close()
