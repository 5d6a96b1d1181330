"""What every printed ROCTA document shares: A4, an embedded Unicode font (names in any script
render), the protective marking at the top and bottom of every page (the highest in the document),
"page X of Y", the reference and the production date, and tables that split across pages with
their header row repeated."""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)

from ...domain import clock
from ...domain.markings import MARKING_PALETTE, Marking
from ...services import storage

FONT, BOLD = "RoctaSans", "RoctaSans-Bold"
INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
ACCENT = colors.HexColor("#1f3a5f")
MARKING_COLOURS = {m: c.background for m, c in MARKING_PALETTE.items()}  # the screens' palette too
MARGIN = 18 * mm


def fonts_folder() -> Path:
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[3]))
    return base / "resources" / "fonts"


def register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = fonts_folder()
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, textColor=INK)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10, textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
        "head": ParagraphStyle("head", parent=base, fontName=BOLD, fontSize=8.5, leading=10.5, textColor=colors.white),
        "h1": ParagraphStyle("h1", parent=base, fontName=BOLD, fontSize=20, leading=25, spaceAfter=6),
        "h2": ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=13, leading=17, spaceBefore=10, spaceAfter=5,
                             textColor=ACCENT),
        "h3": ParagraphStyle("h3", parent=base, fontName=BOLD, fontSize=10.5, leading=14, spaceBefore=6, spaceAfter=3),
        "marking": ParagraphStyle("marking", parent=base, fontName=BOLD, fontSize=16, leading=20,
                                  alignment=TA_CENTER, textColor=colors.white),
    }


def p(text: Any, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped: record content is never markup)."""
    return Paragraph(escape("" if text is None else str(text)).replace("\n", "<br/>"), style)


def auto_widths(headers: Sequence[str], rows: Sequence[Sequence[Any]], total: float) -> list[float]:
    """Column widths in proportion to their content (within limits), filling `total`."""
    lengths = []
    for i, h in enumerate(headers):
        longest = max([len(_fmt(r[i])) for r in rows[:200]] + [len(h)])
        lengths.append(min(max(longest, 6), 60))
    scale = total / sum(lengths)
    return [n * scale for n in lengths]


CELL_PADDING = 4           # left and right, in points
LONGEST_WORD_SHARE = 0.3   # a column widens for its longest word up to this share of the table


def _longest_word(texts: Sequence[str], style: ParagraphStyle) -> float:
    return max((stringWidth(word, style.fontName, style.fontSize) for t in texts for word in t.split()), default=0.0)


def fit_words(widths: Sequence[float], headers: Sequence[str], rows: Sequence[Sequence[Any]],
              head: ParagraphStyle, cell: ParagraphStyle) -> list[float]:
    """The column widths, each widened to hold its longest word (header or cell) whole, the room
    taken from the columns with room to spare; the total is unchanged. Paragraphs wrap at spaces,
    and split a word only when it is wider than its column ("Priorit / y"): this keeps them whole,
    except a word longer than `LONGEST_WORD_SHARE` of the table (a long reference or address)."""
    total, n = sum(widths), len(widths)
    need = [min(max(_longest_word([h], head), _longest_word([_fmt(r[i]) for r in rows[:200]], cell))
                + 2 * CELL_PADDING + 0.5, total * LONGEST_WORD_SHARE) for i, h in enumerate(headers)]
    short = {i for i in range(n) if widths[i] < need[i]}
    spare = sum(widths[i] - need[i] for i in range(n) if i not in short)
    if not short or spare <= 0:
        return list(widths)
    deficit = sum(need[i] - widths[i] for i in short)
    if deficit <= spare:  # each column with room to spare gives the same share of it
        give = deficit / spare
        return [need[i] if i in short else widths[i] - (widths[i] - need[i]) * give for i in range(n)]
    # not room for every word: the others keep just what their words need, the short ones share the rest
    factor = (total - sum(need[i] for i in range(n) if i not in short)) / sum(need[i] for i in short)
    return [need[i] * factor if i in short else need[i] for i in range(n)]


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float] | None = None,
          st: dict[str, ParagraphStyle] | None = None, *, total: float | None = None) -> LongTable:
    """A table that splits across pages with its header row repeated; cells wrap between words,
    and each column is wide enough for its longest word (`fit_words`)."""
    st = st or styles()
    if widths is None and total is not None:
        widths = auto_widths(headers, rows, total)
    head, cell = st["head"], st["cell"]
    if len(headers) > 7:  # a wide table: a smaller type keeps words whole
        head = ParagraphStyle("head7", parent=head, fontSize=7, leading=8.5)
        cell = ParagraphStyle("cell7", parent=cell, fontSize=7, leading=8.5)
    if widths is not None:
        widths = fit_words(widths, headers, rows, head, cell)
    data = [[p(h, head) for h in headers]] + [[p(_fmt(v), cell) for v in r] for r in rows]
    t = LongTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    t.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f0f3f6")]),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#c3cbd3")),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING), ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]))
    return t


def _fmt(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return f"{v:%d/%m/%Y %H:%M}"
    if isinstance(v, dt.date):
        return f"{v:%d/%m/%Y}"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def key_values(pairs: Sequence[tuple[str, Any]], st: dict[str, ParagraphStyle], width: float) -> LongTable:
    data = [[p(k, st["small"]), p(_fmt(v), st["body"])] for k, v in pairs]
    t = LongTable(data, colWidths=[width * 0.3, width * 0.7], hAlign="LEFT")
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    return t


class _NumberedCanvas(rl_canvas.Canvas):
    """Defers each page so the footer can say 'page X of Y'."""

    def __init__(self, *args: Any, document: MarkedDocument, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._document = document

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._document.decorate(self, self._pageNumber, total)
            super().showPage()
        super().save()


class MarkedDocument:
    """An A4 document whose every page carries the marking, reference, date and page X of Y."""

    def __init__(self, title: str, marking: Marking, reference: str, produced_by: str,
                 produced_on: dt.date | None = None):
        self.title, self.marking, self.reference = title, marking, reference
        self.produced_by = produced_by
        self.produced_on = produced_on or clock.today()
        self.width = A4[0] - 2 * MARGIN

    def decorate(self, c: rl_canvas.Canvas, page: int, total: int) -> None:
        w, h = A4
        colour = colors.HexColor(MARKING_COLOURS[self.marking])
        for y in (h - 11 * mm, 4 * mm):
            c.setFillColor(colour)
            c.rect(0, y, w, 7 * mm, stroke=0, fill=1)
            c.setFillColor(colors.HexColor(MARKING_PALETTE[self.marking].text))
            c.setFont(BOLD, 10)
            c.drawCentredString(w / 2, y + 2.3 * mm, self.marking.value)
        c.setFillColor(MUTED)
        c.setFont(FONT, 7.5)
        c.drawString(MARGIN, h - 15 * mm, f"{self.title[:90]}")
        c.drawRightString(w - MARGIN, h - 15 * mm, self.reference)
        c.drawString(MARGIN, 13 * mm, f"Produced {self.produced_on:%d %B %Y} by {self.produced_by}"[:110])
        c.drawRightString(w - MARGIN, 13 * mm, f"Page {page} of {total}")

    def _template(self, target: Any) -> SimpleDocTemplate:
        return SimpleDocTemplate(target, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=22 * mm,
                                 bottomMargin=21 * mm, title=self.title, author=self.produced_by,
                                 subject=self.marking.value, keywords=self.marking.value, creator="ROCTA Desktop")

    def build_bytes(self, story: list[Any]) -> bytes:
        """The PDF in memory (for the preview: nothing with record content touches the disk)."""
        register_fonts()
        buffer = io.BytesIO()
        self._template(buffer).build(story, canvasmaker=lambda *a, **k: _NumberedCanvas(*a, document=self, **k))
        return buffer.getvalue()

    def build(self, story: list[Any], path: str | Path) -> Path:
        """Write atomically to `path` (a temporary file in the same folder, then renamed)."""
        register_fonts()
        path = Path(path)
        with storage.writing([path, path.parent], "The report was not written", "no file was written"):
            fd, tmp = tempfile.mkstemp(prefix=".rocta-report-", suffix=".pdf", dir=path.parent)
            os.close(fd)
            try:
                self._template(tmp).build(story, canvasmaker=lambda *a, **k: _NumberedCanvas(*a, document=self, **k))
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        return path


def spacer(height_mm: float = 4) -> Spacer:
    return Spacer(1, height_mm * mm)
