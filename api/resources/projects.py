"""``/projects``: list (by ``customer_id``, ``status``), read, create, change — the project
form's rules and ``crm.projects.service`` (a new project is announced like on the screen)."""

from crm.api_keys.models import Scope
from crm.projects.forms import project_form
from crm.projects.models import Project
from crm.projects.service import FIELDS, save_project

from .. import schemas
from ..crud import Resource, declare

declare(Resource(
    "projects", "project", Project, schemas.Project(), schemas.ProjectFilter(),
    Scope.PROJECTS_READ, equal=("customer_id", "status"),
    write_scope=Scope.PROJECTS_WRITE, patch=schemas.ProjectPatch(), form=project_form,
    save=save_project, written=FIELDS,
))  # fmt: skip
