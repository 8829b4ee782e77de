"""A real gunicorn serving the test app's database, for tests where worker processes matter."""

import http.client
import os
import queue
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

from tests.conftest import BASE_DOMAIN, CSRF_RE, free_port

ROOT = Path(__file__).resolve().parent.parent
BOOT_TIMEOUT = 60  # seconds for gunicorn and every worker to come up


class LiveServer:
    """gunicorn on 127.0.0.1:``port``; requests name a tenant through the Host header."""

    def __init__(self, port: int, stderr_lines: queue.Queue):
        self.port = port
        self.stderr_lines = stderr_lines

    def stderr_line_with(self, text: str, timeout: float = 30) -> str:
        """The next line gunicorn (or a worker) writes to stderr that contains ``text``."""
        while True:  # bounded: every wait ends after ``timeout`` or at exit
            try:
                line = self.stderr_lines.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"gunicorn wrote no {text!r} in {timeout} s") from None
            assert line is not None, f"gunicorn exited without writing {text!r}"
            if text in line:
                return line

    def request(self, method: str, path: str, host: str, body=None, headers=None):
        """One request on a fresh connection (sync workers close it anyway)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers={"Host": host, **(headers or {})})
            response = connection.getresponse()
            return response.status, response.getheader("Set-Cookie"), response.read().decode()
        finally:
            connection.close()

    def form_session(self, host: str, path: str, cookie: str | None = None) -> tuple[str, str]:
        """The session cookie and CSRF token of the form at ``path`` (opened with ``cookie``)."""
        headers = {"Cookie": cookie} if cookie else None
        _status, new_cookie, page = self.request("GET", path, host, headers=headers)
        match = CSRF_RE.search(page)
        assert match and (new_cookie or cookie), page
        return (new_cookie or cookie).split(";", 1)[0], match.group(1) or match.group(2)

    def post_form(self, host: str, path: str, cookie: str, data: dict) -> int:
        """POST ``data`` url-encoded with ``cookie``; the status code."""
        headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
        return self.request("POST", path, host, urlencode(data), headers)[0]


def _lines(stream, sink: queue.Queue) -> None:
    for line in stream:
        sink.put(line)
    sink.put(None)


def live_environ(app, environ: dict | None = None) -> dict:
    """Environment of a ``gorilla`` process on the database, instance and Redis setting of
    ``app`` (plus ``environ``)."""
    return {
        **os.environ,
        "GORILLA_DATABASE_URL": app.config["DATABASE_URL"],
        "GORILLA_INSTANCE_PATH": app.instance_path,
        "GORILLA_BASE_DOMAIN": BASE_DOMAIN,
        "GORILLA_URL_SCHEME": "http",
        "GORILLA_SECRET_KEY": app.config["SECRET_KEY"],
        "GORILLA_REDIS_URL": app.config.get("REDIS_URL") or "",
        **(environ or {}),
    }


@contextmanager
def gunicorn(app, workers: int = 4, threads: int = 1, environ: dict | None = None):
    """Serve ``wsgi:app`` with ``workers`` processes (of ``threads`` threads each) on the
    database, instance and Redis setting of ``app`` (and the variables ``environ``)."""
    port = free_port()
    env = live_environ(app, environ)
    command = [sys.executable, "-m", "gunicorn", "--workers", str(workers)]
    command += ["--threads", str(threads)]
    command += ["--bind", f"127.0.0.1:{port}", "--log-level", "info", "wsgi:app"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue = queue.Queue()
    reader = threading.Thread(target=_lines, args=(process.stderr, lines), daemon=True)
    reader.start()
    try:
        booted = 0
        while booted < workers:  # bounded: every wait ends after BOOT_TIMEOUT or at exit
            line = lines.get(timeout=BOOT_TIMEOUT)
            assert line is not None, "gunicorn exited before its workers booted"
            booted += "Booting worker" in line
        server = LiveServer(port, lines)
        for _attempt in range(3):  # workers import the app after booting: the first may wait
            status, _cookie, _body = server.request("GET", "/healthz", BASE_DOMAIN)
            if status == 200:
                break
        assert status == 200
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)
        reader.join(timeout=30)  # the workers have exited too: their end of the pipe is closed
        process.stderr.close()
