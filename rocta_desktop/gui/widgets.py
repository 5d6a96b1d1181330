"""Small building blocks the shell's forms share."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)


def error_label(name: str, *, boxed: bool = False) -> QLabel:
    """A hidden label for a problem; shown with `show_error`."""
    label = QLabel()
    label.setObjectName("formError" if boxed else "fieldError")
    label.setWordWrap(True)
    label.setAccessibleName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def show_error(label: QLabel, field: QWidget | None, message: str) -> None:
    """Show (or clear) a problem under a field; the field's description carries it too, so a
    screen reader announces it with the field."""
    label.setText(message)
    label.setVisible(bool(message))
    if field is not None:
        field.setAccessibleDescription(message)


def field_with_error(main: QWidget | QLayout, error: QLabel, *extras: QWidget | QLayout) -> QWidget:
    """A form field with its hint/preview rows and its error label stacked under it."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(3)
    for part in (main, *extras):
        if isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    layout.addWidget(error)
    return box


@contextlib.contextmanager
def busy() -> Iterator[None]:
    """A wait cursor around a slow call on the GUI thread (key derivation takes a moment)."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


def fit_height(widget: QWidget, width: int) -> None:
    """Size a window to `width` and the height its word-wrapped labels really need at that width
    (a plain size hint measures them at their narrowest and leaves gaps)."""
    layout = widget.layout()
    if layout is not None:
        layout.invalidate()  # a field's problem may just have been hidden
        layout.activate()
    height = widget.heightForWidth(width)
    widget.resize(width, max(height, widget.minimumSizeHint().height()))


def clearable(edit: QLineEdit, name: str) -> QLineEdit:
    """Turn on the line edit's clear button and give Qt's own button an accessible name."""
    edit.setClearButtonEnabled(True)
    for clear in edit.findChildren(QToolButton):
        clear.setAccessibleName(name)
    return edit


# ------------------------------------------------------------------ the parts every list page has

def open_kept(kept: list[Any], dialog: Any) -> Any:
    """Open a non-modal dialog, kept alive in `kept` until it finishes (a page's open records)."""
    kept.append(dialog)
    dialog.finished.connect(lambda _r, d=dialog: kept.remove(d) if d in kept else None)
    dialog.open()
    return dialog


def page_top(title: str, action: QPushButton | None = None) -> QHBoxLayout:
    """A page's heading, with its main action (a primary button) at the right."""
    heading = QLabel(title)
    heading.setObjectName("heading")
    top = QHBoxLayout()
    top.addWidget(heading)
    top.addStretch(1)
    if action is not None:
        action.setObjectName("primary")
        top.addWidget(action)
    return top


def show_row(choice: QComboBox, text: QLineEdit | None = None) -> QHBoxLayout:
    """"Show: [which records] [text filter]" above a list."""
    row = QHBoxLayout()
    show = QLabel("S&how:")
    show.setBuddy(choice)
    row.addWidget(show)
    row.addWidget(choice)
    if text is not None:
        row.addWidget(text, 1)
    else:
        row.addStretch(1)
    return row


def count_row(count: QLabel, *buttons: QPushButton) -> QHBoxLayout:
    """The list's count at the left, its buttons at the right."""
    row = QHBoxLayout()
    row.addWidget(count)
    row.addStretch(1)
    for b in buttons:
        row.addWidget(b)
    return row
