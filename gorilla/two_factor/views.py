"""The two-factor pages, mapped by the staff area (/admin/profile/2fa, /admin/login/2fa) and
the customer area (/kunden/profil/2fa, /kunden/login/2fa) under their blueprint
``two_factor``: links between them are relative (``.setup``)."""

from flask import Response, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from gorilla.auth import complete_sign_in, realm_of_request, refuse_while_impersonating
from gorilla.sign_in_limits import guarded

from . import challenge, service, totp
from .flow import enrolment_done
from .forms import CodeForm, DisableForm, RecoveryCodesForm

INVALID_CODE = _l("This code is not valid or was already used.")


def _layout() -> str:
    return realm_of_request()[1].layout


def _page(user, **values):
    """The profile's two-factor page: status, or the QR code of the pending secret."""
    if not user.two_factor_enabled:
        secret = service.pending_secret(user)
        uri = totp.provisioning_uri(secret, user.email, g.tenant.name)
        values |= {"qr": totp.qr_svg(uri), "secret": totp.grouped(secret)}
    values.setdefault("form", CodeForm(formdata=None))
    values.setdefault("disable_form", DisableForm(formdata=None, prefix="disable"))
    values.setdefault("renew_form", CodeForm(formdata=None, prefix="renew"))
    return render_template(
        "two_factor/setup.html",
        layout=_layout(),
        user=user,
        left=service.remaining_recovery_codes(user),
        required=service.required(user.realm),
        **values,
    )


def _shown(user, codes: list[str]):
    return _page(user, codes=codes, download_form=RecoveryCodesForm(codes=" ".join(codes)))


def setup():
    """Enrol (QR code, secret as text, a code to confirm), or see the status."""
    refuse_while_impersonating()
    user = current_user._get_current_object()
    if user.two_factor_enabled or not service.required(user.realm):
        enrolment_done()
    form = CodeForm()
    if not user.two_factor_enabled and form.validate_on_submit():
        codes = service.enable(user, form.code.data)
        if codes is not None:
            enrolment_done()
            flash(_("Two-factor sign-in is on."), "success")
            return _shown(user, codes)
        form.code.errors.append(INVALID_CODE)
    return _page(user, form=form)


def disable():
    """Switch off with the password and a code (POST)."""
    refuse_while_impersonating()
    user = current_user._get_current_object()
    form = DisableForm(prefix="disable")
    if not user.two_factor_enabled:
        return redirect(url_for(".setup"), 303)
    if form.validate_on_submit():
        if service.required(user.realm):
            form.code.errors.append(_("Your organisation requires two-factor sign-in."))
        elif not guarded(
            user.realm,
            user.email,
            lambda: (
                user.check_password(form.password.data) and service.check_code(user, form.code.data)
            ),
        ):
            form.code.errors.append(_("The password or the code is not correct."))
        else:
            service.disable(user)
            flash(_("Two-factor sign-in is off."), "success")
            return redirect(url_for(".setup"), 303)
    return _page(user, disable_form=form)


def renew_recovery_codes():
    """Ten new recovery codes after a code (POST); the old ones stop working."""
    refuse_while_impersonating()
    user = current_user._get_current_object()
    form = CodeForm(prefix="renew")
    if not user.two_factor_enabled:
        return redirect(url_for(".setup"), 303)
    if form.validate_on_submit():
        if service.check_code(user, form.code.data):
            return _shown(user, service.renew_recovery_codes(user))
        form.code.errors.append(INVALID_CODE)
    return _page(user, renew_form=form)


def download_recovery_codes():
    """The recovery codes just shown, as a text file (POST; only the user's unused codes)."""
    refuse_while_impersonating()
    form = RecoveryCodesForm()
    codes = (form.codes.data or "").split()
    if not form.validate_on_submit() or not service.recovery_codes_match(current_user, codes):
        abort(400)
    heading = _("Recovery codes for %(account)s at %(tenant)s", account=current_user.email,
                tenant=g.tenant.name)  # fmt: skip
    text = "\n".join([heading, "", *codes, ""])
    return Response(
        text,
        mimetype="text/plain",
        headers={"Content-Disposition": 'attachment; filename="recovery-codes.txt"'},
    )


def verify():
    """The second step after the password (or an emailed link): ``code`` from the app or a
    recovery code; wrong codes count toward the account's sign-in lockout."""
    realm, setup_ = realm_of_request()
    if current_user.is_authenticated and current_user.realm == realm:
        return redirect(url_for(setup_.home))
    found = challenge.pending(realm)
    if found is None:
        challenge.end()
        flash(_("Please sign in again: the sign-in expired after five minutes."), "error")
        return redirect(url_for(setup_.login))
    row, user = found
    form = CodeForm()
    if form.validate_on_submit():
        if guarded(realm, user.email, lambda: service.check_code(user, form.code.data)):
            target = row.next_url or url_for(setup_.home)
            challenge.end(row)
            complete_sign_in(user)
            return redirect(target)
        form.code.errors.append(INVALID_CODE)
    return render_template("two_factor/verify.html", layout=setup_.layout, form=form)


PAGES = (
    ("setup", setup, ("GET", "POST")),
    ("disable", disable, ("POST",)),
    ("renew_recovery_codes", renew_recovery_codes, ("POST",)),
    ("download_recovery_codes", download_recovery_codes, ("POST",)),
    ("verify", verify, ("GET", "POST")),
)
setup.writes_on_get = True  # a first look makes the secret being enrolled (tenants.sqlite)


def map_pages(bp, **paths: str) -> None:
    """Map the two-factor pages on an area's blueprint ``bp``, each at ``paths[name]``."""
    for name, view, methods in PAGES:
        bp.add_url_rule(paths[name], name, view, methods=list(methods))
