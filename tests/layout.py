"""Checks a real browser makes on every key page: no sideways scrolling, no box whose content
spills out of it, and an accessibility audit (axe-core, vendored under tests/vendor/)."""

from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}

# Boxes whose content must stay inside them (cards, invoice sheets, figures, the side panel).
BOXES = ".card, .sheet, .tile, .figure, .widget, .side, .page, .split > *, .totals"
SPILLS = """(selector) => [...document.querySelectorAll(selector)]
  .filter((box) => box.getClientRects().length && box.scrollWidth > box.clientWidth + 1
     && getComputedStyle(box).overflowX === 'visible')
  .map((box) => `${box.tagName.toLowerCase()}.${[...box.classList].join('.')}`
     + ` ${box.scrollWidth}>${box.clientWidth}`)"""


def page_overflow(page) -> int:
    """How many pixels the page is wider than the window (0 when it fits)."""
    return page.evaluate("Math.max(0, document.scrollingElement.scrollWidth - window.innerWidth)")


def spilling_boxes(page) -> list[str]:
    """Cards and panels whose content is wider than they are."""
    return page.evaluate(SPILLS, BOXES)


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page (``rule: target`` lines).

    The script is evaluated through the DevTools protocol, which the page's Content Security
    Policy (scripts only from /static) does not govern, so the audit sees the real page."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate(
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => r.violations.filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')))"
    )
    return results


def check_page(page, name: str, screenshot) -> None:
    """Screenshot ``page`` as ``name`` and assert it fits its window and passes the audit."""
    screenshot(page, name)
    assert page_overflow(page) == 0, f"{name}: page wider than the window"
    assert spilling_boxes(page) == [], f"{name}: content spills out of its box"
    assert serious_violations(page) == [], f"{name}: accessibility audit"
