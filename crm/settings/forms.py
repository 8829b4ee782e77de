"""Forms of the settings pages."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Regexp, ValidationError

from crm.contacts.models import Permission
from crm.registrations.models import ApprovalMode
from gorilla.forms import AppForm, MultiCheckboxField, choices
from gorilla.i18n import Language
from mail_templates.catalog import TemplateSpec
from mail_templates.editor import MAX_BODY, problems


class EmailTemplateForm(AppForm):
    """Settings › E-Mail Templates › one template in one language."""

    subject = StringField(
        _l("Subject"),
        validators=[
            DataRequired(_l("Please enter a subject.")),
            Length(max=255, message=_l("At most %(max)d characters, please.")),
        ],
    )
    body = TextAreaField(
        _l("Content (HTML)"),
        validators=[
            DataRequired(_l("Please enter the content of the email.")),
            Length(max=MAX_BODY, message=_l("At most %(max)d characters, please.")),
        ],
    )
    active = BooleanField(_l("Active in every language (this email is sent)"))

    def __init__(self, spec: TemplateSpec, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec

    def validate_subject(self, field):
        """No template code and only this template's merge fields."""
        self._refuse_problems(field)

    def validate_body(self, field):
        """No template code and only this template's merge fields."""
        self._refuse_problems(field)

    def _refuse_problems(self, field):
        found = problems(self.spec, field.data or "")
        if found:
            raise ValidationError(" ".join(found))


class CustomerSettingsForm(AppForm):
    """Settings › Customers: what every new contact may see in the customer area."""

    default_contact_permissions = MultiCheckboxField(
        _l("Default permissions of new contacts"),
        choices=choices(Permission.choices()),
    )
    self_registration = BooleanField(_l("Customers may register themselves in the customer area"))
    self_registration_approval = RadioField(
        _l("New registrations"),
        choices=choices(ApprovalMode.choices()),
        default=ApprovalMode.PENDING,
    )


class CompanySettingsForm(AppForm):
    """Settings › Firma: the agency's name and address (invoices, emails) and defaults."""

    company_name = StringField(
        _l("Company name"),
        validators=[DataRequired(_l("Please enter the company name.")), Length(max=200)],
    )
    company_address = TextAreaField(_l("Address (shown on invoices)"), validators=[Length(max=500)])
    email_signature = TextAreaField(_l("Email signature"), validators=[Length(max=500)])
    invoice_prefix = StringField(
        _l("Invoice number prefix"),
        validators=[
            Length(max=12),
            Regexp(r"^[A-Za-z0-9-]*$", message=_l("Only letters, digits and hyphens, please.")),
        ],
    )
    estimate_prefix = StringField(
        _l("Estimate number prefix"),
        validators=[
            Length(max=12),
            Regexp(r"^[A-Za-z0-9-]*$", message=_l("Only letters, digits and hyphens, please.")),
        ],
    )
    credit_note_prefix = StringField(
        _l("Credit note number prefix"),
        validators=[
            Length(max=12),
            Regexp(r"^[A-Za-z0-9-]*$", message=_l("Only letters, digits and hyphens, please.")),
        ],
    )
    estimate_reminder_days = StringField(
        _l("Expiry reminder (days before)"),
        validators=[Regexp(r"^\s*\d{0,2}\s*$", message=_l("A number of days, please."))],
    )
    default_language = SelectField(
        _l("Default language"), choices=choices(Language.native_choices())
    )
