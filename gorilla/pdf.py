"""The base of every PDF document: an fpdf2 ``FPDF`` with an embedded Unicode font.

DejaVu Sans (shipped in ``gorilla/fonts``, Bitstream Vera licence) is embedded as a subset,
so Arabic, Cyrillic, Polish and Turkish names print as typed, and text shaping (``uharfbuzz``)
joins Arabic letters and lays right-to-left runs out correctly. Every page carries the
letterhead: logo and name at the top, the company, bank and tax columns in the footer.
Rich text (``gorilla.richtext``) goes in with ``rich_text``, a drawn signature with ``signature``.

How a document is written (invoices do it in ``crm/invoices/pdf.py``)::

    pdf = DocumentPDF(letterhead, title="RE-2026-0001")   # letterhead: see ``Letterhead``
    pdf.add_page()
    pdf.heading("Rechnung RE-2026-0001")
    pdf.facts([("Rechnungsdatum", "01.03.2026")])
    pdf.table_row(COLUMNS, ("Beschreibung", "Betrag"), bold=True)   # COLUMNS: (mm, align)
    pdf.paragraph("Zahlbar ohne Abzug.")
    return pdf_response(pdf.render(), "RE-2026-0001.pdf")
"""

import functools
import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import nh3
from flask import Response, current_app, make_response
from fpdf import FPDF
from fpdf.enums import OutputIntentSubType
from fpdf.errors import FPDFException
from fpdf.fonts import FontFace, TextStyle
from fpdf.output import PDFICCProfile
from PIL import ImageCms

FONT = "DejaVu"
FONT_DIR = Path(__file__).resolve().parent / "fonts"
INK = (31, 41, 55)
MUTED = (107, 114, 128)
DEFAULT_COLOR = "#1d6fd8"
LOGO_BOX = (55.0, 20.0)  # mm: the logo is scaled to fit, keeping its proportions
FOOTER_HEIGHT = 30.0  # mm reserved at the bottom of every page
SIGNATURE_WIDTH = 60.0  # mm; the drawing is 3:1
HEADING_SIZES = {"h1": 15, "h2": 13, "h3": 11.5, "h4": 10.5}  # pt


@dataclass(frozen=True)
class Letterhead:
    """What every page of a tenant's documents shows: name, address line, logo, colour, and
    the footer's columns (e.g. address, bank, tax and register), each a few short lines."""

    name: str
    address_lines: tuple[str, ...] = ()
    logo_path: Path | None = None
    brand_color: str = ""
    footer_columns: tuple[tuple[str, ...], ...] = ()


def hex_rgb(color: str) -> tuple[int, int, int]:
    """``#1d6fd8`` → ``(29, 111, 216)``; anything else gives the default colour."""
    value = color if len(color or "") == 7 and color.startswith("#") else DEFAULT_COLOR
    try:
        return tuple(int(value[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]
    except ValueError:
        return hex_rgb(DEFAULT_COLOR)


@functools.cache
def srgb_profile() -> bytes:
    """The sRGB ICC colour profile (made by Pillow's LittleCMS) for the PDF/A output intent."""
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


class DocumentPDF(FPDF):
    """An A4 document with the Unicode font, text shaping and the tenant's letterhead."""

    def __init__(self, letterhead: Letterhead, title: str = ""):
        super().__init__(format="A4")
        self.letterhead = letterhead
        self.brand = hex_rgb(letterhead.brand_color)
        self.add_font(FONT, "", FONT_DIR / "DejaVuSans.ttf")
        self.add_font(FONT, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
        self.set_text_shaping(True)
        self.set_auto_page_break(True, margin=FOOTER_HEIGHT + 5)
        self.set_title(title or letterhead.name)
        self.set_author(letterhead.name)
        self.set_creator("Gorilla")
        self.set_lang("de")
        self.add_output_intent(  # PDF/A (and so ZUGFeRD) wants the colours' meaning declared
            OutputIntentSubType.PDFA,
            output_condition_identifier="sRGB",
            output_condition="sRGB IEC61966-2.1",
            registry_name="http://www.color.org",
            dest_output_profile=PDFICCProfile(srgb_profile(), n=3, alternate="DeviceRGB"),
            info="sRGB IEC61966-2.1",
        )
        self.font()

    def font(self, size: float = 10, bold: bool = False, color=INK) -> None:
        """Switch to the document font in ``size`` points."""
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*color)

    def header(self) -> None:
        """Logo on the right, the company name in the brand colour and its address line."""
        head = self.letterhead
        top = self.t_margin
        if head.logo_path is not None and head.logo_path.is_file():
            width, height = LOGO_BOX
            self.image(
                str(head.logo_path),
                x=self.w - self.r_margin - width,
                y=top,
                w=width,
                h=height,
                keep_aspect_ratio=True,
            )
        self.set_xy(self.l_margin, top)
        self.font(15, bold=True, color=self.brand)
        self.cell(110, 8, head.name, new_x="LMARGIN", new_y="NEXT")
        if head.address_lines:
            self.font(8, color=MUTED)
            self.cell(110, 4.5, " · ".join(head.address_lines), new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(*self.brand)
        self.set_line_width(0.6)
        line_y = max(self.get_y() + 2, top + LOGO_BOX[1] + 2)
        self.line(self.l_margin, line_y, self.w - self.r_margin, line_y)
        self.set_draw_color(229, 231, 235)
        self.set_line_width(0.2)
        self.set_xy(self.l_margin, line_y + 6)
        self.font()

    def footer(self) -> None:
        """The letterhead's columns side by side and the page number."""
        columns = [column for column in self.letterhead.footer_columns if column]
        self.set_y(-FOOTER_HEIGHT)
        self.set_draw_color(*self.brand)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.set_y(-FOOTER_HEIGHT + 2)
        if columns:
            width = self.epw / len(columns)
            top = self.get_y()
            for index, lines in enumerate(columns):
                self.set_xy(self.l_margin + index * width, top)
                self.font(7, color=MUTED)
                self.multi_cell(width - 2, 3.3, "\n".join(lines), new_x="RIGHT", new_y="TOP")
        self.set_y(-8)
        self.font(7, color=MUTED)
        self.cell(0, 4, f"{self.page_no()}/{{nb}}", align="R")

    def heading(self, text: str, size: float = 16) -> None:
        """A bold line in the brand colour."""
        self.font(size, bold=True, color=self.brand)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.font()

    def paragraph(self, text: str, size: float = 10, bold: bool = False, gap: float = 2) -> None:
        """Wrapped text over the full width, then ``gap`` mm of space."""
        if not text:
            return
        self.font(size, bold=bold)
        self.multi_cell(0, size * 0.48, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(gap)
        self.font()

    def facts(self, pairs: Iterable[tuple[str, str]], label_width: float = 55) -> None:
        """Label/value lines (dates, numbers); pairs with an empty value are left out."""
        for label, value in pairs:
            if not value:
                continue
            self.font(10, color=MUTED)
            self.cell(label_width, 5.5, label)
            self.font(10)
            self.multi_cell(0, 5.5, value, new_x="LMARGIN", new_y="NEXT")

    def table_row(
        self,
        columns: Sequence[tuple[float, str]],
        cells: Sequence[str],
        *,
        bold: bool = False,
        rule: bool = True,
    ) -> None:
        """One row of a table: ``columns`` are ``(width in mm, "L"/"R")``; the first cell wraps,
        the others are single lines; ``rule`` draws a line under the row."""
        self.font(9.5, bold=bold)
        line = 5.5
        first_width = columns[0][0]
        lines = self.multi_cell(
            first_width, line, str(cells[0]), dry_run=True, output="LINES", padding=(1, 1)
        )
        height = max(line, len(lines) * line) + 2
        if self.will_page_break(height):
            self.add_page()
        top = self.get_y()
        self.multi_cell(
            first_width, line, str(cells[0]), align=columns[0][1],
            new_x="RIGHT", new_y="TOP", padding=(1, 1),
        )  # fmt: skip
        x = self.l_margin + first_width
        for (width, align), value in zip(columns[1:], cells[1:], strict=True):
            self.set_xy(x, top + 1)
            self.cell(width, line, str(value), align=align)
            x += width
        if rule:
            self.line(self.l_margin, top + height, x, top + height)
        self.set_xy(self.l_margin, top + height)
        self.font()

    def rich_text(self, content: str) -> None:
        """Sanitised HTML from ``gorilla.richtext.render`` in the document font: headings in the
        brand colour, code in the same font (there is no italic face; emphasis stays upright).
        HTML fpdf2 cannot lay out (code after text in a table cell, …) goes in as plain text."""
        self.font()
        heading = TextStyle(font_style="B", color=self.brand, t_margin=4, b_margin=1)
        styles = {tag: heading.replace(font_size_pt=size) for tag, size in HEADING_SIZES.items()}
        styles |= {
            "em": FontFace(),
            "i": FontFace(),
            "code": FontFace(family=FONT),
            "pre": TextStyle(font_family=FONT, t_margin=3),
            "blockquote": TextStyle(color=MUTED, t_margin=3, b_margin=3),
        }
        try:
            self.write_html(str(content), font_family=FONT, tag_styles=styles)
        except (FPDFException, NotImplementedError, ValueError, KeyError, IndexError):
            current_app.logger.warning("%s: rich text drawn as plain text", self.title)
            self.paragraph(html.unescape(nh3.clean(str(content), tags=set())))
        self.font()
        self.ln(4)

    def signature(self, caption: str, drawing: Path | None, lines: Sequence[str]) -> None:
        """``caption``, the drawn signature (when its file exists) and ``lines`` on who signed
        when, kept together on one page."""
        height = 8 + 6 + SIGNATURE_WIDTH / 3 + 4.5 * len(lines)
        if self.will_page_break(height):
            self.add_page()
        self.ln(8)
        self.font(11, bold=True)
        self.cell(0, 6, caption, new_x="LMARGIN", new_y="NEXT")
        if drawing is not None and drawing.is_file():
            self.image(
                str(drawing), w=SIGNATURE_WIDTH, h=SIGNATURE_WIDTH / 3, keep_aspect_ratio=True
            )
        self.font(9)
        self.multi_cell(
            0, 4.5, "\n".join(line for line in lines if line), new_x="LMARGIN", new_y="NEXT"
        )
        self.font()

    def render(self) -> bytes:
        """The finished document."""
        return bytes(self.output())


def pdf_response(data: bytes, filename: str, *, inline: bool = False) -> Response:
    """A PDF download named ``filename`` (a plain ASCII name such as an invoice number)."""
    response = make_response(data)
    response.headers["Content-Type"] = "application/pdf"
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
