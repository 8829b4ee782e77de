"""Legal pages: Impressum, terms (AGB) and data processing agreement (AVV).

An agency writes its own texts (tenant setting ``legal_texts``, Einstellungen › Rechtliches);
its customer area shows them at ``/kunden/<slug>``. The platform site shows the operator's
at ``/<slug>`` (placeholders until the operator replaces the templates' text)."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from gorilla.plaintext import text_blocks
from tenants.settings import get_setting, set_setting

SETTING = "legal_texts"
MAX_LENGTH = 50_000


@dataclass(frozen=True)
class LegalPage:
    """One page: its URL segment, the key of its text and its title."""

    slug: str
    key: str
    title: object


LEGAL_PAGES = (
    LegalPage("impressum", "imprint", _l("Legal notice")),
    LegalPage("agb", "terms", _l("Terms of service")),
    LegalPage("avv", "dpa", _l("Data processing agreement")),
)
BY_SLUG = {page.slug: page for page in LEGAL_PAGES}
SLUG_RULE = f"<any({', '.join(BY_SLUG)}):slug>"


def legal_texts() -> dict[str, str]:
    """The current tenant's texts by key (empty strings where none is written)."""
    stored = get_setting(SETTING) or {}
    return {page.key: str(stored.get(page.key, "")) for page in LEGAL_PAGES}


def legal_blocks(slug: str) -> list[tuple[str, list[str]]]:
    """The current tenant's text of the page ``slug`` as headings and paragraphs."""
    return text_blocks(legal_texts()[BY_SLUG[slug].key])


def save_legal_texts(values: dict[str, str]) -> None:
    """Store the texts (keys of ``LEGAL_PAGES``) in the tenant's settings."""
    set_setting(SETTING, {page.key: values.get(page.key) or "" for page in LEGAL_PAGES})
