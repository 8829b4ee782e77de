"""Landing page, sign-up form and the live subdomain check."""

from flask import jsonify, redirect, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _

from gorilla.i18n import DEFAULT_LANGUAGE
from gorilla.legal import BY_SLUG
from tenants.provisioning import ProvisioningError

from .forms import SignupForm
from .service import check_subdomain as check
from .service import sign_up, suggest_slug


def landing():
    """What Gorilla is, with a call to sign up."""
    return render_template("platform/landing.html")


def legal_page(slug: str):
    """The operator's Impressum, terms or data processing agreement (placeholder text)."""
    return render_template("platform/legal.html", page=BY_SLUG[slug])


def signup():
    """Sign up an agency; on success the browser lands signed in on its new subdomain.

    A subdomain someone already has (or just took) answers 409 with the form and its error.
    """
    form = SignupForm()
    if form.validate_on_submit():
        if form.website.data:  # honeypot: humans never see this field
            form.agency_name.errors.append(_("Sign-up failed. Please try again."))
        else:
            try:
                url = sign_up(
                    form.agency_name.data.strip(),
                    form.subdomain.data,
                    form.email.data,
                    form.password.data,
                    str(get_locale() or DEFAULT_LANGUAGE),
                    first_name=(form.first_name.data or "").strip(),
                    last_name=(form.last_name.data or "").strip(),
                )
            except ProvisioningError:  # lost the race for this subdomain
                form.subdomain_conflict = True
                form.subdomain.errors.append(_("This subdomain is already taken."))
            else:
                return redirect(url, code=303)
    status = 409 if form.subdomain_conflict else 200
    return render_template("platform/signup.html", form=form), status


def check_subdomain():
    """JSON for the live check: suggestion from the agency name, validity, availability."""
    slug = request.args.get("subdomain") or suggest_slug(request.args.get("agency_name", ""))
    available, reason = check(slug)
    messages = {
        "taken": _("This subdomain is already taken."),
        "available": _("This subdomain is available."),
    }
    return jsonify(subdomain=slug, available=available, message=messages.get(reason, reason))
