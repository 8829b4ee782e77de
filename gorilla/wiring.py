"""What ``create_app`` plugs together: extensions, tenancy, blueprints, commands."""

from importlib import import_module
from pathlib import Path

from flask import Flask

from gorilla import (
    attachments,
    auth,
    bounds,
    errors,
    headers,
    i18n,
    logs,
    observability,
    ratelimit,
    request,
    templating,
    two_factor,
)
from gorilla.demo import demo_command
from gorilla.extensions import babel, csrf, db, login_manager, mail, migrate
from gorilla.health import bp as health_bp
from tenants import cluster_cli, resolver, sqlite
from tenants.binds import TenantBinds
from tenants.cli import tenants_cli
from tenants.platform import bp as platform_bp

ROOT = Path(__file__).resolve().parent.parent
PLATFORM_MIGRATIONS = ROOT / "migrations" / "platform"


def register_extensions(app: Flask) -> None:
    """Bind every extension to ``app`` and set up per-tenant database binding."""
    app.config.setdefault("PASSWORD_HASH_METHOD", "scrypt")
    logs.init_app(app)
    request.init_app(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PLATFORM_MIGRATIONS))
    csrf.init_app(app)
    attachments.init_app(app)
    ratelimit.init_app(app)
    mail.init_app(app)
    i18n.init_app(app, babel)
    auth.init_app(app, login_manager)
    resolver.init_app(app)
    with app.app_context():
        app.extensions["gorilla.tenant_binds"] = TenantBinds(
            db.engine, app.instance_path, app.config["SQLITE_ENGINE_CACHE_SIZE"]
        )
        if db.engine.dialect.name == "sqlite":
            sqlite.init_app(app, after=resolver.resolve_tenant)
    errors.init_app(app)
    observability.init_app(app)
    headers.init_app(app)
    two_factor.init_app(app)


def register_blueprints(app: Flask) -> None:
    """Mount the platform site, health check and the parts of ``FEATURES`` (staff CRM,
    customer area, email); templates come from ``gorilla/templates`` and each blueprint's folder."""
    bounds.init_app(app)
    app.register_blueprint(health_bp)
    app.register_blueprint(observability.bp)
    app.register_blueprint(platform_bp)
    for feature in app.config["FEATURES"]:
        import_module(feature).init_app(app)
    templating.init_app(app)


def register_commands(app: Flask) -> None:
    """Add the operator commands (``gorilla tenants …``, ``gorilla cluster …``, ``gorilla demo``;
    ``gorilla mail …`` comes with its feature)."""
    app.cli.add_command(tenants_cli)
    app.cli.add_command(demo_command)
    cluster_cli.init_app(app)
