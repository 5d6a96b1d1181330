"""Every modal question the shell asks goes through one `Prompts` object.

Windows hold one as `self.prompts`; tests swap in a fake that records what was asked and answers
from a script, so no test ever blocks on a modal dialog.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QWidget,
)


class Prompts:
    # ------------------------------------------------------------------ messages
    def information(self, parent: QWidget | None, title: str, text: str) -> None:
        self._box(parent, QMessageBox.Icon.Information, title, text).exec()

    def warning(self, parent: QWidget | None, title: str, text: str) -> None:
        self._box(parent, QMessageBox.Icon.Warning, title, text).exec()

    def critical(self, parent: QWidget | None, title: str, text: str, details: str | None = None) -> None:
        box = self._box(parent, QMessageBox.Icon.Critical, title, text)
        if details:
            box.setInformativeText(details)
        box.exec()

    def question(self, parent: QWidget | None, title: str, text: str, *, yes: str = "&Yes",
                 no: str = "&No") -> bool:
        box = self._box(parent, QMessageBox.Icon.Question, title, text, buttons=False)
        yes_button = box.addButton(yes, QMessageBox.ButtonRole.YesRole)
        no_button = box.addButton(no, QMessageBox.ButtonRole.NoRole)
        yes_button.setAccessibleName(yes.replace("&", ""))
        no_button.setAccessibleName(no.replace("&", ""))
        box.setDefaultButton(no_button)  # the safe answer is the default
        box.setEscapeButton(no_button)
        box.exec()
        return box.clickedButton() is yes_button

    @staticmethod
    def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, *,
             buttons: bool = True) -> QMessageBox:
        box = QMessageBox(icon, title, text, parent=parent)
        box.setAccessibleName(title)
        if buttons:
            ok = box.addButton(QMessageBox.StandardButton.Ok)
            ok.setAccessibleName("OK")
        return box

    # ------------------------------------------------------------------ choosers
    def choose_folder(self, parent: QWidget | None, title: str, start: str = "") -> str | None:
        folder = QFileDialog.getExistingDirectory(parent, title, start)
        return folder or None

    def choose_file(self, parent: QWidget | None, title: str, filter: str = "") -> str | None:
        path, _ = QFileDialog.getOpenFileName(parent, title, "", filter)
        return path or None

    def choose_save_file(self, parent: QWidget | None, title: str, suggested: str = "",
                         filter: str = "") -> str | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filter)
        return path or None

    def ask_text(self, parent: QWidget | None, title: str, label: str, *,
                 echo: QLineEdit.EchoMode = QLineEdit.EchoMode.Normal) -> str | None:
        """One line of text, or None if cancelled or left empty."""
        text, ok = QInputDialog.getText(parent, title, label, echo)
        return text if ok and text.strip() else None

    def run_dialog(self, dialog: QDialog) -> int:
        """Run a dialog of ours modally; tests replace this to drive the dialog instead."""
        return dialog.exec()
