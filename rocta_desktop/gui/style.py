"""Fusion with a calm, professional palette, and a few named styles (headings, cards, errors).

Style sheet rules only target object names set by the shell, so screens built elsewhere keep
plain Fusion looks.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from ..domain.markings import MARKING_PALETTE, Marking

INK = "#1f2933"
MUTED = "#52606d"
ACCENT = "#2d5f8b"
ERROR = "#b42318"
WINDOW = "#f3f5f7"
CARD_BORDER = "#d5dbe1"

#: banner background and text of each marking: the one palette (domain/markings.py), which printed
#: documents use too
MARKING_COLOURS = {m: (c.background, c.text) for m, c in MARKING_PALETTE.items()}

STYLE_SHEET = f"""
QLabel#heading {{ font-size: 20px; font-weight: 600; color: {INK}; }}
QLabel#subheading {{ font-size: 14px; font-weight: 600; color: {INK}; }}
QLabel#muted {{ color: {MUTED}; }}
QLabel#fieldError {{ color: {ERROR}; }}
QLabel#formError {{ color: {ERROR}; background: #fdecea; border: 1px solid #f5c2bd;
                    border-radius: 4px; padding: 6px 8px; }}
QLabel#bigNumber {{ font-size: 30px; font-weight: 600; color: {ACCENT}; }}
QFrame#card {{ background: #ffffff; border: 1px solid {CARD_BORDER}; border-radius: 6px; }}
QFrame#card QLabel {{ background: transparent; }}
QPushButton#tile {{ background: #ffffff; border: 1px solid {CARD_BORDER}; border-left: 4px solid {ACCENT};
                    border-radius: 6px; text-align: left; }}
QPushButton#tile:hover {{ background: #f5f8fb; }}
QPushButton#tile:focus {{ border: 2px solid #0f2a44; border-left: 4px solid #0f2a44; }}
QPushButton#tile[attention="overdue"] {{ border-left: 4px solid {ERROR}; }}
QPushButton#tile[attention="action"] {{ border-left: 4px solid {ERROR}; }}
QPushButton#tile[attention="none"] {{ border-left: 4px solid #9fb3c6; }}
QPushButton#tile QLabel {{ background: transparent; }}
QLabel#tileCount {{ font-size: 24px; font-weight: 600; color: {ACCENT}; }}
QLabel#tileCount[attention="overdue"] {{ color: {ERROR}; }}
QLabel#tileCount[attention="action"] {{ color: {ERROR}; }}
QLabel#tileCount[attention="none"] {{ color: #7b8794; }}
QLabel#tileAlert {{ color: {ERROR}; font-weight: 600; }}
QFrame#card QLabel#stepNumber {{ background: {ACCENT}; color: #ffffff; border-radius: 13px; font-weight: 600; }}
QPushButton#primary {{ background: {ACCENT}; color: #ffffff; border: 1px solid #244d72;
                       border-radius: 4px; padding: 6px 18px; font-weight: 600; }}
QPushButton#primary:hover {{ background: #336b9c; }}
QPushButton#primary:focus {{ border: 2px solid #0f2a44; }}
QPushButton#primary:disabled {{ background: #9fb3c6; border-color: #9fb3c6; }}
QPushButton#link {{ border: none; color: {ACCENT}; text-decoration: underline; padding: 2px 0; text-align: left; }}
QPushButton#link:focus {{ color: #0f2a44; }}
QPushButton#link:disabled {{ color: #9aa5b1; text-decoration: none; }}
QWidget#navigationPanel {{ background: #e8edf2; border-right: 1px solid {CARD_BORDER}; }}
QWidget#navigationPanel QLabel {{ color: #66727f; padding: 10px 16px; }}
QListWidget#navigation {{ background: #e8edf2; border: none; padding-top: 8px; outline: 0; }}
QListWidget#navigation::item {{ padding: 0 14px; }}
QListWidget#navigation::item:selected {{ background: {ACCENT}; color: #ffffff; }}
QListWidget#navigation::item:disabled {{ color: #7b8794; }}
QListWidget#navigation::item:selected:!active {{ background: #5b7fa3; }}
QListWidget#recent::item {{ padding: 6px 4px; }}
QStatusBar QLabel {{ padding: 0 8px; }}
"""


def marking_style(marking: Marking) -> str:
    """A banner: the marking's colour edge to edge, white capitals."""
    bg, fg = MARKING_COLOURS[marking]
    return f"background: {bg}; color: {fg}; font-weight: 600; letter-spacing: 1px; padding: 3px 10px;"


def marking_badge_style(marking: Marking) -> str:
    """A small badge beside other text (a card, a heading): the marking's light tint."""
    c = MARKING_PALETTE[marking]
    return (f"background: {c.tint}; color: {c.tint_text}; border: 1px solid {c.background}; border-radius: 3px;"
            " font-size: 11px; font-weight: 600; padding: 0 4px;")


def marking_cell_colours(marking: Marking | str) -> tuple[QColor, QColor]:
    """Background and text of a table cell showing a marking (the palette's tint)."""
    c = MARKING_PALETTE[marking if isinstance(marking, Marking) else Marking.parse(marking)]
    return QColor(c.tint), QColor(c.tint_text)


def apply_style(app: QApplication) -> None:
    if "Fusion" in QStyleFactory.keys():
        app.setStyle("Fusion")
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: WINDOW,
        QPalette.ColorRole.WindowText: INK,
        QPalette.ColorRole.Base: "#ffffff",
        QPalette.ColorRole.AlternateBase: "#f0f3f6",
        QPalette.ColorRole.ToolTipBase: "#ffffff",
        QPalette.ColorRole.ToolTipText: INK,
        QPalette.ColorRole.PlaceholderText: "#7b8794",
        QPalette.ColorRole.Text: INK,
        QPalette.ColorRole.Button: "#e9edf1",
        QPalette.ColorRole.ButtonText: INK,
        QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.Highlight: ACCENT,
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: ACCENT,
        QPalette.ColorRole.Mid: "#c3cbd3",
    }
    for role, colour in roles.items():
        pal.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor("#8a96a3"))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Base, QColor("#eef1f4"))
    app.setPalette(pal)
    app.setStyleSheet(STYLE_SHEET)
