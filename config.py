"""Settings classes: every value comes from a GORILLA_* environment variable."""

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-secret-change-me"
MIN_SECRET_KEY_LENGTH = 32
MIN_SECRET_KEY_DISTINCT = 10  # different characters other than whitespace


class ConfigurationError(RuntimeError):
    """A setting makes it unsafe to start; the message is one line for the operator."""


def _env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(f"GORILLA_{name}", default)


def _env_bool(name: str, default: bool) -> bool:
    value = _env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Defaults for development: SQLite in the instance folder, mails as .eml files."""

    INSTANCE_PATH = _env("INSTANCE_PATH", str(ROOT / "instance"))
    # None means: SQLite file in the instance folder (resolved by create_app).
    DATABASE_URL = _env("DATABASE_URL")
    BASE_DOMAIN = (_env("BASE_DOMAIN", "localhost:5000") or "").lower()
    URL_SCHEME = _env("URL_SCHEME", "http")
    SECRET_KEY = _env("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
    REDIS_URL = _env("REDIS_URL")  # rate limits of sign-up, live check, forgot password
    RATELIMIT_HEADERS_ENABLED = True
    API_RATE_LIMIT = _env("API_RATE_LIMIT", "600 per minute")  # per API key
    # Webhook URLs on private, loopback or link-local addresses (SSRF guard): only when set.
    WEBHOOK_ALLOW_PRIVATE = _env("WEBHOOK_ALLOW_PRIVATE", "") == "1"
    # Redis down: count in memory (and log a warning) until it is back; never fail a request.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
    # Failed sign-ins, counted in the tenant's database: per account, and per client address.
    SIGN_IN_LIMIT = _env("SIGN_IN_LIMIT", "10 per 15 minutes")
    SIGN_IN_ADDRESS_LIMIT = _env("SIGN_IN_ADDRESS_LIMIT", "100 per 15 minutes")
    PROXY_COUNT = int(_env("PROXY_COUNT") or 0)  # proxies in front that set X-Forwarded-For
    # /metrics answers a Bearer token when set, else only unproxied requests from loopback.
    METRICS_TOKEN = _env("METRICS_TOKEN")
    METRICS_STATE_TTL = 30.0  # seconds a scrape reuses states that query every tenant
    # One JSON line per request on gorilla.requests; the development server logs its own.
    REQUEST_LOG = _env_bool("REQUEST_LOG", False)

    MAIL_SERVER = _env("MAIL_SERVER")
    MAIL_PORT = int(_env("MAIL_PORT", "25") or 25)
    MAIL_USERNAME = _env("MAIL_USERNAME")
    MAIL_PASSWORD = _env("MAIL_PASSWORD")
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", False)
    MAIL_DEFAULT_SENDER = _env("MAIL_DEFAULT_SENDER", "Gorilla <no-reply@gorilla.cc>")
    MAIL_TIMEOUT = float(_env("MAIL_TIMEOUT") or 15)  # seconds per SMTP exchange
    MAIL_CONNECT_TIMEOUT = float(_env("MAIL_CONNECT_TIMEOUT") or 5)  # connect and greeting
    MAIL_MAX_ATTEMPTS = int(_env("MAIL_MAX_ATTEMPTS") or 5)
    MAIL_RETRY_DELAY = int(_env("MAIL_RETRY_DELAY") or 60)  # doubles after each failure
    MAIL_RETRY_MAX_DELAY = 6 * 3600
    MAIL_BATCH_SIZE = 50  # messages one sender claims at a time
    MAIL_ATTACHMENTS_MAX_BYTES = 10 * 1024 * 1024  # all attachments of one email together
    # Hand what a request queued to this process's delivery thread once it commits
    # (development default); production runs `gorilla mail send --watch` instead.
    MAIL_DELIVER_AFTER_REQUEST = _env_bool("MAIL_DELIVER_AFTER_REQUEST", True)
    # Lifetimes in seconds of the links of gorilla.tokens (one setting per purpose).
    SET_PASSWORD_MAX_AGE = int(_env("SET_PASSWORD_MAX_AGE") or 48 * 3600)  # contacts
    FORGOT_PASSWORD_MAX_AGE = int(_env("FORGOT_PASSWORD_MAX_AGE") or 3600)  # contacts
    STAFF_SET_PASSWORD_MAX_AGE = int(_env("STAFF_SET_PASSWORD_MAX_AGE") or 48 * 3600)
    STAFF_VERIFY_EMAIL_MAX_AGE = int(_env("STAFF_VERIFY_EMAIL_MAX_AGE") or 7 * 24 * 3600)
    HANDOFF_MAX_AGE = int(_env("HANDOFF_MAX_AGE") or 60)  # sign-up lands signed in
    # Customer self-registration: the confirmation link, and posts per client address.
    REGISTRATION_CONFIRM_MAX_AGE = int(_env("REGISTRATION_CONFIRM_MAX_AGE") or 48 * 3600)
    REGISTRATION_LIMIT = _env("REGISTRATION_LIMIT") or "5 per hour"
    # At most one reset mail per contact in this many seconds; further requests are dropped.
    FORGOT_PASSWORD_INTERVAL = int(_env("FORGOT_PASSWORD_INTERVAL") or 300)
    # Two-factor sign-in: seconds between password and code; lifetime of an emailed sign-in link.
    TWO_FACTOR_CHALLENGE_MAX_AGE = int(_env("TWO_FACTOR_CHALLENGE_MAX_AGE") or 300)
    MAGIC_LINK_MAX_AGE = int(_env("MAGIC_LINK_MAX_AGE") or 15 * 60)

    # Tenancy
    TENANT_CACHE_TTL = 10.0  # seconds before a process notices registry changes of others
    TENANT_CACHE_SIZE = 1024
    SQLITE_ENGINE_CACHE_SIZE = 2048  # one open file per cached tenant and worker

    # Sessions: host-only cookies (no Domain attribute), never shared across subdomains.
    SESSION_COOKIE_NAME = "gorilla_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = URL_SCHEME == "https"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Server-side sign-in sessions end after this many seconds without a request, and at the
    # latest this many seconds after signing in.
    SESSION_IDLE_TIMEOUT = int(_env("SESSION_IDLE_TIMEOUT") or 12 * 3600)
    SESSION_MAX_AGE = int(_env("SESSION_MAX_AGE") or 14 * 24 * 3600)

    BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"

    SQLALCHEMY_TRACK_MODIFICATIONS = False
    WTF_CSRF_TIME_LIMIT = None  # token lives as long as the session
    UPLOAD_MAX_BYTES = int(_env("UPLOAD_MAX_BYTES") or 2 * 1024 * 1024)  # per file
    # The file field enforces UPLOAD_MAX_BYTES and re-renders the form with what was typed.
    # A multipart request may be much larger (a guard against floods only; beyond it a 413
    # page): Werkzeug spools its files to disk and holds each text part to MAX_FORM_MEMORY_SIZE.
    # Other bodies are parsed in memory as a whole: MAX_TEXT_BODY_LENGTH (gorilla.request).
    MAX_CONTENT_LENGTH = 8 * UPLOAD_MAX_BYTES
    MAX_FORM_MEMORY_SIZE = 500 * 1000  # one text field of a multipart form (Flask's default)
    MAX_TEXT_BODY_LENGTH = 4 * 1024 * 1024  # the largest form (email templates) needs < 2 MB
    # ``gorilla mail receive``: the largest message taken (SMTP SIZE), attachments included.
    INBOUND_MAX_BYTES = int(_env("INBOUND_MAX_BYTES") or 25 * 1024 * 1024)

    # The parts create_app mounts, in this order: modules with ``init_app(app)``. The shell
    # (gorilla) imports no area itself; the features of an area plug into it from there.
    FEATURES = ("crm.blueprint", "portal.blueprint", "mail_templates", "api", "webhooks")

    TESTING = False

    @classmethod
    def check(cls, settings: Mapping[str, Any] | None = None) -> None:
        """Raise ``ConfigurationError`` when these settings (with ``settings`` applied over the
        class's own) are unsafe to run with; development accepts anything."""


class ProductionConfig(Config):
    """Production: https links and Secure cookies unless configured otherwise."""

    URL_SCHEME = _env("URL_SCHEME", "https")
    MAIL_DELIVER_AFTER_REQUEST = _env_bool("MAIL_DELIVER_AFTER_REQUEST", False)
    REQUEST_LOG = _env_bool("REQUEST_LOG", True)
    SESSION_COOKIE_SECURE = URL_SCHEME == "https"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE

    @classmethod
    def check(cls, settings: Mapping[str, Any] | None = None) -> None:
        """Refuse to run production with a missing, development, short or repetitive secret key."""
        key = (settings or {}).get("SECRET_KEY", cls.SECRET_KEY) or ""
        distinct = {character for character in key if not character.isspace()}
        if (
            key == DEVELOPMENT_SECRET_KEY
            or len(key) < MIN_SECRET_KEY_LENGTH
            or len(distinct) < MIN_SECRET_KEY_DISTINCT
        ):
            raise ConfigurationError(
                "GORILLA_SECRET_KEY must be set to a random value of at least "
                f"{MIN_SECRET_KEY_LENGTH} characters ({MIN_SECRET_KEY_DISTINCT} different ones, "
                "not whitespace) in production "
                '(e.g. python3 -c "import secrets; print(secrets.token_urlsafe(48))")'
            )


ENVIRONMENTS: dict[str, type[Config]] = {
    "": Config,
    "development": Config,
    "production": ProductionConfig,
}


def selected() -> type[Config]:
    """The settings class ``GORILLA_ENV`` names (``production`` or ``development``, any case;
    unset means development); raise ``ConfigurationError`` for any other value."""
    value = os.environ.get("GORILLA_ENV", "")
    name = value.strip().lower()
    if name not in ENVIRONMENTS:
        raise ConfigurationError(
            f"GORILLA_ENV must be production or development (or unset), not {value!r}"
        )
    return ENVIRONMENTS[name]
