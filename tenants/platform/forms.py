"""The agency sign-up form."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, Length, ValidationError

from gorilla.forms import AppForm, password_problem
from tenants.slugs import SlugError, normalize_slug, validate_slug

from .service import subdomain_taken


class SignupForm(AppForm):
    """Agency name, subdomain, the admin's name, email and password, terms; ``website`` is a
    honeypot."""

    agency_name = StringField(
        _l("Agency name"),
        validators=[DataRequired(_l("Please enter the name of your agency.")), Length(max=200)],
    )
    subdomain = StringField(
        _l("Subdomain"),
        filters=[normalize_slug],
        validators=[DataRequired(_l("Please choose a subdomain."))],
    )
    # Shown and asked for; optional on the server, so scripts posting the contract's fields
    # keep working (the admin is then named after the email address).
    first_name = StringField(_l("First name"), validators=[Length(max=100)])
    last_name = StringField(_l("Last name"), validators=[Length(max=100)])
    email = EmailField(
        _l("Your email"),
        validators=[
            DataRequired(_l("Please enter your email.")),
            Email(_l("Please enter a valid email address.")),
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Please enter a password."))],
    )
    terms = BooleanField(
        _l("I accept the terms of service and the data processing agreement."),
        validators=[DataRequired(_l("Please accept the terms."))],
    )
    website = StringField(_l("Leave this field empty"))
    subdomain_conflict = False  # someone has the subdomain: the page answers 409

    def validate_subdomain(self, field) -> None:
        """DNS label, not reserved, not taken."""
        try:
            validate_slug(field.data)
        except SlugError as error:
            raise ValidationError(str(error)) from None
        if subdomain_taken(field.data):
            self.subdomain_conflict = True
            raise ValidationError(_l("This subdomain is already taken."))

    def validate_password(self, field) -> None:
        """The shared strength rule (length, not the email address)."""
        if problem := password_problem(field.data or "", self.email.data):
            raise ValidationError(problem)
