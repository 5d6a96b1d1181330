# ruff: noqa
# Generated from ui/create_workspace.ui by ui/compile_forms.py (pyside6-uic): do not edit, edit the .ui.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'create_workspace.ui'
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
from PySide6.QtWidgets import (QApplication, QDialog, QFormLayout, QHBoxLayout,
    QLabel, QLineEdit, QProgressBar, QPushButton,
    QSizePolicy, QSpacerItem, QVBoxLayout, QWidget)

class Ui_CreateWorkspaceDialog(object):
    def setupUi(self, CreateWorkspaceDialog):
        if not CreateWorkspaceDialog.objectName():
            CreateWorkspaceDialog.setObjectName(u"CreateWorkspaceDialog")
        CreateWorkspaceDialog.setMinimumSize(QSize(560, 0))
        self.layout = QVBoxLayout(CreateWorkspaceDialog)
        self.layout.setSpacing(12)
        self.layout.setObjectName(u"layout")
        self.layout.setContentsMargins(20, 18, 20, 16)
        self.heading = QLabel(CreateWorkspaceDialog)
        self.heading.setObjectName(u"heading")

        self.layout.addWidget(self.heading)

        self.intro = QLabel(CreateWorkspaceDialog)
        self.intro.setObjectName(u"intro")
        self.intro.setWordWrap(True)

        self.layout.addWidget(self.intro)

        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)
        self.form.setHorizontalSpacing(14)
        self.form.setVerticalSpacing(8)
        self.workspace_section = QLabel(CreateWorkspaceDialog)
        self.workspace_section.setObjectName(u"workspace_section")
        self.workspace_section.setContentsMargins(-1, 8, -1, -1)

        self.form.setWidget(0, QFormLayout.ItemRole.SpanningRole, self.workspace_section)

        self.name_label = QLabel(CreateWorkspaceDialog)
        self.name_label.setObjectName(u"name_label")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        sizePolicy.setHorizontalStretch(0)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.name_label.sizePolicy().hasHeightForWidth())
        self.name_label.setSizePolicy(sizePolicy)
        self.name_label.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)
        self.name_label.setProperty(u"fieldLabel", True)

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.name_label)

        self.name_box = QWidget(CreateWorkspaceDialog)
        self.name_box.setObjectName(u"name_box")
        self.name_box_layout = QVBoxLayout(self.name_box)
        self.name_box_layout.setSpacing(3)
        self.name_box_layout.setObjectName(u"name_box_layout")
        self.name_box_layout.setContentsMargins(0, 0, 0, 0)
        self.name_edit = QLineEdit(self.name_box)
        self.name_edit.setObjectName(u"name_edit")

        self.name_box_layout.addWidget(self.name_edit)

        self.name_error = QLabel(self.name_box)
        self.name_error.setObjectName(u"name_error")
        self.name_error.setVisible(False)
        self.name_error.setWordWrap(True)
        self.name_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.name_box_layout.addWidget(self.name_error)


        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.name_box)

        self.location_label = QLabel(CreateWorkspaceDialog)
        self.location_label.setObjectName(u"location_label")
        sizePolicy.setHeightForWidth(self.location_label.sizePolicy().hasHeightForWidth())
        self.location_label.setSizePolicy(sizePolicy)
        self.location_label.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)
        self.location_label.setProperty(u"fieldLabel", True)

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.location_label)

        self.location_box = QWidget(CreateWorkspaceDialog)
        self.location_box.setObjectName(u"location_box")
        self.location_box_layout = QVBoxLayout(self.location_box)
        self.location_box_layout.setSpacing(3)
        self.location_box_layout.setObjectName(u"location_box_layout")
        self.location_box_layout.setContentsMargins(0, 0, 0, 0)
        self.location_row = QHBoxLayout()
        self.location_row.setSpacing(6)
        self.location_row.setObjectName(u"location_row")
        self.location_edit = QLineEdit(self.location_box)
        self.location_edit.setObjectName(u"location_edit")

        self.location_row.addWidget(self.location_edit)

        self.browse_button = QPushButton(self.location_box)
        self.browse_button.setObjectName(u"browse_button")
        self.browse_button.setAutoDefault(False)

        self.location_row.addWidget(self.browse_button)

        self.location_row.setStretch(0, 1)

        self.location_box_layout.addLayout(self.location_row)

        self.folder_preview = QLabel(self.location_box)
        self.folder_preview.setObjectName(u"folder_preview")
        self.folder_preview.setWordWrap(True)
        self.folder_preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.location_box_layout.addWidget(self.folder_preview)

        self.location_error = QLabel(self.location_box)
        self.location_error.setObjectName(u"location_error")
        self.location_error.setVisible(False)
        self.location_error.setWordWrap(True)
        self.location_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.location_box_layout.addWidget(self.location_error)


        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.location_box)

        self.administrator_section = QLabel(CreateWorkspaceDialog)
        self.administrator_section.setObjectName(u"administrator_section")
        self.administrator_section.setContentsMargins(-1, 8, -1, -1)

        self.form.setWidget(3, QFormLayout.ItemRole.SpanningRole, self.administrator_section)

        self.username_label = QLabel(CreateWorkspaceDialog)
        self.username_label.setObjectName(u"username_label")
        sizePolicy.setHeightForWidth(self.username_label.sizePolicy().hasHeightForWidth())
        self.username_label.setSizePolicy(sizePolicy)
        self.username_label.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)
        self.username_label.setProperty(u"fieldLabel", True)

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.username_label)

        self.username_box = QWidget(CreateWorkspaceDialog)
        self.username_box.setObjectName(u"username_box")
        self.username_box_layout = QVBoxLayout(self.username_box)
        self.username_box_layout.setSpacing(3)
        self.username_box_layout.setObjectName(u"username_box_layout")
        self.username_box_layout.setContentsMargins(0, 0, 0, 0)
        self.username_edit = QLineEdit(self.username_box)
        self.username_edit.setObjectName(u"username_edit")

        self.username_box_layout.addWidget(self.username_edit)

        self.username_error = QLabel(self.username_box)
        self.username_error.setObjectName(u"username_error")
        self.username_error.setVisible(False)
        self.username_error.setWordWrap(True)
        self.username_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.username_box_layout.addWidget(self.username_error)


        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.username_box)

        self.display_label = QLabel(CreateWorkspaceDialog)
        self.display_label.setObjectName(u"display_label")
        sizePolicy.setHeightForWidth(self.display_label.sizePolicy().hasHeightForWidth())
        self.display_label.setSizePolicy(sizePolicy)
        self.display_label.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)
        self.display_label.setProperty(u"fieldLabel", True)

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.display_label)

        self.display_box = QWidget(CreateWorkspaceDialog)
        self.display_box.setObjectName(u"display_box")
        self.display_box_layout = QVBoxLayout(self.display_box)
        self.display_box_layout.setSpacing(3)
        self.display_box_layout.setObjectName(u"display_box_layout")
        self.display_box_layout.setContentsMargins(0, 0, 0, 0)
        self.display_edit = QLineEdit(self.display_box)
        self.display_edit.setObjectName(u"display_edit")

        self.display_box_layout.addWidget(self.display_edit)

        self.display_error = QLabel(self.display_box)
        self.display_error.setObjectName(u"display_error")
        self.display_error.setVisible(False)
        self.display_error.setWordWrap(True)
        self.display_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.display_box_layout.addWidget(self.display_error)


        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.display_box)

        self.password_label = QLabel(CreateWorkspaceDialog)
        self.password_label.setObjectName(u"password_label")
        sizePolicy.setHeightForWidth(self.password_label.sizePolicy().hasHeightForWidth())
        self.password_label.setSizePolicy(sizePolicy)
        self.password_label.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)
        self.password_label.setProperty(u"fieldLabel", True)

        self.form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.password_label)

        self.password_box = QWidget(CreateWorkspaceDialog)
        self.password_box.setObjectName(u"password_box")
        self.password_box_layout = QVBoxLayout(self.password_box)
        self.password_box_layout.setSpacing(3)
        self.password_box_layout.setObjectName(u"password_box_layout")
        self.password_box_layout.setContentsMargins(0, 0, 0, 0)
        self.password_edit = QLineEdit(self.password_box)
        self.password_edit.setObjectName(u"password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.password_box_layout.addWidget(self.password_edit)

        self.strength_row = QHBoxLayout()
        self.strength_row.setSpacing(8)
        self.strength_row.setObjectName(u"strength_row")
        self.strength_bar = QProgressBar(self.password_box)
        self.strength_bar.setObjectName(u"strength_bar")
        self.strength_bar.setMinimumSize(QSize(0, 6))
        self.strength_bar.setMaximumSize(QSize(16777215, 6))
        self.strength_bar.setMaximum(4)
        self.strength_bar.setValue(0)
        self.strength_bar.setTextVisible(False)

        self.strength_row.addWidget(self.strength_bar)

        self.strength_label = QLabel(self.password_box)
        self.strength_label.setObjectName(u"strength_label")

        self.strength_row.addWidget(self.strength_label)

        self.strength_row.setStretch(0, 1)

        self.password_box_layout.addLayout(self.strength_row)

        self.password_error = QLabel(self.password_box)
        self.password_error.setObjectName(u"password_error")
        self.password_error.setVisible(False)
        self.password_error.setWordWrap(True)
        self.password_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.password_box_layout.addWidget(self.password_error)


        self.form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.password_box)

        self.confirm_label = QLabel(CreateWorkspaceDialog)
        self.confirm_label.setObjectName(u"confirm_label")
        sizePolicy.setHeightForWidth(self.confirm_label.sizePolicy().hasHeightForWidth())
        self.confirm_label.setSizePolicy(sizePolicy)
        self.confirm_label.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)
        self.confirm_label.setProperty(u"fieldLabel", True)

        self.form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.confirm_label)

        self.confirm_box = QWidget(CreateWorkspaceDialog)
        self.confirm_box.setObjectName(u"confirm_box")
        self.confirm_box_layout = QVBoxLayout(self.confirm_box)
        self.confirm_box_layout.setSpacing(3)
        self.confirm_box_layout.setObjectName(u"confirm_box_layout")
        self.confirm_box_layout.setContentsMargins(0, 0, 0, 0)
        self.confirm_edit = QLineEdit(self.confirm_box)
        self.confirm_edit.setObjectName(u"confirm_edit")
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.confirm_box_layout.addWidget(self.confirm_edit)

        self.confirm_error = QLabel(self.confirm_box)
        self.confirm_error.setObjectName(u"confirm_error")
        self.confirm_error.setVisible(False)
        self.confirm_error.setWordWrap(True)
        self.confirm_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.confirm_box_layout.addWidget(self.confirm_error)


        self.form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.confirm_box)


        self.layout.addLayout(self.form)

        self.form_error = QLabel(CreateWorkspaceDialog)
        self.form_error.setObjectName(u"form_error")
        self.form_error.setVisible(False)
        self.form_error.setWordWrap(True)
        self.form_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.layout.addWidget(self.form_error)

        self.spare_height = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.layout.addItem(self.spare_height)

        self.buttons = QHBoxLayout()
        self.buttons.setObjectName(u"buttons")
        self.buttons_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttons.addItem(self.buttons_spacer)

        self.cancel_button = QPushButton(CreateWorkspaceDialog)
        self.cancel_button.setObjectName(u"cancel_button")
        self.cancel_button.setAutoDefault(False)

        self.buttons.addWidget(self.cancel_button)

        self.create_button = QPushButton(CreateWorkspaceDialog)
        self.create_button.setObjectName(u"create_button")

        self.buttons.addWidget(self.create_button)


        self.layout.addLayout(self.buttons)

#if QT_CONFIG(shortcut)
        self.name_label.setBuddy(self.name_edit)
        self.location_label.setBuddy(self.location_edit)
        self.username_label.setBuddy(self.username_edit)
        self.display_label.setBuddy(self.display_edit)
        self.password_label.setBuddy(self.password_edit)
        self.confirm_label.setBuddy(self.confirm_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.name_edit, self.location_edit)
        QWidget.setTabOrder(self.location_edit, self.browse_button)
        QWidget.setTabOrder(self.browse_button, self.username_edit)
        QWidget.setTabOrder(self.username_edit, self.display_edit)
        QWidget.setTabOrder(self.display_edit, self.password_edit)
        QWidget.setTabOrder(self.password_edit, self.confirm_edit)
        QWidget.setTabOrder(self.confirm_edit, self.cancel_button)
        QWidget.setTabOrder(self.cancel_button, self.create_button)

        self.retranslateUi(CreateWorkspaceDialog)

        self.create_button.setDefault(True)


        QMetaObject.connectSlotsByName(CreateWorkspaceDialog)
    # setupUi

    def retranslateUi(self, CreateWorkspaceDialog):
        CreateWorkspaceDialog.setWindowTitle(QCoreApplication.translate("CreateWorkspaceDialog", u"Create new workspace", None))
#if QT_CONFIG(accessibility)
        CreateWorkspaceDialog.setAccessibleName(QCoreApplication.translate("CreateWorkspaceDialog", u"Create new workspace", None))
#endif // QT_CONFIG(accessibility)
        self.heading.setText(QCoreApplication.translate("CreateWorkspaceDialog", u"Create a new workspace", None))
        self.heading.setProperty(u"styleName", QCoreApplication.translate("CreateWorkspaceDialog", u"heading", None))
        self.intro.setText(QCoreApplication.translate("CreateWorkspaceDialog", u"A workspace is one encrypted folder holding your region's records. You become its first administrator and can add other users once it is open.", None))
        self.intro.setProperty(u"styleName", QCoreApplication.translate("CreateWorkspaceDialog", u"muted", None))
        self.workspace_section.setText(QCoreApplication.translate("CreateWorkspaceDialog", u"Workspace", None))
        self.workspace_section.setProperty(u"styleName", QCoreApplication.translate("CreateWorkspaceDialog", u"subheading", None))
        self.name_label.setText(QCoreApplication.translate("CreateWorkspaceDialog", u"Workspace &name", None))
#if QT_CONFIG(accessibility)
        self.name_edit.setAccessibleName(QCoreApplication.translate("CreateWorkspaceDialog", u"Workspace name", None))
#endif // QT_CONFIG(accessibility)
        self.name_edit.setPlaceholderText(QCoreApplication.translate("CreateWorkspaceDialog", u"e.g. North West ROCU", None))
#if QT_CONFIG(accessibility)
        self.name_error.setAccessibleName(QCoreApplication.translate("CreateWorkspaceDialog", u"Workspace name problem", None))
#endif // QT_CONFIG(accessibility)
        self.name_error.setProperty(u"styleName", QCoreApplication.translate("CreateWorkspaceDialog", u"fieldError", None))
        self.location_label.setText(QCoreApplication.translate("CreateWorkspaceDialog", u"&Location", None))
#if QT_CONFIG(accessibility)
        self.location_edit.setAccessibleName(QCoreApplication.translate("CreateWorkspaceDialog", u"Location", None))
#endif // QT_CONFIG(accessibility)
        self.location_edit.setPlaceholderText(QCoreApplication.translate("CreateWorkspaceDialog", u"Folder to create the workspace in", None))
#if QT_CONFIG(accessibility)
        self.browse_button.setAccessibleName(QCoreApplication.translate("CreateWorkspaceDialog", u"Browse for location", None))
#endif // QT_CONFIG(accessibility)
        self.browse_button.setText(QCoreApplication.translate("CreateWorkspaceDialog", u"&Browse...", None))
#if QT_CONFIG(accessibility)
        self.folder_preview.setAccessibleName(QCoreApplication.translate("CreateWorkspaceDialog", u"Workspace folder", None))
#endif // QT_CONFIG(accessibility)
        self.folder_preview.setProperty(u"styleName", QCoreApplication.translate("CreateWorkspaceDialog", u"muted", None))
#if QT_CONFIG(accessibility)
        self.location_error.setAccessibleName(QCoreApplication.translate("CreateWorkspaceDialog", u"Location problem", None))
#endif // QT_CONFIG(accessibility)
        self.location_error.setProperty(u"styleName", QCoreApplication.translate("CreateWorkspaceDialog", u"fieldError", None))
        self.administrator_section.setText(QCoreApplication.translate("CreateWorkspaceDialog", u"First administrator (you)", None))
        self.administrator_section.setProperty(u"styleName", QCoreApplication.translate("CreateWorkspaceDialog", u"subheading", None))
        self.username_label.setText(QCoreApplication.translate("CreateWorkspaceDialog", u"&Username", None))
#if QT_CONFIG(accessibility)
        self.username_edit.setAccessibleName(QCoreApplication.translate("CreateWorkspaceDialog", u"Username", None))
#endif // QT_CONFIG(accessibility)
        self.username_edit.setPlaceholderText(QCoreApplication.translate("CreateWorkspaceDialog", u"e.g. j.smith", None))
#if QT_CONFIG(accessibility)
        self.username_error.setAccessibleName(QCoreApplication.translate("CreateWorkspaceDialog", u"Username problem", None))
#endif // QT_CONFIG(accessibility)
        self.username_error.setProperty(u"styleName", QCoreApplication.translate("CreateWorkspaceDialog", u"fieldError", None))
        self.display_label.setText(QCoreApplication.translate("CreateWorkspaceDialog", u"&Display name", None))
#if QT_CONFIG(accessibility)
        self.display_edit.setAccessibleName(QCoreApplication.translate("CreateWorkspaceDialog", u"Display name", None))
#endif // QT_CONFIG(accessibility)
        self.display_edit.setPlaceholderText(QCoreApplication.translate("CreateWorkspaceDialog", u"e.g. DS Jo Smith", None))
#if QT_CONFIG(accessibility)
        self.display_error.setAccessibleName(QCoreApplication.translate("CreateWorkspaceDialog", u"Display name problem", None))
#endif // QT_CONFIG(accessibility)
        self.display_error.setProperty(u"styleName", QCoreApplication.translate("CreateWorkspaceDialog", u"fieldError", None))
        self.password_label.setText(QCoreApplication.translate("CreateWorkspaceDialog", u"&Password", None))
#if QT_CONFIG(accessibility)
        self.password_edit.setAccessibleName(QCoreApplication.translate("CreateWorkspaceDialog", u"Password", None))
#endif // QT_CONFIG(accessibility)
        self.password_edit.setPlaceholderText(QCoreApplication.translate("CreateWorkspaceDialog", u"At least 10 characters", None))
#if QT_CONFIG(accessibility)
        self.strength_bar.setAccessibleName(QCoreApplication.translate("CreateWorkspaceDialog", u"Password strength", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.strength_label.setAccessibleName(QCoreApplication.translate("CreateWorkspaceDialog", u"Password strength hint", None))
#endif // QT_CONFIG(accessibility)
        self.strength_label.setProperty(u"styleName", QCoreApplication.translate("CreateWorkspaceDialog", u"muted", None))
#if QT_CONFIG(accessibility)
        self.password_error.setAccessibleName(QCoreApplication.translate("CreateWorkspaceDialog", u"Password problem", None))
#endif // QT_CONFIG(accessibility)
        self.password_error.setProperty(u"styleName", QCoreApplication.translate("CreateWorkspaceDialog", u"fieldError", None))
        self.confirm_label.setText(QCoreApplication.translate("CreateWorkspaceDialog", u"Con&firm password", None))
#if QT_CONFIG(accessibility)
        self.confirm_edit.setAccessibleName(QCoreApplication.translate("CreateWorkspaceDialog", u"Confirm password", None))
#endif // QT_CONFIG(accessibility)
        self.confirm_edit.setPlaceholderText(QCoreApplication.translate("CreateWorkspaceDialog", u"Type the password again", None))
#if QT_CONFIG(accessibility)
        self.confirm_error.setAccessibleName(QCoreApplication.translate("CreateWorkspaceDialog", u"Confirm password problem", None))
#endif // QT_CONFIG(accessibility)
        self.confirm_error.setProperty(u"styleName", QCoreApplication.translate("CreateWorkspaceDialog", u"fieldError", None))
#if QT_CONFIG(accessibility)
        self.form_error.setAccessibleName(QCoreApplication.translate("CreateWorkspaceDialog", u"Create workspace problem", None))
#endif // QT_CONFIG(accessibility)
        self.form_error.setProperty(u"styleName", QCoreApplication.translate("CreateWorkspaceDialog", u"formError", None))
#if QT_CONFIG(accessibility)
        self.cancel_button.setAccessibleName(QCoreApplication.translate("CreateWorkspaceDialog", u"Cancel", None))
#endif // QT_CONFIG(accessibility)
        self.cancel_button.setText(QCoreApplication.translate("CreateWorkspaceDialog", u"Cancel", None))
#if QT_CONFIG(accessibility)
        self.create_button.setAccessibleName(QCoreApplication.translate("CreateWorkspaceDialog", u"Create workspace", None))
#endif // QT_CONFIG(accessibility)
        self.create_button.setText(QCoreApplication.translate("CreateWorkspaceDialog", u"C&reate workspace", None))
        self.create_button.setProperty(u"styleName", QCoreApplication.translate("CreateWorkspaceDialog", u"primary", None))
    # retranslateUi

