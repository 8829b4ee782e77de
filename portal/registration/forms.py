"""The registration form: company, primary contact, password, optional company details."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from gorilla.forms import (
    AppForm,
    email_field,
    new_password_field,
    repeat_password_field,
    website_field,
)


class RegistrationForm(AppForm):
    """``company``, ``firstname``, ``lastname``, ``email``, ``password``, ``password_confirm``
    and the optional ``phonenumber``, ``website``, ``address``, ``zip``, ``city``, ``country``;
    ``fax`` is a honeypot (hidden from people, filled by bots); ``accept_privacy`` is required
    while the tenant has a privacy policy."""

    company = StringField(
        _l("Company"),
        validators=[DataRequired(_l("Please enter the company name.")), Length(max=200)],
    )
    firstname = StringField(
        _l("First name"),
        validators=[DataRequired(_l("Please enter a first name.")), Length(max=100)],
    )
    lastname = StringField(
        _l("Last name"), validators=[DataRequired(_l("Please enter a last name.")), Length(max=100)]
    )
    email = email_field()
    password = new_password_field(_l("Password"))
    password_confirm = repeat_password_field("password")
    phonenumber = StringField(_l("Phone"), validators=[Optional(), Length(max=50)])
    website = website_field()
    address = TextAreaField(_l("Address"), validators=[Optional(), Length(max=1000)])
    zip = StringField(_l("Postal code"), validators=[Optional(), Length(max=20)])
    city = StringField(_l("City"), validators=[Optional(), Length(max=100)])
    country = StringField(_l("Country"), validators=[Optional(), Length(max=100)])
    fax = StringField(_l("Fax"), validators=[Optional(), Length(max=100)])
    accept_privacy = BooleanField(
        _l("I accept the privacy policy"),
        validators=[DataRequired(_l("Please tick the box to accept the privacy policy."))],
    )

    def __init__(self, *args, privacy_policy: bool, **kwargs):
        """Without a privacy policy of the tenant there is nothing to accept."""
        super().__init__(*args, **kwargs)
        if not privacy_policy:
            del self.accept_privacy


class ConfirmForm(AppForm):
    """The button behind the emailed confirmation link (a POST, so that mail scanners that open
    links do not spend it)."""
