"""Edit the legal texts (admins)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from crm.access import admin_required
from gorilla.legal import LEGAL_PAGES, legal_texts, save_legal_texts

from .forms import LegalTextsForm


@admin_required
def edit():
    """The form with the current texts; a valid POST saves them."""
    form = LegalTextsForm(data=legal_texts())
    if form.validate_on_submit():
        save_legal_texts(form.data)
        flash(_("Settings saved."), "success")
        return redirect(url_for("admin.legal.edit"), 303)
    return render_template("legal/edit.html", form=form, pages=LEGAL_PAGES)
