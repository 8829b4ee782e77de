"""What ``create_app`` plugs together: extensions, tenancy, blueprints, commands."""

from pathlib import Path

from flask import Flask
from jinja2 import FileSystemLoader

from gorilla import (
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
)
from gorilla.extensions import babel, csrf, db, login_manager, mail, migrate
from tenants import resolver, sqlite
from tenants.binds import TenantBinds

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


def register_blueprints(app: Flask) -> None:
    """Mount the platform site, the staff CRM, the customer area and health check."""
    import mail_templates
    from crm import blueprint as crm_blueprint
    from gorilla.health import bp as health_bp
    from portal import blueprint as portal_blueprint
    from tenants.platform import bp as platform_bp

    bounds.init_app(app)
    app.register_blueprint(health_bp)
    app.register_blueprint(observability.bp)
    app.register_blueprint(platform_bp)
    crm_blueprint.init_app(app)
    portal_blueprint.init_app(app)
    mail_templates.init_app(app)
    templating.init_app(app)
    app.jinja_loader = FileSystemLoader(
        [str(ROOT / "gorilla" / "templates"), *app.extensions["gorilla.template_dirs"]]
    )


def register_commands(app: Flask) -> None:
    """Add the operator commands (``gorilla tenants …``, ``gorilla mail …``, ``gorilla demo``)."""
    from gorilla.demo import demo_command
    from mail_templates.cli import mail_cli
    from tenants.cli import tenants_cli

    app.cli.add_command(tenants_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(demo_command)


def add_template_dir(app: Flask, path: Path) -> None:
    """Let templates of a feature folder be found as ``<feature>/<name>.html``."""
    app.extensions.setdefault("gorilla.template_dirs", []).append(str(path))
