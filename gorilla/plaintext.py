"""Plain text that staff write for a public page (privacy policy, legal notice, terms):
paragraphs separated by blank lines, a line starting with ``#`` is a heading, never HTML."""


def text_blocks(text: str) -> list[tuple[str, list[str]]]:
    """The text as ``("h", [line])`` headings and ``("p", lines)`` paragraphs; escaping is the
    template's (``macros/text.html``)."""
    blocks = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.rstrip() for line in chunk.strip("\n").split("\n") if line.strip()]
        if len(lines) == 1 and lines[0].startswith("#"):
            blocks.append(("h", [lines[0].lstrip("#").strip()]))
        elif lines:
            blocks.append(("p", lines))
    return blocks
