"""The demo tenant's sample project, for the first sample customer."""

from datetime import date, timedelta

from flask import Flask
from sqlalchemy import func, select

from crm.customers.demo import first_customer
from crm.staff.demo import first_staff
from gorilla.demo import register_demo_seeder
from gorilla.extensions import db

from .models import Project, ProjectStatus
from .service import save_project


def seed_demo_project() -> bool:
    """Add the sample project (staff admin as member, tasks shared) unless there is one."""
    if db.session.scalar(select(func.count()).select_from(Project)):
        return False
    customer, _ = first_customer()
    today = date.today()
    save_project(
        Project(),
        {"customer_id": customer.id, "name": "Website-Relaunch",
         "status": ProjectStatus.IN_PROGRESS,
         "start_date": today - timedelta(days=14), "deadline": today + timedelta(days=45),
         "members": [first_staff().id], "view_tasks": True, "view_task_comments": True,
         "comment_on_tasks": True},
    )  # fmt: skip
    return True


def init_app(app: Flask) -> None:
    """Seed the sample project after the customers."""
    register_demo_seeder(app, seed_demo_project, order=20)
