# ruff: noqa
# Generated from ui/start_window.ui by ui/compile_forms.py (pyside6-uic): do not edit, edit the .ui.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'start_window.ui'
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
from PySide6.QtWidgets import (QApplication, QFormLayout, QFrame, QHBoxLayout,
    QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget)

class Ui_StartWindow(object):
    def setupUi(self, StartWindow):
        if not StartWindow.objectName():
            StartWindow.setObjectName(u"StartWindow")
        StartWindow.resize(880, 540)
        StartWindow.setMinimumSize(QSize(820, 500))
        self.outer = QHBoxLayout(StartWindow)
        self.outer.setSpacing(28)
        self.outer.setObjectName(u"outer")
        self.outer.setContentsMargins(28, 24, 28, 20)
        self.left = QVBoxLayout()
        self.left.setSpacing(8)
        self.left.setObjectName(u"left")
        self.title = QLabel(StartWindow)
        self.title.setObjectName(u"title")

        self.left.addWidget(self.title)

        self.tagline = QLabel(StartWindow)
        self.tagline.setObjectName(u"tagline")

        self.left.addWidget(self.tagline)

        self.title_gap = QSpacerItem(0, 14, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)

        self.left.addItem(self.title_gap)

        self.recent_label = QLabel(StartWindow)
        self.recent_label.setObjectName(u"recent_label")

        self.left.addWidget(self.recent_label)

        self.recent_list = QListWidget(StartWindow)
        self.recent_list.setObjectName(u"recent_list")

        self.left.addWidget(self.recent_list)

        self.empty_hint = QLabel(StartWindow)
        self.empty_hint.setObjectName(u"empty_hint")
        self.empty_hint.setWordWrap(True)

        self.left.addWidget(self.empty_hint)

        self.list_room = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.left.addItem(self.list_room)

        self.buttons = QHBoxLayout()
        self.buttons.setObjectName(u"buttons")
        self.open_button = QPushButton(StartWindow)
        self.open_button.setObjectName(u"open_button")
        self.open_button.setAutoDefault(False)

        self.buttons.addWidget(self.open_button)

        self.create_button = QPushButton(StartWindow)
        self.create_button.setObjectName(u"create_button")
        self.create_button.setAutoDefault(False)

        self.buttons.addWidget(self.create_button)

        self.buttons_gap = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttons.addItem(self.buttons_gap)

        self.remove_button = QPushButton(StartWindow)
        self.remove_button.setObjectName(u"remove_button")
        self.remove_button.setAutoDefault(False)

        self.buttons.addWidget(self.remove_button)


        self.left.addLayout(self.buttons)

        self.left.setStretch(4, 1)

        self.outer.addLayout(self.left)

        self.right = QVBoxLayout()
        self.right.setObjectName(u"right")
        self.card_gap = QSpacerItem(0, 54, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)

        self.right.addItem(self.card_gap)

        self.card = QFrame(StartWindow)
        self.card.setObjectName(u"card")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        sizePolicy.setHorizontalStretch(0)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.card.sizePolicy().hasHeightForWidth())
        self.card.setSizePolicy(sizePolicy)
        self.card.setMinimumSize(QSize(340, 0))
        self.card_layout = QVBoxLayout(self.card)
        self.card_layout.setSpacing(8)
        self.card_layout.setObjectName(u"card_layout")
        self.card_layout.setContentsMargins(22, 20, 22, 20)
        self.sign_in_heading = QLabel(self.card)
        self.sign_in_heading.setObjectName(u"sign_in_heading")

        self.card_layout.addWidget(self.sign_in_heading)

        self.workspace_label = QLabel(self.card)
        self.workspace_label.setObjectName(u"workspace_label")
        self.workspace_label.setWordWrap(True)

        self.card_layout.addWidget(self.workspace_label)

        self.path_label = QLabel(self.card)
        self.path_label.setObjectName(u"path_label")
        self.path_label.setWordWrap(True)

        self.card_layout.addWidget(self.path_label)

        self.path_gap = QSpacerItem(0, 8, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)

        self.card_layout.addItem(self.path_gap)

        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.form.setHorizontalSpacing(12)
        self.form.setVerticalSpacing(10)
        self.user_label = QLabel(self.card)
        self.user_label.setObjectName(u"user_label")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.user_label)

        self.username_edit = QLineEdit(self.card)
        self.username_edit.setObjectName(u"username_edit")

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.username_edit)

        self.password_label = QLabel(self.card)
        self.password_label.setObjectName(u"password_label")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.password_label)

        self.password_edit = QLineEdit(self.card)
        self.password_edit.setObjectName(u"password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.password_edit)


        self.card_layout.addLayout(self.form)

        self.error_label = QLabel(self.card)
        self.error_label.setObjectName(u"error_label")
        self.error_label.setVisible(False)
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.card_layout.addWidget(self.error_label)

        self.error_gap = QSpacerItem(0, 4, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)

        self.card_layout.addItem(self.error_gap)

        self.sign_in_row = QHBoxLayout()
        self.sign_in_row.setObjectName(u"sign_in_row")
        self.recovery_button = QPushButton(self.card)
        self.recovery_button.setObjectName(u"recovery_button")
        self.recovery_button.setAutoDefault(False)
        self.recovery_button.setCursor(QCursor(Qt.CursorShape.PointingHandCursor))

        self.sign_in_row.addWidget(self.recovery_button)

        self.sign_in_gap = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.sign_in_row.addItem(self.sign_in_gap)

        self.sign_in_button = QPushButton(self.card)
        self.sign_in_button.setObjectName(u"sign_in_button")

        self.sign_in_row.addWidget(self.sign_in_button)


        self.card_layout.addLayout(self.sign_in_row)


        self.right.addWidget(self.card)

        self.notice_room = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.right.addItem(self.notice_room)

        self.notice = QLabel(StartWindow)
        self.notice.setObjectName(u"notice")
        self.notice.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTrailing|Qt.AlignmentFlag.AlignVCenter)

        self.right.addWidget(self.notice)

        self.right.setStretch(2, 1)

        self.outer.addLayout(self.right)

        self.outer.setStretch(0, 5)
        self.outer.setStretch(1, 4)
#if QT_CONFIG(shortcut)
        self.recent_label.setBuddy(self.recent_list)
        self.user_label.setBuddy(self.username_edit)
        self.password_label.setBuddy(self.password_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.recent_list, self.open_button)
        QWidget.setTabOrder(self.open_button, self.create_button)
        QWidget.setTabOrder(self.create_button, self.remove_button)
        QWidget.setTabOrder(self.remove_button, self.username_edit)
        QWidget.setTabOrder(self.username_edit, self.password_edit)
        QWidget.setTabOrder(self.password_edit, self.recovery_button)
        QWidget.setTabOrder(self.recovery_button, self.sign_in_button)

        self.retranslateUi(StartWindow)

        self.sign_in_button.setDefault(True)


        QMetaObject.connectSlotsByName(StartWindow)
    # setupUi

    def retranslateUi(self, StartWindow):
        StartWindow.setWindowTitle(QCoreApplication.translate("StartWindow", u"ROCTA Desktop", None))
#if QT_CONFIG(accessibility)
        StartWindow.setAccessibleName(QCoreApplication.translate("StartWindow", u"Start", None))
#endif // QT_CONFIG(accessibility)
        self.title.setText(QCoreApplication.translate("StartWindow", u"ROCTA Desktop", None))
        self.title.setProperty(u"styleName", QCoreApplication.translate("StartWindow", u"heading", None))
        self.tagline.setText(QCoreApplication.translate("StartWindow", u"Regional Organised Crime Threat Assessment", None))
        self.tagline.setProperty(u"styleName", QCoreApplication.translate("StartWindow", u"muted", None))
        self.recent_label.setText(QCoreApplication.translate("StartWindow", u"&Recent workspaces", None))
        self.recent_label.setProperty(u"styleName", QCoreApplication.translate("StartWindow", u"subheading", None))
#if QT_CONFIG(accessibility)
        self.recent_list.setAccessibleName(QCoreApplication.translate("StartWindow", u"Recent workspaces", None))
#endif // QT_CONFIG(accessibility)
        self.recent_list.setProperty(u"styleName", QCoreApplication.translate("StartWindow", u"recent", None))
        self.empty_hint.setText(QCoreApplication.translate("StartWindow", u"No recent workspaces on this computer yet.\n"
"Open an existing workspace folder, or create a new workspace to get started.", None))
        self.empty_hint.setProperty(u"styleName", QCoreApplication.translate("StartWindow", u"muted", None))
#if QT_CONFIG(accessibility)
        self.open_button.setAccessibleName(QCoreApplication.translate("StartWindow", u"Open workspace", None))
#endif // QT_CONFIG(accessibility)
        self.open_button.setText(QCoreApplication.translate("StartWindow", u"&Open workspace...", None))
#if QT_CONFIG(accessibility)
        self.create_button.setAccessibleName(QCoreApplication.translate("StartWindow", u"Create new workspace", None))
#endif // QT_CONFIG(accessibility)
        self.create_button.setText(QCoreApplication.translate("StartWindow", u"Create &new workspace...", None))
#if QT_CONFIG(accessibility)
        self.remove_button.setAccessibleName(QCoreApplication.translate("StartWindow", u"Remove from recent workspaces", None))
#endif // QT_CONFIG(accessibility)
        self.remove_button.setText(QCoreApplication.translate("StartWindow", u"Re&move from list", None))
#if QT_CONFIG(tooltip)
        self.remove_button.setToolTip(QCoreApplication.translate("StartWindow", u"Forget this folder in the list (the workspace itself is not touched)", None))
#endif // QT_CONFIG(tooltip)
        self.sign_in_heading.setText(QCoreApplication.translate("StartWindow", u"Sign in", None))
        self.sign_in_heading.setProperty(u"styleName", QCoreApplication.translate("StartWindow", u"heading", None))
#if QT_CONFIG(accessibility)
        self.workspace_label.setAccessibleName(QCoreApplication.translate("StartWindow", u"Selected workspace", None))
#endif // QT_CONFIG(accessibility)
        self.workspace_label.setProperty(u"styleName", QCoreApplication.translate("StartWindow", u"subheading", None))
#if QT_CONFIG(accessibility)
        self.path_label.setAccessibleName(QCoreApplication.translate("StartWindow", u"Selected workspace folder", None))
#endif // QT_CONFIG(accessibility)
        self.path_label.setProperty(u"styleName", QCoreApplication.translate("StartWindow", u"muted", None))
        self.user_label.setText(QCoreApplication.translate("StartWindow", u"&Username", None))
#if QT_CONFIG(accessibility)
        self.username_edit.setAccessibleName(QCoreApplication.translate("StartWindow", u"Username", None))
#endif // QT_CONFIG(accessibility)
        self.password_label.setText(QCoreApplication.translate("StartWindow", u"&Password", None))
#if QT_CONFIG(accessibility)
        self.password_edit.setAccessibleName(QCoreApplication.translate("StartWindow", u"Password", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.error_label.setAccessibleName(QCoreApplication.translate("StartWindow", u"Sign-in problem", None))
#endif // QT_CONFIG(accessibility)
        self.error_label.setProperty(u"styleName", QCoreApplication.translate("StartWindow", u"formError", None))
#if QT_CONFIG(accessibility)
        self.recovery_button.setAccessibleName(QCoreApplication.translate("StartWindow", u"Use recovery key", None))
#endif // QT_CONFIG(accessibility)
        self.recovery_button.setText(QCoreApplication.translate("StartWindow", u"Use recovery &key...", None))
        self.recovery_button.setProperty(u"styleName", QCoreApplication.translate("StartWindow", u"link", None))
#if QT_CONFIG(accessibility)
        self.sign_in_button.setAccessibleName(QCoreApplication.translate("StartWindow", u"Sign in", None))
#endif // QT_CONFIG(accessibility)
        self.sign_in_button.setText(QCoreApplication.translate("StartWindow", u"&Sign in", None))
        self.sign_in_button.setProperty(u"styleName", QCoreApplication.translate("StartWindow", u"primary", None))
        self.notice.setText(QCoreApplication.translate("StartWindow", u"For authorised users only.", None))
        self.notice.setProperty(u"styleName", QCoreApplication.translate("StartWindow", u"muted", None))
    # retranslateUi

