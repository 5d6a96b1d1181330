# ruff: noqa
# Generated from ui/duplicates.ui by ui/compile_forms.py (pyside6-uic): do not edit, edit the .ui.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'duplicates.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QHBoxLayout,
    QHeaderView, QLabel, QPushButton, QSizePolicy,
    QSpacerItem, QSplitter, QTabWidget, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget)

from rocta_desktop.gui.tables import RecordTable

class Ui_DuplicatesPage(object):
    def setupUi(self, DuplicatesPage):
        if not DuplicatesPage.objectName():
            DuplicatesPage.setObjectName(u"DuplicatesPage")
        self.layout = QVBoxLayout(DuplicatesPage)
        self.layout.setSpacing(6)
        self.layout.setObjectName(u"layout")
        self.layout.setContentsMargins(16, 12, 16, 12)
        self.top_row = QHBoxLayout()
        self.top_row.setSpacing(6)
        self.top_row.setObjectName(u"top_row")
        self.heading = QLabel(DuplicatesPage)
        self.heading.setObjectName(u"heading")

        self.top_row.addWidget(self.heading)

        self.spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.top_row.addItem(self.spacer)

        self.find_button = QPushButton(DuplicatesPage)
        self.find_button.setObjectName(u"find_button")

        self.top_row.addWidget(self.find_button)

        self.top_row.setStretch(1, 1)

        self.layout.addLayout(self.top_row)

        self.tabs = QTabWidget(DuplicatesPage)
        self.tabs.setObjectName(u"tabs")
        self.possible_duplicates_tab = QWidget()
        self.possible_duplicates_tab.setObjectName(u"possible_duplicates_tab")
        self.possible_duplicates_tab_layout = QVBoxLayout(self.possible_duplicates_tab)
        self.possible_duplicates_tab_layout.setSpacing(6)
        self.possible_duplicates_tab_layout.setObjectName(u"possible_duplicates_tab_layout")
        self.possible_duplicates_tab_layout.setContentsMargins(9, 9, 9, 9)
        self.show_row = QHBoxLayout()
        self.show_row.setSpacing(6)
        self.show_row.setObjectName(u"show_row")
        self.show_label = QLabel(self.possible_duplicates_tab)
        self.show_label.setObjectName(u"show_label")

        self.show_row.addWidget(self.show_label)

        self.kind = QComboBox(self.possible_duplicates_tab)
        self.kind.setObjectName(u"kind")

        self.show_row.addWidget(self.kind)

        self.spacer_2 = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.show_row.addItem(self.spacer_2)

        self.show_row.setStretch(2, 1)

        self.possible_duplicates_tab_layout.addLayout(self.show_row)

        self.stats = QLabel(self.possible_duplicates_tab)
        self.stats.setObjectName(u"stats")
        self.stats.setWordWrap(True)

        self.possible_duplicates_tab_layout.addWidget(self.stats)

        self.split = QSplitter(self.possible_duplicates_tab)
        self.split.setObjectName(u"split")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        sizePolicy.setHorizontalStretch(0)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.split.sizePolicy().hasHeightForWidth())
        self.split.setSizePolicy(sizePolicy)
        self.split.setOrientation(Qt.Orientation.Vertical)
        self.table = RecordTable(self.split)
        self.table.setObjectName(u"table")
        sizePolicy1 = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        sizePolicy1.setHorizontalStretch(2)
        sizePolicy1.setVerticalStretch(2)
        sizePolicy1.setHeightForWidth(self.table.sizePolicy().hasHeightForWidth())
        self.table.setSizePolicy(sizePolicy1)
        self.split.addWidget(self.table)
        self.detail = QWidget(self.split)
        self.detail.setObjectName(u"detail")
        sizePolicy2 = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        sizePolicy2.setHorizontalStretch(3)
        sizePolicy2.setVerticalStretch(3)
        sizePolicy2.setHeightForWidth(self.detail.sizePolicy().hasHeightForWidth())
        self.detail.setSizePolicy(sizePolicy2)
        self.detail_layout = QVBoxLayout(self.detail)
        self.detail_layout.setSpacing(6)
        self.detail_layout.setObjectName(u"detail_layout")
        self.detail_layout.setContentsMargins(0, 0, 0, 0)
        self.reasons = QLabel(self.detail)
        self.reasons.setObjectName(u"reasons")
        self.reasons.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.reasons.setWordWrap(True)
        self.reasons.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.detail_layout.addWidget(self.reasons)

        self.compare = QTableWidget(self.detail)
        self.compare.setObjectName(u"compare")
        self.compare.setColumnCount(2)
        self.compare.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

        self.detail_layout.addWidget(self.compare)

        self.actions = QHBoxLayout()
        self.actions.setSpacing(6)
        self.actions.setObjectName(u"actions")
        self.open_a = QPushButton(self.detail)
        self.open_a.setObjectName(u"open_a")
        self.open_a.setEnabled(False)

        self.actions.addWidget(self.open_a)

        self.open_b = QPushButton(self.detail)
        self.open_b.setObjectName(u"open_b")
        self.open_b.setEnabled(False)

        self.actions.addWidget(self.open_b)

        self.spacer_3 = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.actions.addItem(self.spacer_3)

        self.swap_button = QPushButton(self.detail)
        self.swap_button.setObjectName(u"swap_button")
        self.swap_button.setEnabled(False)

        self.actions.addWidget(self.swap_button)

        self.later_button = QPushButton(self.detail)
        self.later_button.setObjectName(u"later_button")
        self.later_button.setEnabled(False)

        self.actions.addWidget(self.later_button)

        self.not_same_button = QPushButton(self.detail)
        self.not_same_button.setObjectName(u"not_same_button")
        self.not_same_button.setEnabled(False)

        self.actions.addWidget(self.not_same_button)

        self.same_button = QPushButton(self.detail)
        self.same_button.setObjectName(u"same_button")
        self.same_button.setEnabled(False)

        self.actions.addWidget(self.same_button)

        self.actions.setStretch(2, 1)

        self.detail_layout.addLayout(self.actions)

        self.detail_layout.setStretch(1, 1)
        self.split.addWidget(self.detail)

        self.possible_duplicates_tab_layout.addWidget(self.split)

        self.possible_duplicates_tab_layout.setStretch(2, 1)
        self.tabs.addTab(self.possible_duplicates_tab, "")
        self.merges_tab = QWidget()
        self.merges_tab.setObjectName(u"merges_tab")
        self.merges_tab_layout = QVBoxLayout(self.merges_tab)
        self.merges_tab_layout.setSpacing(6)
        self.merges_tab_layout.setObjectName(u"merges_tab_layout")
        self.merges_tab_layout.setContentsMargins(9, 9, 9, 9)
        self.merges = RecordTable(self.merges_tab)
        self.merges.setObjectName(u"merges")

        self.merges_tab_layout.addWidget(self.merges)

        self.merge_count_row = QHBoxLayout()
        self.merge_count_row.setSpacing(6)
        self.merge_count_row.setObjectName(u"merge_count_row")
        self.merge_count = QLabel(self.merges_tab)
        self.merge_count.setObjectName(u"merge_count")

        self.merge_count_row.addWidget(self.merge_count)

        self.spacer_4 = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.merge_count_row.addItem(self.spacer_4)

        self.undo_button = QPushButton(self.merges_tab)
        self.undo_button.setObjectName(u"undo_button")
        self.undo_button.setEnabled(False)

        self.merge_count_row.addWidget(self.undo_button)

        self.merge_count_row.setStretch(1, 1)

        self.merges_tab_layout.addLayout(self.merge_count_row)

        self.merges_tab_layout.setStretch(0, 1)
        self.tabs.addTab(self.merges_tab, "")

        self.layout.addWidget(self.tabs)

        self.layout.setStretch(1, 1)
#if QT_CONFIG(shortcut)
        self.show_label.setBuddy(self.kind)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.find_button, self.tabs)
        QWidget.setTabOrder(self.tabs, self.kind)
        QWidget.setTabOrder(self.kind, self.table)
        QWidget.setTabOrder(self.table, self.compare)
        QWidget.setTabOrder(self.compare, self.open_a)
        QWidget.setTabOrder(self.open_a, self.open_b)
        QWidget.setTabOrder(self.open_b, self.swap_button)
        QWidget.setTabOrder(self.swap_button, self.later_button)
        QWidget.setTabOrder(self.later_button, self.not_same_button)
        QWidget.setTabOrder(self.not_same_button, self.same_button)
        QWidget.setTabOrder(self.same_button, self.merges)
        QWidget.setTabOrder(self.merges, self.undo_button)

        self.retranslateUi(DuplicatesPage)

        QMetaObject.connectSlotsByName(DuplicatesPage)
    # setupUi

    def retranslateUi(self, DuplicatesPage):
#if QT_CONFIG(accessibility)
        DuplicatesPage.setAccessibleName(QCoreApplication.translate("DuplicatesPage", u"Duplicates page", None))
#endif // QT_CONFIG(accessibility)
        self.heading.setText(QCoreApplication.translate("DuplicatesPage", u"Duplicates", None))
        self.heading.setProperty(u"styleName", QCoreApplication.translate("DuplicatesPage", u"heading", None))
#if QT_CONFIG(accessibility)
        self.find_button.setAccessibleName(QCoreApplication.translate("DuplicatesPage", u"Find duplicates again", None))
#endif // QT_CONFIG(accessibility)
        self.find_button.setText(QCoreApplication.translate("DuplicatesPage", u"&Find again", None))
        self.find_button.setProperty(u"styleName", QCoreApplication.translate("DuplicatesPage", u"primary", None))
#if QT_CONFIG(accessibility)
        self.tabs.setAccessibleName(QCoreApplication.translate("DuplicatesPage", u"Duplicates and merges", None))
#endif // QT_CONFIG(accessibility)
        self.show_label.setText(QCoreApplication.translate("DuplicatesPage", u"S&how:", None))
#if QT_CONFIG(accessibility)
        self.kind.setAccessibleName(QCoreApplication.translate("DuplicatesPage", u"Kind of record", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.stats.setAccessibleName(QCoreApplication.translate("DuplicatesPage", u"Duplicate search figures", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.table.setAccessibleName(QCoreApplication.translate("DuplicatesPage", u"Possible duplicate pairs", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.reasons.setAccessibleName(QCoreApplication.translate("DuplicatesPage", u"Why they may be the same", None))
#endif // QT_CONFIG(accessibility)
        self.reasons.setText(QCoreApplication.translate("DuplicatesPage", u"No possible duplicates: nothing to decide.", None))
#if QT_CONFIG(accessibility)
        self.compare.setAccessibleName(QCoreApplication.translate("DuplicatesPage", u"The two records side by side", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.open_a.setAccessibleName(QCoreApplication.translate("DuplicatesPage", u"Open the record on the left", None))
#endif // QT_CONFIG(accessibility)
        self.open_a.setText(QCoreApplication.translate("DuplicatesPage", u"Open &record", None))
#if QT_CONFIG(accessibility)
        self.open_b.setAccessibleName(QCoreApplication.translate("DuplicatesPage", u"Open the record on the right", None))
#endif // QT_CONFIG(accessibility)
        self.open_b.setText(QCoreApplication.translate("DuplicatesPage", u"Open &duplicate", None))
#if QT_CONFIG(accessibility)
        self.swap_button.setAccessibleName(QCoreApplication.translate("DuplicatesPage", u"Swap which record is kept", None))
#endif // QT_CONFIG(accessibility)
        self.swap_button.setText(QCoreApplication.translate("DuplicatesPage", u"Keep the other &one", None))
#if QT_CONFIG(accessibility)
        self.later_button.setAccessibleName(QCoreApplication.translate("DuplicatesPage", u"Decide this pair later", None))
#endif // QT_CONFIG(accessibility)
        self.later_button.setText(QCoreApplication.translate("DuplicatesPage", u"Decide &later", None))
#if QT_CONFIG(accessibility)
        self.not_same_button.setAccessibleName(QCoreApplication.translate("DuplicatesPage", u"Not the same: never suggest this pair again", None))
#endif // QT_CONFIG(accessibility)
        self.not_same_button.setText(QCoreApplication.translate("DuplicatesPage", u"&Not the same", None))
#if QT_CONFIG(tooltip)
        self.same_button.setToolTip(QCoreApplication.translate("DuplicatesPage", u"Keep the record on the left; move everything of the one on the right to it and archive that one (can be undone)", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.same_button.setAccessibleName(QCoreApplication.translate("DuplicatesPage", u"Same: merge the possible duplicate into the record", None))
#endif // QT_CONFIG(accessibility)
        self.same_button.setText(QCoreApplication.translate("DuplicatesPage", u"&Same: merge...", None))
        self.tabs.setTabText(self.tabs.indexOf(self.possible_duplicates_tab), QCoreApplication.translate("DuplicatesPage", u"&Possible duplicates", None))
#if QT_CONFIG(accessibility)
        self.merges.setAccessibleName(QCoreApplication.translate("DuplicatesPage", u"Merges", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.merge_count.setAccessibleName(QCoreApplication.translate("DuplicatesPage", u"Merge count", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.undo_button.setAccessibleName(QCoreApplication.translate("DuplicatesPage", u"Undo the selected merge", None))
#endif // QT_CONFIG(accessibility)
        self.undo_button.setText(QCoreApplication.translate("DuplicatesPage", u"&Undo merge...", None))
        self.tabs.setTabText(self.tabs.indexOf(self.merges_tab), QCoreApplication.translate("DuplicatesPage", u"&Merges", None))
    # retranslateUi

