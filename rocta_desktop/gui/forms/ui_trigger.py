# ruff: noqa
# Generated from ui/trigger.ui by ui/compile_forms.py (pyside6-uic): do not edit, edit the .ui.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'trigger.ui'
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
from PySide6.QtWidgets import (QApplication, QComboBox, QDateEdit, QDialog,
    QFormLayout, QFrame, QHBoxLayout, QLabel,
    QLineEdit, QPlainTextEdit, QPushButton, QScrollArea,
    QSizePolicy, QSpacerItem, QTabWidget, QVBoxLayout,
    QWidget)

from rocta_desktop.gui.kit.fields import GradingFields

class Ui_TriggerDialog(object):
    def setupUi(self, TriggerDialog):
        if not TriggerDialog.objectName():
            TriggerDialog.setObjectName(u"TriggerDialog")
        self.layout = QVBoxLayout(TriggerDialog)
        self.layout.setSpacing(6)
        self.layout.setObjectName(u"layout")
        self.layout.setContentsMargins(11, 11, 11, 11)
        self.banner = QLabel(TriggerDialog)
        self.banner.setObjectName(u"banner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignHCenter|Qt.AlignmentFlag.AlignVCenter)

        self.layout.addWidget(self.banner)

        self.status = QLabel(TriggerDialog)
        self.status.setObjectName(u"status")
        self.status.setWordWrap(True)

        self.layout.addWidget(self.status)

        self.tabs = QTabWidget(TriggerDialog)
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
        self.received_label = QLabel(self.form_box)
        self.received_label.setObjectName(u"received_label")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.received_label)

        self.received_box = QWidget(self.form_box)
        self.received_box.setObjectName(u"received_box")
        self.received_box_layout = QVBoxLayout(self.received_box)
        self.received_box_layout.setSpacing(3)
        self.received_box_layout.setObjectName(u"received_box_layout")
        self.received_box_layout.setContentsMargins(0, 0, 0, 0)
        self.received = QDateEdit(self.received_box)
        self.received.setObjectName(u"received")
        self.received.setCalendarPopup(True)

        self.received_box_layout.addWidget(self.received)

        self.received_on_error = QLabel(self.received_box)
        self.received_on_error.setObjectName(u"received_on_error")
        self.received_on_error.setVisible(False)
        self.received_on_error.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.received_on_error.setWordWrap(True)
        self.received_on_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.received_box_layout.addWidget(self.received_on_error)


        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.received_box)

        self.sent_by_label = QLabel(self.form_box)
        self.sent_by_label.setObjectName(u"sent_by_label")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.sent_by_label)

        self.sender_box = QWidget(self.form_box)
        self.sender_box.setObjectName(u"sender_box")
        self.sender_box_layout = QVBoxLayout(self.sender_box)
        self.sender_box_layout.setSpacing(3)
        self.sender_box_layout.setObjectName(u"sender_box_layout")
        self.sender_box_layout.setContentsMargins(0, 0, 0, 0)
        self.sender = QComboBox(self.sender_box)
        self.sender.setObjectName(u"sender")

        self.sender_box_layout.addWidget(self.sender)

        self.force_id_error = QLabel(self.sender_box)
        self.force_id_error.setObjectName(u"force_id_error")
        self.force_id_error.setVisible(False)
        self.force_id_error.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.force_id_error.setWordWrap(True)
        self.force_id_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.sender_box_layout.addWidget(self.force_id_error)


        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.sender_box)

        self.officer_label = QLabel(self.form_box)
        self.officer_label.setObjectName(u"officer_label")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.officer_label)

        self.officer_box = QWidget(self.form_box)
        self.officer_box.setObjectName(u"officer_box")
        self.officer_box_layout = QVBoxLayout(self.officer_box)
        self.officer_box_layout.setSpacing(3)
        self.officer_box_layout.setObjectName(u"officer_box_layout")
        self.officer_box_layout.setContentsMargins(0, 0, 0, 0)
        self.officer = QLineEdit(self.officer_box)
        self.officer.setObjectName(u"officer")

        self.officer_box_layout.addWidget(self.officer)

        self.officer_error = QLabel(self.officer_box)
        self.officer_error.setObjectName(u"officer_error")
        self.officer_error.setVisible(False)
        self.officer_error.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.officer_error.setWordWrap(True)
        self.officer_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.officer_box_layout.addWidget(self.officer_error)


        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.officer_box)

        self.subject_kind_label = QLabel(self.form_box)
        self.subject_kind_label.setObjectName(u"subject_kind_label")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.subject_kind_label)

        self.kind_box = QWidget(self.form_box)
        self.kind_box.setObjectName(u"kind_box")
        self.kind_box_layout = QVBoxLayout(self.kind_box)
        self.kind_box_layout.setSpacing(3)
        self.kind_box_layout.setObjectName(u"kind_box_layout")
        self.kind_box_layout.setContentsMargins(0, 0, 0, 0)
        self.kind = QComboBox(self.kind_box)
        self.kind.setObjectName(u"kind")

        self.kind_box_layout.addWidget(self.kind)

        self.subject_kind_error = QLabel(self.kind_box)
        self.subject_kind_error.setObjectName(u"subject_kind_error")
        self.subject_kind_error.setVisible(False)
        self.subject_kind_error.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.subject_kind_error.setWordWrap(True)
        self.subject_kind_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.kind_box_layout.addWidget(self.subject_kind_error)


        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.kind_box)

        self.existing_subject_label = QLabel(self.form_box)
        self.existing_subject_label.setObjectName(u"existing_subject_label")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.existing_subject_label)

        self.subject_box = QWidget(self.form_box)
        self.subject_box.setObjectName(u"subject_box")
        self.subject_label_box_layout = QVBoxLayout(self.subject_box)
        self.subject_label_box_layout.setSpacing(3)
        self.subject_label_box_layout.setObjectName(u"subject_label_box_layout")
        self.subject_label_box_layout.setContentsMargins(0, 0, 0, 0)
        self.subject_row = QWidget(self.subject_box)
        self.subject_row.setObjectName(u"subject_row")
        self.subject_row_layout = QHBoxLayout(self.subject_row)
        self.subject_row_layout.setSpacing(6)
        self.subject_row_layout.setObjectName(u"subject_row_layout")
        self.subject_row_layout.setContentsMargins(0, 0, 0, 0)
        self.subject_label = QLabel(self.subject_row)
        self.subject_label.setObjectName(u"subject_label")

        self.subject_row_layout.addWidget(self.subject_label)

        self.choose_button = QPushButton(self.subject_row)
        self.choose_button.setObjectName(u"choose_button")
        self.choose_button.setAutoDefault(True)

        self.subject_row_layout.addWidget(self.choose_button)

        self.clear_button = QPushButton(self.subject_row)
        self.clear_button.setObjectName(u"clear_button")
        self.clear_button.setAutoDefault(True)

        self.subject_row_layout.addWidget(self.clear_button)

        self.spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.subject_row_layout.addItem(self.spacer)

        self.subject_row_layout.setStretch(3, 1)

        self.subject_label_box_layout.addWidget(self.subject_row)

        self.subject_id_error = QLabel(self.subject_box)
        self.subject_id_error.setObjectName(u"subject_id_error")
        self.subject_id_error.setVisible(False)
        self.subject_id_error.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.subject_id_error.setWordWrap(True)
        self.subject_id_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.subject_label_box_layout.addWidget(self.subject_id_error)


        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.subject_box)

        self.or_propose_label = QLabel(self.form_box)
        self.or_propose_label.setObjectName(u"or_propose_label")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.or_propose_label)

        self.proposed_box = QWidget(self.form_box)
        self.proposed_box.setObjectName(u"proposed_box")
        self.proposed_box_layout = QVBoxLayout(self.proposed_box)
        self.proposed_box_layout.setSpacing(3)
        self.proposed_box_layout.setObjectName(u"proposed_box_layout")
        self.proposed_box_layout.setContentsMargins(0, 0, 0, 0)
        self.proposed = QLineEdit(self.proposed_box)
        self.proposed.setObjectName(u"proposed")

        self.proposed_box_layout.addWidget(self.proposed)

        self.proposed_name_error = QLabel(self.proposed_box)
        self.proposed_name_error.setObjectName(u"proposed_name_error")
        self.proposed_name_error.setVisible(False)
        self.proposed_name_error.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.proposed_name_error.setWordWrap(True)
        self.proposed_name_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.proposed_box_layout.addWidget(self.proposed_name_error)


        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.proposed_box)

        self.hints = QLabel(self.form_box)
        self.hints.setObjectName(u"hints")
        self.hints.setVisible(False)
        self.hints.setWordWrap(True)

        self.form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.hints)

        self.summary_label = QLabel(self.form_box)
        self.summary_label.setObjectName(u"summary_label")

        self.form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.summary_label)

        self.summary_box = QWidget(self.form_box)
        self.summary_box.setObjectName(u"summary_box")
        self.summary_box_layout = QVBoxLayout(self.summary_box)
        self.summary_box_layout.setSpacing(3)
        self.summary_box_layout.setObjectName(u"summary_box_layout")
        self.summary_box_layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QPlainTextEdit(self.summary_box)
        self.summary.setObjectName(u"summary")
        self.summary.setMinimumSize(QSize(0, 80))
        self.summary.setMaximumSize(QSize(16777215, 80))
        self.summary.setTabChangesFocus(True)

        self.summary_box_layout.addWidget(self.summary)

        self.summary_error = QLabel(self.summary_box)
        self.summary_error.setObjectName(u"summary_error")
        self.summary_error.setVisible(False)
        self.summary_error.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.summary_error.setWordWrap(True)
        self.summary_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.summary_box_layout.addWidget(self.summary_error)


        self.form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.summary_box)

        self.grounds_label = QLabel(self.form_box)
        self.grounds_label.setObjectName(u"grounds_label")

        self.form.setWidget(8, QFormLayout.ItemRole.LabelRole, self.grounds_label)

        self.grounds_box = QWidget(self.form_box)
        self.grounds_box.setObjectName(u"grounds_box")
        self.grounds_box_layout = QVBoxLayout(self.grounds_box)
        self.grounds_box_layout.setSpacing(3)
        self.grounds_box_layout.setObjectName(u"grounds_box_layout")
        self.grounds_box_layout.setContentsMargins(0, 0, 0, 0)
        self.grounds = QPlainTextEdit(self.grounds_box)
        self.grounds.setObjectName(u"grounds")
        self.grounds.setMinimumSize(QSize(0, 60))
        self.grounds.setMaximumSize(QSize(16777215, 60))
        self.grounds.setTabChangesFocus(True)

        self.grounds_box_layout.addWidget(self.grounds)

        self.grounds_error = QLabel(self.grounds_box)
        self.grounds_error.setObjectName(u"grounds_error")
        self.grounds_error.setVisible(False)
        self.grounds_error.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.grounds_error.setWordWrap(True)
        self.grounds_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.grounds_box_layout.addWidget(self.grounds_error)


        self.form.setWidget(8, QFormLayout.ItemRole.FieldRole, self.grounds_box)

        self.grading_label = QLabel(self.form_box)
        self.grading_label.setObjectName(u"grading_label")

        self.form.setWidget(9, QFormLayout.ItemRole.LabelRole, self.grading_label)

        self.grading = GradingFields(self.form_box)
        self.grading.setObjectName(u"grading")

        self.form.setWidget(9, QFormLayout.ItemRole.FieldRole, self.grading)

        self.marking_label = QLabel(self.form_box)
        self.marking_label.setObjectName(u"marking_label")

        self.form.setWidget(10, QFormLayout.ItemRole.LabelRole, self.marking_label)

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


        self.form.setWidget(10, QFormLayout.ItemRole.FieldRole, self.marking_box)

        self.assigned_to_label = QLabel(self.form_box)
        self.assigned_to_label.setObjectName(u"assigned_to_label")

        self.form.setWidget(11, QFormLayout.ItemRole.LabelRole, self.assigned_to_label)

        self.assignee_box = QWidget(self.form_box)
        self.assignee_box.setObjectName(u"assignee_box")
        self.assignee_box_layout = QVBoxLayout(self.assignee_box)
        self.assignee_box_layout.setSpacing(3)
        self.assignee_box_layout.setObjectName(u"assignee_box_layout")
        self.assignee_box_layout.setContentsMargins(0, 0, 0, 0)
        self.assignee = QComboBox(self.assignee_box)
        self.assignee.setObjectName(u"assignee")

        self.assignee_box_layout.addWidget(self.assignee)

        self.assigned_to_id_error = QLabel(self.assignee_box)
        self.assigned_to_id_error.setObjectName(u"assigned_to_id_error")
        self.assigned_to_id_error.setVisible(False)
        self.assigned_to_id_error.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.assigned_to_id_error.setWordWrap(True)
        self.assigned_to_id_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.assignee_box_layout.addWidget(self.assigned_to_id_error)


        self.form.setWidget(11, QFormLayout.ItemRole.FieldRole, self.assignee_box)

        self.details_scroll.setWidget(self.form_box)
        self.tabs.addTab(self.details_scroll, "")

        self.layout.addWidget(self.tabs)

        self.triage_buttons = QHBoxLayout()
        self.triage_buttons.setSpacing(6)
        self.triage_buttons.setObjectName(u"triage_buttons")
        self.triage_button = QPushButton(TriggerDialog)
        self.triage_button.setObjectName(u"triage_button")
        self.triage_button.setEnabled(False)
        self.triage_button.setAutoDefault(True)

        self.triage_buttons.addWidget(self.triage_button)

        self.accept_button = QPushButton(TriggerDialog)
        self.accept_button.setObjectName(u"accept_button")
        self.accept_button.setEnabled(False)
        self.accept_button.setAutoDefault(True)

        self.triage_buttons.addWidget(self.accept_button)

        self.link_button = QPushButton(TriggerDialog)
        self.link_button.setObjectName(u"link_button")
        self.link_button.setEnabled(False)
        self.link_button.setAutoDefault(True)

        self.triage_buttons.addWidget(self.link_button)

        self.reject_button = QPushButton(TriggerDialog)
        self.reject_button.setObjectName(u"reject_button")
        self.reject_button.setEnabled(False)
        self.reject_button.setAutoDefault(True)

        self.triage_buttons.addWidget(self.reject_button)

        self.duplicate_button = QPushButton(TriggerDialog)
        self.duplicate_button.setObjectName(u"duplicate_button")
        self.duplicate_button.setEnabled(False)
        self.duplicate_button.setAutoDefault(True)

        self.triage_buttons.addWidget(self.duplicate_button)

        self.spacer_2 = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.triage_buttons.addItem(self.spacer_2)

        self.triage_buttons.setStretch(5, 1)

        self.layout.addLayout(self.triage_buttons)

        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(6)
        self.buttons.setObjectName(u"buttons")
        self.spacer_3 = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttons.addItem(self.spacer_3)

        self.save_button = QPushButton(TriggerDialog)
        self.save_button.setObjectName(u"save_button")
        self.save_button.setAutoDefault(True)

        self.buttons.addWidget(self.save_button)

        self.close_button = QPushButton(TriggerDialog)
        self.close_button.setObjectName(u"close_button")
        self.close_button.setAutoDefault(True)

        self.buttons.addWidget(self.close_button)

        self.buttons.setStretch(0, 1)

        self.layout.addLayout(self.buttons)

        self.layout.setStretch(2, 1)
#if QT_CONFIG(shortcut)
        self.received_label.setBuddy(self.received)
        self.sent_by_label.setBuddy(self.sender)
        self.officer_label.setBuddy(self.officer)
        self.subject_kind_label.setBuddy(self.kind)
        self.existing_subject_label.setBuddy(self.choose_button)
        self.or_propose_label.setBuddy(self.proposed)
        self.summary_label.setBuddy(self.summary)
        self.grounds_label.setBuddy(self.grounds)
        self.marking_label.setBuddy(self.marking)
        self.assigned_to_label.setBuddy(self.assignee)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.tabs, self.details_scroll)
        QWidget.setTabOrder(self.details_scroll, self.received)
        QWidget.setTabOrder(self.received, self.sender)
        QWidget.setTabOrder(self.sender, self.officer)
        QWidget.setTabOrder(self.officer, self.kind)
        QWidget.setTabOrder(self.kind, self.choose_button)
        QWidget.setTabOrder(self.choose_button, self.clear_button)
        QWidget.setTabOrder(self.clear_button, self.proposed)
        QWidget.setTabOrder(self.proposed, self.summary)
        QWidget.setTabOrder(self.summary, self.grounds)
        QWidget.setTabOrder(self.grounds, self.grading)
        QWidget.setTabOrder(self.grading, self.marking)
        QWidget.setTabOrder(self.marking, self.assignee)
        QWidget.setTabOrder(self.assignee, self.triage_button)
        QWidget.setTabOrder(self.triage_button, self.accept_button)
        QWidget.setTabOrder(self.accept_button, self.link_button)
        QWidget.setTabOrder(self.link_button, self.reject_button)
        QWidget.setTabOrder(self.reject_button, self.duplicate_button)
        QWidget.setTabOrder(self.duplicate_button, self.save_button)
        QWidget.setTabOrder(self.save_button, self.close_button)

        self.retranslateUi(TriggerDialog)

        QMetaObject.connectSlotsByName(TriggerDialog)
    # setupUi

    def retranslateUi(self, TriggerDialog):
        TriggerDialog.setWindowTitle(QCoreApplication.translate("TriggerDialog", u"New trigger report", None))
#if QT_CONFIG(accessibility)
        TriggerDialog.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Trigger report", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.banner.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Trigger marking", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.status.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Trigger status", None))
#endif // QT_CONFIG(accessibility)
        self.status.setText(QCoreApplication.translate("TriggerDialog", u"A new referral: fill it in and save it to put it in the triage queue.", None))
#if QT_CONFIG(accessibility)
        self.tabs.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Trigger sections", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.details_scroll.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Trigger details", None))
#endif // QT_CONFIG(accessibility)
        self.received_label.setText(QCoreApplication.translate("TriggerDialog", u"&Received", None))
#if QT_CONFIG(accessibility)
        self.received.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Date received", None))
#endif // QT_CONFIG(accessibility)
        self.received.setDisplayFormat(QCoreApplication.translate("TriggerDialog", u"dd/MM/yyyy", None))
#if QT_CONFIG(accessibility)
        self.received_on_error.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Date received problem", None))
#endif // QT_CONFIG(accessibility)
        self.received_on_error.setProperty(u"styleName", QCoreApplication.translate("TriggerDialog", u"fieldError", None))
        self.sent_by_label.setText(QCoreApplication.translate("TriggerDialog", u"Sent &by", None))
#if QT_CONFIG(accessibility)
        self.sender.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Sent by force or agency", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.force_id_error.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Sender problem", None))
#endif // QT_CONFIG(accessibility)
        self.force_id_error.setProperty(u"styleName", QCoreApplication.translate("TriggerDialog", u"fieldError", None))
        self.officer_label.setText(QCoreApplication.translate("TriggerDialog", u"&Officer", None))
#if QT_CONFIG(accessibility)
        self.officer.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Referring officer", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.officer_error.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Referring officer problem", None))
#endif // QT_CONFIG(accessibility)
        self.officer_error.setProperty(u"styleName", QCoreApplication.translate("TriggerDialog", u"fieldError", None))
        self.subject_kind_label.setText(QCoreApplication.translate("TriggerDialog", u"Subject &kind", None))
#if QT_CONFIG(accessibility)
        self.kind.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Subject kind", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.subject_kind_error.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Subject kind problem", None))
#endif // QT_CONFIG(accessibility)
        self.subject_kind_error.setProperty(u"styleName", QCoreApplication.translate("TriggerDialog", u"fieldError", None))
        self.existing_subject_label.setText(QCoreApplication.translate("TriggerDialog", u"Existing subject", None))
#if QT_CONFIG(accessibility)
        self.subject_label.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Existing subject", None))
#endif // QT_CONFIG(accessibility)
        self.subject_label.setText(QCoreApplication.translate("TriggerDialog", u"none (propose a new subject below)", None))
#if QT_CONFIG(accessibility)
        self.choose_button.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Choose an existing subject", None))
#endif // QT_CONFIG(accessibility)
        self.choose_button.setText(QCoreApplication.translate("TriggerDialog", u"C&hoose existing...", None))
#if QT_CONFIG(accessibility)
        self.clear_button.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Clear the existing subject", None))
#endif // QT_CONFIG(accessibility)
        self.clear_button.setText(QCoreApplication.translate("TriggerDialog", u"Cl&ear", None))
#if QT_CONFIG(accessibility)
        self.subject_id_error.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Existing subject problem", None))
#endif // QT_CONFIG(accessibility)
        self.subject_id_error.setProperty(u"styleName", QCoreApplication.translate("TriggerDialog", u"fieldError", None))
        self.or_propose_label.setText(QCoreApplication.translate("TriggerDialog", u"Or &propose", None))
#if QT_CONFIG(accessibility)
        self.proposed.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Proposed new subject name", None))
#endif // QT_CONFIG(accessibility)
        self.proposed.setPlaceholderText(QCoreApplication.translate("TriggerDialog", u"Name of a subject not yet in the registers", None))
#if QT_CONFIG(accessibility)
        self.proposed_name_error.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Proposed name problem", None))
#endif // QT_CONFIG(accessibility)
        self.proposed_name_error.setProperty(u"styleName", QCoreApplication.translate("TriggerDialog", u"fieldError", None))
#if QT_CONFIG(accessibility)
        self.hints.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Possible duplicates", None))
#endif // QT_CONFIG(accessibility)
        self.hints.setProperty(u"styleName", QCoreApplication.translate("TriggerDialog", u"formError", None))
        self.summary_label.setText(QCoreApplication.translate("TriggerDialog", u"&Summary", None))
#if QT_CONFIG(accessibility)
        self.summary.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Trigger summary", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.summary_error.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Summary problem", None))
#endif // QT_CONFIG(accessibility)
        self.summary_error.setProperty(u"styleName", QCoreApplication.translate("TriggerDialog", u"fieldError", None))
        self.grounds_label.setText(QCoreApplication.translate("TriggerDialog", u"&Grounds", None))
#if QT_CONFIG(accessibility)
        self.grounds.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Grounds for assessment", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.grounds_error.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Grounds problem", None))
#endif // QT_CONFIG(accessibility)
        self.grounds_error.setProperty(u"styleName", QCoreApplication.translate("TriggerDialog", u"fieldError", None))
        self.grading_label.setText(QCoreApplication.translate("TriggerDialog", u"Grading (3x5x2)", None))
        self.marking_label.setText(QCoreApplication.translate("TriggerDialog", u"&Marking", None))
#if QT_CONFIG(accessibility)
        self.marking.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Trigger protective marking", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.marking_error.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Marking problem", None))
#endif // QT_CONFIG(accessibility)
        self.marking_error.setProperty(u"styleName", QCoreApplication.translate("TriggerDialog", u"fieldError", None))
        self.assigned_to_label.setText(QCoreApplication.translate("TriggerDialog", u"Assigned &to", None))
#if QT_CONFIG(tooltip)
        self.assignee.setToolTip(QCoreApplication.translate("TriggerDialog", u"Who triages this referral; taking it into triage assigns it to you if nobody is", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.assignee.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Assigned for triage to", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.assigned_to_id_error.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Assigned to problem", None))
#endif // QT_CONFIG(accessibility)
        self.assigned_to_id_error.setProperty(u"styleName", QCoreApplication.translate("TriggerDialog", u"fieldError", None))
        self.tabs.setTabText(self.tabs.indexOf(self.details_scroll), QCoreApplication.translate("TriggerDialog", u"&Details", None))
#if QT_CONFIG(accessibility)
        self.triage_button.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Start triage", None))
#endif // QT_CONFIG(accessibility)
        self.triage_button.setText(QCoreApplication.translate("TriggerDialog", u"Start &triage", None))
#if QT_CONFIG(accessibility)
        self.accept_button.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Accept for assessment", None))
#endif // QT_CONFIG(accessibility)
        self.accept_button.setText(QCoreApplication.translate("TriggerDialog", u"&Accept for assessment", None))
#if QT_CONFIG(accessibility)
        self.link_button.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Link to an existing subject", None))
#endif // QT_CONFIG(accessibility)
        self.link_button.setText(QCoreApplication.translate("TriggerDialog", u"&Link to subject...", None))
#if QT_CONFIG(accessibility)
        self.reject_button.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Reject trigger", None))
#endif // QT_CONFIG(accessibility)
        self.reject_button.setText(QCoreApplication.translate("TriggerDialog", u"Re&ject...", None))
#if QT_CONFIG(accessibility)
        self.duplicate_button.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Mark as duplicate of another trigger", None))
#endif // QT_CONFIG(accessibility)
        self.duplicate_button.setText(QCoreApplication.translate("TriggerDialog", u"D&uplicate of...", None))
#if QT_CONFIG(accessibility)
        self.save_button.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Save trigger", None))
#endif // QT_CONFIG(accessibility)
        self.save_button.setText(QCoreApplication.translate("TriggerDialog", u"&Save", None))
        self.save_button.setProperty(u"styleName", QCoreApplication.translate("TriggerDialog", u"primary", None))
#if QT_CONFIG(accessibility)
        self.close_button.setAccessibleName(QCoreApplication.translate("TriggerDialog", u"Close trigger", None))
#endif // QT_CONFIG(accessibility)
        self.close_button.setText(QCoreApplication.translate("TriggerDialog", u"&Close", None))
    # retranslateUi

