"""Real-browser fixtures: the app served on a free port, Chromium driven by Playwright."""

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("GORILLA_CHROMIUM", "/usr/bin/chromium")
OUTPUT = Path(__file__).resolve().parent.parent / "test-output"


class LiveServer:
    """The app on 127.0.0.1:<free port>; ``url(slug, path)`` builds tenant URLs."""

    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.port = self.server.server_port
        self.base = app.config["BASE_DOMAIN"]
        # Links in emails and redirects carry the port, as GORILLA_BASE_DOMAIN allows.
        app.config["BASE_DOMAIN"] = f"{self.base}:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, slug: str | None, path: str = "/") -> str:
        host = f"{slug}.{self.base}" if slug else self.base
        return f"http://{host}:{self.port}{path}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def live_server(app):
    """The test app served over real HTTP."""
    with LiveServer(app) as server:
        yield server


@pytest.fixture
def browser(live_server):
    """A headless Chromium page; ``*.gorilla.test`` resolves to this machine."""
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (install Debian's chromium package)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                f"--host-resolver-rules=MAP *.{live_server.base} 127.0.0.1,"
                f" MAP {live_server.base} 127.0.0.1",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )  # fmt: skip
        context = chromium.new_context(locale="de-DE")
        page = context.new_page()
        page.set_default_timeout(30_000)  # CI runs two suites side by side on two cores
        yield page
        context.close()
        chromium.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-output/ and return its path."""
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, url: str, email: str, password: str) -> None:
    """Sign in through the form at ``url`` and wait for the page that follows."""
    page.goto(url)
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
