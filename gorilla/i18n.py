"""Language selection (German first) and the message catalogs.

The compiled catalogs (``messages.mo``) are committed beside their ``messages.po`` and shipped
in the package, so an installation never writes into its own files (it may be read-only). After
editing a ``.po`` file run ``pybabel compile -d gorilla/translations``; a test checks that every
``.mo`` holds what its ``.po`` says.
"""

from pathlib import Path

from flask import Flask, g, has_request_context, request, session
from flask_babel import Babel, get_locale, get_translations
from flask_babel import lazy_gettext as _l
from jinja2 import pass_eval_context
from markupsafe import Markup

from gorilla.choices import LabelledEnum

TRANSLATIONS = Path(__file__).resolve().parent / "translations"


class Language(LabelledEnum):
    """The languages of the UI, the email templates, staff and customers (German first).

    ``label`` is the name in the reader's language (customer form); ``native_name`` the name
    in the language itself (language pickers: footer, staff profile, agency settings)."""

    DE = "de", _l("German"), "Deutsch"
    EN = "en", _l("English"), "English"

    def __new__(cls, value: str, label: str, native_name: str):
        member = str.__new__(cls, value)
        member._value_, member.label, member.native_name = value, label, native_name
        return member

    @classmethod
    def native_choices(cls) -> list[tuple[str, str]]:
        """``(value, native name)`` pairs for a language picker."""
        return [(language.value, language.native_name) for language in cls]


DEFAULT_LANGUAGE = Language.DE


def select_locale() -> str:
    """The language chosen in the footer (``?lang=``, kept for the session), else the user's
    own (set by the realm), else German. The footer's choice lasts, so a form is read in the
    language it was shown in (``1,000`` means one thousand in English and one in German)."""
    if not has_request_context() or g.get("sessionless"):  # API requests: no cookie session
        return g.get("user_language") or DEFAULT_LANGUAGE
    wanted = request.args.get("lang")
    if Language.has(wanted):
        session["lang"] = wanted
        return wanted
    chosen = session.get("lang")
    if Language.has(chosen):
        return chosen
    user_language = g.get("user_language")
    return user_language if Language.has(user_language) else DEFAULT_LANGUAGE


def forget_language_choice() -> None:
    """Let the user's own language apply again (after it was changed in the profile)."""
    session.pop("lang", None)


def request_translations():
    """The catalog of this request's language, looked up once per app context (templates
    translate dozens of strings per page; Flask-Babel would resolve the catalog for each)."""
    translations = g.get("_translations")
    if translations is None:
        translations = g._translations = get_translations()
    return translations


@pass_eval_context
def template_gettext(eval_ctx, string: str, **variables) -> str:
    """``_()`` in templates, as Jinja's new-style gettext but in one call instead of four.

    Same rules: with autoescaping the translation is markup and the variables are escaped
    into it; the result is always %-formatted (so ``%%`` means a literal percent sign).
    """
    translated = request_translations().ugettext(string)
    if eval_ctx.autoescape:
        translated = Markup(translated)
    return translated % variables


def init_app(app: Flask, babel: Babel) -> None:
    """Bind Flask-Babel with the catalogs of this package."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE.value)
    babel.init_app(
        app, locale_selector=select_locale, default_translation_directories=str(TRANSLATIONS)
    )
    app.jinja_env.globals.update(get_locale=get_locale, Language=Language)
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.globals["_"] = app.jinja_env.globals["gettext"] = template_gettext
