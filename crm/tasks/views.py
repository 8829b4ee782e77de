"""Task list with filters, create, task page (edit and discussion), comments, customer tab."""

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from crm.customers.models import Customer
from crm.customers.service import customer_choices
from crm.projects.service import project_choices
from crm.staff.service import staff_choices
from gorilla.bounds import record_id
from gorilla.extensions import db
from gorilla.forms import CommentForm
from gorilla.paging import requested_page

from .forms import TaskForm, task_form
from .models import Task, TaskStatus
from .queries import TaskFilter, task_page
from .service import add_comment, comments_of, save_task


def _filters() -> TaskFilter:
    status = request.args.get("status")
    return TaskFilter(
        status=status if TaskStatus.has(status) else None,
        assignee_id=request.args.get("assignee", type=record_id),
        customer_id=request.args.get("customer", type=record_id),
        project_id=request.args.get("project", type=record_id),
    )


def task_list():
    """Tasks filtered by status, assignee, customer and project."""
    filters = _filters()
    return render_template(
        "tasks/list.html",
        page=task_page(filters, requested_page()),
        filters=filters,
        staff=staff_choices(),
        customers=customer_choices(),
        projects=project_choices(),
    )


def task_new():
    """Create a task (``?project_id=`` preselects the project), then open it."""
    form = task_form(
        project_id=request.args.get("project_id", type=record_id), assignees=[g.staff.id]
    )
    if form.validate_on_submit():
        task = save_task(Task(), form.data)
        flash(_("Task created."), "success")
        return redirect(url_for("admin.tasks.show", task_id=task.id), 303)
    return render_template("tasks/new.html", form=form)


def task_detail(task_id: int):
    """The task page: edit form and discussion."""
    task = db.get_or_404(Task, task_id)
    form = _edit_form(task)
    if form.validate_on_submit():
        save_task(task, form.data)
        flash(_("Task saved."), "success")
        return redirect(url_for("admin.tasks.show", task_id=task.id), 303)
    return _render_task(task, form, CommentForm(formdata=None))


def _edit_form(task: Task, **kwargs) -> TaskForm:
    form = task_form(obj=task, **kwargs)
    if not form.is_submitted() or "formdata" in kwargs:
        form.assignees.data = [member.id for member in task.assignees]
    return form


def _render_task(task: Task, form: TaskForm, comment_form: CommentForm):
    return render_template(
        "tasks/detail.html",
        task=task,
        form=form,
        comment_form=comment_form,
        comments=comments_of(task),
    )


def task_comment(task_id: int):
    """Post a staff comment (POST ``body``); errors re-render the task page."""
    task = db.get_or_404(Task, task_id)
    comment_form = CommentForm()
    if not comment_form.validate_on_submit():
        return _render_task(task, _edit_form(task, formdata=None), comment_form)
    add_comment(task, comment_form.body.data, staff=g.staff)
    flash(_("Comment added."), "success")
    return redirect(url_for("admin.tasks.show", task_id=task.id, _anchor="discussion"), 303)


def customer_tasks(customer_id: int):
    """The Aufgaben tab of a customer: tasks of its projects."""
    customer = db.get_or_404(Customer, customer_id)
    page = task_page(TaskFilter(customer_id=customer.id), requested_page())
    return render_template("tasks/customer_tab.html", customer=customer, page=page)
