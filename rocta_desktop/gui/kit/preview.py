"""Preview a printed report page by page, then print it through the system print dialog or save it
as PDF. The PDF is built in memory and rendered with PDFium: what the preview shows is exactly the
document that prints or is saved. Saving and printing are audited with the document's marking."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pypdfium2 as pdfium
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from ...domain.errors import RoctaError
from ...domain.markings import Marking
from ...services import returns
from ..prompts import Prompts
from ..style import marking_style


def render_pages(pdf: bytes, scale: float = 1.2) -> list[QImage]:
    doc = pdfium.PdfDocument(pdf)
    try:
        images = []
        for i in range(len(doc)):
            page = doc[i]
            bitmap = page.render(scale=scale)
            pil = bitmap.to_pil().convert("RGB")
            data = pil.tobytes("raw", "RGB")
            image = QImage(data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888).copy()
            images.append(image)
            page.close()
        return images
    finally:
        doc.close()


class PreviewDialog(QDialog):
    def __init__(self, ws: Any, title: str, pdf: bytes, marking: Marking, *, what: str, suggested: str,
                 counts: dict[str, int] | None = None, prompts: Prompts | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws, self.pdf, self.marking, self.what = ws, pdf, marking, what
        self.suggested, self.counts = suggested, counts or {}
        self.prompts = prompts or Prompts()
        self.setWindowTitle(f"Preview \u2014 {title}")
        self.setAccessibleName("Report preview")
        self.resize(860, 900)
        banner = QLabel(marking.value)
        banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        banner.setStyleSheet(marking_style(marking))
        banner.setAccessibleName("Report marking")
        self.pages = render_pages(pdf)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        for n, image in enumerate(self.pages, start=1):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setAccessibleName(f"Page {n} of {len(self.pages)}")
            label.setStyleSheet("border: 1px solid #c3cbd3; background: white;")
            column.addWidget(label)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName("Report pages")
        self.count = QLabel(f"{len(self.pages)} page{'s' if len(self.pages) != 1 else ''}")
        self.count.setAccessibleName("Page count")
        self.save_button = QPushButton("&Save as PDF...")
        self.save_button.setAccessibleName("Save the report as PDF")
        self.print_button = QPushButton("&Print...")
        self.print_button.setObjectName("primary")
        self.print_button.setAccessibleName("Print the report")
        close = QPushButton("&Close")
        close.setAccessibleName("Close preview")
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.count)
        row.addStretch(1)
        for b in (self.save_button, self.print_button, close):
            row.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(banner)
        layout.addWidget(scroll, 1)
        layout.addLayout(row)
        self.save_button.clicked.connect(lambda: self.save_pdf())
        self.print_button.clicked.connect(lambda: self.print_report())

    def _audit(self, how: str, where: str) -> None:
        try:
            self.ws.write(f"export.{self.what}", returns.record_export, what=f"{self.what} ({how})", path=where,
                          marking=self.marking, counts={**self.counts, "pages": len(self.pages)})
        except RoctaError as exc:
            self.prompts.warning(self, "Report", f"The audit entry could not be written: {exc}")

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
