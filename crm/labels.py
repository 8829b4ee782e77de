"""German-translatable names of project, task and invoice statuses and priorities."""

from flask import Flask
from flask_babel import lazy_gettext as _l

LABELS = {
    "project_status": {
        "not_started": _l("Not started"),
        "in_progress": _l("In progress"),
        "on_hold": _l("On hold"),
        "finished": _l("Finished"),
        "cancelled": _l("Cancelled"),
    },
    "task_status": {
        "not_started": _l("Not started"),
        "in_progress": _l("In progress"),
        "testing": _l("Testing"),
        "awaiting_feedback": _l("Awaiting feedback"),
        "complete": _l("Complete"),
    },
    "priority": {
        "low": _l("Low"),
        "medium": _l("Medium"),
        "high": _l("High"),
        "urgent": _l("Urgent"),
    },
    "invoice_status": {
        "draft": _l("Draft"),
        "unpaid": _l("Unpaid"),
        "overdue": _l("Overdue"),
        "paid": _l("Paid"),
        "cancelled": _l("Cancelled"),
    },
}


def label(kind: str, value: str) -> str:
    """The translated name of ``value`` in ``kind`` (the value itself when unknown)."""
    return str(LABELS[kind].get(value, value))


def options(kind: str) -> list[tuple[str, object]]:
    """``(value, label)`` pairs for a select field."""
    return list(LABELS[kind].items())


def init_app(app: Flask) -> None:
    """Expose ``label(kind, value)`` and ``options(kind)`` to templates."""
    app.jinja_env.globals.update(label=label, options=options)
