"""List, create (the key is shown once, on the answer to the POST) and revoke API keys."""

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from crm.access import admin_required
from gorilla.extensions import db

from .forms import ApiKeyForm
from .models import ApiKey
from .service import create_key, keys, revoke_key


def _page(form: ApiKeyForm, new_key: str | None = None):
    return render_template("api_keys/list.html", keys=keys(), form=form, new_key=new_key)


@admin_required
def key_list():
    """Every key (name, prefix, scopes, created, last used, revoked) and the new-key form."""
    return _page(ApiKeyForm())


@admin_required
def key_new():
    """Create a key and show it once (it is stored only as a hash)."""
    form = ApiKeyForm()
    if not form.validate_on_submit():
        return _page(form)
    _row, key = create_key(form.name.data, set(form.scopes.data), g.staff.id)
    return _page(ApiKeyForm(formdata=None), new_key=key)


@admin_required
def key_revoke(key_id: int):
    """Revoke a key for good (POST)."""
    revoke_key(db.get_or_404(ApiKey, key_id))
    flash(_("API key revoked."), "success")
    return redirect(url_for("admin.api_keys.list"), 303)
