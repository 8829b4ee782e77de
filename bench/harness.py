"""Load-test plumbing shared by the benchmarks: gunicorn servers, wrk runs, HTTP checks.

Everything talks to 127.0.0.1 only.
"""

import http.client
import os
import re
import signal
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
VENV_BIN = PROJECT_DIR / ".venv" / "bin"
WRK = "/usr/bin/wrk"
ROTATE_LUA = BENCH_DIR / "rotate.lua"
HOST = "127.0.0.1"
USER_AGENT = "gorilla-bench/1"
WORKERS = 2
STARTUP_TIMEOUT = 60.0


class BenchError(RuntimeError):
    """A measurement could not be taken or its responses were wrong."""


def publish(table: str, output: Path | None) -> None:
    """Print a benchmark's table and, when asked, write it to ``output`` too."""
    print(table)
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(table + "\n")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def http_get(port: int, path: str, host: str, cookie: str = "") -> tuple[int, dict, str]:
    """One GET to 127.0.0.1:``port`` with the given Host header (and cookie)."""
    return http_request(port, "GET", path, {"Host": host, "Cookie": cookie})


def http_request(
    port: int, method: str, path: str, headers: dict[str, str], body: str | None = None
) -> tuple[int, dict, str]:
    """One request to 127.0.0.1:``port`` (empty headers are left out); status, headers, body."""
    headers = {"User-Agent": USER_AGENT, **{k: v for k, v in headers.items() if v}}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        return response.status, {k.lower(): v for k, v in response.getheaders()}, text
    finally:
        connection.close()


@contextmanager
def gunicorn(app_spec: str, env: dict[str, str], chdir: Path = PROJECT_DIR, workers: int = WORKERS):
    """Run ``gunicorn --workers N app_spec`` (N = ``workers``) on a free port; yields the port.

    The server is always stopped on exit, also when the body raises.
    """
    port = free_port()
    command = [
        str(VENV_BIN / "gunicorn"),
        "--workers", str(workers),
        "--bind", f"{HOST}:{port}",
        "--chdir", str(chdir),
        "--log-level", "warning",
        app_spec,
    ]  # fmt: skip
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            command, env={**os.environ, **env}, stdout=log, stderr=log, start_new_session=True
        )
        try:
            _wait_until_listening(process, port, log)
            yield port
        finally:
            _stop(process)


def _wait_until_listening(process: subprocess.Popen, port: int, log) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise BenchError(f"gunicorn exited at start:\n{log.read().decode()[-2000:]}")
        try:
            http_get(port, "/healthz", HOST)
            return
        except OSError:
            time.sleep(0.2)
    raise BenchError(f"gunicorn did not answer on port {port} within {STARTUP_TIMEOUT:.0f} s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)


@dataclass(frozen=True)
class WrkResult:
    """Throughput and latency of one wrk run (all responses were 200)."""

    requests: int
    rps: float
    p50_ms: float
    p99_ms: float


@dataclass(frozen=True)
class WrkSettings:
    """How wrk drives the server: threads, connections, run and warm-up seconds."""

    threads: int = 2
    connections: int = 4
    duration: int = 10
    warmup: int = 2


SUMMARY_RE = re.compile(r"^BENCH (.*)$", re.MULTILINE)


def run_wrk(port: int, path: str, pairs: list[tuple[str, str]], settings: WrkSettings):
    """Warm up, then measure GET ``path`` rotating through (Host, Cookie) ``pairs``.

    Raises :class:`BenchError` if any response was not a 200 or a socket error occurred.
    """
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as pairs_file:
        pairs_file.writelines(f"{host}\t{cookie}\n" for host, cookie in pairs)
    try:
        if settings.warmup:
            _wrk_once(port, path, pairs_file.name, settings, settings.warmup)
        return _wrk_once(port, path, pairs_file.name, settings, settings.duration)
    finally:
        os.unlink(pairs_file.name)


def _wrk_once(port: int, path: str, pairs_path: str, settings: WrkSettings, seconds: int):
    command = [
        WRK,
        f"-t{settings.threads}", f"-c{settings.connections}", f"-d{seconds}s",
        "--timeout", "10s",
        "-s", str(ROTATE_LUA),
        f"http://{HOST}:{port}{path}",
        "--", pairs_path, USER_AGENT,
    ]  # fmt: skip
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    match = SUMMARY_RE.search(completed.stdout)
    if completed.returncode != 0 or match is None:
        raise BenchError(
            f"wrk failed ({completed.returncode}):\n{completed.stdout}{completed.stderr}"
        )
    fields = dict(item.split("=", 1) for item in match.group(1).split())
    if int(fields["non200"]) or int(fields["socket_errors"]):
        raise BenchError(
            f"wrk on {path}: {fields['non200']} non-200 responses "
            f"(first status {fields['first_bad']}), {fields['socket_errors']} socket errors"
        )
    requests = int(fields["requests"])
    return WrkResult(
        requests=requests,
        rps=requests / (int(fields["duration_us"]) / 1e6),
        p50_ms=int(fields["p50_us"]) / 1000,
        p99_ms=int(fields["p99_us"]) / 1000,
    )
