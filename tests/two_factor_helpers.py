"""Helpers of the two-factor tests: a frozen clock, enrolment through the real pages, codes."""

import html
import re

import pyotp
import pytest

from gorilla.two_factor import totp

SECRET_RE = re.compile(r'id="totp-secret">([A-Z2-7 ]+)<')
RECOVERY_RE = re.compile(r'<code class="chip">([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})<')
START = 1_800_000_000.0 + 5  # five seconds into a time-step


class Clock:
    """The clock of code checks and of the half-signed-in state, moved by the test."""

    def __init__(self, now: float = START):
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    """A frozen clock for TOTP checks."""
    frozen = Clock()
    monkeypatch.setattr(totp, "now", frozen)
    return frozen


def code_at(secret: str, when: float) -> str:
    """What an authenticator app shows at ``when``."""
    return pyotp.TOTP(secret.replace(" ", "")).at(int(when))


def enrol(client, clock, page: str = "/admin/profile/2fa") -> tuple[str, list[str]]:
    """Switch two-factor sign-in on through the page; the secret and the recovery codes. The
    clock then moves to the next time-step, so the next code is a fresh one."""
    body = client.get(page).get_data(as_text=True)
    secret = SECRET_RE.search(body).group(1).replace(" ", "")
    response = client.submit(page, {"code": code_at(secret, clock.now)})
    assert response.status_code == 200
    codes = RECOVERY_RE.findall(html.unescape(response.get_data(as_text=True)))
    assert len(codes) == 10
    clock.advance(totp.STEP)
    return secret, codes


def second_step(client, code: str, path: str = "/admin/login/2fa"):
    """Submit ``code`` on the second step."""
    return client.submit(path, {"code": code})
