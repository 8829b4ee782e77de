"""The demo tenant's staff: its provisioned admin signs in at /admin."""

from flask import Flask
from sqlalchemy import select

from gorilla.demo import DEMO_ADMIN, DEMO_PASSWORD, register_demo_seeder, sign_in_notice
from gorilla.extensions import db

from .models import Staff


def first_staff() -> Staff:
    """The admin the demo tenant was provisioned with."""
    return db.session.scalar(select(Staff).order_by(Staff.id))


def _notice() -> list[str]:
    return sign_in_notice("Staff", "admin.dashboard.index", DEMO_ADMIN, DEMO_PASSWORD)


def init_app(app: Flask) -> None:
    """Print the staff sign-in first in ``gorilla demo``."""
    register_demo_seeder(app, order=0, notice=_notice)
