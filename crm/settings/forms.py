"""Forms of the settings pages."""

from flask_babel import lazy_gettext as _l
from schwifty import BIC, IBAN
from stdnum.eu import vat
from wtforms import (
    BooleanField,
    EmailField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError
from wtforms.widgets import ColorInput

from crm.contacts.models import Permission
from crm.contacts.pictures import PictureError, clean_picture
from crm.registrations.models import ApprovalMode
from gorilla.forms import AppForm, MultiCheckboxField, choices
from gorilla.i18n import Language
from gorilla.pdf import DEFAULT_COLOR
from gorilla.uploads import LimitedFileField
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


LOGO_SIZE = (1200, 400)  # pixels: the logo is scaled down to fit, never up
TAX_NUMBER_PATTERN = r"^[0-9][0-9 /]{8,18}[0-9]$"


def _text(label, max_length: int, *validators):
    return StringField(label, validators=[Length(max=max_length), *validators])


class CompanySettingsForm(AppForm):
    """Settings › Firma: the agency's identity, address, tax and bank data (invoices, PDFs,
    emails), logo and brand colour, and defaults."""

    company_name = StringField(
        _l("Company name"),
        validators=[DataRequired(_l("Please enter the company name.")), Length(max=200)],
    )
    street = _text(_l("Street and number"), 200)
    zip = _text(_l("Postcode"), 20)
    city = _text(_l("City"), 100)
    country = _text(_l("Country"), 100)
    phone = _text(_l("Phone"), 50)
    email = EmailField(
        _l("Email (replies to emails go here)"),
        validators=[Optional(), Email(_l("Please enter a valid email address.")), Length(max=254)],
    )
    website = _text(_l("Website"), 200)
    managing_directors = _text(_l("Managing directors"), 300)
    commercial_register = _text(_l("Commercial register number"), 100)
    register_court = _text(_l("Register court"), 100)
    vat_id = _text(_l("VAT ID"), 30)
    tax_number = _text(
        _l("Tax number"),
        30,
        Optional(),
        Regexp(TAX_NUMBER_PATTERN, message=_l("Please enter a tax number such as 93815/08152.")),
    )
    small_business = BooleanField(_l("Small business (§ 19 UStG): invoices without VAT"))
    bank_name = _text(_l("Bank"), 100)
    iban = _text(_l("IBAN"), 42)
    bic = _text(_l("BIC"), 20)
    payment_terms = TextAreaField(
        _l("Payment terms (on every invoice)"), validators=[Length(max=500)]
    )
    footer_text = TextAreaField(_l("Footer text of documents"), validators=[Length(max=500)])
    logo = LimitedFileField(_l("Logo (PNG, JPEG or WebP)"))
    remove_logo = BooleanField(_l("Remove logo"))
    brand_color = StringField(
        _l("Brand colour"),
        widget=ColorInput(),
        default=DEFAULT_COLOR,
        validators=[
            DataRequired(_l("Please choose a colour.")),
            Regexp(r"^#[0-9a-fA-F]{6}$", message=_l("Please choose a colour such as #1d6fd8.")),
        ],
    )
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
    picture = None  # the cleaned logo once validated

    def validate_vat_id(self, field) -> None:
        """An EU VAT ID with a valid check digit (``DE123456789``); stored without spaces."""
        if not (field.data or "").strip():
            return
        if not vat.is_valid(field.data):
            raise ValidationError(_l("Please enter a valid VAT ID such as DE123456789."))
        field.data = vat.compact(field.data)

    def validate_iban(self, field) -> None:
        """An IBAN whose check digits and national format are right; stored grouped."""
        if not (field.data or "").strip():
            return
        try:
            field.data = IBAN(field.data).formatted
        except ValueError:
            raise ValidationError(_l("This IBAN is not valid; please check it.")) from None

    def validate_bic(self, field) -> None:
        """A well-formed BIC (8 or 11 characters)."""
        if not (field.data or "").strip():
            return
        try:
            field.data = str(BIC(field.data))
        except ValueError:
            raise ValidationError(_l("This BIC is not valid; please check it.")) from None

    def validate_logo(self, field) -> None:
        """Verify and re-encode the logo now, so nothing is stored on errors."""
        upload = field.data
        if not upload or not getattr(upload, "filename", None):
            return
        try:
            self.picture = clean_picture(upload.stream, upload.filename, LOGO_SIZE)
        except PictureError as error:
            raise ValidationError(str(error)) from None

    def brand_color_value(self) -> str:
        """The colour as stored: lower-case ``#rrggbb``."""
        return (self.brand_color.data or DEFAULT_COLOR).lower()
