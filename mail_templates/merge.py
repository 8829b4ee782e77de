"""Perfex-style merge fields: plain substitution of an allow-list, values escaped for HTML."""

import re
from collections.abc import Iterable, Mapping

from markupsafe import escape

FIELD_RE = re.compile(r"\{([a-z_]+)\}")
MAX_OUTPUT = 200_000  # characters of one rendered part


def fields_in(text: str) -> set[str]:
    """Names of all ``{field}`` placeholders in ``text``."""
    return set(FIELD_RE.findall(text or ""))


def unknown_fields(text: str, allowed: Iterable[str]) -> set[str]:
    """Placeholders in ``text`` that are not in ``allowed``."""
    return fields_in(text) - set(allowed)


def render(text: str, values: Mapping[str, object], *, html: bool) -> str:
    """Replace known ``{field}`` placeholders; unknown ones stay literally. Never runs code."""

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            return match.group(0)
        value = "" if values[name] is None else str(values[name])
        return str(escape(value)) if html else value

    return FIELD_RE.sub(replace, text or "")[:MAX_OUTPUT]
