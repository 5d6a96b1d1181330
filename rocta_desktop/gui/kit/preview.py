"""Preview a printed report page by page, then print it through the system print dialog or save it
as PDF. The PDF is built in memory and rendered with PDFium: what the preview shows is exactly the
document that prints or is saved. Zoom in and out (Ctrl++ / Ctrl+-), fit the width (Ctrl+0) or a
whole page, and go to a page; pages are drawn as they come into view. Saving and printing are
audited with the document's marking."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pypdfium2 as pdfium
from PySide6.QtCore import QRect, QSize, Qt, QTimer
from PySide6.QtGui import QImage, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QWidget,
)

from ...domain.errors import RoctaError
from ...domain.markings import Marking
from ...services import returns
from ..forms import polish
from ..forms.ui_preview import Ui_PreviewDialog
from ..ops import Runner
from ..prompts import Prompts
from ..style import marking_style


def _image(bitmap: Any) -> QImage:
    pil = bitmap.to_pil().convert("RGB")
    data = pil.tobytes("raw", "RGB")
    return QImage(data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888).copy()


def render_pages(pdf: bytes, scale: float = 1.2) -> list[QImage]:
    doc = pdfium.PdfDocument(pdf)
    try:
        images = []
        for i in range(len(doc)):
            page = doc[i]
            images.append(_image(page.render(scale=scale)))
            page.close()
        return images
    finally:
        doc.close()


ZOOMS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
SCREEN_DPI = 96   # 100% shows a page at its printed size on a 96 dpi screen
PAGE_GAP = 12


class PageView(QLabel):
    """One page: a white sheet the page's size at the current zoom; its picture is drawn when it
    comes into view (a 50-page pack opens at once and costs memory only for what is seen)."""

    def __init__(self, number: int, total: int):
        super().__init__()
        self.number = number
        self.setAccessibleName(f"Page {number} of {total}")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("border: 1px solid #c3cbd3; background: white;")
        self.zoom: float | None = None   # the zoom its picture was drawn at


class PreviewDialog(QDialog):
    """The document page by page, with zoom (in, out, fit width, whole page; Ctrl++, Ctrl+-,
    Ctrl+0) and page navigation (previous, next, go to page; Page Up/Down scroll)."""

    def __init__(self, ws: Any, title: str, pdf: bytes, marking: Marking, *, what: str, suggested: str,
                 counts: dict[str, int] | None = None, prompts: Prompts | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws, self.pdf, self.marking, self.what = ws, pdf, marking, what
        self.suggested, self.counts = suggested, counts or {}
        self.prompts = prompts or Prompts()
        self.resize(900, 900)
        self.ui = Ui_PreviewDialog()
        self.ui.setupUi(self)  # the frame: ui/preview.ui; the pages are added below
        polish(self)
        self.setWindowTitle(f"Preview \u2014 {title}")
        ui = self.ui
        ui.banner.setText(marking.value)
        ui.banner.setStyleSheet(marking_style(marking))
        self.doc = pdfium.PdfDocument(pdf)
        self.sizes = [self.doc[i].get_size() for i in range(len(self.doc))]   # in points
        #: each page's size at 100%, in pixels
        self.pages = [QSize(round(w * SCREEN_DPI / 72), round(h * SCREEN_DPI / 72)) for w, h in self.sizes]
        self.zoom = 1.0
        self.fit: str | None = "width"   # follows the window until a zoom is chosen
        self.finished.connect(lambda _r: self._close_document())

        # the pages, one widget each, in a column with room to spare below the last, never between
        column = ui.column
        column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        column.setSpacing(PAGE_GAP)  # the gaps `page_top` counts on
        column.setContentsMargins(PAGE_GAP, PAGE_GAP, PAGE_GAP, PAGE_GAP)
        self.page_views = [PageView(n, len(self.pages)) for n in range(1, len(self.pages) + 1)]
        for view in self.page_views:
            column.insertWidget(column.count() - 1, view, 0, Qt.AlignmentFlag.AlignHCenter)
        self.scroll = ui.scroll
        self.scroll.verticalScrollBar().valueChanged.connect(lambda _v: self._schedule())

        # the tool row: pages at the left, zoom in the middle
        self.previous_button, self.next_button = ui.previous_button, ui.next_button
        self.previous_button.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
        self.next_button.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))
        self.page_box = ui.page_box
        self.page_box.setRange(1, max(len(self.pages), 1))
        self.page_box.valueChanged.connect(lambda n: self.go_to_page(n) if n != self.current_page() else None)
        ui.of_label.setText(f"of {len(self.pages)}")
        self.zoom_out_button, self.zoom_in_button = ui.zoom_out_button, ui.zoom_in_button
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.zoom_label = ui.zoom_label
        self.zoom_label.setMinimumWidth(self.zoom_label.fontMetrics().horizontalAdvance("400%") + 8)
        self.fit_width_button, self.fit_page_button = ui.fit_width_button, ui.fit_page_button
        self.fit_width_button.clicked.connect(lambda: self.fit_to("width"))
        self.fit_page_button.clicked.connect(lambda: self.fit_to("page"))
        self.shortcuts: dict[str, QShortcut] = {}
        for keys, slot in (([*QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomIn), "Ctrl++", "Ctrl+="],
                            self.zoom_in),
                           ([*QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomOut), "Ctrl+-"], self.zoom_out),
                           (["Ctrl+0"], lambda: self.fit_to("width")),
                           (["Alt+Up"], lambda: self.go_to_page(self.current_page() - 1)),
                           (["Alt+Down"], lambda: self.go_to_page(self.current_page() + 1))):
            for key in keys:
                sequence = QKeySequence(key)
                text = sequence.toString()
                if text and text not in self.shortcuts:  # one shortcut per key (two would be ambiguous)
                    self.shortcuts[text] = QShortcut(sequence, self)
                    self.shortcuts[text].activated.connect(slot)

        self.count = ui.count
        self.count.setText(f"{len(self.pages)} page{'s' if len(self.pages) != 1 else ''}")
        self.save_button, self.print_button = ui.save_button, ui.print_button
        ui.close_button.clicked.connect(self.reject)
        self.save_button.clicked.connect(lambda: self.save_pdf())
        self.print_button.clicked.connect(lambda: self.print_report())
        self._render_timer = QTimer(self, singleShot=True, interval=0)
        self._render_timer.timeout.connect(self._render_visible)
        self._apply_zoom()
        self.scroll.setFocus()

    # ------------------------------------------------------------------ zoom
    def _fit_zoom(self, how: str) -> float:
        if not self.pages:
            return 1.0
        viewport = self.scroll.viewport()
        width = max(viewport.width() - 2 * PAGE_GAP - 4, 100)
        height = max(viewport.height() - 2 * PAGE_GAP - 4, 100)
        widest = max(p.width() for p in self.pages)
        by_width = width / widest
        if how == "width":
            return by_width
        return min(by_width, height / max(p.height() for p in self.pages))

    def set_zoom(self, zoom: float) -> None:
        """A zoom chosen by hand (it no longer follows the window)."""
        self.fit = None
        self._apply_zoom(min(max(zoom, ZOOMS[0]), ZOOMS[-1]))

    def zoom_in(self) -> None:
        self.set_zoom(next((z for z in ZOOMS if z > self.zoom + 0.005), ZOOMS[-1]))

    def zoom_out(self) -> None:
        self.set_zoom(next((z for z in reversed(ZOOMS) if z < self.zoom - 0.005), ZOOMS[0]))

    def fit_to(self, how: str) -> None:
        """"width": the page's width fills the window; "page": a whole page shows. Either follows
        the window as it is resized."""
        self.fit = how
        self._apply_zoom()

    def _apply_zoom(self, zoom: float | None = None) -> None:
        page = self.current_page() if self.page_views and self.isVisible() else 1
        self.zoom = self._fit_zoom(self.fit) if self.fit else (zoom if zoom is not None else self.zoom)
        for view, size in zip(self.page_views, self.pages):
            view.setFixedSize(round(size.width() * self.zoom) + 2, round(size.height() * self.zoom) + 2)
            if view.zoom is not None and abs(view.zoom - self.zoom) > 1e-3:
                view.clear()
                view.zoom = None
        self.zoom_label.setText(f"{round(self.zoom * 100)}%")
        self.zoom_label.setAccessibleDescription(f"{round(self.zoom * 100)} percent")
        self.zoom_in_button.setEnabled(self.zoom < ZOOMS[-1] - 0.005)
        self.zoom_out_button.setEnabled(self.zoom > ZOOMS[0] + 0.005)
        self.fit_width_button.setChecked(self.fit == "width")
        self.fit_page_button.setChecked(self.fit == "page")
        if self.isVisible():  # the pages' new places at once (the scroll area would wait for its next layout)
            body = self.scroll.widget()
            body.resize(max(body.width(), max(v.width() for v in self.page_views) + 2 * PAGE_GAP),
                        self.page_top(len(self.page_views) + 1))
            body.layout().activate()
            self.go_to_page(page)
        self._schedule()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self.fit:
            self._apply_zoom()
        self._schedule()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.fit:
            self._apply_zoom()

    # ------------------------------------------------------------------ pages
    def page_top(self, number: int) -> int:
        """Where page `number` (1-based) starts in the column of pages (one past the last: its end)."""
        return PAGE_GAP + sum(v.height() + PAGE_GAP for v in self.page_views[:number - 1])

    def current_page(self) -> int:
        """The page at the top of the view (1-based)."""
        top = self.scroll.verticalScrollBar().value() + PAGE_GAP
        for view in self.page_views:
            if self.page_top(view.number) + view.height() > top + 2:
                return view.number
        return len(self.page_views)

    def go_to_page(self, number: int) -> None:
        if not self.page_views:
            return
        number = min(max(number, 1), len(self.page_views))
        self.scroll.verticalScrollBar().setValue(self.page_top(number) - PAGE_GAP)
        self._update_page_box(number)
        self._schedule()

    def _update_page_box(self, number: int | None = None) -> None:
        number = number or self.current_page()
        self.page_box.blockSignals(True)
        self.page_box.setValue(number)
        self.page_box.blockSignals(False)
        self.previous_button.setEnabled(number > 1)
        self.next_button.setEnabled(number < len(self.page_views))

    def _schedule(self) -> None:
        if hasattr(self, "_render_timer"):
            self._render_timer.start()

    def visible_pages(self) -> list[int]:
        viewport = self.scroll.viewport()
        top = self.scroll.verticalScrollBar().value()
        bottom = top + viewport.height()
        tops = [self.page_top(v.number) for v in self.page_views]
        return [v.number for v, y in zip(self.page_views, tops) if y < bottom and y + v.height() > top]

    def _render_visible(self) -> None:
        """Draw the pages in view (and the next one), at the zoom and the screen's pixel ratio;
        forget the pictures of pages far away."""
        if self.doc is None:
            return
        shown = self.visible_pages() or [1]
        wanted = set(range(max(shown[0] - 1, 1), min(shown[-1] + 1, len(self.page_views)) + 1))
        ratio = self.devicePixelRatioF()
        for view in self.page_views:
            if view.number in wanted and view.zoom is None:
                page = self.doc[view.number - 1]
                try:
                    image = _image(page.render(scale=self.zoom * SCREEN_DPI / 72 * ratio))
                finally:
                    page.close()
                pixmap = QPixmap.fromImage(image)
                pixmap.setDevicePixelRatio(ratio)
                view.setPixmap(pixmap)
                view.zoom = self.zoom
            elif view.number not in wanted and abs(view.number - shown[0]) > 4 and view.zoom is not None:
                view.clear()
                view.zoom = None
        self._update_page_box()

    def _close_document(self) -> None:
        if self.doc is not None:
            self.doc.close()
            self.doc = None

    def _audit(self, how: str, where: str) -> None:
        """The audit entry for a report printed (if it cannot be written, a warning says so: the
        paper is already out)."""
        Runner(self, self.ws, prompts=self.prompts, title="Report: the audit entry was not written").write(
            f"export.{self.what}", returns.record_export, what=f"{self.what} ({how})", path=where,
            marking=self.marking, counts={**self.counts, "pages": len(self.pages)})

    def save_pdf(self, path: str | None = None) -> str | None:
        path = path or self.prompts.choose_save_file(self, "Save the report", self.suggested, "PDF (*.pdf)")
        if not path:
            return None
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        from ...exchange.exports import save_bytes
        try:
            save_bytes(self.ws, path, self.pdf, what=f"{self.what} (saved)", marking=self.marking,
                       counts={**self.counts, "pages": len(self.pages)})
        except (OSError, RoctaError) as exc:
            self.prompts.warning(self, "Save the report", f"{path} was not written: {getattr(exc, 'strerror', None) or exc}")
            return None
        return path

    def print_report(self, printer: QPrinter | None = None,
                     ask: Callable[[QPrinter], bool] | None = None) -> bool:
        printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        if ask is None:
            dialog = QPrintDialog(printer, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
        elif not ask(printer):
            return False
        painter = QPainter()
        if not painter.begin(printer):
            self.prompts.warning(self, "Print", "The printer could not be started.")
            return False
        try:
            for n, image in enumerate(render_pages(self.pdf, scale=printer.resolution() / 72), start=1):
                if n > 1:
                    printer.newPage()
                area = painter.viewport()
                size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(area.x(), area.y(), size.width(), size.height()), image)
        finally:
            painter.end()
        self._audit("printed", printer.printerName() or printer.outputFileName() or "printer")
        return True


def pack_preview(ws: Any, subject_id: int, prompts: Prompts, parent: QWidget | None) -> PreviewDialog:
    """The assessment pack of a subject, built in memory and shown for preview and printing."""
    from ...exchange.pdf.pack import build_pack
    from ...services import reports
    data = ws.read(reports.assessment_pack, subject_id)
    pdf = build_pack(data, None, produced_by=ws.actor.label)
    return PreviewDialog(ws, data.title, pdf, data.marking, what="pack",
                         suggested=f"{data.subject['reference']}-assessment-pack.pdf",
                         counts={"subject": 1, "assessments": len(data.results)}, prompts=prompts, parent=parent)
