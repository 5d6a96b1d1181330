# ruff: noqa
# Generated from ui/meeting.ui by ui/compile_forms.py (pyside6-uic): do not edit, edit the .ui.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'meeting.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QDialog, QFormLayout,
    QFrame, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QPlainTextEdit, QPushButton, QScrollArea,
    QSizePolicy, QSpacerItem, QTabWidget, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget)

from rocta_desktop.gui.kit.ranked import RankedTable
from rocta_desktop.gui.tables import RecordTable

class Ui_MeetingDialog(object):
    def setupUi(self, MeetingDialog):
        if not MeetingDialog.objectName():
            MeetingDialog.setObjectName(u"MeetingDialog")
        self.layout = QVBoxLayout(MeetingDialog)
        self.layout.setSpacing(6)
        self.layout.setObjectName(u"layout")
        self.layout.setContentsMargins(11, 11, 11, 11)
        self.banner = QLabel(MeetingDialog)
        self.banner.setObjectName(u"banner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.layout.addWidget(self.banner)

        self.top = QHBoxLayout()
        self.top.setSpacing(6)
        self.top.setObjectName(u"top")
        self.heading = QLabel(MeetingDialog)
        self.heading.setObjectName(u"heading")

        self.top.addWidget(self.heading)

        self.spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.top.addItem(self.spacer)

        self.status_label = QLabel(MeetingDialog)
        self.status_label.setObjectName(u"status_label")

        self.top.addWidget(self.status_label)

        self.top.setStretch(1, 1)

        self.layout.addLayout(self.top)

        self.tabs = QTabWidget(MeetingDialog)
        self.tabs.setObjectName(u"tabs")
        self.agenda = QScrollArea()
        self.agenda.setObjectName(u"agenda")
        self.agenda.setFrameShape(QFrame.Shape.NoFrame)
        self.agenda.setWidgetResizable(True)
        self.agenda_body = QWidget()
        self.agenda_body.setObjectName(u"agenda_body")
        self.agenda_layout = QVBoxLayout(self.agenda_body)
        self.agenda_layout.setSpacing(6)
        self.agenda_layout.setObjectName(u"agenda_layout")
        self.agenda_layout.setContentsMargins(4, 4, 8, 4)
        self.agenda_top = QHBoxLayout()
        self.agenda_top.setSpacing(6)
        self.agenda_top.setObjectName(u"agenda_top")
        self.agenda_note = QLabel(self.agenda_body)
        self.agenda_note.setObjectName(u"agenda_note")
        self.agenda_note.setWordWrap(True)

        self.agenda_top.addWidget(self.agenda_note)

        self.copy_agenda_button = QPushButton(self.agenda_body)
        self.copy_agenda_button.setObjectName(u"copy_agenda_button")

        self.agenda_top.addWidget(self.copy_agenda_button, 0, Qt.AlignmentFlag.AlignTop)

        self.agenda_top.setStretch(0, 1)

        self.agenda_layout.addLayout(self.agenda_top)

        self.decide_gap = QSpacerItem(0, 6, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)

        self.agenda_layout.addItem(self.decide_gap)

        self.decide_heading = QLabel(self.agenda_body)
        self.decide_heading.setObjectName(u"decide_heading")

        self.agenda_layout.addWidget(self.decide_heading)

        self.decision_error = QLabel(self.agenda_body)
        self.decision_error.setObjectName(u"decision_error")
        self.decision_error.setVisible(False)
        self.decision_error.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.decision_error.setWordWrap(True)
        self.decision_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.agenda_layout.addWidget(self.decision_error)

        self.decide_table = QTableWidget(self.agenda_body)
        self.decide_table.setObjectName(u"decide_table")
        self.decide_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.decide_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.decide_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.decide_table.setAlternatingRowColors(True)
        self.decide_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.decide_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.decide_table.setWordWrap(True)
        self.decide_table.verticalHeader().setVisible(False)
        self.decide_table.verticalHeader().setDefaultSectionSize(42)

        self.agenda_layout.addWidget(self.decide_table)

        self.threats_gap = QSpacerItem(0, 6, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)

        self.agenda_layout.addItem(self.threats_gap)

        self.threats_heading = QLabel(self.agenda_body)
        self.threats_heading.setObjectName(u"threats_heading")

        self.agenda_layout.addWidget(self.threats_heading)

        self.threat_table = QTableWidget(self.agenda_body)
        self.threat_table.setObjectName(u"threat_table")
        self.threat_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.threat_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.threat_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.threat_table.setAlternatingRowColors(True)
        self.threat_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.threat_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.threat_table.setWordWrap(False)
        self.threat_table.verticalHeader().setVisible(False)

        self.agenda_layout.addWidget(self.threat_table)

        self.open_gap = QSpacerItem(0, 6, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)

        self.agenda_layout.addItem(self.open_gap)

        self.open_heading = QLabel(self.agenda_body)
        self.open_heading.setObjectName(u"open_heading")

        self.agenda_layout.addWidget(self.open_heading)

        self.open_table = QTableWidget(self.agenda_body)
        self.open_table.setObjectName(u"open_table")
        self.open_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.open_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.open_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.open_table.setAlternatingRowColors(True)
        self.open_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.open_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.open_table.setWordWrap(False)
        self.open_table.verticalHeader().setVisible(False)

        self.agenda_layout.addWidget(self.open_table)

        self.agenda_end = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.agenda_layout.addItem(self.agenda_end)

        self.agenda_layout.setStretch(11, 1)
        self.agenda.setWidget(self.agenda_body)
        self.tabs.addTab(self.agenda, "")
        self.snapshot_tab = QWidget()
        self.snapshot_tab.setObjectName(u"snapshot_tab")
        self.snapshot_layout = QVBoxLayout(self.snapshot_tab)
        self.snapshot_layout.setSpacing(6)
        self.snapshot_layout.setObjectName(u"snapshot_layout")
        self.snapshot_layout.setContentsMargins(9, 9, 9, 9)
        self.snapshot_note = QLabel(self.snapshot_tab)
        self.snapshot_note.setObjectName(u"snapshot_note")

        self.snapshot_layout.addWidget(self.snapshot_note)

        self.snapshot_table = RankedTable(self.snapshot_tab)
        self.snapshot_table.setObjectName(u"snapshot_table")

        self.snapshot_layout.addWidget(self.snapshot_table)

        self.snapshot_layout.setStretch(1, 1)
        self.tabs.addTab(self.snapshot_tab, "")
        self.actions_tab = QWidget()
        self.actions_tab.setObjectName(u"actions_tab")
        self.actions_layout = QVBoxLayout(self.actions_tab)
        self.actions_layout.setSpacing(6)
        self.actions_layout.setObjectName(u"actions_layout")
        self.actions_layout.setContentsMargins(9, 9, 9, 9)
        self.action_row = QHBoxLayout()
        self.action_row.setSpacing(6)
        self.action_row.setObjectName(u"action_row")
        self.action_edit = QLineEdit(self.actions_tab)
        self.action_edit.setObjectName(u"action_edit")

        self.action_row.addWidget(self.action_edit)

        self.action_owner_edit = QLineEdit(self.actions_tab)
        self.action_owner_edit.setObjectName(u"action_owner_edit")

        self.action_row.addWidget(self.action_owner_edit)

        self.action_due_edit = QLineEdit(self.actions_tab)
        self.action_due_edit.setObjectName(u"action_due_edit")

        self.action_row.addWidget(self.action_due_edit)

        self.add_action_button = QPushButton(self.actions_tab)
        self.add_action_button.setObjectName(u"add_action_button")

        self.action_row.addWidget(self.add_action_button)

        self.action_row.setStretch(0, 3)
        self.action_row.setStretch(1, 1)
        self.action_row.setStretch(2, 1)

        self.actions_layout.addLayout(self.action_row)

        self.action_error = QLabel(self.actions_tab)
        self.action_error.setObjectName(u"action_error")
        self.action_error.setVisible(False)
        self.action_error.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.action_error.setWordWrap(True)
        self.action_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.actions_layout.addWidget(self.action_error)

        self.actions_table = RecordTable(self.actions_tab)
        self.actions_table.setObjectName(u"actions_table")

        self.actions_layout.addWidget(self.actions_table)

        self.done_row = QHBoxLayout()
        self.done_row.setSpacing(6)
        self.done_row.setObjectName(u"done_row")
        self.done_button = QPushButton(self.actions_tab)
        self.done_button.setObjectName(u"done_button")

        self.done_row.addWidget(self.done_button)

        self.spacer_2 = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.done_row.addItem(self.spacer_2)

        self.done_row.setStretch(1, 1)

        self.actions_layout.addLayout(self.done_row)

        self.actions_layout.setStretch(2, 1)
        self.tabs.addTab(self.actions_tab, "")
        self.details_tab = QWidget()
        self.details_tab.setObjectName(u"details_tab")
        self.details_form = QFormLayout(self.details_tab)
        self.details_form.setObjectName(u"details_form")
        self.details_form.setHorizontalSpacing(6)
        self.details_form.setVerticalSpacing(6)
        self.details_form.setContentsMargins(9, 9, 9, 9)
        self.chair_label = QLabel(self.details_tab)
        self.chair_label.setObjectName(u"chair_label")

        self.details_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.chair_label)

        self.chair_edit = QLineEdit(self.details_tab)
        self.chair_edit.setObjectName(u"chair_edit")

        self.details_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.chair_edit)

        self.attendees_label = QLabel(self.details_tab)
        self.attendees_label.setObjectName(u"attendees_label")

        self.details_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.attendees_label)

        self.attendees_edit = QPlainTextEdit(self.details_tab)
        self.attendees_edit.setObjectName(u"attendees_edit")
        self.attendees_edit.setTabChangesFocus(True)

        self.details_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.attendees_edit)

        self.notes_label = QLabel(self.details_tab)
        self.notes_label.setObjectName(u"notes_label")

        self.details_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.notes_label)

        self.notes_edit = QPlainTextEdit(self.details_tab)
        self.notes_edit.setObjectName(u"notes_edit")
        self.notes_edit.setTabChangesFocus(True)

        self.details_form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.notes_edit)

        self.details_error = QLabel(self.details_tab)
        self.details_error.setObjectName(u"details_error")
        self.details_error.setVisible(False)
        self.details_error.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.details_error.setWordWrap(True)
        self.details_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.details_form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.details_error)

        self.save_details_button = QPushButton(self.details_tab)
        self.save_details_button.setObjectName(u"save_details_button")

        self.details_form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.save_details_button)

        self.tabs.addTab(self.details_tab, "")

        self.layout.addWidget(self.tabs)

        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(6)
        self.buttons.setObjectName(u"buttons")
        self.finalise_button = QPushButton(MeetingDialog)
        self.finalise_button.setObjectName(u"finalise_button")

        self.buttons.addWidget(self.finalise_button)

        self.spacer_3 = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttons.addItem(self.spacer_3)

        self.close_button = QPushButton(MeetingDialog)
        self.close_button.setObjectName(u"close_button")

        self.buttons.addWidget(self.close_button)

        self.buttons.setStretch(1, 1)

        self.layout.addLayout(self.buttons)

        self.layout.setStretch(2, 1)
#if QT_CONFIG(shortcut)
        self.chair_label.setBuddy(self.chair_edit)
        self.attendees_label.setBuddy(self.attendees_edit)
        self.notes_label.setBuddy(self.notes_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.tabs, self.agenda)
        QWidget.setTabOrder(self.agenda, self.copy_agenda_button)
        QWidget.setTabOrder(self.copy_agenda_button, self.decide_table)
        QWidget.setTabOrder(self.decide_table, self.threat_table)
        QWidget.setTabOrder(self.threat_table, self.open_table)
        QWidget.setTabOrder(self.open_table, self.snapshot_table)
        QWidget.setTabOrder(self.snapshot_table, self.action_edit)
        QWidget.setTabOrder(self.action_edit, self.action_owner_edit)
        QWidget.setTabOrder(self.action_owner_edit, self.action_due_edit)
        QWidget.setTabOrder(self.action_due_edit, self.add_action_button)
        QWidget.setTabOrder(self.add_action_button, self.actions_table)
        QWidget.setTabOrder(self.actions_table, self.done_button)
        QWidget.setTabOrder(self.done_button, self.chair_edit)
        QWidget.setTabOrder(self.chair_edit, self.attendees_edit)
        QWidget.setTabOrder(self.attendees_edit, self.notes_edit)
        QWidget.setTabOrder(self.notes_edit, self.save_details_button)
        QWidget.setTabOrder(self.save_details_button, self.finalise_button)
        QWidget.setTabOrder(self.finalise_button, self.close_button)

        self.retranslateUi(MeetingDialog)

        QMetaObject.connectSlotsByName(MeetingDialog)
    # setupUi

    def retranslateUi(self, MeetingDialog):
        MeetingDialog.setWindowTitle(QCoreApplication.translate("MeetingDialog", u"T&CG meeting", None))
#if QT_CONFIG(accessibility)
        MeetingDialog.setAccessibleName(QCoreApplication.translate("MeetingDialog", u"T&CG meeting", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.banner.setAccessibleName(QCoreApplication.translate("MeetingDialog", u"Protective marking", None))
#endif // QT_CONFIG(accessibility)
        self.heading.setProperty(u"styleName", QCoreApplication.translate("MeetingDialog", u"subheading", None))
#if QT_CONFIG(accessibility)
        self.status_label.setAccessibleName(QCoreApplication.translate("MeetingDialog", u"Meeting status", None))
#endif // QT_CONFIG(accessibility)
        self.status_label.setProperty(u"styleName", QCoreApplication.translate("MeetingDialog", u"muted", None))
#if QT_CONFIG(accessibility)
        self.tabs.setAccessibleName(QCoreApplication.translate("MeetingDialog", u"Meeting record", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.agenda.setAccessibleName(QCoreApplication.translate("MeetingDialog", u"Agenda items", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.agenda_body.setAccessibleName(QCoreApplication.translate("MeetingDialog", u"Agenda", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.agenda_note.setAccessibleName(QCoreApplication.translate("MeetingDialog", u"Agenda summary", None))
#endif // QT_CONFIG(accessibility)
        self.agenda_note.setProperty(u"styleName", QCoreApplication.translate("MeetingDialog", u"muted", None))
#if QT_CONFIG(accessibility)
        self.copy_agenda_button.setAccessibleName(QCoreApplication.translate("MeetingDialog", u"Copy the agenda as text", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.copy_agenda_button.setToolTip(QCoreApplication.translate("MeetingDialog", u"Copy the agenda to the clipboard, to paste into a note or an email", None))
#endif // QT_CONFIG(tooltip)
        self.copy_agenda_button.setText(QCoreApplication.translate("MeetingDialog", u"Cop&y agenda", None))
#if QT_CONFIG(accessibility)
        self.decide_heading.setAccessibleName(QCoreApplication.translate("MeetingDialog", u"Agenda: decisions on proposed tasking heading", None))
#endif // QT_CONFIG(accessibility)
        self.decide_heading.setProperty(u"styleName", QCoreApplication.translate("MeetingDialog", u"subheading", None))
#if QT_CONFIG(accessibility)
        self.decision_error.setAccessibleName(QCoreApplication.translate("MeetingDialog", u"Decision problem", None))
#endif // QT_CONFIG(accessibility)
        self.decision_error.setProperty(u"styleName", QCoreApplication.translate("MeetingDialog", u"formError", None))
#if QT_CONFIG(accessibility)
        self.decide_table.setAccessibleName(QCoreApplication.translate("MeetingDialog", u"Agenda: decisions on proposed tasking", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.threats_heading.setAccessibleName(QCoreApplication.translate("MeetingDialog", u"Agenda: priority threats heading", None))
#endif // QT_CONFIG(accessibility)
        self.threats_heading.setProperty(u"styleName", QCoreApplication.translate("MeetingDialog", u"subheading", None))
#if QT_CONFIG(accessibility)
        self.threat_table.setAccessibleName(QCoreApplication.translate("MeetingDialog", u"Agenda: priority threats", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.open_heading.setAccessibleName(QCoreApplication.translate("MeetingDialog", u"Agenda: open tasking heading", None))
#endif // QT_CONFIG(accessibility)
        self.open_heading.setProperty(u"styleName", QCoreApplication.translate("MeetingDialog", u"subheading", None))
#if QT_CONFIG(accessibility)
        self.open_table.setAccessibleName(QCoreApplication.translate("MeetingDialog", u"Agenda: open tasking", None))
#endif // QT_CONFIG(accessibility)
        self.tabs.setTabText(self.tabs.indexOf(self.agenda), QCoreApplication.translate("MeetingDialog", u"A&genda", None))
#if QT_CONFIG(accessibility)
        self.snapshot_note.setAccessibleName(QCoreApplication.translate("MeetingDialog", u"Snapshot explanation", None))
#endif // QT_CONFIG(accessibility)
        self.snapshot_note.setProperty(u"styleName", QCoreApplication.translate("MeetingDialog", u"muted", None))
#if QT_CONFIG(accessibility)
        self.snapshot_table.setAccessibleName(QCoreApplication.translate("MeetingDialog", u"Priority list as it stood", None))
#endif // QT_CONFIG(accessibility)
        self.tabs.setTabText(self.tabs.indexOf(self.snapshot_tab), QCoreApplication.translate("MeetingDialog", u"&Priority list", None))
#if QT_CONFIG(accessibility)
        self.action_edit.setAccessibleName(QCoreApplication.translate("MeetingDialog", u"Action", None))
#endif // QT_CONFIG(accessibility)
        self.action_edit.setPlaceholderText(QCoreApplication.translate("MeetingDialog", u"What is to be done", None))
#if QT_CONFIG(accessibility)
        self.action_owner_edit.setAccessibleName(QCoreApplication.translate("MeetingDialog", u"Action owner", None))
#endif // QT_CONFIG(accessibility)
        self.action_owner_edit.setPlaceholderText(QCoreApplication.translate("MeetingDialog", u"Who", None))
#if QT_CONFIG(accessibility)
        self.action_due_edit.setAccessibleName(QCoreApplication.translate("MeetingDialog", u"Action due date", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.add_action_button.setAccessibleName(QCoreApplication.translate("MeetingDialog", u"Add action", None))
#endif // QT_CONFIG(accessibility)
        self.add_action_button.setText(QCoreApplication.translate("MeetingDialog", u"Add ac&tion", None))
#if QT_CONFIG(accessibility)
        self.action_error.setAccessibleName(QCoreApplication.translate("MeetingDialog", u"Action problem", None))
#endif // QT_CONFIG(accessibility)
        self.action_error.setProperty(u"styleName", QCoreApplication.translate("MeetingDialog", u"fieldError", None))
#if QT_CONFIG(accessibility)
        self.actions_table.setAccessibleName(QCoreApplication.translate("MeetingDialog", u"Actions", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.done_button.setAccessibleName(QCoreApplication.translate("MeetingDialog", u"Mark selected action done", None))
#endif // QT_CONFIG(accessibility)
        self.done_button.setText(QCoreApplication.translate("MeetingDialog", u"Mark d&one", None))
        self.tabs.setTabText(self.tabs.indexOf(self.actions_tab), QCoreApplication.translate("MeetingDialog", u"&Actions", None))
        self.chair_label.setText(QCoreApplication.translate("MeetingDialog", u"C&hair", None))
#if QT_CONFIG(accessibility)
        self.chair_edit.setAccessibleName(QCoreApplication.translate("MeetingDialog", u"Chair", None))
#endif // QT_CONFIG(accessibility)
        self.attendees_label.setText(QCoreApplication.translate("MeetingDialog", u"Atte&ndees", None))
#if QT_CONFIG(accessibility)
        self.attendees_edit.setAccessibleName(QCoreApplication.translate("MeetingDialog", u"Attendees", None))
#endif // QT_CONFIG(accessibility)
        self.notes_label.setText(QCoreApplication.translate("MeetingDialog", u"Not&es", None))
#if QT_CONFIG(accessibility)
        self.notes_edit.setAccessibleName(QCoreApplication.translate("MeetingDialog", u"Meeting notes", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.details_error.setAccessibleName(QCoreApplication.translate("MeetingDialog", u"Meeting details problem", None))
#endif // QT_CONFIG(accessibility)
        self.details_error.setProperty(u"styleName", QCoreApplication.translate("MeetingDialog", u"formError", None))
#if QT_CONFIG(accessibility)
        self.save_details_button.setAccessibleName(QCoreApplication.translate("MeetingDialog", u"Save meeting details", None))
#endif // QT_CONFIG(accessibility)
        self.save_details_button.setText(QCoreApplication.translate("MeetingDialog", u"&Save details", None))
        self.tabs.setTabText(self.tabs.indexOf(self.details_tab), QCoreApplication.translate("MeetingDialog", u"Deta&ils", None))
#if QT_CONFIG(accessibility)
        self.finalise_button.setAccessibleName(QCoreApplication.translate("MeetingDialog", u"Finalise meeting", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.finalise_button.setToolTip(QCoreApplication.translate("MeetingDialog", u"Close the record: the meeting and its decisions can no longer change", None))
#endif // QT_CONFIG(tooltip)
        self.finalise_button.setText(QCoreApplication.translate("MeetingDialog", u"&Finalise...", None))
#if QT_CONFIG(accessibility)
        self.close_button.setAccessibleName(QCoreApplication.translate("MeetingDialog", u"Close", None))
#endif // QT_CONFIG(accessibility)
        self.close_button.setText(QCoreApplication.translate("MeetingDialog", u"Close", None))
#if QT_CONFIG(shortcut)
        self.close_button.setShortcut(QCoreApplication.translate("MeetingDialog", u"Esc", None))
#endif // QT_CONFIG(shortcut)
    # retranslateUi

