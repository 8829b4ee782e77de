"""Scheduled reminders (an estimate or a contract about to expire, …).

A feature registers a job with ``register_reminder``; the mail sender (``gorilla mail send``,
once or ``--watch``) runs every job in each active tenant's context before it delivers. A job
gets today's date, queues its mails and marks what it reminded of in the same transaction
(claim with ``UPDATE … WHERE reminded_at IS NULL``), so a reminder goes out once even when two
senders run; the job returns how many mails it queued. Each job's work is committed on its
own: one failing job does not hold back the others.
"""

from collections.abc import Callable
from datetime import date

from flask import Flask, current_app

from gorilla.extensions import db
from gorilla.unit_of_work import commit_now
from tenants.models import utcnow

REMINDERS_KEY = "gorilla.reminders"
Reminder = Callable[[date], int]


def register_reminder(app: Flask, name: str, job: Reminder) -> None:
    """Run ``job(today)`` for every tenant on each pass of the mail sender."""
    app.extensions.setdefault(REMINDERS_KEY, {})[name] = job


def queue_reminders(today: date | None = None) -> int:
    """Run the registered jobs for the current tenant; returns the number of mails queued."""
    today = today or utcnow().date()
    queued = 0
    for name, job in current_app.extensions.get(REMINDERS_KEY, {}).items():
        try:
            queued += job(today)
            commit_now()  # part of the sender: a reminder queued is a reminder kept
        except Exception:  # noqa: BLE001 - one broken job must not stop the mail
            db.session.rollback()
            current_app.logger.exception("reminder job %s failed", name)
    return queued
