"""Dateien of a project: the list with the upload form, and the downloads."""

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from crm.contacts.models import Permission
from crm.files.service import OWNERS, add_file
from gorilla.attachments import AttachmentRefused, attachment_response
from gorilla.attachments.forms import FileForm, upload_of
from portal.projects.service import own_project, own_visible_task
from portal.sections import requires_permission

from .service import project_file_rows


@requires_permission(Permission.PROJECTS)
def project_files(project_id: int):
    """The project's files; POST ``file`` adds one of the contact's own."""
    project = own_project(g.contact, project_id)
    form = FileForm(formdata=None)
    return render_template(
        "portal/files/project.html", project=project, rows=project_file_rows(project), form=form
    )


@requires_permission(Permission.PROJECTS)
def upload(project_id: int):
    """The contact adds a file to the project."""
    project = own_project(g.contact, project_id)
    form = FileForm()
    upload_file = upload_of(form)
    if upload_file is None:
        for error in form.file.errors:
            flash(error, "error")
    else:
        try:
            add_file(OWNERS["projects"], project.id, upload_file, contact=g.contact)
        except AttachmentRefused as error:
            flash(str(error), "error")
        else:
            flash(_("File uploaded."), "success")
    return redirect(url_for("portal.files.project", project_id=project.id), 303)


@requires_permission(Permission.PROJECTS)
def download(project_id: int, link_id: int):
    """A file of the contact's project."""
    project = own_project(g.contact, project_id)
    return attachment_response(OWNERS["projects"].link_of(project.id, link_id).stored_file)


@requires_permission(Permission.PROJECTS)
def task_download(task_id: int, link_id: int):
    """A file of a task the contact may see."""
    task = own_visible_task(g.contact, task_id)
    return attachment_response(OWNERS["tasks"].link_of(task.id, link_id).stored_file)
