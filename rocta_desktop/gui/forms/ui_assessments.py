# ruff: noqa
# Generated from ui/assessments.ui by ui/compile_forms.py (pyside6-uic): do not edit, edit the .ui.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'assessments.ui'
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
from PySide6.QtWidgets import (QApplication, QComboBox, QHBoxLayout, QHeaderView,
    QLabel, QPushButton, QSizePolicy, QSpacerItem,
    QTabWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from rocta_desktop.gui.tables import RecordTable

class Ui_AssessmentsPage(object):
    def setupUi(self, AssessmentsPage):
        if not AssessmentsPage.objectName():
            AssessmentsPage.setObjectName(u"AssessmentsPage")
        self.layout = QVBoxLayout(AssessmentsPage)
        self.layout.setSpacing(6)
        self.layout.setObjectName(u"layout")
        self.layout.setContentsMargins(16, 12, 16, 12)
        self.top_row = QHBoxLayout()
        self.top_row.setSpacing(6)
        self.top_row.setObjectName(u"top_row")
        self.heading = QLabel(AssessmentsPage)
        self.heading.setObjectName(u"heading")

        self.top_row.addWidget(self.heading)

        self.spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.top_row.addItem(self.spacer)

        self.schemes_button = QPushButton(AssessmentsPage)
        self.schemes_button.setObjectName(u"schemes_button")

        self.top_row.addWidget(self.schemes_button)

        self.new_button = QPushButton(AssessmentsPage)
        self.new_button.setObjectName(u"new_button")

        self.top_row.addWidget(self.new_button)

        self.top_row.setStretch(1, 1)

        self.layout.addLayout(self.top_row)

        self.tabs = QTabWidget(AssessmentsPage)
        self.tabs.setObjectName(u"tabs")
        self.work_tab = QWidget()
        self.work_tab.setObjectName(u"work_tab")
        self.work_tab_layout = QVBoxLayout(self.work_tab)
        self.work_tab_layout.setSpacing(6)
        self.work_tab_layout.setObjectName(u"work_tab_layout")
        self.work_tab_layout.setContentsMargins(9, 9, 9, 9)
        self.filter_row = QHBoxLayout()
        self.filter_row.setSpacing(6)
        self.filter_row.setObjectName(u"filter_row")
        self.status_label = QLabel(self.work_tab)
        self.status_label.setObjectName(u"status_label")

        self.filter_row.addWidget(self.status_label)

        self.filter = QComboBox(self.work_tab)
        self.filter.setObjectName(u"filter")

        self.filter_row.addWidget(self.filter)

        self.count = QLabel(self.work_tab)
        self.count.setObjectName(u"count")

        self.filter_row.addWidget(self.count)

        self.columns_button = QPushButton(self.work_tab)
        self.columns_button.setObjectName(u"columns_button")

        self.filter_row.addWidget(self.columns_button)

        self.filter_row.setStretch(2, 1)

        self.work_tab_layout.addLayout(self.filter_row)

        self.work = RecordTable(self.work_tab)
        self.work.setObjectName(u"work")

        self.work_tab_layout.addWidget(self.work)

        self.work_buttons = QHBoxLayout()
        self.work_buttons.setSpacing(6)
        self.work_buttons.setObjectName(u"work_buttons")
        self.open_button = QPushButton(self.work_tab)
        self.open_button.setObjectName(u"open_button")

        self.work_buttons.addWidget(self.open_button)

        self.reassess_button = QPushButton(self.work_tab)
        self.reassess_button.setObjectName(u"reassess_button")

        self.work_buttons.addWidget(self.reassess_button)

        self.discard_button = QPushButton(self.work_tab)
        self.discard_button.setObjectName(u"discard_button")

        self.work_buttons.addWidget(self.discard_button)

        self.subject_button = QPushButton(self.work_tab)
        self.subject_button.setObjectName(u"subject_button")

        self.work_buttons.addWidget(self.subject_button)

        self.spacer_2 = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.work_buttons.addItem(self.spacer_2)

        self.work_buttons.setStretch(4, 1)

        self.work_tab_layout.addLayout(self.work_buttons)

        self.work_tab_layout.setStretch(1, 1)
        self.tabs.addTab(self.work_tab, "")
        self.reviews_due_tab = QWidget()
        self.reviews_due_tab.setObjectName(u"reviews_due_tab")
        self.reviews_due_tab_layout = QVBoxLayout(self.reviews_due_tab)
        self.reviews_due_tab_layout.setSpacing(6)
        self.reviews_due_tab_layout.setObjectName(u"reviews_due_tab_layout")
        self.reviews_due_tab_layout.setContentsMargins(9, 9, 9, 9)
        self.due_note = QLabel(self.reviews_due_tab)
        self.due_note.setObjectName(u"due_note")

        self.reviews_due_tab_layout.addWidget(self.due_note)

        self.due = RecordTable(self.reviews_due_tab)
        self.due.setObjectName(u"due")

        self.reviews_due_tab_layout.addWidget(self.due)

        self.due_buttons = QHBoxLayout()
        self.due_buttons.setSpacing(6)
        self.due_buttons.setObjectName(u"due_buttons")
        self.due_reassess = QPushButton(self.reviews_due_tab)
        self.due_reassess.setObjectName(u"due_reassess")

        self.due_buttons.addWidget(self.due_reassess)

        self.spacer_3 = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.due_buttons.addItem(self.spacer_3)

        self.due_buttons.setStretch(1, 1)

        self.reviews_due_tab_layout.addLayout(self.due_buttons)

        self.reviews_due_tab_layout.setStretch(1, 1)
        self.tabs.addTab(self.reviews_due_tab, "")
        self.disagreements_tab = QWidget()
        self.disagreements_tab.setObjectName(u"disagreements_tab")
        self.disagreements_tab_layout = QVBoxLayout(self.disagreements_tab)
        self.disagreements_tab_layout.setSpacing(6)
        self.disagreements_tab_layout.setObjectName(u"disagreements_tab_layout")
        self.disagreements_tab_layout.setContentsMargins(9, 9, 9, 9)
        self.disagree_note = QLabel(self.disagreements_tab)
        self.disagree_note.setObjectName(u"disagree_note")
        self.disagree_note.setWordWrap(True)

        self.disagreements_tab_layout.addWidget(self.disagree_note)

        self.disagree = RecordTable(self.disagreements_tab)
        self.disagree.setObjectName(u"disagree")

        self.disagreements_tab_layout.addWidget(self.disagree)

        self.disagreements_tab_layout.setStretch(1, 1)
        self.tabs.addTab(self.disagreements_tab, "")

        self.layout.addWidget(self.tabs)

        self.layout.setStretch(1, 1)
#if QT_CONFIG(shortcut)
        self.status_label.setBuddy(self.filter)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.schemes_button, self.new_button)
        QWidget.setTabOrder(self.new_button, self.tabs)
        QWidget.setTabOrder(self.tabs, self.filter)
        QWidget.setTabOrder(self.filter, self.columns_button)
        QWidget.setTabOrder(self.columns_button, self.work)
        QWidget.setTabOrder(self.work, self.open_button)
        QWidget.setTabOrder(self.open_button, self.reassess_button)
        QWidget.setTabOrder(self.reassess_button, self.discard_button)
        QWidget.setTabOrder(self.discard_button, self.subject_button)
        QWidget.setTabOrder(self.subject_button, self.due)
        QWidget.setTabOrder(self.due, self.due_reassess)
        QWidget.setTabOrder(self.due_reassess, self.disagree)

        self.retranslateUi(AssessmentsPage)

        QMetaObject.connectSlotsByName(AssessmentsPage)
    # setupUi

    def retranslateUi(self, AssessmentsPage):
#if QT_CONFIG(accessibility)
        AssessmentsPage.setAccessibleName(QCoreApplication.translate("AssessmentsPage", u"Assessments page", None))
#endif // QT_CONFIG(accessibility)
        self.heading.setText(QCoreApplication.translate("AssessmentsPage", u"Assessments", None))
        self.heading.setProperty(u"styleName", QCoreApplication.translate("AssessmentsPage", u"heading", None))
#if QT_CONFIG(tooltip)
        self.schemes_button.setToolTip(QCoreApplication.translate("AssessmentsPage", u"The schemes on offer; administrators import a ROCU's own scheme here", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.schemes_button.setAccessibleName(QCoreApplication.translate("AssessmentsPage", u"Assessment schemes", None))
#endif // QT_CONFIG(accessibility)
        self.schemes_button.setText(QCoreApplication.translate("AssessmentsPage", u"Sc&hemes...", None))
#if QT_CONFIG(tooltip)
        self.new_button.setToolTip(QCoreApplication.translate("AssessmentsPage", u"Choose a subject, then a method (Ctrl+N)", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.new_button.setAccessibleName(QCoreApplication.translate("AssessmentsPage", u"New assessment", None))
#endif // QT_CONFIG(accessibility)
        self.new_button.setText(QCoreApplication.translate("AssessmentsPage", u"&New assessment...", None))
        self.new_button.setProperty(u"styleName", QCoreApplication.translate("AssessmentsPage", u"primary", None))
#if QT_CONFIG(accessibility)
        self.tabs.setAccessibleName(QCoreApplication.translate("AssessmentsPage", u"Assessment lists", None))
#endif // QT_CONFIG(accessibility)
        self.status_label.setText(QCoreApplication.translate("AssessmentsPage", u"S&tatus:", None))
#if QT_CONFIG(accessibility)
        self.filter.setAccessibleName(QCoreApplication.translate("AssessmentsPage", u"Show assessments", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.count.setAccessibleName(QCoreApplication.translate("AssessmentsPage", u"Assessment count", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.columns_button.setToolTip(QCoreApplication.translate("AssessmentsPage", u"Show or hide columns of the list; until you choose, the least important are left out while the window is narrow", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.columns_button.setAccessibleName(QCoreApplication.translate("AssessmentsPage", u"Choose assessment list columns", None))
#endif // QT_CONFIG(accessibility)
        self.columns_button.setText(QCoreApplication.translate("AssessmentsPage", u"&Columns", None))
#if QT_CONFIG(accessibility)
        self.work.setAccessibleName(QCoreApplication.translate("AssessmentsPage", u"Assessments", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.open_button.setToolTip(QCoreApplication.translate("AssessmentsPage", u"Continue a draft, review a submitted assessment, or view an approved one (Enter)", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.open_button.setAccessibleName(QCoreApplication.translate("AssessmentsPage", u"Open selected assessment", None))
#endif // QT_CONFIG(accessibility)
        self.open_button.setText(QCoreApplication.translate("AssessmentsPage", u"&Open", None))
#if QT_CONFIG(accessibility)
        self.reassess_button.setAccessibleName(QCoreApplication.translate("AssessmentsPage", u"Re-assess selected subject", None))
#endif // QT_CONFIG(accessibility)
        self.reassess_button.setText(QCoreApplication.translate("AssessmentsPage", u"Re-&assess", None))
#if QT_CONFIG(accessibility)
        self.discard_button.setAccessibleName(QCoreApplication.translate("AssessmentsPage", u"Discard selected draft", None))
#endif // QT_CONFIG(accessibility)
        self.discard_button.setText(QCoreApplication.translate("AssessmentsPage", u"&Discard draft", None))
#if QT_CONFIG(accessibility)
        self.subject_button.setAccessibleName(QCoreApplication.translate("AssessmentsPage", u"Open the assessed subject", None))
#endif // QT_CONFIG(accessibility)
        self.subject_button.setText(QCoreApplication.translate("AssessmentsPage", u"Open &subject", None))
        self.tabs.setTabText(self.tabs.indexOf(self.work_tab), QCoreApplication.translate("AssessmentsPage", u"&Work", None))
#if QT_CONFIG(accessibility)
        self.due_note.setAccessibleName(QCoreApplication.translate("AssessmentsPage", u"Reviews due summary", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.due.setAccessibleName(QCoreApplication.translate("AssessmentsPage", u"Reviews due", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.due_reassess.setAccessibleName(QCoreApplication.translate("AssessmentsPage", u"Re-assess the subject of the selected review", None))
#endif // QT_CONFIG(accessibility)
        self.due_reassess.setText(QCoreApplication.translate("AssessmentsPage", u"Re-assess &now", None))
        self.tabs.setTabText(self.tabs.indexOf(self.reviews_due_tab), QCoreApplication.translate("AssessmentsPage", u"Reviews d&ue", None))
#if QT_CONFIG(accessibility)
        self.disagree_note.setAccessibleName(QCoreApplication.translate("AssessmentsPage", u"Method disagreements explanation", None))
#endif // QT_CONFIG(accessibility)
        self.disagree_note.setText(QCoreApplication.translate("AssessmentsPage", u"Subjects whose latest approved MoRiLE and OCGM results are far apart (outlying assessments to review together).", None))
#if QT_CONFIG(accessibility)
        self.disagree.setAccessibleName(QCoreApplication.translate("AssessmentsPage", u"Method disagreements", None))
#endif // QT_CONFIG(accessibility)
        self.tabs.setTabText(self.tabs.indexOf(self.disagreements_tab), QCoreApplication.translate("AssessmentsPage", u"D&isagreements", None))
    # retranslateUi

