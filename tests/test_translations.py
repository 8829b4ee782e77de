"""The compiled catalogs shipped in the package say what their .po files say."""

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from gorilla.i18n import TRANSLATIONS


def _same(value):
    """Plural entries come as lists from one reader and tuples from the other."""
    return tuple(value) if isinstance(value, list | tuple) else value


def translations(catalog) -> dict:
    """What a compiled catalog serves: the translated entries that are not fuzzy."""
    return {
        (message.context, _same(message.id)): _same(message.string)
        for message in catalog
        if message.id and message.string and not message.fuzzy
    }


def test_every_compiled_catalog_matches_its_po_file():
    po_paths = sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))
    assert po_paths
    for po_path in po_paths:
        with po_path.open("rb") as po_file, po_path.with_suffix(".mo").open("rb") as mo_file:
            wanted, shipped = translations(read_po(po_file)), translations(read_mo(mo_file))
        stale = sorted(str(key) for key in wanted.keys() ^ shipped.keys())[:5]
        assert wanted == shipped, (
            f"{po_path.with_suffix('.mo')} is stale (e.g. {stale}): "
            "run .venv/bin/pybabel compile -d gorilla/translations"
        )
