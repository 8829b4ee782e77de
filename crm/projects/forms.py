"""The project form (create and edit)."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from crm.customers.service import customer_choices
from crm.projects.models import ProjectStatus
from crm.projects.service import keeps_customer
from crm.staff.service import staff_choices
from gorilla.bounds import record_id
from gorilla.forms import AppForm, MultiCheckboxField, choices


class ProjectForm(AppForm):
    """Customer, name, status, dates, members and what the customer may see."""

    customer_id = SelectField(
        _l("Customer"), coerce=record_id, validators=[DataRequired(_l("Please choose a customer."))]
    )
    name = StringField(
        _l("Project name"),
        validators=[DataRequired(_l("Please enter the project name.")), Length(max=200)],
    )
    description = TextAreaField(_l("Description"), validators=[Length(max=20000)])
    status = SelectField(
        _l("Status"), choices=choices(ProjectStatus.choices()), default=ProjectStatus.NOT_STARTED
    )
    start_date = DateField(_l("Start date"), validators=[Optional()])
    deadline = DateField(_l("Deadline"), validators=[Optional()])
    members = MultiCheckboxField(_l("Members"), coerce=record_id)
    view_tasks = BooleanField(_l("Customer sees tasks marked visible"), default=True)
    view_task_comments = BooleanField(_l("Customer sees the task discussion"), default=True)
    comment_on_tasks = BooleanField(_l("Customer may comment on tasks"), default=True)

    record = None  # the project being edited (set by the view)

    def validate_customer_id(self, field) -> None:
        """A project with tasks keeps its customer."""
        moving = self.record is not None and field.data != self.record.customer_id
        if moving and keeps_customer(self.record):
            raise ValidationError(_l("A project with tasks cannot move to another customer."))

    def validate_deadline(self, field) -> None:
        """The deadline cannot lie before the start."""
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError(_l("The deadline must not be before the start date."))


def project_form(**kwargs) -> ProjectForm:
    """The form with its choices (customers, staff) for the screen and the API alike."""
    form = ProjectForm(**kwargs)
    form.record = kwargs.get("obj")
    keep = form.record.customer_id if form.record else None
    form.customer_id.choices = choices(customer_choices(keep=keep))
    form.members.choices = choices(staff_choices())
    return form
