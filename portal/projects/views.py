"""Projekte, a project's visible tasks, a task with its discussion and the reply form."""

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from crm.contacts.models import Permission
from crm.projects.service import project_page
from crm.tasks.queries import visible_tasks_page
from crm.tasks.service import add_comment, comments_of
from gorilla.forms import CommentForm
from gorilla.paging import requested_page
from portal.sections import requires_permission

from .service import own_project, own_visible_task


@requires_permission(Permission.PROJECTS)
def project_list():
    """The customer's projects."""
    page = project_page(requested_page(), customer_id=g.contact.customer_id)
    return render_template("portal/projects/list.html", page=page)


@requires_permission(Permission.PROJECTS)
def project_detail(project_id: int):
    """A project with the tasks marked visible (when the project shows tasks)."""
    project = own_project(g.contact, project_id)
    tasks = None
    if project.view_tasks:
        tasks = visible_tasks_page(project, requested_page())
    return render_template("portal/projects/detail.html", project=project, tasks=tasks)


def _render_task(task, form):
    project = task.project
    return render_template(
        "portal/projects/task.html",
        task=task,
        comments=comments_of(task) if project.view_task_comments else None,
        form=form if project.comment_on_tasks else None,
    )


@requires_permission(Permission.PROJECTS)
def task_detail(task_id: int):
    """A visible task: name, status, due date, description and (if allowed) discussion."""
    task = own_visible_task(g.contact, task_id)
    return _render_task(task, CommentForm(formdata=None))


@requires_permission(Permission.PROJECTS)
def task_comment(task_id: int):
    """The contact replies (POST ``body``), when the project allows comments."""
    task = own_visible_task(g.contact, task_id)
    if not task.project.comment_on_tasks:
        abort(403)
    form = CommentForm()
    if not form.validate_on_submit():
        return _render_task(task, form)
    add_comment(task, form.body.data, contact=g.contact)
    flash(_("Your comment has been posted."), "success")
    return redirect(url_for("portal.projects.task", task_id=task.id, _anchor="discussion"), 303)
