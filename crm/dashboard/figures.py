"""The dashboard's key figures and built-in widgets (figures, recent customer activity)."""

from dataclasses import dataclass

from sqlalchemy import func, select

from crm.contacts.models import Contact
from crm.customers.models import Customer
from crm.staff.models import Staff
from gorilla.extensions import db

from .activity import Activity, recent_activity
from .widgets import LIST_LIMIT


@dataclass(frozen=True)
class KeyFigures:
    """Active customers, contacts and staff members."""

    customers: int
    contacts: int
    staff: int


def _active(model) -> object:
    return select(func.count()).select_from(model).where(model.active).scalar_subquery()


def key_figures(staff) -> KeyFigures:
    """The three counts in one statement."""
    row = db.session.execute(select(_active(Customer), _active(Contact), _active(Staff))).one()
    return KeyFigures(*row)


def customer_activity(staff) -> list[Activity]:
    """The newest things contacts did."""
    return recent_activity(LIST_LIMIT)
