# ruff: noqa
# Generated from ui/preview.ui by ui/compile_forms.py (pyside6-uic): do not edit, edit the .ui.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'preview.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QDialog, QHBoxLayout, QLabel,
    QPushButton, QScrollArea, QSizePolicy, QSpacerItem,
    QSpinBox, QToolButton, QVBoxLayout, QWidget)

class Ui_PreviewDialog(object):
    def setupUi(self, PreviewDialog):
        if not PreviewDialog.objectName():
            PreviewDialog.setObjectName(u"PreviewDialog")
        self.layout = QVBoxLayout(PreviewDialog)
        self.layout.setSpacing(6)
        self.layout.setObjectName(u"layout")
        self.layout.setContentsMargins(11, 11, 11, 11)
        self.banner = QLabel(PreviewDialog)
        self.banner.setObjectName(u"banner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.layout.addWidget(self.banner)

        self.tools = QHBoxLayout()
        self.tools.setSpacing(4)
        self.tools.setObjectName(u"tools")
        self.previous_button = QToolButton(PreviewDialog)
        self.previous_button.setObjectName(u"previous_button")
        self.previous_button.setAutoRaise(False)

        self.tools.addWidget(self.previous_button)

        self.next_button = QToolButton(PreviewDialog)
        self.next_button.setObjectName(u"next_button")
        self.next_button.setAutoRaise(False)

        self.tools.addWidget(self.next_button)

        self.page_label = QLabel(PreviewDialog)
        self.page_label.setObjectName(u"page_label")

        self.tools.addWidget(self.page_label)

        self.page_box = QSpinBox(PreviewDialog)
        self.page_box.setObjectName(u"page_box")
        self.page_box.setKeyboardTracking(False)
        self.page_box.setMinimum(1)

        self.tools.addWidget(self.page_box)

        self.of_label = QLabel(PreviewDialog)
        self.of_label.setObjectName(u"of_label")

        self.tools.addWidget(self.of_label)

        self.spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.tools.addItem(self.spacer)

        self.zoom_out_button = QToolButton(PreviewDialog)
        self.zoom_out_button.setObjectName(u"zoom_out_button")
        self.zoom_out_button.setAutoRaise(False)

        self.tools.addWidget(self.zoom_out_button)

        self.zoom_label = QLabel(PreviewDialog)
        self.zoom_label.setObjectName(u"zoom_label")
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.tools.addWidget(self.zoom_label)

        self.zoom_in_button = QToolButton(PreviewDialog)
        self.zoom_in_button.setObjectName(u"zoom_in_button")
        self.zoom_in_button.setAutoRaise(False)

        self.tools.addWidget(self.zoom_in_button)

        self.fit_width_button = QToolButton(PreviewDialog)
        self.fit_width_button.setObjectName(u"fit_width_button")
        self.fit_width_button.setCheckable(True)
        self.fit_width_button.setAutoRaise(False)

        self.tools.addWidget(self.fit_width_button)

        self.fit_page_button = QToolButton(PreviewDialog)
        self.fit_page_button.setObjectName(u"fit_page_button")
        self.fit_page_button.setCheckable(True)
        self.fit_page_button.setAutoRaise(False)

        self.tools.addWidget(self.fit_page_button)

        self.tools.setStretch(5, 1)

        self.layout.addLayout(self.tools)

        self.scroll = QScrollArea(PreviewDialog)
        self.scroll.setObjectName(u"scroll")
        self.scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.scroll.setWidgetResizable(True)
        self.body = QWidget()
        self.body.setObjectName(u"body")
        self.body.setStyleSheet(u"QWidget#previewBody { background: #d9dee3; }")
        self.column = QVBoxLayout(self.body)
        self.column.setSpacing(12)
        self.column.setObjectName(u"column")
        self.column.setContentsMargins(12, 12, 12, 12)
        self.below_pages = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.column.addItem(self.below_pages)

        self.column.setStretch(0, 1)
        self.scroll.setWidget(self.body)

        self.layout.addWidget(self.scroll)

        self.row = QHBoxLayout()
        self.row.setSpacing(6)
        self.row.setObjectName(u"row")
        self.count = QLabel(PreviewDialog)
        self.count.setObjectName(u"count")

        self.row.addWidget(self.count)

        self.spacer_2 = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.row.addItem(self.spacer_2)

        self.save_button = QPushButton(PreviewDialog)
        self.save_button.setObjectName(u"save_button")

        self.row.addWidget(self.save_button)

        self.print_button = QPushButton(PreviewDialog)
        self.print_button.setObjectName(u"print_button")

        self.row.addWidget(self.print_button)

        self.close_button = QPushButton(PreviewDialog)
        self.close_button.setObjectName(u"close_button")

        self.row.addWidget(self.close_button)

        self.row.setStretch(1, 1)

        self.layout.addLayout(self.row)

        self.layout.setStretch(2, 1)
#if QT_CONFIG(shortcut)
        self.page_label.setBuddy(self.page_box)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.previous_button, self.next_button)
        QWidget.setTabOrder(self.next_button, self.page_box)
        QWidget.setTabOrder(self.page_box, self.zoom_out_button)
        QWidget.setTabOrder(self.zoom_out_button, self.zoom_in_button)
        QWidget.setTabOrder(self.zoom_in_button, self.fit_width_button)
        QWidget.setTabOrder(self.fit_width_button, self.fit_page_button)
        QWidget.setTabOrder(self.fit_page_button, self.scroll)
        QWidget.setTabOrder(self.scroll, self.save_button)
        QWidget.setTabOrder(self.save_button, self.print_button)
        QWidget.setTabOrder(self.print_button, self.close_button)

        self.retranslateUi(PreviewDialog)

        QMetaObject.connectSlotsByName(PreviewDialog)
    # setupUi

    def retranslateUi(self, PreviewDialog):
        PreviewDialog.setWindowTitle(QCoreApplication.translate("PreviewDialog", u"Preview", None))
#if QT_CONFIG(accessibility)
        PreviewDialog.setAccessibleName(QCoreApplication.translate("PreviewDialog", u"Report preview", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.banner.setAccessibleName(QCoreApplication.translate("PreviewDialog", u"Report marking", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.previous_button.setAccessibleName(QCoreApplication.translate("PreviewDialog", u"Previous page", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.previous_button.setToolTip(QCoreApplication.translate("PreviewDialog", u"Previous page (Alt+Up)", None))
#endif // QT_CONFIG(tooltip)
        self.previous_button.setText(QCoreApplication.translate("PreviewDialog", u"\u25b2 Previous", None))
#if QT_CONFIG(accessibility)
        self.next_button.setAccessibleName(QCoreApplication.translate("PreviewDialog", u"Next page", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.next_button.setToolTip(QCoreApplication.translate("PreviewDialog", u"Next page (Alt+Down)", None))
#endif // QT_CONFIG(tooltip)
        self.next_button.setText(QCoreApplication.translate("PreviewDialog", u"Next \u25bc", None))
        self.page_label.setText(QCoreApplication.translate("PreviewDialog", u"Page", None))
#if QT_CONFIG(accessibility)
        self.page_box.setAccessibleName(QCoreApplication.translate("PreviewDialog", u"Page number", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.page_box.setToolTip(QCoreApplication.translate("PreviewDialog", u"Type a page number and press Enter to go to it", None))
#endif // QT_CONFIG(tooltip)
        self.of_label.setText(QCoreApplication.translate("PreviewDialog", u"of 1", None))
#if QT_CONFIG(accessibility)
        self.zoom_out_button.setAccessibleName(QCoreApplication.translate("PreviewDialog", u"Zoom out", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.zoom_out_button.setToolTip(QCoreApplication.translate("PreviewDialog", u"Zoom out (Ctrl+-)", None))
#endif // QT_CONFIG(tooltip)
        self.zoom_out_button.setText(QCoreApplication.translate("PreviewDialog", u"\u2212", None))
#if QT_CONFIG(accessibility)
        self.zoom_label.setAccessibleName(QCoreApplication.translate("PreviewDialog", u"Zoom level", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.zoom_in_button.setAccessibleName(QCoreApplication.translate("PreviewDialog", u"Zoom in", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.zoom_in_button.setToolTip(QCoreApplication.translate("PreviewDialog", u"Zoom in (Ctrl++)", None))
#endif // QT_CONFIG(tooltip)
        self.zoom_in_button.setText(QCoreApplication.translate("PreviewDialog", u"+", None))
#if QT_CONFIG(accessibility)
        self.fit_width_button.setAccessibleName(QCoreApplication.translate("PreviewDialog", u"Fit page width", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.fit_width_button.setToolTip(QCoreApplication.translate("PreviewDialog", u"Fit the page's width to the window (Ctrl+0)", None))
#endif // QT_CONFIG(tooltip)
        self.fit_width_button.setText(QCoreApplication.translate("PreviewDialog", u"Fit &width", None))
#if QT_CONFIG(accessibility)
        self.fit_page_button.setAccessibleName(QCoreApplication.translate("PreviewDialog", u"Fit whole page", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.fit_page_button.setToolTip(QCoreApplication.translate("PreviewDialog", u"Show a whole page at once", None))
#endif // QT_CONFIG(tooltip)
        self.fit_page_button.setText(QCoreApplication.translate("PreviewDialog", u"Whole pa&ge", None))
#if QT_CONFIG(accessibility)
        self.scroll.setAccessibleName(QCoreApplication.translate("PreviewDialog", u"Report pages", None))
#endif // QT_CONFIG(accessibility)
        self.body.setProperty(u"styleName", QCoreApplication.translate("PreviewDialog", u"previewBody", None))
#if QT_CONFIG(accessibility)
        self.count.setAccessibleName(QCoreApplication.translate("PreviewDialog", u"Page count", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.save_button.setAccessibleName(QCoreApplication.translate("PreviewDialog", u"Save the report as PDF", None))
#endif // QT_CONFIG(accessibility)
        self.save_button.setText(QCoreApplication.translate("PreviewDialog", u"&Save as PDF...", None))
#if QT_CONFIG(accessibility)
        self.print_button.setAccessibleName(QCoreApplication.translate("PreviewDialog", u"Print the report", None))
#endif // QT_CONFIG(accessibility)
        self.print_button.setText(QCoreApplication.translate("PreviewDialog", u"&Print...", None))
        self.print_button.setProperty(u"styleName", QCoreApplication.translate("PreviewDialog", u"primary", None))
#if QT_CONFIG(accessibility)
        self.close_button.setAccessibleName(QCoreApplication.translate("PreviewDialog", u"Close preview", None))
#endif // QT_CONFIG(accessibility)
        self.close_button.setText(QCoreApplication.translate("PreviewDialog", u"&Close", None))
    # retranslateUi

