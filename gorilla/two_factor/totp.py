"""Time-based one-time passwords (RFC 6238, ``pyotp``), the enrolment QR code (``segno``,
inline SVG rendered on the server) and single-use recovery codes.

A code is accepted for the current 30-second time-step and its neighbours (a phone clock a
little off), and only for a step later than the last one accepted for the user, so a code
cannot be replayed within its window. Recovery codes carry 80 random bits each; only their
SHA-256 is stored (random codes of that strength need no slow password hash, and a digest lets
a code be spent by one conditional UPDATE).
"""

import hashlib
import hmac
import secrets
import time
from base64 import b32encode

import pyotp
import segno

STEP = 30  # seconds of one TOTP time-step
WINDOW = (0, -1, 1)  # steps tried around the current one: now, the previous, the next
DIGITS = 6
RECOVERY_CODES = 10


def now() -> float:
    """The clock of code checks (tests freeze it)."""
    return time.time()


def new_secret() -> str:
    """A random base32 secret of 160 bits (RFC 4226's recommended length)."""
    return pyotp.random_base32()


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    """The ``otpauth://`` URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=issuer)


def qr_svg(uri: str) -> str:
    """The QR code of ``uri`` as an inline SVG element (no XML declaration)."""
    return segno.make(uri, error="m").svg_inline(scale=5, border=2, title="QR code")


def grouped(secret: str) -> str:
    """The secret in groups of four, for typing it into an app."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def normalized(code: str | None) -> str:
    """A typed code without spaces and dashes, lower-case."""
    return "".join((code or "").split()).replace("-", "").lower()[:64]


def matching_step(secret: str, code: str, last_step: int | None) -> int | None:
    """The time-step ``code`` is valid for, if it is one of ``WINDOW`` around now and later
    than ``last_step``; else ``None``."""
    code = normalized(code)
    if len(code) != DIGITS or not (code.isascii() and code.isdigit()):
        return None
    totp, current = pyotp.TOTP(secret), int(now() // STEP)
    for offset in WINDOW:
        step = current + offset
        if step > (last_step or 0) and hmac.compare_digest(totp.at(step * STEP), code):
            return step
    return None


def current_code(secret: str) -> str:
    """The code of the current step (what an authenticator app shows now)."""
    return pyotp.TOTP(secret).at(int(now()))


def new_recovery_codes() -> list[str]:
    """Ten codes of 80 random bits, written ``xxxx-xxxx-xxxx-xxxx`` (base32, lower-case)."""
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = b32encode(secrets.token_bytes(10)).decode().lower()
        codes.append("-".join(raw[i : i + 4] for i in range(0, 16, 4)))
    return codes


def recovery_digest(code: str) -> str:
    """What is stored of a recovery code."""
    return hashlib.sha256(normalized(code).encode()).hexdigest()
