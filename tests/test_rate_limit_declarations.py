"""Every rate limit is declared through gorilla.ratelimit.limit, which the limiter's request
filter knows: a limit declared with Flask-Limiter's own decorator would never be checked."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("gorilla", "crm", "portal", "mail_templates", "tenants", "api", "webhooks")


def test_no_view_is_limited_past_gorilla_ratelimit():
    offenders = [
        str(path.relative_to(ROOT))
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "limiter.limit(" in path.read_text() and path != ROOT / "gorilla" / "ratelimit.py"
    ]
    assert offenders == []
