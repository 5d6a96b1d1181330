"""The tasking board: one list per status, cards dragged between them (or moved with Ctrl+Right /
Ctrl+Left, or the Move to... menu). A drop does not move anything itself: it asks the service,
which applies the rules, and the board reloads from what was stored.

A card reads top to bottom as people read boards they like (Trello, Jira, Linear): the reference
and its priority, the subject, the objective (two lines at most), then who owns it and when it is
due. Overdue shows in the due date and a red edge, not a red card. Every line is cut to the
column's width with an ellipsis; the whole card is in the tooltip and in the item's text (what a
screen reader reads). The closed and declined columns fold to a narrow strip (remembered), so the
working columns have room at the default window size."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QMimeData, QRect, QRectF, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.markings import Marking
from ...domain.tasking import TaskStatus
from ..kit.dates import show_date
from ..style import ACCENT, ERROR, INK, MUTED, marking_cell_colours

MIME = "application/x-rocta-tasking-request"
OVERDUE_TEXT = QColor(ERROR)
CARD_BACK = QColor("#ffffff")
CARD_BORDER = QColor("#c9d2db")
PRIORITY_COLOURS = {"P1": "#b42318", "P2": "#c4661f", "P3": "#2d5f8b", "P4": "#52606d"}
FOLDABLE = (TaskStatus.CLOSED, TaskStatus.DECLINED)   # folded by default: finished work
SETTINGS_KEY = "tasking/board/folded"
PAD = 8          # inside a card
GAP = 3          # between a card's lines
OBJECTIVE_LINES = 2


def card_text(card: dict[str, Any]) -> str:
    """The whole card as plain text: the item's text (read by screen readers) and its tooltip."""
    due = f"due {show_date(card['due_date'])}" if card["due_date"] else "no due date"
    if card["overdue"]:
        due = f"OVERDUE: {due}"
    return (f"{card['reference']}  {card['priority']}  {card['four_p'].label}\n"
            f"{card['subject_reference']} {card['subject_name']}\n{card['objective']}\n"
            f"{card['owner'] or 'no owner'} \u00b7 {due}")


def card_tooltip(card: dict[str, Any]) -> str:
    return (card_text(card).replace("OVERDUE: ", "Overdue: ")
            + f"\nRequester: {card['requester']}"
            + (f"\nEffort: {card['effort_hours']} hours" if card["effort_hours"] else "")
            + (f"\nOutcome: {card['outcome']}" if card["outcome"] else "")
            + f"\nMarking: {card['marking'].value}")


def _fonts(base: QFont) -> dict[str, QFont]:
    bold = QFont(base)
    bold.setBold(True)
    small = QFont(base)
    small.setPointSizeF(max(base.pointSizeF() - 1, 7))
    small_bold = QFont(small)
    small_bold.setBold(True)
    return {"base": base, "bold": bold, "small": small, "small_bold": small_bold}


def _objective_lines(text: str, metrics: QFontMetrics, width: int) -> list[str]:
    """The objective wrapped at word boundaries into at most two lines, the last cut with an ellipsis."""
    words = " ".join(text.split()).split(" ")
    lines: list[str] = []
    current = ""
    for i, word in enumerate(words):
        trial = f"{current} {word}".strip()
        if metrics.horizontalAdvance(trial) <= width or not current:
            current = trial
            continue
        lines.append(current)
        current = word
        if len(lines) == OBJECTIVE_LINES - 1:
            current = " ".join(words[i:])
            break
    if current:
        lines.append(current)
    return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines[:OBJECTIVE_LINES]]


def _due_texts(card: dict[str, Any]) -> list[str]:
    """The card's due date, longest wording first (the first that fits is drawn)."""
    if not card["due_date"]:
        return ["no due date"]
    day = show_date(card["due_date"])
    return [f"Overdue \u00b7 {day}", day] if card["overdue"] else [f"due {day}", day]


class CardLayout:
    """Where a card's parts go at a given width: measured once for its height and for drawing."""

    def __init__(self, card: dict[str, Any], font: QFont, width: int):
        self.fonts = fonts = _fonts(font)
        self.metrics = {k: QFontMetrics(f) for k, f in fonts.items()}
        self.width = width
        inner = width - 2 * PAD - 2
        self.inner = inner
        m = self.metrics
        self.pill = card["priority"] or ""
        self.pill_w = m["small_bold"].horizontalAdvance(self.pill) + 10 if self.pill else 0
        self.secret = card["marking"] is Marking.SECRET  # above the board's usual marking: said on the card
        self.badge_w = m["small_bold"].horizontalAdvance(Marking.SECRET.value) + 8 if self.secret else 0
        # the tags (priority pill, SECRET badge) sit at the right of the reference; those that leave no
        # room for the whole reference move down beside the subject (the badge first)
        ref = card["reference"]
        options = [(False, False), (False, True), (True, False), (True, True)]   # (pill down, badge down)
        for pill_down, badge_down in options:
            top_w = ((0 if pill_down else self.pill_w) + (0 if badge_down else self.badge_w)
                     + (6 if not pill_down and not badge_down and self.pill_w and self.badge_w else 0))
            room = inner - top_w - (6 if top_w else 0)
            font = next((f for f in ("bold", "small_bold") if m[f].horizontalAdvance(ref) <= room), None)
            if font is not None or (pill_down or not self.pill_w) and (badge_down or not self.badge_w):
                break
        self.pill_down, self.badge_down = pill_down and bool(self.pill_w), badge_down and bool(self.badge_w)
        self.ref_font = font or "small_bold"
        self.badge_row = False   # a narrow card gives SECRET a line of its own rather than cut the subject
        if self.badge_down and inner - self.badge_w - self.pill_w - 12 < 90:
            self.badge_down, self.badge_row = False, True
        down = [w for w, d in ((self.pill_w, self.pill_down), (self.badge_w, self.badge_down)) if d]
        self.down_w = sum(down) + 6 * (len(down) - 1) if down else 0
        self.ref_w = room
        self.objective = _objective_lines(card["objective"], m["small"], inner - 4)
        due_font = "small_bold" if card["overdue"] else "small"
        self.due_font = due_font
        owner = card["owner"] or "no owner"
        self.owner = owner
        texts = _due_texts(card)
        self.due = next((t for t in texts if m[due_font].horizontalAdvance(f"{owner}  {t}") + 8 <= inner), None)
        self.two_line_footer = self.due is None  # owner and due do not both fit: one line each
        if self.due is None:
            self.due = next((t for t in texts if m[due_font].horizontalAdvance(t) <= inner), texts[-1])
        self.head_h = max(m[self.ref_font].height(), m["small_bold"].height() + 2)
        self.height = (2 * PAD + self.head_h + GAP + m["base"].height() + GAP
                       + (m["small_bold"].height() + 2 + GAP if self.badge_row else 0)
                       + len(self.objective) * m["small"].height() + GAP
                       + m["small"].height() * (2 if self.two_line_footer else 1))


class CardDelegate(QStyledItemDelegate):
    """Draws a card from its request (the column keeps them by id); as tall as its lines."""

    def __init__(self, column: BoardColumn):
        super().__init__(column)
        self.column = column

    def _card(self, index: Any) -> dict[str, Any] | None:
        return self.column.cards.get(index.data(Qt.ItemDataRole.UserRole))

    def _width(self) -> int:
        return max(80, self.column.viewport().width() - 2 * self.column.spacing() - 2)

    def sizeHint(self, option: QStyleOptionViewItem, index: Any) -> QSize:
        card = self._card(index)
        width = self._width()
        if card is None:
            return QSize(width, QFontMetrics(option.font).height() + 2 * PAD)
        return QSize(width, CardLayout(card, QFont(option.font), width).height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Any) -> None:
        card = self._card(index)
        if card is None:
            super().paint(painter, option, index)
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(option.rect).adjusted(1, 1, -1, -1)
        lay = CardLayout(card, QFont(option.font), option.rect.width())
        fonts, m = lay.fonts, lay.metrics
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(QPen(QColor(ACCENT) if selected else CARD_BORDER, 2 if selected else 1))
        painter.setBrush(QColor("#f2f6fb") if selected else CARD_BACK)
        painter.drawRoundedRect(rect, 5, 5)
        if card["overdue"]:  # a red edge, not a red card
            painter.fillRect(QRectF(rect.left() + 1, rect.top() + 3, 4, rect.height() - 6), OVERDUE_TEXT)
        if selected and self.column.hasFocus():
            painter.setPen(QPen(QColor("#0f2a44"), 1, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(3, 3, -3, -3), 4, 4)
        left = int(rect.left()) + PAD + 2
        right = left + lay.inner
        width = lay.inner
        y = int(rect.top()) + PAD - 1
        middle = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

        # the reference, and the priority as a small pill at the right (and SECRET, when it is)
        pill_h = m["small_bold"].height() + 2
        pill_top = y + (lay.head_h - pill_h) / 2
        painter.setFont(fonts["small_bold"])
        low_top = y + lay.head_h + GAP + (m["base"].height() - pill_h) / 2   # beside the subject
        if lay.pill:
            pill = QRectF(right - lay.pill_w, low_top if lay.pill_down else pill_top, lay.pill_w, pill_h)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(PRIORITY_COLOURS.get(lay.pill, MUTED)))
            painter.drawRoundedRect(pill, 3, 3)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, lay.pill)
        if lay.secret:
            back, text = marking_cell_colours(Marking.SECRET)
            beside = lay.pill_w + 6 if lay.pill_w and lay.pill_down == lay.badge_down else 0
            badge = QRectF(right - beside - lay.badge_w, low_top if lay.badge_down else pill_top, lay.badge_w, pill_h)
            if lay.badge_row:  # its own line, under the subject
                badge = QRectF(left, y + lay.head_h + GAP + m["base"].height() + GAP, lay.badge_w, pill_h)
            painter.setPen(QPen(text, 1))
            painter.setBrush(back)
            painter.drawRoundedRect(badge, 3, 3)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, Marking.SECRET.value)
        painter.setFont(fonts[lay.ref_font])
        painter.setPen(QColor(INK))
        painter.drawText(QRect(left, y, lay.ref_w, lay.head_h), middle,
                         m[lay.ref_font].elidedText(card["reference"], Qt.TextElideMode.ElideRight, lay.ref_w))
        y += lay.head_h + GAP

        # the subject: its name, then its reference (muted) if there is room
        base, small = m["base"], m["small"]
        painter.setFont(fonts["base"])
        painter.setPen(QColor(INK))
        name = card["subject_name"] or card["subject_reference"]
        name_w = width - (lay.down_w + 6 if lay.down_w else 0)
        name_text = base.elidedText(name, Qt.TextElideMode.ElideRight, name_w)
        painter.drawText(QRect(left, y, width, base.height()), middle, name_text)
        used = base.horizontalAdvance(name_text)
        ref = f"  {card['subject_reference']}"
        if name_text == name and used + small.horizontalAdvance(ref) <= name_w:
            painter.setFont(fonts["small"])
            painter.setPen(QColor(MUTED))
            painter.drawText(QRect(left + used, y, name_w - used, base.height()), middle, ref)
        y += base.height() + GAP

        if lay.badge_row:
            y += pill_h + GAP

        # the objective, two lines at most
        painter.setFont(fonts["small"])
        painter.setPen(QColor("#3e4c59"))
        for line in lay.objective:
            painter.drawText(QRect(left, y, width, small.height()), Qt.AlignmentFlag.AlignLeft, line)
            y += small.height()
        y += GAP

        # who owns it and when it is due (red when overdue): one line, or one each when narrow
        painter.setPen(QColor(MUTED) if card["owner"] else QColor("#8a96a3"))
        if lay.two_line_footer:
            painter.drawText(QRect(left, y, width, small.height()), Qt.AlignmentFlag.AlignLeft,
                             small.elidedText(lay.owner, Qt.TextElideMode.ElideRight, width))
            y += small.height()
            due_rect = QRect(left, y, width, small.height())
            due_align = Qt.AlignmentFlag.AlignLeft
        else:
            painter.drawText(QRect(left, y, width, small.height()), Qt.AlignmentFlag.AlignLeft, lay.owner)
            due_rect = QRect(left, y, width, small.height())
            due_align = Qt.AlignmentFlag.AlignRight
        painter.setFont(fonts[lay.due_font])
        painter.setPen(OVERDUE_TEXT if card["overdue"] else QColor(MUTED))
        painter.drawText(due_rect, due_align, m[lay.due_font].elidedText(lay.due, Qt.TextElideMode.ElideRight, width))
        painter.restore()


class BoardColumn(QListWidget):
    """One status column. Emits `dropped(request_id, status)` when a card from another column is
    dropped on it, and `step(request_id, +1/-1)` for Ctrl+Right / Ctrl+Left on a card."""

    dropped = Signal(int, object)
    step = Signal(int, int)

    def __init__(self, status: TaskStatus):
        super().__init__()
        self.status = status
        self.cards: dict[int, dict[str, Any]] = {}
        self.setAccessibleName(f"{status.label} column")
        self.setObjectName("boardColumn")
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setSpacing(3)
        self.setUniformItemSizes(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setItemDelegate(CardDelegate(self))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setStyleSheet("QListWidget#boardColumn { background: #e9edf1; border: 1px solid #d5dbe1; "
                           "border-radius: 4px; padding: 2px; }")

    def fill(self, cards: list[dict[str, Any]]) -> None:
        self.clear()
        self.cards = {card["id"]: card for card in cards}
        for card in cards:
            item = QListWidgetItem(card_text(card))
            item.setData(Qt.ItemDataRole.UserRole, card["id"])
            item.setToolTip(card_tooltip(card))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsDragEnabled)
            if card["overdue"]:
                item.setForeground(QBrush(OVERDUE_TEXT))
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


class FoldedStrip(QToolButton):
    """A folded column: its name and count written upwards on a narrow strip; click (or Space) unfolds
    it. A card dropped on it still moves to that status."""

    def __init__(self, column: BoardColumn):
        super().__init__()
        self.column = column
        self.setAccessibleName(f"Show the {column.status.label.lower()} column")
        self.setToolTip(f"Show the {column.status.label.lower()} column")
        self.setAcceptDrops(True)
        self.setFixedWidth(34)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.count = 0

    def paintEvent(self, event: Any) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        hover = self.underMouse() or self.hasFocus()
        p.setPen(QPen(QColor(ACCENT) if self.hasFocus() else QColor("#c3ccd5"), 2 if self.hasFocus() else 1))
        p.setBrush(QColor("#dfe5eb") if hover else QColor("#e9edf1"))
        p.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 4, 4)
        p.translate(self.width() / 2, 12)
        p.rotate(90)
        font = QFont(self.font())
        font.setBold(True)
        p.setFont(font)
        p.setPen(QColor(INK))
        text = f"\u25B8  {self.column.status.label} ({self.count})"
        h = QFontMetrics(font).height()
        p.drawText(QRectF(0, -h / 2, self.height() - 24, h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   text)
        p.end()

    def dragEnterEvent(self, event: Any) -> None:
        if event.mimeData().hasFormat(MIME) and event.source() is not self.column:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: Any) -> None:
        self.column.dropEvent(event)


class ColumnBox(QWidget):
    """A column with its heading ("Proposed 6", and how many are overdue). The closed and declined
    columns fold to a strip."""

    folded_changed = Signal()

    def __init__(self, column: BoardColumn):
        super().__init__()
        self.column = column
        self.foldable = column.status in FOLDABLE
        self.heading = QLabel()
        self.heading.setObjectName("subheading")
        self.heading.setBuddy(column)
        self.heading.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.late = QLabel()
        self.late.setStyleSheet(f"color: {ERROR}; font-weight: 600;")
        self.late.setAccessibleName(f"{column.status.label} overdue")
        self.late.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(4)
        top.addWidget(self.heading, 1)
        self.fold_button: QToolButton | None = None
        if self.foldable:
            self.fold_button = QToolButton()
            self.fold_button.setText("\u2039")
            self.fold_button.setAutoRaise(True)
            self.fold_button.setAccessibleName(f"Hide the {column.status.label.lower()} column")
            self.fold_button.setToolTip(f"Fold the {column.status.label.lower()} column to a strip")
            self.fold_button.clicked.connect(lambda: self.set_folded(True))
            top.addWidget(self.fold_button)
        self.open_part = QWidget()
        layout = QVBoxLayout(self.open_part)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.late)
        layout.addWidget(column, 1)
        self.strip = FoldedStrip(column)
        self.strip.clicked.connect(lambda: self.set_folded(False, focus=True))
        self.strip.hide()
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.open_part, 1)
        outer.addWidget(self.strip)
        self.folded = False

    def set_count(self, count: int, overdue: int) -> None:
        label = self.column.status.label
        self.heading.setText(f"{label} <span style='color: {MUTED}; font-weight: 400;'>{count}</span>")
        self.heading.setToolTip(f"{label}: {count} request{'s' if count != 1 else ''}"
                                + (f", {overdue} overdue" if overdue else ""))
        self.late.setText(f"{overdue} overdue" if overdue else "")
        self.column.setAccessibleDescription(f"{count} request{'s' if count != 1 else ''}"
                                             + (f", {overdue} overdue" if overdue else ""))
        self.strip.count = count
        self.strip.setAccessibleDescription(f"{count} request{'s' if count != 1 else ''}")
        self.strip.update()

    def set_folded(self, folded: bool, *, focus: bool = False, remember: bool = True) -> None:
        if not self.foldable or folded == self.folded:
            return
        self.folded = folded
        self.open_part.setVisible(not folded)
        self.strip.setVisible(folded)
        policy = QSizePolicy.Policy.Fixed if folded else QSizePolicy.Policy.Preferred
        self.setSizePolicy(policy, QSizePolicy.Policy.Preferred)
        if remember:
            self.folded_changed.emit()
        if not folded and focus:
            self.column.setFocus()
        elif folded and focus:
            self.strip.setFocus()


def folded_statuses() -> set[TaskStatus]:
    """The columns folded last time (closed and declined the first time)."""
    saved = QSettings().value(SETTINGS_KEY, None)
    if saved is None:
        return set(FOLDABLE)
    values = [saved] if isinstance(saved, str) else list(saved or [])
    return {s for s in FOLDABLE if s.value in values}


def remember_folded(statuses: set[TaskStatus]) -> None:
    QSettings().setValue(SETTINGS_KEY, [s.value for s in FOLDABLE if s in statuses] or "")
