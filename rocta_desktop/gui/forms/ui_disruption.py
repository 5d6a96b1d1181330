# ruff: noqa
# Generated from ui/disruption.ui by ui/compile_forms.py (pyside6-uic): do not edit, edit the .ui.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'disruption.ui'
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
    QFormLayout, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit,
    QPushButton, QSizePolicy, QSpacerItem, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget)

class Ui_DisruptionDialog(object):
    def setupUi(self, DisruptionDialog):
        if not DisruptionDialog.objectName():
            DisruptionDialog.setObjectName(u"DisruptionDialog")
        self.layout = QVBoxLayout(DisruptionDialog)
        self.layout.setSpacing(6)
        self.layout.setObjectName(u"layout")
        self.layout.setContentsMargins(11, 11, 11, 11)
        self.banner = QLabel(DisruptionDialog)
        self.banner.setObjectName(u"banner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignHCenter|Qt.AlignmentFlag.AlignVCenter)

        self.layout.addWidget(self.banner)

        self.status = QLabel(DisruptionDialog)
        self.status.setObjectName(u"status")
        self.status.setWordWrap(True)

        self.layout.addWidget(self.status)

        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.form.setHorizontalSpacing(6)
        self.form.setVerticalSpacing(6)
        self.subject_label = QLabel(DisruptionDialog)
        self.subject_label.setObjectName(u"subject_label")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.subject_label)

        self.subject_box = QWidget(DisruptionDialog)
        self.subject_box.setObjectName(u"subject_box")
        self.subject_box_layout = QVBoxLayout(self.subject_box)
        self.subject_box_layout.setSpacing(3)
        self.subject_box_layout.setObjectName(u"subject_box_layout")
        self.subject_box_layout.setContentsMargins(0, 0, 0, 0)
        self.subject_slot = QWidget(self.subject_box)
        self.subject_slot.setObjectName(u"subject_slot")
        self.subject_slot_layout = QVBoxLayout(self.subject_slot)
        self.subject_slot_layout.setObjectName(u"subject_slot_layout")
        self.subject_slot_layout.setContentsMargins(0, 0, 0, 0)

        self.subject_box_layout.addWidget(self.subject_slot)

        self.subject_id_error = QLabel(self.subject_box)
        self.subject_id_error.setObjectName(u"subject_id_error")
        self.subject_id_error.setVisible(False)
        self.subject_id_error.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.subject_id_error.setWordWrap(True)
        self.subject_id_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.subject_box_layout.addWidget(self.subject_id_error)


        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.subject_box)

        self.occurred_label = QLabel(DisruptionDialog)
        self.occurred_label.setObjectName(u"occurred_label")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.occurred_label)

        self.occurred_box = QWidget(DisruptionDialog)
        self.occurred_box.setObjectName(u"occurred_box")
        self.occurred_box_layout = QVBoxLayout(self.occurred_box)
        self.occurred_box_layout.setSpacing(3)
        self.occurred_box_layout.setObjectName(u"occurred_box_layout")
        self.occurred_box_layout.setContentsMargins(0, 0, 0, 0)
        self.occurred = QDateEdit(self.occurred_box)
        self.occurred.setObjectName(u"occurred")
        self.occurred.setCalendarPopup(True)

        self.occurred_box_layout.addWidget(self.occurred)

        self.occurred_on_error = QLabel(self.occurred_box)
        self.occurred_on_error.setObjectName(u"occurred_on_error")
        self.occurred_on_error.setVisible(False)
        self.occurred_on_error.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.occurred_on_error.setWordWrap(True)
        self.occurred_on_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.occurred_box_layout.addWidget(self.occurred_on_error)


        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.occurred_box)

        self.four_p_label = QLabel(DisruptionDialog)
        self.four_p_label.setObjectName(u"four_p_label")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.four_p_label)

        self.four_p_box = QWidget(DisruptionDialog)
        self.four_p_box.setObjectName(u"four_p_box")
        self.four_p_box_layout = QVBoxLayout(self.four_p_box)
        self.four_p_box_layout.setSpacing(3)
        self.four_p_box_layout.setObjectName(u"four_p_box_layout")
        self.four_p_box_layout.setContentsMargins(0, 0, 0, 0)
        self.four_p = QComboBox(self.four_p_box)
        self.four_p.setObjectName(u"four_p")

        self.four_p_box_layout.addWidget(self.four_p)

        self.four_p_error = QLabel(self.four_p_box)
        self.four_p_error.setObjectName(u"four_p_error")
        self.four_p_error.setVisible(False)
        self.four_p_error.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.four_p_error.setWordWrap(True)
        self.four_p_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.four_p_box_layout.addWidget(self.four_p_error)


        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.four_p_box)

        self.tactic_label = QLabel(DisruptionDialog)
        self.tactic_label.setObjectName(u"tactic_label")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.tactic_label)

        self.tactic_box = QWidget(DisruptionDialog)
        self.tactic_box.setObjectName(u"tactic_box")
        self.tactic_box_layout = QVBoxLayout(self.tactic_box)
        self.tactic_box_layout.setSpacing(3)
        self.tactic_box_layout.setObjectName(u"tactic_box_layout")
        self.tactic_box_layout.setContentsMargins(0, 0, 0, 0)
        self.tactic = QLineEdit(self.tactic_box)
        self.tactic.setObjectName(u"tactic")

        self.tactic_box_layout.addWidget(self.tactic)

        self.tactic_error = QLabel(self.tactic_box)
        self.tactic_error.setObjectName(u"tactic_error")
        self.tactic_error.setVisible(False)
        self.tactic_error.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.tactic_error.setWordWrap(True)
        self.tactic_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.tactic_box_layout.addWidget(self.tactic_error)


        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.tactic_box)

        self.grade_label = QLabel(DisruptionDialog)
        self.grade_label.setObjectName(u"grade_label")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.grade_label)

        self.grade_box = QWidget(DisruptionDialog)
        self.grade_box.setObjectName(u"grade_box")
        self.grade_box_layout = QVBoxLayout(self.grade_box)
        self.grade_box_layout.setSpacing(3)
        self.grade_box_layout.setObjectName(u"grade_box_layout")
        self.grade_box_layout.setContentsMargins(0, 0, 0, 0)
        self.grade = QComboBox(self.grade_box)
        self.grade.setObjectName(u"grade")

        self.grade_box_layout.addWidget(self.grade)

        self.grade_error = QLabel(self.grade_box)
        self.grade_error.setObjectName(u"grade_error")
        self.grade_error.setVisible(False)
        self.grade_error.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.grade_error.setWordWrap(True)
        self.grade_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.grade_box_layout.addWidget(self.grade_error)


        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.grade_box)

        self.grade_help = QLabel(DisruptionDialog)
        self.grade_help.setObjectName(u"grade_help")
        self.grade_help.setWordWrap(True)

        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.grade_help)

        self.lead_label = QLabel(DisruptionDialog)
        self.lead_label.setObjectName(u"lead_label")

        self.form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.lead_label)

        self.lead_box = QWidget(DisruptionDialog)
        self.lead_box.setObjectName(u"lead_box")
        self.lead_box_layout = QVBoxLayout(self.lead_box)
        self.lead_box_layout.setSpacing(3)
        self.lead_box_layout.setObjectName(u"lead_box_layout")
        self.lead_box_layout.setContentsMargins(0, 0, 0, 0)
        self.lead = QComboBox(self.lead_box)
        self.lead.setObjectName(u"lead")

        self.lead_box_layout.addWidget(self.lead)

        self.lead_agency_id_error = QLabel(self.lead_box)
        self.lead_agency_id_error.setObjectName(u"lead_agency_id_error")
        self.lead_agency_id_error.setVisible(False)
        self.lead_agency_id_error.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.lead_agency_id_error.setWordWrap(True)
        self.lead_agency_id_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.lead_box_layout.addWidget(self.lead_agency_id_error)


        self.form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.lead_box)

        self.agencies_label = QLabel(DisruptionDialog)
        self.agencies_label.setObjectName(u"agencies_label")

        self.form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.agencies_label)

        self.agencies_box = QWidget(DisruptionDialog)
        self.agencies_box.setObjectName(u"agencies_box")
        self.agencies_box_layout = QVBoxLayout(self.agencies_box)
        self.agencies_box_layout.setSpacing(3)
        self.agencies_box_layout.setObjectName(u"agencies_box_layout")
        self.agencies_box_layout.setContentsMargins(0, 0, 0, 0)
        self.agencies = QListWidget(self.agencies_box)
        self.agencies.setObjectName(u"agencies")
        self.agencies.setMaximumSize(QSize(16777215, 100))

        self.agencies_box_layout.addWidget(self.agencies)

        self.agency_ids_error = QLabel(self.agencies_box)
        self.agency_ids_error.setObjectName(u"agency_ids_error")
        self.agency_ids_error.setVisible(False)
        self.agency_ids_error.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.agency_ids_error.setWordWrap(True)
        self.agency_ids_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.agencies_box_layout.addWidget(self.agency_ids_error)


        self.form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.agencies_box)

        self.operation_label = QLabel(DisruptionDialog)
        self.operation_label.setObjectName(u"operation_label")

        self.form.setWidget(8, QFormLayout.ItemRole.LabelRole, self.operation_label)

        self.operation = QLineEdit(DisruptionDialog)
        self.operation.setObjectName(u"operation")

        self.form.setWidget(8, QFormLayout.ItemRole.FieldRole, self.operation)

        self.narrative_label = QLabel(DisruptionDialog)
        self.narrative_label.setObjectName(u"narrative_label")

        self.form.setWidget(9, QFormLayout.ItemRole.LabelRole, self.narrative_label)

        self.narrative = QPlainTextEdit(DisruptionDialog)
        self.narrative.setObjectName(u"narrative")
        self.narrative.setMinimumSize(QSize(0, 60))
        self.narrative.setMaximumSize(QSize(16777215, 60))
        self.narrative.setTabChangesFocus(True)

        self.form.setWidget(9, QFormLayout.ItemRole.FieldRole, self.narrative)

        self.outcomes_label = QLabel(DisruptionDialog)
        self.outcomes_label.setObjectName(u"outcomes_label")

        self.form.setWidget(10, QFormLayout.ItemRole.LabelRole, self.outcomes_label)

        self.outcomes_box = QWidget(DisruptionDialog)
        self.outcomes_box.setObjectName(u"outcomes_box")
        self.outcomes_box_layout = QVBoxLayout(self.outcomes_box)
        self.outcomes_box_layout.setSpacing(3)
        self.outcomes_box_layout.setObjectName(u"outcomes_box_layout")
        self.outcomes_box_layout.setContentsMargins(0, 0, 0, 0)
        self.outcomes_area = QWidget(self.outcomes_box)
        self.outcomes_area.setObjectName(u"outcomes_area")
        self.outcomes_area_layout = QVBoxLayout(self.outcomes_area)
        self.outcomes_area_layout.setSpacing(6)
        self.outcomes_area_layout.setObjectName(u"outcomes_area_layout")
        self.outcomes_area_layout.setContentsMargins(9, 9, 9, 9)
        self.outcomes = QTableWidget(self.outcomes_area)
        self.outcomes.setObjectName(u"outcomes")
        self.outcomes.setColumnCount(4)
        self.outcomes.setMinimumSize(QSize(0, 130))
        self.outcomes.horizontalHeader().setStretchLastSection(True)
        self.outcomes.verticalHeader().setVisible(False)

        self.outcomes_area_layout.addWidget(self.outcomes)

        self.outcome_buttons = QHBoxLayout()
        self.outcome_buttons.setSpacing(6)
        self.outcome_buttons.setObjectName(u"outcome_buttons")
        self.add_outcome = QPushButton(self.outcomes_area)
        self.add_outcome.setObjectName(u"add_outcome")
        self.add_outcome.setAutoDefault(True)

        self.outcome_buttons.addWidget(self.add_outcome)

        self.remove_outcome = QPushButton(self.outcomes_area)
        self.remove_outcome.setObjectName(u"remove_outcome")
        self.remove_outcome.setAutoDefault(True)

        self.outcome_buttons.addWidget(self.remove_outcome)

        self.spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.outcome_buttons.addItem(self.spacer)

        self.outcome_buttons.setStretch(2, 1)

        self.outcomes_area_layout.addLayout(self.outcome_buttons)


        self.outcomes_box_layout.addWidget(self.outcomes_area)

        self.outcomes_error = QLabel(self.outcomes_box)
        self.outcomes_error.setObjectName(u"outcomes_error")
        self.outcomes_error.setVisible(False)
        self.outcomes_error.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.outcomes_error.setWordWrap(True)
        self.outcomes_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.outcomes_box_layout.addWidget(self.outcomes_error)


        self.form.setWidget(10, QFormLayout.ItemRole.FieldRole, self.outcomes_box)

        self.marking_label = QLabel(DisruptionDialog)
        self.marking_label.setObjectName(u"marking_label")

        self.form.setWidget(11, QFormLayout.ItemRole.LabelRole, self.marking_label)

        self.marking_box = QWidget(DisruptionDialog)
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


        self.form.setWidget(11, QFormLayout.ItemRole.FieldRole, self.marking_box)


        self.layout.addLayout(self.form)

        self.comment = QPlainTextEdit(DisruptionDialog)
        self.comment.setObjectName(u"comment")
        self.comment.setEnabled(False)
        self.comment.setVisible(False)
        self.comment.setMinimumSize(QSize(0, 48))
        self.comment.setMaximumSize(QSize(16777215, 48))

        self.layout.addWidget(self.comment)

        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(6)
        self.buttons.setObjectName(u"buttons")
        self.return_button = QPushButton(DisruptionDialog)
        self.return_button.setObjectName(u"return_button")
        self.return_button.setEnabled(False)
        self.return_button.setVisible(False)
        self.return_button.setAutoDefault(True)

        self.buttons.addWidget(self.return_button)

        self.approve_button = QPushButton(DisruptionDialog)
        self.approve_button.setObjectName(u"approve_button")
        self.approve_button.setEnabled(False)
        self.approve_button.setVisible(False)
        self.approve_button.setAutoDefault(True)

        self.buttons.addWidget(self.approve_button)

        self.spacer_2 = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttons.addItem(self.spacer_2)

        self.save_button = QPushButton(DisruptionDialog)
        self.save_button.setObjectName(u"save_button")
        self.save_button.setAutoDefault(True)

        self.buttons.addWidget(self.save_button)

        self.submit_button = QPushButton(DisruptionDialog)
        self.submit_button.setObjectName(u"submit_button")
        self.submit_button.setAutoDefault(True)

        self.buttons.addWidget(self.submit_button)

        self.close_button = QPushButton(DisruptionDialog)
        self.close_button.setObjectName(u"close_button")
        self.close_button.setAutoDefault(True)

        self.buttons.addWidget(self.close_button)

        self.buttons.setStretch(2, 1)

        self.layout.addLayout(self.buttons)

#if QT_CONFIG(shortcut)
        self.occurred_label.setBuddy(self.occurred)
        self.four_p_label.setBuddy(self.four_p)
        self.tactic_label.setBuddy(self.tactic)
        self.grade_label.setBuddy(self.grade)
        self.lead_label.setBuddy(self.lead)
        self.agencies_label.setBuddy(self.agencies)
        self.operation_label.setBuddy(self.operation)
        self.narrative_label.setBuddy(self.narrative)
        self.outcomes_label.setBuddy(self.outcomes)
        self.marking_label.setBuddy(self.marking)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.occurred, self.four_p)
        QWidget.setTabOrder(self.four_p, self.tactic)
        QWidget.setTabOrder(self.tactic, self.grade)
        QWidget.setTabOrder(self.grade, self.lead)
        QWidget.setTabOrder(self.lead, self.agencies)
        QWidget.setTabOrder(self.agencies, self.operation)
        QWidget.setTabOrder(self.operation, self.narrative)
        QWidget.setTabOrder(self.narrative, self.outcomes)
        QWidget.setTabOrder(self.outcomes, self.add_outcome)
        QWidget.setTabOrder(self.add_outcome, self.remove_outcome)
        QWidget.setTabOrder(self.remove_outcome, self.marking)
        QWidget.setTabOrder(self.marking, self.comment)
        QWidget.setTabOrder(self.comment, self.return_button)
        QWidget.setTabOrder(self.return_button, self.approve_button)
        QWidget.setTabOrder(self.approve_button, self.save_button)
        QWidget.setTabOrder(self.save_button, self.submit_button)
        QWidget.setTabOrder(self.submit_button, self.close_button)

        self.retranslateUi(DisruptionDialog)

        QMetaObject.connectSlotsByName(DisruptionDialog)
    # setupUi

    def retranslateUi(self, DisruptionDialog):
        DisruptionDialog.setWindowTitle(QCoreApplication.translate("DisruptionDialog", u"New disruption", None))
#if QT_CONFIG(accessibility)
        DisruptionDialog.setAccessibleName(QCoreApplication.translate("DisruptionDialog", u"Disruption", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.banner.setAccessibleName(QCoreApplication.translate("DisruptionDialog", u"Disruption marking", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.status.setAccessibleName(QCoreApplication.translate("DisruptionDialog", u"Disruption status", None))
#endif // QT_CONFIG(accessibility)
        self.status.setText(QCoreApplication.translate("DisruptionDialog", u"A new disruption: save it as a draft, then submit it for a supervisor's approval.", None))
        self.subject_label.setText(QCoreApplication.translate("DisruptionDialog", u"Subject", None))
#if QT_CONFIG(accessibility)
        self.subject_id_error.setAccessibleName(QCoreApplication.translate("DisruptionDialog", u"Subject problem", None))
#endif // QT_CONFIG(accessibility)
        self.subject_id_error.setProperty(u"styleName", QCoreApplication.translate("DisruptionDialog", u"fieldError", None))
        self.occurred_label.setText(QCoreApplication.translate("DisruptionDialog", u"&Date", None))
#if QT_CONFIG(accessibility)
        self.occurred.setAccessibleName(QCoreApplication.translate("DisruptionDialog", u"Date of the disruption", None))
#endif // QT_CONFIG(accessibility)
        self.occurred.setDisplayFormat(QCoreApplication.translate("DisruptionDialog", u"dd/MM/yyyy", None))
#if QT_CONFIG(accessibility)
        self.occurred_on_error.setAccessibleName(QCoreApplication.translate("DisruptionDialog", u"Date problem", None))
#endif // QT_CONFIG(accessibility)
        self.occurred_on_error.setProperty(u"styleName", QCoreApplication.translate("DisruptionDialog", u"fieldError", None))
        self.four_p_label.setText(QCoreApplication.translate("DisruptionDialog", u"&4P", None))
#if QT_CONFIG(accessibility)
        self.four_p.setAccessibleName(QCoreApplication.translate("DisruptionDialog", u"4P category", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.four_p_error.setAccessibleName(QCoreApplication.translate("DisruptionDialog", u"4P category problem", None))
#endif // QT_CONFIG(accessibility)
        self.four_p_error.setProperty(u"styleName", QCoreApplication.translate("DisruptionDialog", u"fieldError", None))
        self.tactic_label.setText(QCoreApplication.translate("DisruptionDialog", u"&Tactic", None))
#if QT_CONFIG(accessibility)
        self.tactic.setAccessibleName(QCoreApplication.translate("DisruptionDialog", u"Tactic", None))
#endif // QT_CONFIG(accessibility)
        self.tactic.setPlaceholderText(QCoreApplication.translate("DisruptionDialog", u"e.g. warrant, arrests, safeguarding visits, financial investigation", None))
#if QT_CONFIG(accessibility)
        self.tactic_error.setAccessibleName(QCoreApplication.translate("DisruptionDialog", u"Tactic problem", None))
#endif // QT_CONFIG(accessibility)
        self.tactic_error.setProperty(u"styleName", QCoreApplication.translate("DisruptionDialog", u"fieldError", None))
        self.grade_label.setText(QCoreApplication.translate("DisruptionDialog", u"&Impact", None))
#if QT_CONFIG(accessibility)
        self.grade.setAccessibleName(QCoreApplication.translate("DisruptionDialog", u"Impact grade", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.grade_error.setAccessibleName(QCoreApplication.translate("DisruptionDialog", u"Impact grade problem", None))
#endif // QT_CONFIG(accessibility)
        self.grade_error.setProperty(u"styleName", QCoreApplication.translate("DisruptionDialog", u"fieldError", None))
#if QT_CONFIG(accessibility)
        self.grade_help.setAccessibleName(QCoreApplication.translate("DisruptionDialog", u"Impact grade guidance", None))
#endif // QT_CONFIG(accessibility)
        self.grade_help.setProperty(u"styleName", QCoreApplication.translate("DisruptionDialog", u"muted", None))
        self.lead_label.setText(QCoreApplication.translate("DisruptionDialog", u"&Lead agency", None))
#if QT_CONFIG(accessibility)
        self.lead.setAccessibleName(QCoreApplication.translate("DisruptionDialog", u"Lead agency", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.lead_agency_id_error.setAccessibleName(QCoreApplication.translate("DisruptionDialog", u"Lead agency problem", None))
#endif // QT_CONFIG(accessibility)
        self.lead_agency_id_error.setProperty(u"styleName", QCoreApplication.translate("DisruptionDialog", u"fieldError", None))
        self.agencies_label.setText(QCoreApplication.translate("DisruptionDialog", u"C&ontributing", None))
#if QT_CONFIG(accessibility)
        self.agencies.setAccessibleName(QCoreApplication.translate("DisruptionDialog", u"Contributing agencies", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.agency_ids_error.setAccessibleName(QCoreApplication.translate("DisruptionDialog", u"Contributing agencies problem", None))
#endif // QT_CONFIG(accessibility)
        self.agency_ids_error.setProperty(u"styleName", QCoreApplication.translate("DisruptionDialog", u"fieldError", None))
        self.operation_label.setText(QCoreApplication.translate("DisruptionDialog", u"O&peration", None))
#if QT_CONFIG(accessibility)
        self.operation.setAccessibleName(QCoreApplication.translate("DisruptionDialog", u"Operation name", None))
#endif // QT_CONFIG(accessibility)
        self.narrative_label.setText(QCoreApplication.translate("DisruptionDialog", u"&Narrative", None))
#if QT_CONFIG(accessibility)
        self.narrative.setAccessibleName(QCoreApplication.translate("DisruptionDialog", u"Disruption narrative", None))
#endif // QT_CONFIG(accessibility)
        self.outcomes_label.setText(QCoreApplication.translate("DisruptionDialog", u"Outcomes", None))
#if QT_CONFIG(accessibility)
        self.outcomes.setAccessibleName(QCoreApplication.translate("DisruptionDialog", u"Outcomes", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.add_outcome.setAccessibleName(QCoreApplication.translate("DisruptionDialog", u"Add an outcome", None))
#endif // QT_CONFIG(accessibility)
        self.add_outcome.setText(QCoreApplication.translate("DisruptionDialog", u"&Add outcome", None))
#if QT_CONFIG(accessibility)
        self.remove_outcome.setAccessibleName(QCoreApplication.translate("DisruptionDialog", u"Remove the selected outcome", None))
#endif // QT_CONFIG(accessibility)
        self.remove_outcome.setText(QCoreApplication.translate("DisruptionDialog", u"Remo&ve outcome", None))
#if QT_CONFIG(accessibility)
        self.outcomes_error.setAccessibleName(QCoreApplication.translate("DisruptionDialog", u"Outcomes problem", None))
#endif // QT_CONFIG(accessibility)
        self.outcomes_error.setProperty(u"styleName", QCoreApplication.translate("DisruptionDialog", u"fieldError", None))
        self.marking_label.setText(QCoreApplication.translate("DisruptionDialog", u"&Marking", None))
#if QT_CONFIG(accessibility)
        self.marking.setAccessibleName(QCoreApplication.translate("DisruptionDialog", u"Disruption protective marking", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.marking_error.setAccessibleName(QCoreApplication.translate("DisruptionDialog", u"Marking problem", None))
#endif // QT_CONFIG(accessibility)
        self.marking_error.setProperty(u"styleName", QCoreApplication.translate("DisruptionDialog", u"fieldError", None))
#if QT_CONFIG(accessibility)
        self.comment.setAccessibleName(QCoreApplication.translate("DisruptionDialog", u"Review comment", None))
#endif // QT_CONFIG(accessibility)
        self.comment.setPlaceholderText(QCoreApplication.translate("DisruptionDialog", u"Review comment (required to return it)", None))
#if QT_CONFIG(accessibility)
        self.return_button.setAccessibleName(QCoreApplication.translate("DisruptionDialog", u"Return disruption for changes", None))
#endif // QT_CONFIG(accessibility)
        self.return_button.setText(QCoreApplication.translate("DisruptionDialog", u"&Return", None))
#if QT_CONFIG(accessibility)
        self.approve_button.setAccessibleName(QCoreApplication.translate("DisruptionDialog", u"Approve disruption", None))
#endif // QT_CONFIG(accessibility)
        self.approve_button.setText(QCoreApplication.translate("DisruptionDialog", u"Appro&ve", None))
#if QT_CONFIG(accessibility)
        self.save_button.setAccessibleName(QCoreApplication.translate("DisruptionDialog", u"Save disruption", None))
#endif // QT_CONFIG(accessibility)
        self.save_button.setText(QCoreApplication.translate("DisruptionDialog", u"&Save", None))
#if QT_CONFIG(accessibility)
        self.submit_button.setAccessibleName(QCoreApplication.translate("DisruptionDialog", u"Submit disruption for approval", None))
#endif // QT_CONFIG(accessibility)
        self.submit_button.setText(QCoreApplication.translate("DisruptionDialog", u"S&ubmit for approval", None))
        self.submit_button.setProperty(u"styleName", QCoreApplication.translate("DisruptionDialog", u"primary", None))
#if QT_CONFIG(accessibility)
        self.close_button.setAccessibleName(QCoreApplication.translate("DisruptionDialog", u"Close disruption", None))
#endif // QT_CONFIG(accessibility)
        self.close_button.setText(QCoreApplication.translate("DisruptionDialog", u"&Close", None))
    # retranslateUi

