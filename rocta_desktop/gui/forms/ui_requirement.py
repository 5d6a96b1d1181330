# ruff: noqa
# Generated from ui/requirement.ui by ui/compile_forms.py (pyside6-uic): do not edit, edit the .ui.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'requirement.ui'
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
from PySide6.QtWidgets import (QApplication, QComboBox, QDialog, QFormLayout,
    QFrame, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit,
    QPushButton, QScrollArea, QSizePolicy, QSpacerItem,
    QTabWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from rocta_desktop.gui.kit.fields import OptionalDate
from rocta_desktop.gui.tables import RecordTable

class Ui_RequirementDialog(object):
    def setupUi(self, RequirementDialog):
        if not RequirementDialog.objectName():
            RequirementDialog.setObjectName(u"RequirementDialog")
        self.layout = QVBoxLayout(RequirementDialog)
        self.layout.setSpacing(6)
        self.layout.setObjectName(u"layout")
        self.layout.setContentsMargins(11, 11, 11, 11)
        self.banner = QLabel(RequirementDialog)
        self.banner.setObjectName(u"banner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignHCenter|Qt.AlignmentFlag.AlignVCenter)

        self.layout.addWidget(self.banner)

        self.status = QLabel(RequirementDialog)
        self.status.setObjectName(u"status")
        self.status.setWordWrap(True)

        self.layout.addWidget(self.status)

        self.tabs = QTabWidget(RequirementDialog)
        self.tabs.setObjectName(u"tabs")
        self.details_scroll = QScrollArea()
        self.details_scroll.setObjectName(u"details_scroll")
        self.details_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.details_scroll.setWidgetResizable(True)
        self.form_box = QWidget()
        self.form_box.setObjectName(u"form_box")
        self.form = QFormLayout(self.form_box)
        self.form.setObjectName(u"form")
        self.form.setHorizontalSpacing(6)
        self.form.setVerticalSpacing(6)
        self.form.setContentsMargins(9, 9, 9, 9)
        self.question_label = QLabel(self.form_box)
        self.question_label.setObjectName(u"question_label")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.question_label)

        self.question_box = QWidget(self.form_box)
        self.question_box.setObjectName(u"question_box")
        self.question_box_layout = QVBoxLayout(self.question_box)
        self.question_box_layout.setSpacing(3)
        self.question_box_layout.setObjectName(u"question_box_layout")
        self.question_box_layout.setContentsMargins(0, 0, 0, 0)
        self.question = QPlainTextEdit(self.question_box)
        self.question.setObjectName(u"question")
        self.question.setMinimumSize(QSize(0, 70))
        self.question.setMaximumSize(QSize(16777215, 70))
        self.question.setTabChangesFocus(True)

        self.question_box_layout.addWidget(self.question)

        self.question_error = QLabel(self.question_box)
        self.question_error.setObjectName(u"question_error")
        self.question_error.setVisible(False)
        self.question_error.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.question_error.setWordWrap(True)
        self.question_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.question_box_layout.addWidget(self.question_error)


        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.question_box)

        self.themes_label = QLabel(self.form_box)
        self.themes_label.setObjectName(u"themes_label")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.themes_label)

        self.themes_box = QWidget(self.form_box)
        self.themes_box.setObjectName(u"themes_box")
        self.themes_box_layout = QVBoxLayout(self.themes_box)
        self.themes_box_layout.setSpacing(3)
        self.themes_box_layout.setObjectName(u"themes_box_layout")
        self.themes_box_layout.setContentsMargins(0, 0, 0, 0)
        self.themes = QLineEdit(self.themes_box)
        self.themes.setObjectName(u"themes")

        self.themes_box_layout.addWidget(self.themes)

        self.themes_error = QLabel(self.themes_box)
        self.themes_error.setObjectName(u"themes_error")
        self.themes_error.setVisible(False)
        self.themes_error.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.themes_error.setWordWrap(True)
        self.themes_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.themes_box_layout.addWidget(self.themes_error)


        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.themes_box)

        self.priority_label = QLabel(self.form_box)
        self.priority_label.setObjectName(u"priority_label")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.priority_label)

        self.priority_box = QWidget(self.form_box)
        self.priority_box.setObjectName(u"priority_box")
        self.priority_box_layout = QVBoxLayout(self.priority_box)
        self.priority_box_layout.setSpacing(3)
        self.priority_box_layout.setObjectName(u"priority_box_layout")
        self.priority_box_layout.setContentsMargins(0, 0, 0, 0)
        self.priority = QComboBox(self.priority_box)
        self.priority.setObjectName(u"priority")

        self.priority_box_layout.addWidget(self.priority)

        self.priority_error = QLabel(self.priority_box)
        self.priority_error.setObjectName(u"priority_error")
        self.priority_error.setVisible(False)
        self.priority_error.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.priority_error.setWordWrap(True)
        self.priority_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.priority_box_layout.addWidget(self.priority_error)


        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.priority_box)

        self.owner_label = QLabel(self.form_box)
        self.owner_label.setObjectName(u"owner_label")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.owner_label)

        self.owner_box = QWidget(self.form_box)
        self.owner_box.setObjectName(u"owner_box")
        self.owner_box_layout = QVBoxLayout(self.owner_box)
        self.owner_box_layout.setSpacing(3)
        self.owner_box_layout.setObjectName(u"owner_box_layout")
        self.owner_box_layout.setContentsMargins(0, 0, 0, 0)
        self.owner = QLineEdit(self.owner_box)
        self.owner.setObjectName(u"owner")

        self.owner_box_layout.addWidget(self.owner)

        self.owner_error = QLabel(self.owner_box)
        self.owner_error.setObjectName(u"owner_error")
        self.owner_error.setVisible(False)
        self.owner_error.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.owner_error.setWordWrap(True)
        self.owner_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.owner_box_layout.addWidget(self.owner_error)


        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.owner_box)

        self.due_label = QLabel(self.form_box)
        self.due_label.setObjectName(u"due_label")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.due_label)

        self.due_box = QWidget(self.form_box)
        self.due_box.setObjectName(u"due_box")
        self.due_box_layout = QVBoxLayout(self.due_box)
        self.due_box_layout.setSpacing(3)
        self.due_box_layout.setObjectName(u"due_box_layout")
        self.due_box_layout.setContentsMargins(0, 0, 0, 0)
        self.due = OptionalDate(self.due_box)
        self.due.setObjectName(u"due")

        self.due_box_layout.addWidget(self.due)

        self.due_on_error = QLabel(self.due_box)
        self.due_on_error.setObjectName(u"due_on_error")
        self.due_on_error.setVisible(False)
        self.due_on_error.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.due_on_error.setWordWrap(True)
        self.due_on_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.due_box_layout.addWidget(self.due_on_error)


        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.due_box)

        self.agencies_tasked_label = QLabel(self.form_box)
        self.agencies_tasked_label.setObjectName(u"agencies_tasked_label")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.agencies_tasked_label)

        self.agencies_box = QWidget(self.form_box)
        self.agencies_box.setObjectName(u"agencies_box")
        self.agencies_box_layout = QVBoxLayout(self.agencies_box)
        self.agencies_box_layout.setSpacing(3)
        self.agencies_box_layout.setObjectName(u"agencies_box_layout")
        self.agencies_box_layout.setContentsMargins(0, 0, 0, 0)
        self.agencies = QListWidget(self.agencies_box)
        self.agencies.setObjectName(u"agencies")
        self.agencies.setMaximumSize(QSize(16777215, 120))

        self.agencies_box_layout.addWidget(self.agencies)

        self.agency_ids_error = QLabel(self.agencies_box)
        self.agency_ids_error.setObjectName(u"agency_ids_error")
        self.agency_ids_error.setVisible(False)
        self.agency_ids_error.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.agency_ids_error.setWordWrap(True)
        self.agency_ids_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.agencies_box_layout.addWidget(self.agency_ids_error)


        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.agencies_box)

        self.subjects_label = QLabel(self.form_box)
        self.subjects_label.setObjectName(u"subjects_label")

        self.form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.subjects_label)

        self.subjects_box = QWidget(self.form_box)
        self.subjects_box.setObjectName(u"subjects_box")
        self.subjects_box_layout = QVBoxLayout(self.subjects_box)
        self.subjects_box_layout.setSpacing(3)
        self.subjects_box_layout.setObjectName(u"subjects_box_layout")
        self.subjects_box_layout.setContentsMargins(0, 0, 0, 0)
        self.subjects_row = QWidget(self.subjects_box)
        self.subjects_row.setObjectName(u"subjects_row")
        self.subjects_row_layout = QHBoxLayout(self.subjects_row)
        self.subjects_row_layout.setSpacing(6)
        self.subjects_row_layout.setObjectName(u"subjects_row_layout")
        self.subjects_row_layout.setContentsMargins(0, 0, 0, 0)
        self.subjects = QListWidget(self.subjects_row)
        self.subjects.setObjectName(u"subjects")
        self.subjects.setMaximumSize(QSize(16777215, 80))

        self.subjects_row_layout.addWidget(self.subjects)

        self.subject_buttons = QVBoxLayout()
        self.subject_buttons.setSpacing(6)
        self.subject_buttons.setObjectName(u"subject_buttons")
        self.add_subject = QPushButton(self.subjects_row)
        self.add_subject.setObjectName(u"add_subject")
        self.add_subject.setAutoDefault(True)

        self.subject_buttons.addWidget(self.add_subject)

        self.remove_subject = QPushButton(self.subjects_row)
        self.remove_subject.setObjectName(u"remove_subject")
        self.remove_subject.setAutoDefault(True)

        self.subject_buttons.addWidget(self.remove_subject)

        self.spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.subject_buttons.addItem(self.spacer)

        self.subject_buttons.setStretch(2, 1)

        self.subjects_row_layout.addLayout(self.subject_buttons)

        self.subjects_row_layout.setStretch(0, 1)

        self.subjects_box_layout.addWidget(self.subjects_row)

        self.subject_ids_error = QLabel(self.subjects_box)
        self.subject_ids_error.setObjectName(u"subject_ids_error")
        self.subject_ids_error.setVisible(False)
        self.subject_ids_error.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.subject_ids_error.setWordWrap(True)
        self.subject_ids_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.subjects_box_layout.addWidget(self.subject_ids_error)


        self.form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.subjects_box)

        self.marking_label = QLabel(self.form_box)
        self.marking_label.setObjectName(u"marking_label")

        self.form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.marking_label)

        self.marking_box = QWidget(self.form_box)
        self.marking_box.setObjectName(u"marking_box")
        self.marking_box_layout = QVBoxLayout(self.marking_box)
        self.marking_box_layout.setSpacing(3)
        self.marking_box_layout.setObjectName(u"marking_box_layout")
        self.marking_box_layout.setContentsMargins(0, 0, 0, 0)
        self.marking = QComboBox(self.marking_box)
        self.marking.setObjectName(u"marking")

        self.marking_box_layout.addWidget(self.marking)

        self.marking_error = QLabel(self.marking_box)
        self.marking_error.setObjectName(u"marking_error")
        self.marking_error.setVisible(False)
        self.marking_error.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.marking_error.setWordWrap(True)
        self.marking_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.marking_box_layout.addWidget(self.marking_error)


        self.form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.marking_box)

        self.details_scroll.setWidget(self.form_box)
        self.tabs.addTab(self.details_scroll, "")
        self.responses_tab = QWidget()
        self.responses_tab.setObjectName(u"responses_tab")
        self.responses_tab_layout = QVBoxLayout(self.responses_tab)
        self.responses_tab_layout.setSpacing(6)
        self.responses_tab_layout.setObjectName(u"responses_tab_layout")
        self.responses_tab_layout.setContentsMargins(9, 9, 9, 9)
        self.awaiting = QLabel(self.responses_tab)
        self.awaiting.setObjectName(u"awaiting")
        self.awaiting.setWordWrap(True)

        self.responses_tab_layout.addWidget(self.awaiting)

        self.responses = RecordTable(self.responses_tab)
        self.responses.setObjectName(u"responses")

        self.responses_tab_layout.addWidget(self.responses)

        self.response_buttons = QHBoxLayout()
        self.response_buttons.setSpacing(6)
        self.response_buttons.setObjectName(u"response_buttons")
        self.response_button = QPushButton(self.responses_tab)
        self.response_button.setObjectName(u"response_button")

        self.response_buttons.addWidget(self.response_button)

        self.response_buttons_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.response_buttons.addItem(self.response_buttons_spacer)

        self.response_buttons.setStretch(1, 1)

        self.responses_tab_layout.addLayout(self.response_buttons)

        self.responses_tab_layout.setStretch(1, 1)
        self.tabs.addTab(self.responses_tab, "")

        self.layout.addWidget(self.tabs)

        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(6)
        self.buttons.setObjectName(u"buttons")
        self.close_req = QPushButton(RequirementDialog)
        self.close_req.setObjectName(u"close_req")
        self.close_req.setEnabled(False)
        self.close_req.setAutoDefault(True)

        self.buttons.addWidget(self.close_req)

        self.lapse_req = QPushButton(RequirementDialog)
        self.lapse_req.setObjectName(u"lapse_req")
        self.lapse_req.setEnabled(False)
        self.lapse_req.setAutoDefault(True)

        self.buttons.addWidget(self.lapse_req)

        self.reopen_req = QPushButton(RequirementDialog)
        self.reopen_req.setObjectName(u"reopen_req")
        self.reopen_req.setEnabled(False)
        self.reopen_req.setAutoDefault(True)

        self.buttons.addWidget(self.reopen_req)

        self.spacer_2 = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttons.addItem(self.spacer_2)

        self.save_button = QPushButton(RequirementDialog)
        self.save_button.setObjectName(u"save_button")
        self.save_button.setAutoDefault(True)

        self.buttons.addWidget(self.save_button)

        self.done_button = QPushButton(RequirementDialog)
        self.done_button.setObjectName(u"done_button")
        self.done_button.setAutoDefault(True)

        self.buttons.addWidget(self.done_button)

        self.buttons.setStretch(3, 1)

        self.layout.addLayout(self.buttons)

        self.layout.setStretch(2, 1)
#if QT_CONFIG(shortcut)
        self.question_label.setBuddy(self.question)
        self.themes_label.setBuddy(self.themes)
        self.priority_label.setBuddy(self.priority)
        self.owner_label.setBuddy(self.owner)
        self.due_label.setBuddy(self.due)
        self.agencies_tasked_label.setBuddy(self.agencies)
        self.subjects_label.setBuddy(self.subjects)
        self.marking_label.setBuddy(self.marking)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.responses, self.response_button)
        QWidget.setTabOrder(self.response_button, self.tabs)
        QWidget.setTabOrder(self.tabs, self.details_scroll)
        QWidget.setTabOrder(self.details_scroll, self.question)
        QWidget.setTabOrder(self.question, self.themes)
        QWidget.setTabOrder(self.themes, self.priority)
        QWidget.setTabOrder(self.priority, self.owner)
        QWidget.setTabOrder(self.owner, self.due)
        QWidget.setTabOrder(self.due, self.agencies)
        QWidget.setTabOrder(self.agencies, self.subjects)
        QWidget.setTabOrder(self.subjects, self.add_subject)
        QWidget.setTabOrder(self.add_subject, self.remove_subject)
        QWidget.setTabOrder(self.remove_subject, self.marking)
        QWidget.setTabOrder(self.marking, self.close_req)
        QWidget.setTabOrder(self.close_req, self.lapse_req)
        QWidget.setTabOrder(self.lapse_req, self.reopen_req)
        QWidget.setTabOrder(self.reopen_req, self.save_button)
        QWidget.setTabOrder(self.save_button, self.done_button)

        self.retranslateUi(RequirementDialog)

        QMetaObject.connectSlotsByName(RequirementDialog)
    # setupUi

    def retranslateUi(self, RequirementDialog):
        RequirementDialog.setWindowTitle(QCoreApplication.translate("RequirementDialog", u"New intelligence requirement", None))
#if QT_CONFIG(accessibility)
        RequirementDialog.setAccessibleName(QCoreApplication.translate("RequirementDialog", u"Intelligence requirement", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.banner.setAccessibleName(QCoreApplication.translate("RequirementDialog", u"Requirement marking", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.status.setAccessibleName(QCoreApplication.translate("RequirementDialog", u"Requirement status", None))
#endif // QT_CONFIG(accessibility)
        self.status.setText(QCoreApplication.translate("RequirementDialog", u"A new requirement for the collection plan.", None))
#if QT_CONFIG(accessibility)
        self.tabs.setAccessibleName(QCoreApplication.translate("RequirementDialog", u"Requirement sections", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.details_scroll.setAccessibleName(QCoreApplication.translate("RequirementDialog", u"Requirement details", None))
#endif // QT_CONFIG(accessibility)
        self.question_label.setText(QCoreApplication.translate("RequirementDialog", u"&Question", None))
#if QT_CONFIG(accessibility)
        self.question.setAccessibleName(QCoreApplication.translate("RequirementDialog", u"Requirement question", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.question_error.setAccessibleName(QCoreApplication.translate("RequirementDialog", u"Question problem", None))
#endif // QT_CONFIG(accessibility)
        self.question_error.setProperty(u"styleName", QCoreApplication.translate("RequirementDialog", u"fieldError", None))
        self.themes_label.setText(QCoreApplication.translate("RequirementDialog", u"T&hemes", None))
#if QT_CONFIG(accessibility)
        self.themes.setAccessibleName(QCoreApplication.translate("RequirementDialog", u"Requirement themes", None))
#endif // QT_CONFIG(accessibility)
        self.themes.setPlaceholderText(QCoreApplication.translate("RequirementDialog", u"Themes, e.g. money laundering; county lines", None))
#if QT_CONFIG(accessibility)
        self.themes_error.setAccessibleName(QCoreApplication.translate("RequirementDialog", u"Themes problem", None))
#endif // QT_CONFIG(accessibility)
        self.themes_error.setProperty(u"styleName", QCoreApplication.translate("RequirementDialog", u"fieldError", None))
        self.priority_label.setText(QCoreApplication.translate("RequirementDialog", u"&Priority", None))
#if QT_CONFIG(accessibility)
        self.priority.setAccessibleName(QCoreApplication.translate("RequirementDialog", u"Requirement priority", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.priority_error.setAccessibleName(QCoreApplication.translate("RequirementDialog", u"Priority problem", None))
#endif // QT_CONFIG(accessibility)
        self.priority_error.setProperty(u"styleName", QCoreApplication.translate("RequirementDialog", u"fieldError", None))
        self.owner_label.setText(QCoreApplication.translate("RequirementDialog", u"&Owner", None))
#if QT_CONFIG(accessibility)
        self.owner.setAccessibleName(QCoreApplication.translate("RequirementDialog", u"Requirement owner", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.owner_error.setAccessibleName(QCoreApplication.translate("RequirementDialog", u"Owner problem", None))
#endif // QT_CONFIG(accessibility)
        self.owner_error.setProperty(u"styleName", QCoreApplication.translate("RequirementDialog", u"fieldError", None))
        self.due_label.setText(QCoreApplication.translate("RequirementDialog", u"&Due", None))
#if QT_CONFIG(accessibility)
        self.due_on_error.setAccessibleName(QCoreApplication.translate("RequirementDialog", u"Due date problem", None))
#endif // QT_CONFIG(accessibility)
        self.due_on_error.setProperty(u"styleName", QCoreApplication.translate("RequirementDialog", u"fieldError", None))
        self.agencies_tasked_label.setText(QCoreApplication.translate("RequirementDialog", u"Agencies &tasked", None))
#if QT_CONFIG(accessibility)
        self.agencies.setAccessibleName(QCoreApplication.translate("RequirementDialog", u"Agencies tasked", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.agency_ids_error.setAccessibleName(QCoreApplication.translate("RequirementDialog", u"Agencies tasked problem", None))
#endif // QT_CONFIG(accessibility)
        self.agency_ids_error.setProperty(u"styleName", QCoreApplication.translate("RequirementDialog", u"fieldError", None))
        self.subjects_label.setText(QCoreApplication.translate("RequirementDialog", u"Subjects", None))
#if QT_CONFIG(accessibility)
        self.subjects.setAccessibleName(QCoreApplication.translate("RequirementDialog", u"Linked subjects", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.add_subject.setAccessibleName(QCoreApplication.translate("RequirementDialog", u"Link a subject", None))
#endif // QT_CONFIG(accessibility)
        self.add_subject.setText(QCoreApplication.translate("RequirementDialog", u"Add s&ubject...", None))
#if QT_CONFIG(accessibility)
        self.remove_subject.setAccessibleName(QCoreApplication.translate("RequirementDialog", u"Unlink the selected subject", None))
#endif // QT_CONFIG(accessibility)
        self.remove_subject.setText(QCoreApplication.translate("RequirementDialog", u"Remo&ve", None))
#if QT_CONFIG(accessibility)
        self.subject_ids_error.setAccessibleName(QCoreApplication.translate("RequirementDialog", u"Linked subjects problem", None))
#endif // QT_CONFIG(accessibility)
        self.subject_ids_error.setProperty(u"styleName", QCoreApplication.translate("RequirementDialog", u"fieldError", None))
        self.marking_label.setText(QCoreApplication.translate("RequirementDialog", u"&Marking", None))
#if QT_CONFIG(accessibility)
        self.marking.setAccessibleName(QCoreApplication.translate("RequirementDialog", u"Requirement protective marking", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.marking_error.setAccessibleName(QCoreApplication.translate("RequirementDialog", u"Marking problem", None))
#endif // QT_CONFIG(accessibility)
        self.marking_error.setProperty(u"styleName", QCoreApplication.translate("RequirementDialog", u"fieldError", None))
        self.tabs.setTabText(self.tabs.indexOf(self.details_scroll), QCoreApplication.translate("RequirementDialog", u"Detai&ls", None))
#if QT_CONFIG(accessibility)
        self.awaiting.setAccessibleName(QCoreApplication.translate("RequirementDialog", u"Agencies awaited", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.responses.setAccessibleName(QCoreApplication.translate("RequirementDialog", u"Responses", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.response_button.setAccessibleName(QCoreApplication.translate("RequirementDialog", u"Record a response", None))
#endif // QT_CONFIG(accessibility)
        self.response_button.setText(QCoreApplication.translate("RequirementDialog", u"Record &response...", None))
        self.tabs.setTabText(self.tabs.indexOf(self.responses_tab), QCoreApplication.translate("RequirementDialog", u"Respo&nses", None))
#if QT_CONFIG(accessibility)
        self.close_req.setAccessibleName(QCoreApplication.translate("RequirementDialog", u"Close the requirement", None))
#endif // QT_CONFIG(accessibility)
        self.close_req.setText(QCoreApplication.translate("RequirementDialog", u"Clos&e requirement...", None))
#if QT_CONFIG(accessibility)
        self.lapse_req.setAccessibleName(QCoreApplication.translate("RequirementDialog", u"Mark the requirement lapsed", None))
#endif // QT_CONFIG(accessibility)
        self.lapse_req.setText(QCoreApplication.translate("RequirementDialog", u"L&apse...", None))
#if QT_CONFIG(accessibility)
        self.reopen_req.setAccessibleName(QCoreApplication.translate("RequirementDialog", u"Reopen the requirement", None))
#endif // QT_CONFIG(accessibility)
        self.reopen_req.setText(QCoreApplication.translate("RequirementDialog", u"Reope&n...", None))
#if QT_CONFIG(accessibility)
        self.save_button.setAccessibleName(QCoreApplication.translate("RequirementDialog", u"Save requirement", None))
#endif // QT_CONFIG(accessibility)
        self.save_button.setText(QCoreApplication.translate("RequirementDialog", u"&Save", None))
        self.save_button.setProperty(u"styleName", QCoreApplication.translate("RequirementDialog", u"primary", None))
#if QT_CONFIG(accessibility)
        self.done_button.setAccessibleName(QCoreApplication.translate("RequirementDialog", u"Close requirement window", None))
#endif // QT_CONFIG(accessibility)
        self.done_button.setText(QCoreApplication.translate("RequirementDialog", u"&Close", None))
    # retranslateUi

