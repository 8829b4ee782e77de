"""The customer profile form (create and edit)."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from crm.customer_groups.service import group_choices
from gorilla.bounds import record_id
from gorilla.forms import AppForm, MultiCheckboxField, choices, website_field
from gorilla.i18n import DEFAULT_LANGUAGE, Language


class CustomerForm(AppForm):
    """Company data of a customer (``company`` required)."""

    company = StringField(
        _l("Company"),
        validators=[DataRequired(_l("Please enter the company name.")), Length(max=200)],
    )
    vat = StringField(_l("VAT number"), validators=[Length(max=50)])
    phonenumber = StringField(_l("Phone"), validators=[Length(max=50)])
    website = website_field()
    address = TextAreaField(_l("Address"), validators=[Length(max=1000)])
    city = StringField(_l("City"), validators=[Length(max=100)])
    zip = StringField(_l("Postal code"), validators=[Length(max=20)])
    country = StringField(_l("Country"), validators=[Length(max=100)])
    default_language = SelectField(
        _l("Default language"), choices=choices(Language.choices()), default=DEFAULT_LANGUAGE
    )
    groups = MultiCheckboxField(_l("Customer groups"), coerce=record_id)
    reverse_charge = BooleanField(
        _l("Reverse charge: the customer owes the VAT (EU business customer with a VAT ID)")
    )

    def validate_reverse_charge(self, field) -> None:
        """Reverse charge needs the customer's VAT ID (it is printed on every invoice)."""
        if field.data and not (self.vat.data or "").strip():
            raise ValidationError(_l("Please enter the customer's VAT number for reverse charge."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups.choices = group_choices()
