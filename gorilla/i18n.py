"""Language selection (German first) and compiling message catalogs when needed."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, g, has_request_context, request, session
from flask_babel import Babel, get_locale

TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def select_locale() -> str:
    """The user's language (set by the realm), else the session choice, else German."""
    supported = ("de", "en")
    if not has_request_context():
        return g.get("user_language") or "de"
    wanted = request.args.get("lang")
    if wanted in supported:
        session["lang"] = wanted
        return wanted
    user_language = g.get("user_language")
    if user_language in supported:
        return user_language
    return session.get("lang") if session.get("lang") in supported else "de"


def compile_catalogs(directory: Path = TRANSLATIONS) -> None:
    """Write ``messages.mo`` next to every ``messages.po`` that is newer than its .mo."""
    for po_path in directory.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        tmp_path = mo_path.with_suffix(".mo.tmp")
        with tmp_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        tmp_path.replace(mo_path)


def init_app(app: Flask, babel: Babel) -> None:
    """Bind Flask-Babel with the catalogs of this package."""
    compile_catalogs()
    babel.init_app(
        app, locale_selector=select_locale, default_translation_directories=str(TRANSLATIONS)
    )
    app.jinja_env.globals["get_locale"] = get_locale
