"""Sessions bound to tenant and realm (DESIGN.md §3.3) on top of Flask-Login.

Every sign-in is a server-side record (``gorilla.sessions``): the cookie holds the tenant id, the
realm, the user's rotating token and a random session id; the user is loaded only while the
record lives. Flask-Login's remember cookie is never issued and cannot sign anyone in (it carries
no session id).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from flask import (
    Flask,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import LoginManager, current_user, login_user, logout_user
from sqlalchemy import Select
from werkzeug.exceptions import NotFound

from gorilla import sessions
from gorilla.audit import AuditAction, record

SESSION_KEYS_KEPT = ("lang",)
# A second session (staff signed in as a contact) kept beside the staff member's own.
IMPERSONATION = "impersonation"


class Realm(StrEnum):
    """Who signs in: staff in /admin, a customer's contacts in the customer area. Each user
    model names its realm (``Staff.realm``), so code tells a contact from staff by it."""

    STAFF = "staff"
    CONTACT = "contact"


def normalize_email(email: str | None) -> str:
    """Account emails are compared case-insensitively: stored trimmed and lower-cased."""
    return (email or "").strip().lower()


def names_from_email(email: str | None) -> tuple[str, str]:
    """A person's likely first and last name from an address: ``anna.maria.schmidt@x.de`` →
    ``("Anna Maria", "Schmidt")``, ``info@x.de`` → ``("Info", "")``. For people whose names
    were never entered, so no page shows a bare address."""
    local = (email or "").split("@", 1)[0]
    parts = [part.capitalize() for part in re.split(r"[._+\-]+", local) if part]
    if not parts:
        return "", ""
    if len(parts) == 1:
        return parts[0][:100], ""
    return " ".join(parts[:-1])[:100], parts[-1][:100]


def _reset_session() -> None:
    """Empty the session except for the language choice; a session opened as a contact
    ends on the server too."""
    tenant = g.get("tenant")
    if IMPERSONATION in session and tenant is not None and session.get("tenant_id") == tenant.id:
        end_impersonation()
    kept = {key: session[key] for key in SESSION_KEYS_KEPT if key in session}
    session.clear()
    session.update(kept)


def sign_in(user) -> None:
    """Start a fresh session for ``user`` on the current tenant and in the user's realm; a
    session this browser had before is ended on the server."""
    session_id = sessions.start_session(user, replaces=session.get("sid"))
    _reset_session()
    login_user(user)
    session["tenant_id"] = g.tenant.id
    session["realm"] = user.realm
    session["sid"] = session_id


def sign_out() -> None:
    """End the session, on the server too (keeps only the language choice)."""
    if "sid" in session and g.get("tenant") is not None:
        sessions.end_session(session["sid"])
    logout_user()
    _reset_session()


def sign_out_everywhere() -> None:
    """End every session of the signed-in user, this one included."""
    sessions.end_sessions(current_user)
    logout_user()
    _reset_session()


def impersonate(user) -> None:
    """Open the area of ``user``'s realm as ``user`` (staff signing in as a contact): a
    session row of its own, kept beside the signed-in staff session, which stays."""
    previous = session.get(IMPERSONATION)
    session_id = sessions.start_session(
        user, replaces=previous and previous["sid"], opened_by=current_user.id
    )
    session[IMPERSONATION] = {"realm": user.realm, "token": user.get_id(), "sid": session_id}


def impersonating() -> bool:
    """Whether this browser also has a session opened as another user."""
    return IMPERSONATION in session


def refuse_while_impersonating(reason: str | None = None) -> None:
    """403 for what only the user themself may do when staff opened the page as that user:
    by default changing password, email, two-factor or sessions; ``reason`` says what else."""
    if g.get("impersonator") is not None:
        abort(
            403,
            reason
            or _(
                "Signed in as a contact, you cannot change its password, email address, "
                "two-factor authentication or sessions."
            ),
        )


def refuse_answer_while_impersonating() -> None:
    """403 for accepting, declining or signing a document when staff opened the customer area
    as the contact: only the contact answers in its own name."""
    refuse_while_impersonating(
        _("Signed in as a contact, you cannot accept, decline or sign for it.")
    )


def end_impersonation() -> None:
    """End the session opened as another user (on the server too); the own one stays."""
    opened = session.pop(IMPERSONATION, None)
    if opened is not None:
        sessions.end_session(opened["sid"])


def _impersonated(opened: dict, token: str):
    """On the pages of the impersonated realm: its user while the staff session that opened
    it lives (``g.impersonator``), else ``None``; a session that has ended (the staff member's
    right withdrawn, the user deactivated) is forgotten by this browser too."""
    setups = current_app.extensions.get("gorilla.realms", {})
    own, other = setups.get(session.get("realm")), setups.get(opened["realm"])
    if own is None or other is None:
        return None
    staff = sessions.load_signed_in(own.statement, token, session["sid"])
    if staff is None:
        return None
    user = sessions.load_signed_in(other.statement, opened["token"], opened["sid"])
    g.impersonator = staff if user is not None else None
    if user is None:
        session.pop(IMPERSONATION, None)
    return user


def enforce_session_scope() -> None:
    """``before_request``: a session issued for another tenant (or none) is dropped."""
    if g.get("site") == "none" or ("tenant_id" not in session and "_user_id" not in session):
        return  # /healthz and friends neither check nor touch the session
    tenant = g.get("tenant")
    if tenant is None or session.get("tenant_id") != tenant.id:
        _reset_session()


@dataclass(frozen=True)
class RealmSetup:
    """How a realm's users are loaded and where its pages are: ``statement`` selects the user
    by ``:token``, joined to its session (``sessions.joined_to_session``); ``blueprint`` is the
    area that needs the realm's sign-in; ``login``, ``profile`` and ``home`` are endpoints;
    ``model`` is the user model and ``layout`` the template the area's pages extend."""

    statement: Select
    blueprint: str
    login: str
    profile: str
    home: str = ""
    model: type | None = None
    layout: str = "base.html"


def register_realm(
    app: Flask, realm: str, statement: Select, *, blueprint: str, login: str, profile: str, **more
) -> None:
    """Register the realm ``realm`` (``staff``/``contact``): see ``RealmSetup``."""
    setup = RealmSetup(statement, blueprint, login, profile, **more)
    app.extensions.setdefault("gorilla.realms", {})[realm] = setup


def realm_setup(realm: str) -> RealmSetup:
    """The registered set-up of ``realm``."""
    return current_app.extensions["gorilla.realms"][realm]


def realm_of_request() -> tuple[str, RealmSetup] | None:
    """The realm whose area (blueprint) serves this request, with its set-up."""
    realms = current_app.extensions.get("gorilla.realms", {})
    serving = (item for item in realms.items() if item[1].blueprint in request.blueprints)
    return next(serving, None)


def _load_user(token: str):
    session_id = session.get("sid")
    if g.get("tenant") is None or session_id is None:
        return None
    setup = current_app.extensions.get("gorilla.realms", {}).get(session.get("realm"))
    if setup is None:
        return None
    opened = session.get(IMPERSONATION)
    try:
        if opened is not None and realm_setup(opened["realm"]).blueprint in request.blueprints:
            return _impersonated(opened, token)
        return sessions.load_signed_in(setup.statement, token, session_id)
    except NotFound:  # the tenant's storage vanished under a warm cache: nobody is signed in
        return None


def _unauthorized():
    found = realm_of_request()
    if found is None:
        return redirect("/")
    return redirect(url_for(found[1].login, next=request.full_path.rstrip("?")))


def is_safe_next(target: str | None) -> bool:
    """Only plain paths on this host: no scheme, no host, no ``//`` or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    if any(ord(char) < 32 or char == "\\" for char in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_next(default: str) -> str:
    """The ``next`` request argument when it is safe, else ``default``."""
    target = request.values.get("next")
    return target if is_safe_next(target) else default


class SignInRefused(Exception):
    """Raised by a realm's ``authenticate`` for the right password of an account that may not
    sign in yet; ``str(error)`` tells the user why (e.g. email not confirmed)."""


def password_sign_in(form, authenticate: Callable, home: str, template: str):
    """The sign-in form of a realm: on success a fresh session and a safe ``next`` (else
    ``home``); unknown email and wrong password get the same answer."""
    if form.validate_on_submit():
        try:
            user = authenticate(form.email.data, form.password.data)
        except SignInRefused as refusal:
            form.password.errors.append(str(refusal))
            return render_template(template, form=form)
        if user is not None:
            return finish_sign_in(user, safe_next(home))
        form.password.errors.append(_("Email or password is incorrect."))
    return render_template(template, form=form)


SECOND_STEP = "gorilla.second_step"  # app.extensions: (user, target) -> response or None


def finish_sign_in(user, target: str):
    """The first factor is proven (password, emailed link): sign in and go to ``target``,
    unless the registered second step (two-factor sign-in) takes over first."""
    second_step = current_app.extensions.get(SECOND_STEP)
    if second_step is not None and (response := second_step(user, target)) is not None:
        return response
    complete_sign_in(user)
    return redirect(target)


def complete_sign_in(user) -> None:
    """Start the session of ``user`` and log the sign-in."""
    sign_in(user)
    record(AuditAction.SIGN_IN, actor=user, customer_id=getattr(user, "customer_id", None))


def init_app(app: Flask, login_manager: LoginManager) -> None:
    """Wire Flask-Login to the realm loaders and scope checks."""
    login_manager.init_app(app)
    login_manager.user_loader(_load_user)
    login_manager.unauthorized_handler(_unauthorized)
    app.before_request(enforce_session_scope)
