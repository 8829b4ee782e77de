"""``/projects``: list, read, create, change (the project form's rules)."""

from flask import url_for
from sqlalchemy import select

from crm.api_keys.models import Scope
from crm.projects.forms import project_form
from crm.projects.models import Project
from crm.projects.service import FIELDS, save_project
from gorilla.extensions import db

from .. import schemas
from ..forms import merged, pick, validated
from ..operations import operation
from ..representation import check_if_match, one, page

SHOWN, PATCH = schemas.Project(), schemas.ProjectPatch()
ITEM = "/projects/<int:project_id>"


@operation("GET", "/projects", scope=Scope.PROJECTS_READ, tag="projects",
           summary="List projects", response=SHOWN, listing=True,
           query=schemas.ProjectFilter())  # fmt: skip
def projects_list(args):
    """Projects in id order; by ``customer_id`` and ``status``."""
    query = select(Project)
    for name in ("customer_id", "status"):
        if name in args:
            query = query.where(getattr(Project, name) == args[name])
    return page(SHOWN, query, Project, args)


@operation("GET", ITEM, scope=Scope.PROJECTS_READ, tag="projects", summary="Read a project",
           response=SHOWN, etag=True)  # fmt: skip
def projects_show(project_id: int):
    """One project with its ETag."""
    return one(SHOWN, db.get_or_404(Project, project_id))


@operation("POST", "/projects", scope=Scope.PROJECTS_WRITE, tag="projects",
           summary="Create a project", response=SHOWN, body=SHOWN, status=201)  # fmt: skip
def projects_create(data):
    """A new project (announced to the customer's contacts like one made on the screen)."""
    form = validated(project_form, data)
    project = save_project(Project(), pick(form.data, FIELDS))
    response = one(SHOWN, project, 201)
    response.headers["Location"] = url_for("api.projects_show", project_id=project.id)
    return response


@operation("PATCH", ITEM, scope=Scope.PROJECTS_WRITE, tag="projects",
           summary="Change a project", response=SHOWN, body=PATCH, etag=True)  # fmt: skip
def projects_update(project_id: int, data):
    """Change the given fields; ``If-Match`` must carry the project's ETag."""
    project = db.get_or_404(Project, project_id)
    check_if_match(SHOWN, project)
    form = validated(project_form, merged(PATCH, project, data), obj=project)
    save_project(project, pick(form.data, FIELDS))
    return one(SHOWN, project)
