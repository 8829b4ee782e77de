"""Project list, create, project page (edit) and the customer's Projekte tab."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from crm.customers.models import Customer
from crm.tasks.queries import TaskFilter, task_page
from gorilla.bounds import record_id
from gorilla.extensions import db
from gorilla.paging import requested_page

from .forms import project_form
from .models import Project
from .service import project_page, save_project


def project_list():
    """All projects, newest first."""
    page = project_page(requested_page())
    return render_template("projects/list.html", page=page)


def project_new():
    """Create a project (``?customer_id=`` preselects the customer), then open it."""
    form = project_form(customer_id=request.args.get("customer_id", type=record_id))
    if form.validate_on_submit():
        project = save_project(Project(), form.data)
        flash(_("Project created."), "success")
        return redirect(url_for("admin.projects.show", project_id=project.id), 303)
    return render_template("projects/new.html", form=form)


def project_detail(project_id: int):
    """The project page: its facts, its tasks and the edit form."""
    project = db.get_or_404(Project, project_id)
    form = project_form(obj=project)
    if not form.is_submitted():
        form.members.data = [member.id for member in project.members]
    if form.validate_on_submit():
        save_project(project, form.data)
        flash(_("Project saved."), "success")
        return redirect(url_for("admin.projects.show", project_id=project.id), 303)
    tasks = task_page(TaskFilter(project_id=project.id), requested_page())
    return render_template("projects/detail.html", project=project, form=form, tasks=tasks)


def customer_projects(customer_id: int):
    """The Projekte tab of a customer."""
    customer = db.get_or_404(Customer, customer_id)
    page = project_page(requested_page(), customer_id=customer.id)
    return render_template("projects/customer_tab.html", customer=customer, page=page)
