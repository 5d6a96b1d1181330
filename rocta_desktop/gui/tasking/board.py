"""The tasking board: one list per status, cards dragged between them (or moved with Ctrl+Right /
Ctrl+Left, or the Move to... menu). A drop does not move anything itself: it asks the service,
which applies the rules, and the board reloads from what was stored."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QMimeData, QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.tasking import TaskStatus
from ..tables import RecordTable

MIME = "application/x-rocta-tasking-request"
OVERDUE_TEXT = QColor("#b42318")
OVERDUE_BACK = QColor("#fdecea")
CARD_BACK = QColor("#ffffff")
PRIORITY_COLOURS = {"P1": "#b42318", "P2": "#c4661f", "P3": "#2d5f8b", "P4": "#52606d"}


def card_text(card: dict[str, Any]) -> str:
    due = f"due {card['due_date']:%d %b %Y}" if card["due_date"] else "no due date"
    if card["overdue"]:
        due = f"OVERDUE: {due}"
    objective = card["objective"] if len(card["objective"]) <= 70 else card["objective"][:67] + "..."
    return (f"{card['reference']}  {card['priority']}  {card['four_p'].label}\n"
            f"{card['subject_reference']} {card['subject_name']}\n{objective}\n"
            f"{card['owner'] or 'no owner'} \u00b7 {due}")


class CardDelegate(QStyledItemDelegate):
    """Cards as tall as their wrapped text at the column's current width (a plain list measures
    wrapped text badly and cuts the last lines off)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Any) -> QSize:
        view = self.parent()
        width = max(60, view.viewport().width() - 10)
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        rect = option.fontMetrics.boundingRect(QRect(0, 0, width - 24, 10_000), Qt.TextFlag.TextWordWrap, text)
        return QSize(width, rect.height() + 12)


class BoardColumn(QListWidget):
    """One status column. Emits `dropped(request_id, status)` when a card from another column is
    dropped on it, and `step(request_id, +1/-1)` for Ctrl+Right / Ctrl+Left on a card."""

    dropped = Signal(int, object)
    step = Signal(int, int)

    def __init__(self, status: TaskStatus):
        super().__init__()
        self.status = status
        self.setAccessibleName(f"{status.label} column")
        self.setObjectName("boardColumn")
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setSpacing(4)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setItemDelegate(CardDelegate(self))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setStyleSheet("QListWidget#boardColumn { background: #e9edf1; border: 1px solid #d5dbe1; "
                           "border-radius: 4px; padding: 2px; }"
                           "QListWidget#boardColumn::item { border: 1px solid #c3ccd5; border-radius: 4px; "
                           "padding: 4px; margin: 0px; }"
                           "QListWidget#boardColumn::item:selected { border: 2px solid #2d5f8b; color: #1f2933; }")

    def fill(self, cards: list[dict[str, Any]]) -> None:
        self.clear()
        for card in cards:
            item = QListWidgetItem(card_text(card))
            item.setData(Qt.ItemDataRole.UserRole, card["id"])
            item.setToolTip(f"{card['reference']}: {card['objective']}\nRequester: {card['requester']}"
                            + (f"\nEffort: {card['effort_hours']} hours" if card["effort_hours"] else "")
                            + (f"\nOutcome: {card['outcome']}" if card["outcome"] else ""))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsDragEnabled)
            if card["overdue"]:
                item.setForeground(QBrush(OVERDUE_TEXT))
                item.setBackground(QBrush(OVERDUE_BACK))
            else:
                item.setBackground(QBrush(CARD_BACK))
            self.addItem(item)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()  # card heights follow the width

    def current_request(self) -> int | None:
        item = self.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def select_request(self, request_id: int) -> bool:
        for i in range(self.count()):
            if self.item(i).data(Qt.ItemDataRole.UserRole) == request_id:
                self.setCurrentRow(i)
                return True
        return False

    # ------------------------------------------------------------------ drag and drop
    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, items: list[QListWidgetItem]) -> QMimeData:
        data = QMimeData()
        if items:
            data.setData(MIME, QByteArray(str(items[0].data(Qt.ItemDataRole.UserRole)).encode()))
        return data

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def dragEnterEvent(self, event: Any) -> None:
        if event.mimeData().hasFormat(MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        if event.mimeData().hasFormat(MIME) and event.source() is not self:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: Any) -> None:
        mime = event.mimeData()
        if not mime.hasFormat(MIME) or event.source() is self:
            event.ignore()
            return
        request_id = int(bytes(mime.data(MIME).data()).decode())
        event.setDropAction(Qt.DropAction.IgnoreAction)  # the source keeps its item: the board reloads
        event.accept()
        self.dropped.emit(request_id, self.status)

    # ------------------------------------------------------------------ keyboard
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and event.key() in (Qt.Key.Key_Right,
                                                                                       Qt.Key.Key_Left):
            request_id = self.current_request()
            if request_id is not None:
                self.step.emit(request_id, 1 if event.key() == Qt.Key.Key_Right else -1)
            event.accept()
            return
        super().keyPressEvent(event)


class ColumnBox(QWidget):
    """A column with its heading ("Proposed (3)")."""

    def __init__(self, column: BoardColumn):
        super().__init__()
        self.column = column
        self.heading = QLabel()
        self.heading.setObjectName("subheading")
        self.heading.setBuddy(column)
        self.heading.setWordWrap(True)
        self.heading.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.heading.setMinimumHeight(self.heading.fontMetrics().height() * 2 + 4)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(column, 1)

    def set_count(self, count: int, overdue: int) -> None:
        self.heading.setText(f"{self.column.status.label} ({count})" + (f", {overdue} overdue" if overdue else ""))


class RankedTable(RecordTable):
    """A table kept in the order given (the rank), not sortable."""

    def __init__(self, name: str, columns: list[str]):
        super().__init__(name, columns)
        self.setSortingEnabled(False)

    def fill(self, rows: list[list[Any]], ids: list[int]) -> None:
        self.setRowCount(len(rows))
        for r, (values, ident) in enumerate(zip(rows, ids)):
            for c, value in enumerate(values):
                item = QTableWidgetItem("" if value is None else str(value))
                item.setData(Qt.ItemDataRole.UserRole, ident)
                self.setItem(r, c, item)
