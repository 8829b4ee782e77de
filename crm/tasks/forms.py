"""The task form (the comment form is ``gorilla.forms.CommentForm``, shared with the portal)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from crm.projects.service import project_choices
from crm.staff.service import staff_choices
from crm.tasks.models import TaskPriority, TaskStatus
from crm.tasks.service import moves_discussion
from gorilla.bounds import optional_record_id, record_id
from gorilla.forms import AppForm, MultiCheckboxField, choices

optional_id = optional_record_id


class TaskForm(AppForm):
    """Project (optional), name, description, status, priority, due date, assignees."""

    project_id = SelectField(_l("Project"), coerce=optional_id, validate_choice=True)
    name = StringField(
        _l("Task name"),
        validators=[DataRequired(_l("Please enter the task name.")), Length(max=200)],
    )
    description = TextAreaField(_l("Description"), validators=[Length(max=50000)])
    status = SelectField(
        _l("Status"), choices=choices(TaskStatus.choices()), default=TaskStatus.NOT_STARTED
    )
    priority = SelectField(
        _l("Priority"), choices=choices(TaskPriority.choices()), default=TaskPriority.MEDIUM
    )
    duedate = DateField(_l("Due date"), validators=[Optional()])
    assignees = MultiCheckboxField(_l("Assignees"), coerce=record_id)
    visible_to_customer = BooleanField(_l("Visible to customer"))
    record = None  # the task being edited (set by the view)

    def validate_project_id(self, field) -> None:
        """A discussed task stays with its customer."""
        if moves_discussion(self.record, field.data):
            raise ValidationError(
                _l("A task with a discussion cannot move to another customer's project.")
            )


def task_form(**kwargs) -> TaskForm:
    """The form with its choices (projects, staff) for the screen and the API alike."""
    form = TaskForm(**kwargs)
    form.record = kwargs.get("obj")
    form.project_id.choices = choices([("", _("— no project —")), *project_choices()])
    form.assignees.choices = choices(staff_choices())
    return form
