"""The demo project's tasks: one shared with the customer and discussed, one internal."""

from datetime import date, timedelta

from flask import Flask
from sqlalchemy import func, select

from crm.customers.demo import first_customer
from crm.projects.models import Project
from crm.staff.demo import first_staff
from gorilla.demo import register_demo_seeder
from gorilla.extensions import db

from .models import Task, TaskPriority, TaskStatus
from .service import add_comment, save_task


def seed_demo_tasks() -> bool:
    """Add the sample tasks and discussion to the first project unless there are tasks."""
    if db.session.scalar(select(func.count()).select_from(Task)):
        return False
    project = db.session.scalar(select(Project).order_by(Project.id))
    staff = first_staff()
    _, contact = first_customer()
    today = date.today()
    shared = save_task(
        Task(),
        {"project_id": project.id, "name": "Startseite gestalten",
         "status": TaskStatus.AWAITING_FEEDBACK, "priority": TaskPriority.HIGH,
         "duedate": today + timedelta(days=7), "assignees": [staff.id],
         "visible_to_customer": True,
         "description": "<p>Entwurf der Startseite mit <b>neuem Farbkonzept</b>.</p>"},
    )  # fmt: skip
    save_task(
        Task(),
        {"project_id": project.id, "name": "Interne Kalkulation",
         "status": TaskStatus.IN_PROGRESS, "priority": TaskPriority.MEDIUM,
         "assignees": [staff.id]},
    )  # fmt: skip
    add_comment(shared, "Der erste Entwurf ist online – wie gefällt er Ihnen?", staff=staff)
    add_comment(shared, "Sehr schön! Können wir das Logo etwas größer machen?", contact=contact)
    return True


def init_app(app: Flask) -> None:
    """Seed the sample tasks after the project."""
    register_demo_seeder(app, seed_demo_tasks, order=30)
