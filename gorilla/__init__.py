"""The application shell: ``create_app`` wires config, extensions, tenancy and blueprints."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask

import config as config_module
from tenants.sqlite import gorilla_sqlite_url


def create_app(config: dict | None = None) -> Flask:
    """Build the app; ``config`` overrides settings (tests pass their own)."""
    settings = config_module.selected()
    instance_path = (config or {}).get("INSTANCE_PATH") or settings.INSTANCE_PATH
    app = Flask(__name__, instance_path=str(Path(instance_path).resolve()))
    app.config.from_object(settings)
    app.config.update(config or {})
    settings.check(app.config)
    app.config["INSTANCE_PATH"] = app.instance_path
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = f"sqlite:///{Path(app.instance_path) / 'gorilla.db'}"
    app.config["SQLALCHEMY_DATABASE_URI"] = gorilla_sqlite_url(
        app.config["DATABASE_URL"]
    ).render_as_string(hide_password=False)
    if app.config["DATABASE_URL"].startswith("postgresql"):
        # Reuse the most recently used connection: a worker keeps talking to the few server
        # backends whose catalog caches already hold its tenants' tables. Check a connection
        # before use, so the first request after a database restart gets a fresh one.
        # No server-side prepared statements (psycopg prepares a query after 5 runs): they stay
        # on the server connection, which PgBouncer's transaction pooling hands to other
        # clients; schema-translated queries differ per tenant anyway, so they gain nothing.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "pool_use_lifo": True,
            "pool_pre_ping": True,
            "connect_args": {"prepare_threshold": None},
            **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
        }

    from gorilla import unit_of_work
    from gorilla.wiring import register_blueprints, register_commands, register_extensions

    register_extensions(app)
    register_blueprints(app)
    register_commands(app)
    unit_of_work.init_app(app)  # last: its commit runs before every other after_request hook
    return app


@contextmanager
def exit_on_unsafe_settings(exit_code: int = 1) -> Iterator[None]:
    """For entry points: an unsafe setting becomes one line on stderr and ``exit_code``."""
    try:
        yield
    except config_module.ConfigurationError as error:
        print(error, file=sys.stderr)
        raise SystemExit(exit_code) from None


def create_app_or_exit(exit_code: int = 1) -> Flask:
    """``create_app`` for the ``gorilla`` command and ``wsgi.py``."""
    with exit_on_unsafe_settings(exit_code):
        return create_app()
