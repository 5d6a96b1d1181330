"""Qt Designer forms compiled from ../../../ui/*.ui by ui/compile_forms.py (pyside6-uic).

Each `ui_<name>.py` holds a `Ui_<Class>` with `setupUi(widget)`: the static layout (widgets,
layouts, labels, accessible names, tab order). The screens in gui/ keep the behaviour. Do not edit
the generated files: edit the .ui (Qt Designer or by hand) and run `.venv/bin/python ui/compile_forms.py`.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

W = TypeVar("W", bound=QWidget)

STYLE_NAME = "styleName"  # a dynamic property in the .ui: the object name the style sheet selects on
FIELD_LABEL = "fieldLabel"  # a dynamic property: a field label centred on a line edit's first line
TOP_MARGIN = "topMargin"  # a dynamic property: space above a widget (a section heading in a form)


def polish(root: QWidget) -> None:
    """What Designer cannot say, applied after `setupUi(root)`: the style sheet's names (`QLabel#muted`,
    `QPushButton#primary`...: object names must be unique in a .ui, so the form gives them as the
    `styleName` property), a widget's own top margin (`topMargin`), and field labels top-aligned and centred on a line edit's height, so
    rows with a hint or a problem under the field stay level with it."""
    offset: int | None = None
    for widget in [root, *root.findChildren(QWidget)]:
        name = widget.property(STYLE_NAME)
        if name:
            widget.setObjectName(str(name))
            if widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
                _restyle(widget)  # before the margins below (styling may set them)
        top = widget.property(TOP_MARGIN)
        if top is not None:
            m = widget.contentsMargins()
            widget.setContentsMargins(m.left(), int(top), m.right(), m.bottom())
        if isinstance(widget, QLabel) and widget.property(FIELD_LABEL):
            if offset is None:
                offset = QLineEdit().sizeHint().height()
            margins = widget.contentsMargins()
            widget.setContentsMargins(margins.left(), max(0, (offset - widget.sizeHint().height()) // 2),
                                      margins.right(), margins.bottom())


def _restyle(widget: QWidget) -> None:
    """Style a widget (and what is in it) again after its object name changed: `setupUi` polishes
    what it puts in a scroll area at once, under the name the form gave it, and the style sheet's
    rules for the new name (colours, and the padding and borders that change its size) apply only
    when it is polished again."""
    for w in [widget, *widget.findChildren(QWidget)]:
        w.style().unpolish(w)
        w.style().polish(w)
        QCoreApplication.sendEvent(w, QEvent(QEvent.Type.StyleChange))  # frame widths, size hints


def in_slot(slot: QWidget, widget: W) -> W:
    """Put a widget the form cannot build (its constructor needs more than a parent, e.g. the
    workspace) into its place in the form: an empty widget named `<name>_slot` with a margin-free layout."""
    slot.layout().addWidget(widget)
    return widget


def focusables(widget: QWidget) -> list[QWidget]:
    """The widget (if it takes focus by Tab) and its descendants that do, in their focus-chain order."""
    found = [widget] if widget.focusPolicy() & Qt.FocusPolicy.TabFocus else []
    w = widget.nextInFocusChain()
    while w is not widget and w is not widget.window():
        if widget.isAncestorOf(w) and w.focusPolicy() & Qt.FocusPolicy.TabFocus:
            found.append(w)
        w = w.nextInFocusChain()
    return found


def tab_order(*widgets: QWidget) -> None:
    """Tab from each widget to the next (what a form's tab stops do, for widgets added in Python)."""
    for first, second in zip(widgets, widgets[1:]):
        QWidget.setTabOrder(first, second)
