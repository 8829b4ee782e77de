"""The customer area's start page: sign-in form or dashboard."""

from flask import g, render_template

from portal.auth.forms import ContactLoginForm


def home():
    """Dashboard for a signed-in contact, the sign-in form for everybody else."""
    contact = g.get("contact")
    if contact is None:
        return render_template("portal/login.html", form=ContactLoginForm())
    return render_template("portal/home.html", contact=contact)
