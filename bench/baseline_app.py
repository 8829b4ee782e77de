"""The baseline: a plain single-database Flask + Flask-SQLAlchemy + Flask-Login app, no tenancy.

It serves the page Gorilla serves at ``/admin/staff`` with the same parts and nothing else:

* ``/admin/staff`` renders **Gorilla's own templates** (``staff/list.html`` on
  ``admin_base.html`` and ``base.html``) with the same 25 rows of a table shaped like Gorilla's
  staff table, translated to German by Flask-Babel from Gorilla's catalog (Flask-Babel's
  standard Jinja set-up), a CSRF token in the sign-out form (Flask-WTF) and the navigation
  links built with ``url_for``. With ``BASELINE_TEMPLATE_HELPERS=gorilla`` (the default) the
  templates use Gorilla's template helpers (one-call ``_()``, money filters), so that Gorilla
  against this page measures what tenancy and Gorilla's request plumbing cost; with ``stock``
  they use Flask-Babel's standard functions.
* ``/users`` is a minimal page (one template, English literals, no CSRF token) with the same rows,
  kept as a reference for how much the product page itself costs.

Served by gunicorn as ``baseline_app:create_app()`` (run from ``bench/``); configured by the
environment variables ``BASELINE_DATABASE_URL``, ``BASELINE_SECRET_KEY`` and
``BASELINE_TEMPLATE_HELPERS``.
"""

import os
from pathlib import Path

from flask import Blueprint, Flask, g, render_template
from flask_babel import Babel, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, UserMixin, current_user, login_required
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from jinja2 import FileSystemLoader
from sqlalchemy import select
from sqlalchemy.orm import DeclarativeBase

from crm import navigation
from crm.navigation import NavItem
from crm.staff.models import Staff

PAGE_PATH = "/admin/staff"
MINIMAL_PATH = "/users"
BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
# Gorilla's staff navigation (registered by crm/<feature>/blueprint.py) and the other links of
# the page: endpoint → path, all served by one trivial view here.
NAV_LINKS = (  # endpoint, path, label, position
    ("admin.dashboard.index", "/", _l("Dashboard"), 10),
    ("admin.customers.list", "/customers", _l("Customers"), 20),
    ("admin.contacts.list", "/contacts", _l("Contacts"), 25),
    ("admin.projects.list", "/projects", _l("Projects"), 30),
    ("admin.tasks.list", "/tasks", _l("Tasks"), 40),
    ("admin.invoices.list", "/invoices", _l("Invoices"), 50),
    ("admin.staff.list", PAGE_PATH.removeprefix("/admin"), _l("Staff"), 60),
    ("admin.settings.company", "/settings/company", _l("Settings"), 70),
)
OTHER_LINKS = {
    "admin.staff.profile": "/profile",
    "admin.staff.logout": "/logout",
    "admin.staff.new": "/staff/new",
    "admin.search.results": "/search",
}


class Model(DeclarativeBase):
    """Declarative base of the baseline's single table."""


db = SQLAlchemy(model_class=Model)
login_manager = LoginManager()
babel = Babel()
csrf = CSRFProtect()
admin = Blueprint("admin", __name__, url_prefix="/admin")


class User(UserMixin, db.Model):
    """A user who signs in and is listed on the page: a table shaped exactly like Gorilla's
    staff table (its columns, defaults and constraints), here in a single plain database."""

    __table__ = Staff.__table__.to_metadata(db.metadata, schema=None, name="users")

    @property
    def full_name(self) -> str:
        """First and last name, or the email when both are empty."""
        return f"{self.first_name} {self.last_name}".strip() or self.email


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Flask-Login loader: the user by primary key."""
    return db.session.get(User, int(user_id))


def select_locale() -> str:
    """The signed-in user's language, else German."""
    return current_user.language if current_user.is_authenticated else "de"


def listed_users() -> list[User]:
    """All users, ordered like Gorilla's staff list."""
    return db.session.scalars(select(User).order_by(User.last_name, User.email)).all()


@admin.before_request
@login_required
def signed_in_only():
    """Gorilla's templates read the signed-in member from ``g.staff``."""
    g.staff = current_user._get_current_object()


def staff_list():
    """The equivalent of Gorilla's staff list, rendered by Gorilla's templates."""
    return render_template("staff/list.html", members=listed_users())


def staff_detail(staff_id: int):
    """Target of the row links (exists so that ``url_for`` has something to build)."""
    return render_template("staff/list.html", members=[db.get_or_404(User, staff_id)])


def placeholder():
    """Target of the navigation links."""
    return ""


@login_required
def minimal_list():
    """The minimal reference page: same rows, bare template."""
    return render_template("minimal_list.html", users=listed_users())


@login_required
def minimal_detail(user_id: int):
    """Target of the minimal page's row links."""
    return render_template("minimal_list.html", users=[db.get_or_404(User, user_id)])


def feature_blueprints() -> list[Blueprint]:
    """The features of Gorilla's staff area the page links to, nested like Gorilla's."""
    features: dict[str, Blueprint] = {}
    views = {"admin.staff.list": staff_list}
    links = [(endpoint, path) for endpoint, path, *_ in NAV_LINKS] + [*OTHER_LINKS.items()]
    for endpoint, path in links:
        _, feature, action = endpoint.split(".")
        child = features.setdefault(feature, Blueprint(feature, __name__))
        child.add_url_rule(path, action, views.get(endpoint, placeholder))
    features["staff"].add_url_rule("/staff/<int:staff_id>", "show", staff_detail)
    return list(features.values())


for feature in feature_blueprints():
    admin.register_blueprint(feature)


def create_app(
    database_url: str | None = None, secret_key: str | None = None, helpers: str | None = None
) -> Flask:
    """Build the baseline app (arguments default to the environment variables)."""
    app = Flask(__name__, static_folder=str(PROJECT_DIR / "gorilla" / "static"))
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url or os.environ["BASELINE_DATABASE_URL"]
    app.config["SECRET_KEY"] = secret_key or os.environ["BASELINE_SECRET_KEY"]
    app.config["WTF_CSRF_TIME_LIMIT"] = None
    db.init_app(app)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(PROJECT_DIR / "gorilla" / "translations"),
    )
    app.jinja_env.globals["get_locale"] = get_locale
    if (helpers or os.environ.get("BASELINE_TEMPLATE_HELPERS", "gorilla")) == "gorilla":
        from gorilla import templating
        from gorilla.i18n import template_gettext

        app.jinja_env.globals["_"] = app.jinja_env.globals["gettext"] = template_gettext
        templating.init_app(app)
    app.jinja_loader = FileSystemLoader(
        [
            str(BENCH_DIR / "templates"),
            str(PROJECT_DIR / "gorilla" / "templates"),
            str(PROJECT_DIR / "crm" / "templates"),
            str(PROJECT_DIR / "crm" / "staff" / "templates"),
        ]
    )
    navigation.init_app(app)
    for endpoint, _path, label, order in NAV_LINKS:
        navigation.register_nav_item(app, NavItem(endpoint, label, order))
    app.register_blueprint(admin)
    app.add_url_rule(MINIMAL_PATH, "user_list", minimal_list)
    app.add_url_rule(f"{MINIMAL_PATH}/<int:user_id>", "user_detail", minimal_detail)
    return app


def seed(app: Flask, rows: int) -> int:
    """Create the table with ``rows`` users; returns the id of the one to sign in as."""
    with app.app_context():
        db.drop_all()
        db.create_all()
        users = [
            User(
                email=f"user{n:02d}@baseline.test",
                first_name=f"First{n:02d}",
                last_name=f"Last{n:02d}",
                is_admin=n == 1,
            )
            for n in range(1, rows + 1)
        ]
        db.session.add_all(users)
        db.session.commit()
        return users[0].id
