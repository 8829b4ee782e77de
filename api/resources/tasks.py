"""``/tasks``: list, read, create, change (the task form's rules)."""

from flask import url_for
from sqlalchemy import select

from crm.api_keys.models import Scope
from crm.tasks.forms import task_form
from crm.tasks.models import Task
from crm.tasks.service import FIELDS, save_task
from gorilla.extensions import db

from .. import schemas
from ..forms import merged, pick, validated
from ..operations import operation
from ..representation import check_if_match, one, page

SHOWN, PATCH = schemas.Task(), schemas.TaskPatch()
ITEM = "/tasks/<int:task_id>"
WRITTEN = (*FIELDS, "description")


@operation("GET", "/tasks", scope=Scope.TASKS_READ, tag="tasks", summary="List tasks",
           response=SHOWN, listing=True, query=schemas.TaskFilter())  # fmt: skip
def tasks_list(args):
    """Tasks in id order; by ``project_id`` and ``status``."""
    query = select(Task)
    for name in ("project_id", "status"):
        if name in args:
            query = query.where(getattr(Task, name) == args[name])
    return page(SHOWN, query, Task, args)


@operation("GET", ITEM, scope=Scope.TASKS_READ, tag="tasks", summary="Read a task",
           response=SHOWN, etag=True)  # fmt: skip
def tasks_show(task_id: int):
    """One task with its ETag."""
    return one(SHOWN, db.get_or_404(Task, task_id))


@operation("POST", "/tasks", scope=Scope.TASKS_WRITE, tag="tasks", summary="Create a task",
           response=SHOWN, body=SHOWN, status=201)  # fmt: skip
def tasks_create(data):
    """A new task (the description is sanitised HTML, as on the screen)."""
    form = validated(task_form, data)
    task = save_task(Task(), pick(form.data, WRITTEN))
    response = one(SHOWN, task, 201)
    response.headers["Location"] = url_for("api.tasks_show", task_id=task.id)
    return response


@operation("PATCH", ITEM, scope=Scope.TASKS_WRITE, tag="tasks", summary="Change a task",
           response=SHOWN, body=PATCH, etag=True)  # fmt: skip
def tasks_update(task_id: int, data):
    """Change the given fields; ``If-Match`` must carry the task's ETag."""
    task = db.get_or_404(Task, task_id)
    check_if_match(SHOWN, task)
    form = validated(task_form, merged(PATCH, task, data), obj=task)
    save_task(task, pick(form.data, WRITTEN))
    return one(SHOWN, task)
