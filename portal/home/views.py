"""The customer area's start page: sign-in form or the contact's overview."""

from flask import g, render_template

from portal.auth.forms import ContactLoginForm
from portal.sections import home_items


def home():
    """Overview for a signed-in contact, the sign-in form for everybody else."""
    contact = g.get("contact")
    if contact is None:
        return render_template("portal/login.html", form=ContactLoginForm())
    panels, tiles = home_items(contact)
    return render_template("portal/home.html", contact=contact, panels=panels, tiles=tiles)
