"""Task service: create/update with sanitised descriptions, the discussion, notifications."""

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

import mail_templates
from crm.contacts.models import Permission
from crm.notify import link, notify_contacts
from crm.projects.models import Project
from crm.projects.service import staff_by_ids
from gorilla.extensions import db
from gorilla.forms import assign_fields
from gorilla.richtext import sanitize

from .models import Task, TaskComment, TaskStatus

FIELDS = ("project_id", "name", "status", "priority", "duedate", "visible_to_customer")


def moves_discussion(task: Task | None, project_id: int | None) -> bool:
    """Whether moving ``task`` to ``project_id`` would carry its discussion to another
    customer (or out of every customer's area)."""
    if task is None or task.id is None or project_id == task.project_id:
        return False
    has_comments = db.session.scalar(
        select(TaskComment.id).where(TaskComment.task_id == task.id).limit(1)
    )
    if has_comments is None:
        return False
    target = db.session.get(Project, project_id) if project_id else None
    current = task.project.customer_id if task.project else None
    return (target.customer_id if target else None) != current


def save_task(task: Task, data: Mapping[str, Any]) -> Task:
    """Create or update a task; a changed status of a task the customer
    can see is announced with ``task-status-changed``."""
    old_status = task.status if task.id is not None else None
    assign_fields(task, data, FIELDS)
    if "description" in data:
        task.description = sanitize(data["description"])
    if "assignees" in data:
        task.assignees = staff_by_ids(data["assignees"])
    db.session.add(task)
    db.session.flush()
    db.session.refresh(task, ["project"])
    if old_status is not None and old_status != task.status and task.customer_visible:
        notify_contacts(
            "task-status-changed",
            task.project.customer_id,
            Permission.PROJECTS,
            **_task_fields(task, portal=True),
            task_status=TaskStatus.label_of(task.status),
        )
    return task


def _task_fields(task: Task, *, portal: bool) -> dict[str, str]:
    endpoint = "portal.projects.task" if portal else "admin.tasks.show"
    return {
        "task_name": task.name,
        "task_link": link(endpoint, task_id=task.id),
        "project_name": task.project.name if task.project else "",
    }


def add_comment(task: Task, body: str, *, staff=None, contact=None) -> TaskComment:
    """Add a comment by ``staff`` or ``contact`` and queue its notifications: a staff comment
    the customer can read goes to its contacts (``task-comment``), a contact's comment to the
    task's active assignees."""
    comment = TaskComment(task_id=task.id, body=body.strip(), staff=staff, contact=contact)
    db.session.add(comment)
    db.session.flush()
    fields = {"comment": comment.body, "comment_author": comment.author_name}
    if contact is not None:
        for member in task.assignees:
            if member.active:
                mail_templates.send(
                    "staff-task-comment", to=member, **_task_fields(task, portal=False), **fields
                )
    elif customer_reads_comments(task):
        notify_contacts(
            "task-comment",
            task.project.customer_id,
            Permission.PROJECTS,
            **_task_fields(task, portal=True),
            **fields,
        )
    return comment


def customer_reads_comments(task: Task) -> bool:
    """Whether the customer sees this task's discussion."""
    return task.customer_visible and task.project.view_task_comments


def comments_of(task: Task) -> list[TaskComment]:
    """The task's discussion, oldest first (newest last)."""
    return list(
        db.session.scalars(
            select(TaskComment)
            .options(joinedload(TaskComment.staff), joinedload(TaskComment.contact))
            .where(TaskComment.task_id == task.id)
            .order_by(TaskComment.created_at, TaskComment.id)
        )
    )
