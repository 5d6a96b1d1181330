# ruff: noqa
# Generated from ui/impact.ui by ui/compile_forms.py (pyside6-uic): do not edit, edit the .ui.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'impact.ui'
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
from PySide6.QtWidgets import (QApplication, QComboBox, QGridLayout, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QPushButton,
    QScrollArea, QSizePolicy, QSpacerItem, QTabWidget,
    QTableWidgetItem, QVBoxLayout, QWidget)

from rocta_desktop.gui.tables import RecordTable

class Ui_ImpactPage(object):
    def setupUi(self, ImpactPage):
        if not ImpactPage.objectName():
            ImpactPage.setObjectName(u"ImpactPage")
        self.layout = QVBoxLayout(ImpactPage)
        self.layout.setSpacing(6)
        self.layout.setObjectName(u"layout")
        self.layout.setContentsMargins(16, 12, 16, 12)
        self.top_row = QHBoxLayout()
        self.top_row.setSpacing(6)
        self.top_row.setObjectName(u"top_row")
        self.heading = QLabel(ImpactPage)
        self.heading.setObjectName(u"heading")

        self.top_row.addWidget(self.heading)

        self.spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.top_row.addItem(self.spacer)

        self.new_button = QPushButton(ImpactPage)
        self.new_button.setObjectName(u"new_button")

        self.top_row.addWidget(self.new_button)

        self.top_row.setStretch(1, 1)

        self.layout.addLayout(self.top_row)

        self.tabs = QTabWidget(ImpactPage)
        self.tabs.setObjectName(u"tabs")
        self.disruptions_tab = QWidget()
        self.disruptions_tab.setObjectName(u"disruptions_tab")
        self.disruptions_tab_layout = QVBoxLayout(self.disruptions_tab)
        self.disruptions_tab_layout.setSpacing(6)
        self.disruptions_tab_layout.setObjectName(u"disruptions_tab_layout")
        self.disruptions_tab_layout.setContentsMargins(9, 9, 9, 9)
        self.show_row = QHBoxLayout()
        self.show_row.setSpacing(6)
        self.show_row.setObjectName(u"show_row")
        self.show_label = QLabel(self.disruptions_tab)
        self.show_label.setObjectName(u"show_label")

        self.show_row.addWidget(self.show_label)

        self.filter = QComboBox(self.disruptions_tab)
        self.filter.setObjectName(u"filter")

        self.show_row.addWidget(self.filter)

        self.spacer_2 = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.show_row.addItem(self.spacer_2)

        self.columns_button = QPushButton(self.disruptions_tab)
        self.columns_button.setObjectName(u"columns_button")

        self.show_row.addWidget(self.columns_button)

        self.show_row.setStretch(2, 1)

        self.disruptions_tab_layout.addLayout(self.show_row)

        self.table = RecordTable(self.disruptions_tab)
        self.table.setObjectName(u"table")

        self.disruptions_tab_layout.addWidget(self.table)

        self.count_row = QHBoxLayout()
        self.count_row.setSpacing(6)
        self.count_row.setObjectName(u"count_row")
        self.count = QLabel(self.disruptions_tab)
        self.count.setObjectName(u"count")

        self.count_row.addWidget(self.count)

        self.spacer_3 = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.count_row.addItem(self.spacer_3)

        self.open_button = QPushButton(self.disruptions_tab)
        self.open_button.setObjectName(u"open_button")

        self.count_row.addWidget(self.open_button)

        self.count_row.setStretch(1, 1)

        self.disruptions_tab_layout.addLayout(self.count_row)

        self.disruptions_tab_layout.setStretch(1, 1)
        self.tabs.addTab(self.disruptions_tab, "")
        self.dashboard_tab = QScrollArea()
        self.dashboard_tab.setObjectName(u"dashboard_tab")
        self.dashboard_tab.setWidgetResizable(True)
        self.dash_body = QWidget()
        self.dash_body.setObjectName(u"dash_body")
        self.dash_body_layout = QVBoxLayout(self.dash_body)
        self.dash_body_layout.setSpacing(6)
        self.dash_body_layout.setObjectName(u"dash_body_layout")
        self.dash_body_layout.setContentsMargins(9, 9, 9, 9)
        self.filter_row = QHBoxLayout()
        self.filter_row.setSpacing(6)
        self.filter_row.setObjectName(u"filter_row")
        self.period_label = QLabel(self.dash_body)
        self.period_label.setObjectName(u"period_label")

        self.filter_row.addWidget(self.period_label)

        self.period = QLineEdit(self.dash_body)
        self.period.setObjectName(u"period")

        self.filter_row.addWidget(self.period)

        self.force_label = QLabel(self.dash_body)
        self.force_label.setObjectName(u"force_label")

        self.filter_row.addWidget(self.force_label)

        self.force = QComboBox(self.dash_body)
        self.force.setObjectName(u"force")

        self.filter_row.addWidget(self.force)

        self.kind_label = QLabel(self.dash_body)
        self.kind_label.setObjectName(u"kind_label")

        self.filter_row.addWidget(self.kind_label)

        self.kind = QComboBox(self.dash_body)
        self.kind.setObjectName(u"kind")

        self.filter_row.addWidget(self.kind)

        self.apply_button = QPushButton(self.dash_body)
        self.apply_button.setObjectName(u"apply_button")

        self.filter_row.addWidget(self.apply_button)

        self.filter_row.setStretch(1, 1)

        self.dash_body_layout.addLayout(self.filter_row)

        self.period_error = QLabel(self.dash_body)
        self.period_error.setObjectName(u"period_error")

        self.dash_body_layout.addWidget(self.period_error)

        self.contribution = QLabel(self.dash_body)
        self.contribution.setObjectName(u"contribution")

        self.dash_body_layout.addWidget(self.contribution)

        self.charts_grid = QGridLayout()
        self.charts_grid.setObjectName(u"charts_grid")
        self.charts_grid.setHorizontalSpacing(6)
        self.charts_grid.setVerticalSpacing(6)
        self.over_time_cell = QVBoxLayout()
        self.over_time_cell.setSpacing(6)
        self.over_time_cell.setObjectName(u"over_time_cell")
        self.over_time_chart_slot = QWidget(self.dash_body)
        self.over_time_chart_slot.setObjectName(u"over_time_chart_slot")
        self.over_time_chart_slot_layout = QVBoxLayout(self.over_time_chart_slot)
        self.over_time_chart_slot_layout.setObjectName(u"over_time_chart_slot_layout")
        self.over_time_chart_slot_layout.setContentsMargins(0, 0, 0, 0)

        self.over_time_cell.addWidget(self.over_time_chart_slot)

        self.over_time_export_button = QPushButton(self.dash_body)
        self.over_time_export_button.setObjectName(u"over_time_export_button")

        self.over_time_cell.addWidget(self.over_time_export_button)

        self.over_time_cell.setStretch(0, 1)

        self.charts_grid.addLayout(self.over_time_cell, 0, 0, 1, 1)

        self.by_grade_cell = QVBoxLayout()
        self.by_grade_cell.setSpacing(6)
        self.by_grade_cell.setObjectName(u"by_grade_cell")
        self.by_grade_chart_slot = QWidget(self.dash_body)
        self.by_grade_chart_slot.setObjectName(u"by_grade_chart_slot")
        self.by_grade_chart_slot_layout = QVBoxLayout(self.by_grade_chart_slot)
        self.by_grade_chart_slot_layout.setObjectName(u"by_grade_chart_slot_layout")
        self.by_grade_chart_slot_layout.setContentsMargins(0, 0, 0, 0)

        self.by_grade_cell.addWidget(self.by_grade_chart_slot)

        self.by_grade_export_button = QPushButton(self.dash_body)
        self.by_grade_export_button.setObjectName(u"by_grade_export_button")

        self.by_grade_cell.addWidget(self.by_grade_export_button)

        self.by_grade_cell.setStretch(0, 1)

        self.charts_grid.addLayout(self.by_grade_cell, 0, 1, 1, 1)

        self.by_agency_cell = QVBoxLayout()
        self.by_agency_cell.setSpacing(6)
        self.by_agency_cell.setObjectName(u"by_agency_cell")
        self.by_agency_chart_slot = QWidget(self.dash_body)
        self.by_agency_chart_slot.setObjectName(u"by_agency_chart_slot")
        self.by_agency_chart_slot_layout = QVBoxLayout(self.by_agency_chart_slot)
        self.by_agency_chart_slot_layout.setObjectName(u"by_agency_chart_slot_layout")
        self.by_agency_chart_slot_layout.setContentsMargins(0, 0, 0, 0)

        self.by_agency_cell.addWidget(self.by_agency_chart_slot)

        self.by_agency_export_button = QPushButton(self.dash_body)
        self.by_agency_export_button.setObjectName(u"by_agency_export_button")

        self.by_agency_cell.addWidget(self.by_agency_export_button)

        self.by_agency_cell.setStretch(0, 1)

        self.charts_grid.addLayout(self.by_agency_cell, 1, 0, 1, 1)

        self.outcomes_cell = QVBoxLayout()
        self.outcomes_cell.setSpacing(6)
        self.outcomes_cell.setObjectName(u"outcomes_cell")
        self.outcomes_chart_slot = QWidget(self.dash_body)
        self.outcomes_chart_slot.setObjectName(u"outcomes_chart_slot")
        self.outcomes_chart_slot_layout = QVBoxLayout(self.outcomes_chart_slot)
        self.outcomes_chart_slot_layout.setObjectName(u"outcomes_chart_slot_layout")
        self.outcomes_chart_slot_layout.setContentsMargins(0, 0, 0, 0)

        self.outcomes_cell.addWidget(self.outcomes_chart_slot)

        self.outcomes_export_button = QPushButton(self.dash_body)
        self.outcomes_export_button.setObjectName(u"outcomes_export_button")

        self.outcomes_cell.addWidget(self.outcomes_export_button)

        self.outcomes_cell.setStretch(0, 1)

        self.charts_grid.addLayout(self.outcomes_cell, 1, 1, 1, 1)

        self.threat_cell = QVBoxLayout()
        self.threat_cell.setSpacing(6)
        self.threat_cell.setObjectName(u"threat_cell")
        self.threat_chart_slot = QWidget(self.dash_body)
        self.threat_chart_slot.setObjectName(u"threat_chart_slot")
        self.threat_chart_slot_layout = QVBoxLayout(self.threat_chart_slot)
        self.threat_chart_slot_layout.setObjectName(u"threat_chart_slot_layout")
        self.threat_chart_slot_layout.setContentsMargins(0, 0, 0, 0)

        self.threat_cell.addWidget(self.threat_chart_slot)

        self.threat_export_button = QPushButton(self.dash_body)
        self.threat_export_button.setObjectName(u"threat_export_button")

        self.threat_cell.addWidget(self.threat_export_button)

        self.threat_cell.setStretch(0, 1)

        self.charts_grid.addLayout(self.threat_cell, 2, 0, 1, 1)

        self.matrix_cell = QVBoxLayout()
        self.matrix_cell.setSpacing(6)
        self.matrix_cell.setObjectName(u"matrix_cell")
        self.matrix_chart_slot = QWidget(self.dash_body)
        self.matrix_chart_slot.setObjectName(u"matrix_chart_slot")
        self.matrix_chart_slot_layout = QVBoxLayout(self.matrix_chart_slot)
        self.matrix_chart_slot_layout.setObjectName(u"matrix_chart_slot_layout")
        self.matrix_chart_slot_layout.setContentsMargins(0, 0, 0, 0)

        self.matrix_cell.addWidget(self.matrix_chart_slot)

        self.matrix_export_button = QPushButton(self.dash_body)
        self.matrix_export_button.setObjectName(u"matrix_export_button")

        self.matrix_cell.addWidget(self.matrix_export_button)

        self.matrix_cell.setStretch(0, 1)

        self.charts_grid.addLayout(self.matrix_cell, 2, 1, 1, 1)


        self.dash_body_layout.addLayout(self.charts_grid)

        self.timeline_label = QLabel(self.dash_body)
        self.timeline_label.setObjectName(u"timeline_label")

        self.dash_body_layout.addWidget(self.timeline_label)

        self.timeline_subject_slot = QWidget(self.dash_body)
        self.timeline_subject_slot.setObjectName(u"timeline_subject_slot")
        self.timeline_subject_slot_layout = QVBoxLayout(self.timeline_subject_slot)
        self.timeline_subject_slot_layout.setObjectName(u"timeline_subject_slot_layout")
        self.timeline_subject_slot_layout.setContentsMargins(0, 0, 0, 0)

        self.dash_body_layout.addWidget(self.timeline_subject_slot)

        self.timeline_slot = QWidget(self.dash_body)
        self.timeline_slot.setObjectName(u"timeline_slot")
        self.timeline_slot_layout = QVBoxLayout(self.timeline_slot)
        self.timeline_slot_layout.setObjectName(u"timeline_slot_layout")
        self.timeline_slot_layout.setContentsMargins(0, 0, 0, 0)

        self.dash_body_layout.addWidget(self.timeline_slot)

        self.dashboard_tab.setWidget(self.dash_body)
        self.tabs.addTab(self.dashboard_tab, "")
        self.best_practice_tab = QWidget()
        self.best_practice_tab.setObjectName(u"best_practice_tab")
        self.best_practice_tab_layout = QVBoxLayout(self.best_practice_tab)
        self.best_practice_tab_layout.setSpacing(6)
        self.best_practice_tab_layout.setObjectName(u"best_practice_tab_layout")
        self.best_practice_tab_layout.setContentsMargins(9, 9, 9, 9)
        self.practice_search = QLineEdit(self.best_practice_tab)
        self.practice_search.setObjectName(u"practice_search")
        self.practice_search.setClearButtonEnabled(True)

        self.best_practice_tab_layout.addWidget(self.practice_search)

        self.practice = RecordTable(self.best_practice_tab)
        self.practice.setObjectName(u"practice")

        self.best_practice_tab_layout.addWidget(self.practice)

        self.practice_buttons = QHBoxLayout()
        self.practice_buttons.setSpacing(6)
        self.practice_buttons.setObjectName(u"practice_buttons")
        self.spacer_4 = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.practice_buttons.addItem(self.spacer_4)

        self.new_practice = QPushButton(self.best_practice_tab)
        self.new_practice.setObjectName(u"new_practice")

        self.practice_buttons.addWidget(self.new_practice)

        self.open_practice = QPushButton(self.best_practice_tab)
        self.open_practice.setObjectName(u"open_practice")

        self.practice_buttons.addWidget(self.open_practice)

        self.practice_buttons.setStretch(0, 1)

        self.best_practice_tab_layout.addLayout(self.practice_buttons)

        self.best_practice_tab_layout.setStretch(1, 1)
        self.tabs.addTab(self.best_practice_tab, "")
        self.grades_tab = QWidget()
        self.grades_tab.setObjectName(u"grades_tab")
        self.grades_tab_layout = QVBoxLayout(self.grades_tab)
        self.grades_tab_layout.setSpacing(6)
        self.grades_tab_layout.setObjectName(u"grades_tab_layout")
        self.grades_tab_layout.setContentsMargins(9, 9, 9, 9)
        self.grades_intro = QLabel(self.grades_tab)
        self.grades_intro.setObjectName(u"grades_intro")

        self.grades_tab_layout.addWidget(self.grades_intro)

        self.grade_rows = QVBoxLayout()
        self.grade_rows.setSpacing(6)
        self.grade_rows.setObjectName(u"grade_rows")

        self.grades_tab_layout.addLayout(self.grade_rows)

        self.save_grades = QPushButton(self.grades_tab)
        self.save_grades.setObjectName(u"save_grades")

        self.grades_tab_layout.addWidget(self.save_grades)

        self.spacer_5 = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.grades_tab_layout.addItem(self.spacer_5)

        self.grades_tab_layout.setStretch(3, 1)
        self.tabs.addTab(self.grades_tab, "")

        self.layout.addWidget(self.tabs)

        self.layout.setStretch(1, 1)
#if QT_CONFIG(shortcut)
        self.show_label.setBuddy(self.filter)
        self.period_label.setBuddy(self.period)
        self.force_label.setBuddy(self.force)
        self.kind_label.setBuddy(self.kind)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.new_button, self.tabs)
        QWidget.setTabOrder(self.tabs, self.filter)
        QWidget.setTabOrder(self.filter, self.columns_button)
        QWidget.setTabOrder(self.columns_button, self.table)
        QWidget.setTabOrder(self.table, self.open_button)
        QWidget.setTabOrder(self.open_button, self.dashboard_tab)
        QWidget.setTabOrder(self.dashboard_tab, self.period)
        QWidget.setTabOrder(self.period, self.force)
        QWidget.setTabOrder(self.force, self.kind)
        QWidget.setTabOrder(self.kind, self.apply_button)
        QWidget.setTabOrder(self.apply_button, self.over_time_export_button)
        QWidget.setTabOrder(self.over_time_export_button, self.by_grade_export_button)
        QWidget.setTabOrder(self.by_grade_export_button, self.by_agency_export_button)
        QWidget.setTabOrder(self.by_agency_export_button, self.outcomes_export_button)
        QWidget.setTabOrder(self.outcomes_export_button, self.threat_export_button)
        QWidget.setTabOrder(self.threat_export_button, self.matrix_export_button)
        QWidget.setTabOrder(self.matrix_export_button, self.practice_search)
        QWidget.setTabOrder(self.practice_search, self.practice)
        QWidget.setTabOrder(self.practice, self.new_practice)
        QWidget.setTabOrder(self.new_practice, self.open_practice)
        QWidget.setTabOrder(self.open_practice, self.save_grades)

        self.retranslateUi(ImpactPage)

        QMetaObject.connectSlotsByName(ImpactPage)
    # setupUi

    def retranslateUi(self, ImpactPage):
#if QT_CONFIG(accessibility)
        ImpactPage.setAccessibleName(QCoreApplication.translate("ImpactPage", u"Impact page", None))
#endif // QT_CONFIG(accessibility)
        self.heading.setText(QCoreApplication.translate("ImpactPage", u"Impact", None))
        self.heading.setProperty(u"styleName", QCoreApplication.translate("ImpactPage", u"heading", None))
#if QT_CONFIG(accessibility)
        self.new_button.setAccessibleName(QCoreApplication.translate("ImpactPage", u"New disruption", None))
#endif // QT_CONFIG(accessibility)
        self.new_button.setText(QCoreApplication.translate("ImpactPage", u"&New disruption...", None))
        self.new_button.setProperty(u"styleName", QCoreApplication.translate("ImpactPage", u"primary", None))
#if QT_CONFIG(accessibility)
        self.tabs.setAccessibleName(QCoreApplication.translate("ImpactPage", u"Impact views", None))
#endif // QT_CONFIG(accessibility)
        self.show_label.setText(QCoreApplication.translate("ImpactPage", u"S&how:", None))
#if QT_CONFIG(accessibility)
        self.filter.setAccessibleName(QCoreApplication.translate("ImpactPage", u"Show disruptions", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.columns_button.setToolTip(QCoreApplication.translate("ImpactPage", u"Show or hide columns of the list; until you choose, the least important are left out while the window is narrow", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.columns_button.setAccessibleName(QCoreApplication.translate("ImpactPage", u"Choose disruption list columns", None))
#endif // QT_CONFIG(accessibility)
        self.columns_button.setText(QCoreApplication.translate("ImpactPage", u"Co&lumns", None))
#if QT_CONFIG(accessibility)
        self.table.setAccessibleName(QCoreApplication.translate("ImpactPage", u"Disruptions", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.count.setAccessibleName(QCoreApplication.translate("ImpactPage", u"Disruption count", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.open_button.setAccessibleName(QCoreApplication.translate("ImpactPage", u"Open selected disruption", None))
#endif // QT_CONFIG(accessibility)
        self.open_button.setText(QCoreApplication.translate("ImpactPage", u"&Open", None))
        self.tabs.setTabText(self.tabs.indexOf(self.disruptions_tab), QCoreApplication.translate("ImpactPage", u"&Disruptions", None))
#if QT_CONFIG(accessibility)
        self.dashboard_tab.setAccessibleName(QCoreApplication.translate("ImpactPage", u"Impact dashboard", None))
#endif // QT_CONFIG(accessibility)
        self.period_label.setText(QCoreApplication.translate("ImpactPage", u"&Period", None))
#if QT_CONFIG(accessibility)
        self.period.setAccessibleName(QCoreApplication.translate("ImpactPage", u"Dashboard period", None))
#endif // QT_CONFIG(accessibility)
        self.period.setText(QCoreApplication.translate("ImpactPage", u"2026", None))
        self.period.setPlaceholderText(QCoreApplication.translate("ImpactPage", u"2026, 2026-Q3, 2026-09 or 2026-01-01..2026-06-30; empty: all time", None))
        self.force_label.setText(QCoreApplication.translate("ImpactPage", u"&Force", None))
#if QT_CONFIG(accessibility)
        self.force.setAccessibleName(QCoreApplication.translate("ImpactPage", u"Dashboard force", None))
#endif // QT_CONFIG(accessibility)
        self.kind_label.setText(QCoreApplication.translate("ImpactPage", u"&Kind", None))
#if QT_CONFIG(accessibility)
        self.kind.setAccessibleName(QCoreApplication.translate("ImpactPage", u"Dashboard subject kind", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.apply_button.setAccessibleName(QCoreApplication.translate("ImpactPage", u"Apply the dashboard filters", None))
#endif // QT_CONFIG(accessibility)
        self.apply_button.setText(QCoreApplication.translate("ImpactPage", u"Sho&w", None))
#if QT_CONFIG(accessibility)
        self.period_error.setAccessibleName(QCoreApplication.translate("ImpactPage", u"Dashboard period problem", None))
#endif // QT_CONFIG(accessibility)
        self.period_error.setProperty(u"styleName", QCoreApplication.translate("ImpactPage", u"fieldError", None))
#if QT_CONFIG(accessibility)
        self.contribution.setAccessibleName(QCoreApplication.translate("ImpactPage", u"ROCU contribution", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.over_time_export_button.setAccessibleName(QCoreApplication.translate("ImpactPage", u"Export disruptions by 4p category as an image", None))
#endif // QT_CONFIG(accessibility)
        self.over_time_export_button.setText(QCoreApplication.translate("ImpactPage", u"Export image...", None))
#if QT_CONFIG(accessibility)
        self.by_grade_export_button.setAccessibleName(QCoreApplication.translate("ImpactPage", u"Export disruptions by impact as an image", None))
#endif // QT_CONFIG(accessibility)
        self.by_grade_export_button.setText(QCoreApplication.translate("ImpactPage", u"Export image...", None))
#if QT_CONFIG(accessibility)
        self.by_agency_export_button.setAccessibleName(QCoreApplication.translate("ImpactPage", u"Export disruptions by agency as an image", None))
#endif // QT_CONFIG(accessibility)
        self.by_agency_export_button.setText(QCoreApplication.translate("ImpactPage", u"Export image...", None))
#if QT_CONFIG(accessibility)
        self.outcomes_export_button.setAccessibleName(QCoreApplication.translate("ImpactPage", u"Export outcomes as an image", None))
#endif // QT_CONFIG(accessibility)
        self.outcomes_export_button.setText(QCoreApplication.translate("ImpactPage", u"Export image...", None))
#if QT_CONFIG(accessibility)
        self.threat_export_button.setAccessibleName(QCoreApplication.translate("ImpactPage", u"Export threat picture as an image", None))
#endif // QT_CONFIG(accessibility)
        self.threat_export_button.setText(QCoreApplication.translate("ImpactPage", u"Export image...", None))
#if QT_CONFIG(accessibility)
        self.matrix_export_button.setAccessibleName(QCoreApplication.translate("ImpactPage", u"Export risk matrix as an image", None))
#endif // QT_CONFIG(accessibility)
        self.matrix_export_button.setText(QCoreApplication.translate("ImpactPage", u"Export image...", None))
        self.timeline_label.setText(QCoreApplication.translate("ImpactPage", u"Score trend of a subject with its disruptions on the same timeline:", None))
        self.tabs.setTabText(self.tabs.indexOf(self.dashboard_tab), QCoreApplication.translate("ImpactPage", u"Dash&board", None))
#if QT_CONFIG(accessibility)
        self.practice_search.setAccessibleName(QCoreApplication.translate("ImpactPage", u"Search best practice", None))
#endif // QT_CONFIG(accessibility)
        self.practice_search.setPlaceholderText(QCoreApplication.translate("ImpactPage", u"Search: title, what was done, what worked, tags, contact", None))
#if QT_CONFIG(accessibility)
        self.practice.setAccessibleName(QCoreApplication.translate("ImpactPage", u"Best practice", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.new_practice.setAccessibleName(QCoreApplication.translate("ImpactPage", u"New best practice entry", None))
#endif // QT_CONFIG(accessibility)
        self.new_practice.setText(QCoreApplication.translate("ImpactPage", u"New &entry...", None))
#if QT_CONFIG(accessibility)
        self.open_practice.setAccessibleName(QCoreApplication.translate("ImpactPage", u"Open selected best practice entry", None))
#endif // QT_CONFIG(accessibility)
        self.open_practice.setText(QCoreApplication.translate("ImpactPage", u"Open e&ntry", None))
        self.tabs.setTabText(self.tabs.indexOf(self.best_practice_tab), QCoreApplication.translate("ImpactPage", u"Best pr&actice", None))
        self.grades_intro.setText(QCoreApplication.translate("ImpactPage", u"The region's definitions of the impact grades, shown as guidance when a disruption is graded. Until set, default wording is shown and labelled as such.", None))
#if QT_CONFIG(accessibility)
        self.save_grades.setAccessibleName(QCoreApplication.translate("ImpactPage", u"Save the grade definitions", None))
#endif // QT_CONFIG(accessibility)
        self.save_grades.setText(QCoreApplication.translate("ImpactPage", u"Save &definitions", None))
        self.tabs.setTabText(self.tabs.indexOf(self.grades_tab), QCoreApplication.translate("ImpactPage", u"&Grades", None))
    # retranslateUi

