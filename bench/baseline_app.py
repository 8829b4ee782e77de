"""The baseline: a plain single-database Flask + Flask-SQLAlchemy + Flask-Login app.

It serves the same kind of page as Gorilla's ``/admin/staff``: a signed-in user, 25 rows read
from the database, rendered in a table. No tenancy, no i18n, no CSRF.

Served by gunicorn as ``baseline_app:create_app()`` (run from ``bench/``); configured by the
environment variables ``BASELINE_DATABASE_URL`` and ``BASELINE_SECRET_KEY``.
"""

import os

from flask import Flask, render_template
from flask_login import LoginManager, UserMixin, login_required
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Boolean, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

PAGE_PATH = "/users"


class Model(DeclarativeBase):
    """Declarative base of the baseline's single table."""


db = SQLAlchemy(model_class=Model)
login_manager = LoginManager()


class User(UserMixin, db.Model):
    """A user who signs in and is listed on the page."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    first_name: Mapped[str] = mapped_column(String(100), default="")
    last_name: Mapped[str] = mapped_column(String(100), default="")
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    @property
    def full_name(self) -> str:
        """First and last name, or the email when both are empty."""
        return f"{self.first_name} {self.last_name}".strip() or self.email


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Flask-Login loader: the user by primary key."""
    return db.session.get(User, int(user_id))


@login_required
def user_list():
    """All users, ordered like Gorilla's staff list."""
    users = db.session.scalars(select(User).order_by(User.last_name, User.email)).all()
    return render_template("list.html", users=users)


@login_required
def user_detail(user_id: int):
    """Target of the row links (exists so that ``url_for`` has something to build)."""
    return render_template("list.html", users=[db.get_or_404(User, user_id)])


def create_app(database_url: str | None = None, secret_key: str | None = None) -> Flask:
    """Build the baseline app (arguments default to the environment variables)."""
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url or os.environ["BASELINE_DATABASE_URL"]
    app.config["SECRET_KEY"] = secret_key or os.environ["BASELINE_SECRET_KEY"]
    db.init_app(app)
    login_manager.init_app(app)
    app.add_url_rule(PAGE_PATH, "user_list", user_list)
    app.add_url_rule(f"{PAGE_PATH}/<int:user_id>", "user_detail", user_detail)
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
