"""``/tasks``: list (by ``project_id``, ``status``), read, create, change — the task form's
rules and ``crm.tasks.service`` (the description is sanitised HTML, as on the screen)."""

from crm.api_keys.models import Scope
from crm.tasks.forms import task_form
from crm.tasks.models import Task
from crm.tasks.service import FIELDS, save_task

from .. import schemas
from ..crud import Resource, declare

declare(Resource(
    "tasks", "task", Task, schemas.Task(), schemas.TaskFilter(),
    Scope.TASKS_READ, equal=("project_id", "status"),
    write_scope=Scope.TASKS_WRITE, patch=schemas.TaskPatch(), form=task_form,
    save=save_task, written=(*FIELDS, "description"),
))  # fmt: skip
