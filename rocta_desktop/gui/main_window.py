"""The main window after sign-in: navigation on the left, one page per area, a status bar saying
who is signed in, to which workspace, and the protective marking of what is on screen."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSettings, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..domain import clock
from ..domain.markings import Marking
from ..domain.subjects import SubjectKind
from ..services import settings as app_settings
from ..services.workspace import RECOVERY_ACTOR
from . import screens, settings
from .admin import AdministrationPage
from .assessments.history import AssessmentHistoryPanel
from .assessments.page import AssessmentsPage
from .assessments.wizard import AssessmentWizard
from .dashboard import ChangeNotifier, DashboardPage
from .impact.page import ImpactPage
from .intel.collection import CollectionPage, RequirementDialog
from .intel.triggers import TriggersPage
from .network import ChartScreen
from .notifier import PageNotices
from .prompts import Prompts
from .registers.duplicates import DuplicatesPage
from .registers.page import RegisterPage
from .reports.page import ReportsPage
from .search import SearchDialog
from .security import ChangePasswordDialog, IdleWatcher, LockScreen, SessionKeys
from .style import marking_style
from .tasking import TaskingPage

PageFactory = Callable[[Any, ChangeNotifier, "MainWindow"], QWidget]


def register_screens() -> None:
    """The screens one feature may open of another's (gui/screens.py): registered as this module loads."""
    screens.provide(screens.ASSESSMENT_WIZARD, AssessmentWizard)
    screens.provide(screens.ASSESSMENT_HISTORY, AssessmentHistoryPanel)
    screens.provide(screens.REQUIREMENT_DIALOG, RequirementDialog)
    screens.provide(screens.LINK_CHART, ChartScreen)


register_screens()


@dataclass(frozen=True)
class Area:
    key: str
    label: str          # with its mnemonic
    shortcut: str | None

    @property
    def name(self) -> str:
        return self.label.replace("&", "")


AREAS: tuple[Area, ...] = (
    Area("dashboard", "&Dashboard", "Ctrl+1"),
    Area("triggers", "&Triggers", "Ctrl+2"),
    Area("collection", "&Collection plan", "Ctrl+3"),
    Area("groups", "&Groups", "Ctrl+4"),
    Area("nominals", "&Nominals", "Ctrl+5"),
    Area("vulnerabilities", "&Vulnerabilities", "Ctrl+6"),
    Area("duplicates", "D&uplicates", None),
    Area("assessments", "&Assessments", "Ctrl+7"),
    Area("tasking", "Tas&king", "Ctrl+8"),
    Area("impact", "&Impact", "Ctrl+9"),
    Area("reports", "&Reports", "Ctrl+0"),
    Area("administration", "Ad&ministration", None),
)

#: The areas built so far. An area without a page is listed but disabled, never a fake page.
def _register(kind: SubjectKind) -> PageFactory:
    return lambda ws, notifier, window: RegisterPage(ws, notifier, kind, prompts=window.prompts,
                                                     undo_stack=window.undo_stack)


def _assessments(ws: Any, notifier: ChangeNotifier, window: MainWindow) -> AssessmentsPage:
    page = AssessmentsPage(ws, notifier, prompts=window.prompts)
    page.open_subject.connect(window.open_record)
    return page


def _dashboard(ws: Any, notifier: ChangeNotifier, window: MainWindow) -> DashboardPage:
    page = DashboardPage(ws, notifier, load_later=True)  # painted first, its counts read on a worker
    page.navigate.connect(window.show_view)
    return page


def _duplicates(ws: Any, notifier: ChangeNotifier, window: MainWindow) -> DuplicatesPage:
    page = DuplicatesPage(ws, notifier, prompts=window.prompts)
    page.open_subject.connect(window.open_record)
    return page


def _tasking(ws: Any, notifier: ChangeNotifier, window: MainWindow) -> TaskingPage:
    page = TaskingPage(ws, notifier, prompts=window.prompts)
    page.open_subject.connect(window.open_record)
    return page


PAGES: dict[str, PageFactory] = {
    "dashboard": lambda ws, notifier, window: _dashboard(ws, notifier, window),
    "triggers": lambda ws, notifier, window: TriggersPage(ws, notifier, prompts=window.prompts),
    "collection": lambda ws, notifier, window: CollectionPage(ws, notifier, prompts=window.prompts),
    "groups": _register(SubjectKind.GROUP),
    "nominals": _register(SubjectKind.NOMINAL),
    "vulnerabilities": _register(SubjectKind.VULNERABILITY),
    "duplicates": _duplicates,
    "assessments": _assessments,
    "reports": lambda ws, notifier, window: ReportsPage(ws, notifier, prompts=window.prompts),
    "impact": lambda ws, notifier, window: ImpactPage(ws, notifier, prompts=window.prompts),
    "tasking": _tasking,
    "administration": lambda ws, notifier, window: AdministrationPage(ws, notifier, prompts=window.prompts),
}
AREA_OF_KIND = {SubjectKind.GROUP: "groups", SubjectKind.NOMINAL: "nominals",
                SubjectKind.VULNERABILITY: "vulnerabilities"}

NOT_YET = "Not available in this version yet"


class Pages(Mapping[str, QWidget]):
    """The areas' pages by key, each built the first time it is asked for (shown, or opened from
    search or a dashboard link): signing in builds the dashboard only. `built` holds those made."""

    def __init__(self, build: Callable[[str], QWidget], keys: Mapping[str, Any]):
        self._build = build
        self._keys = tuple(keys)
        self.built: dict[str, QWidget] = {}

    def __getitem__(self, key: str) -> QWidget:
        page = self.built.get(key)
        if page is None:
            if key not in self._keys:
                raise KeyError(key)
            page = self.built[key] = self._build(key)
        return page

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def role_label(role: Any) -> str:
    value = getattr(role, "value", role)
    return str(value).capitalize()


class MainWindow(QMainWindow):
    """Emits `sign_out_requested` and `quit_requested`; the shell closes the workspace."""

    sign_out_requested = Signal()
    quit_requested = Signal()

    def __init__(self, ws: Any, parent: QWidget | None = None, *, prompts: Prompts | None = None,
                 pages: dict[str, PageFactory] | None = None):
        super().__init__(parent)
        self.ws = ws
        self.prompts = prompts or Prompts()
        self.notifier = ChangeNotifier(ws, self)
        ws.follow_others()  # on a server, other people's changes refresh this window too
        self.undo_stack = QUndoStack(self)
        self._closing_for_shell = False
        self._closed = False
        self.workspace_name = ws.name
        self.setWindowTitle(f"{self.workspace_name} \u2014 ROCTA Desktop")
        self.setAccessibleName("ROCTA Desktop main window")
        self.setMinimumSize(760, 500)

        # ---- navigation and pages
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Navigation")
        self.navigation.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.stack = QStackedWidget()
        self.stack.setAccessibleName("Area")
        factories = PAGES if pages is None else pages
        self._factories = {area.key: factories[area.key] for area in AREAS if area.key in factories}
        self.notices: dict[str, PageNotices] = {}
        self.pages = Pages(self._build_page, self._factories)
        self.items: dict[str, QListWidgetItem] = {}
        for area in AREAS:
            item = QListWidgetItem(area.name)
            item.setData(Qt.ItemDataRole.UserRole, area.key)
            item.setSizeHint(QSize(0, 34))
            if area.key not in self._factories:
                item.setFlags(Qt.ItemFlag.NoItemFlags)  # disabled and not selectable
                item.setToolTip(NOT_YET)
                item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, NOT_YET)
            elif area.shortcut:
                item.setToolTip(f"{area.name} ({area.shortcut})")
            self.navigation.addItem(item)
            self.items[area.key] = item

        self.marking_banner = QLabel()
        self.marking_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.marking_banner.setAccessibleName("Protective marking banner")
        content = QVBoxLayout()
        content.setContentsMargins(0, 0, 0, 0)
        content.setSpacing(0)
        content.addWidget(self.marking_banner)
        content.addWidget(self.stack, 1)
        central = QWidget()
        body = QHBoxLayout(central)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        panel = QWidget()
        panel.setObjectName("navigationPanel")
        panel.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        panel.setFixedWidth(196)
        nav = QVBoxLayout(panel)
        nav.setContentsMargins(0, 0, 1, 0)
        nav.setSpacing(0)
        nav.addWidget(self.navigation, 1)
        if len(self.pages) < len(AREAS):
            later = QLabel("Greyed areas are not available in this version yet.")
            later.setWordWrap(True)
            nav.addWidget(later)
        body.addWidget(panel)
        body.addLayout(content, 1)
        self.lock_screen = LockScreen(ws)
        self.outer = QStackedWidget()
        self.outer.setAccessibleName("Window content")
        self.outer.addWidget(central)
        self.outer.addWidget(self.lock_screen)
        self.setCentralWidget(self.outer)
        self.locked = False
        self._hidden_while_locked: list[QWidget] = []
        self._enabled_before_lock: dict[QAction, bool] = {}
        self._password_change_pending = False
        self.lock_screen.unlocked.connect(self.unlock)
        self.lock_screen.sign_out.connect(self.sign_out_requested.emit)
        self.idle = IdleWatcher(ws.read(app_settings.idle_minutes), self)
        self.idle.idle.connect(lambda: self.lock(idle=True))

        # ---- status bar
        actor = ws.actor
        who = ("Signed in with the recovery key" if actor.username == RECOVERY_ACTOR
               else f"{actor.display_name} ({actor.username})")
        self.user_label = QLabel(f"{who} \u00b7 {role_label(actor.role)}")
        self.user_label.setAccessibleName("Signed-in user")
        self.workspace_label = QLabel(f"Workspace: {self.workspace_name}")
        self.workspace_label.setAccessibleName("Workspace name")
        self.marking_label = QLabel()
        self.marking_label.setAccessibleName("Protective marking")
        status = self.statusBar()
        status.setSizeGripEnabled(True)
        status.addPermanentWidget(self.user_label)
        status.addPermanentWidget(self.workspace_label, 1)
        status.addPermanentWidget(self.marking_label)

        self._build_menus()
        # lock and search everything work from every window of the application, dialogs included
        self.session_keys = SessionKeys([self.lock_action, self.search_action], self)
        self.navigation.currentItemChanged.connect(lambda item, _prev: self._show_item(item))
        self.go_to("dashboard")
        self._restore_state()

    def _build_page(self, key: str) -> QWidget:
        """An area's page, made when first needed. It hears change notices through its own
        `PageNotices`: after the write has returned while it is on screen, when shown otherwise."""
        notices = self.notices[key] = PageNotices(self.notifier, self)
        page = self._factories[key](self.ws, notices, self)
        self.stack.addWidget(page)
        if hasattr(page, "marking_changed"):
            page.marking_changed.connect(lambda _m, key=key: self._page_marking_changed(key))
        return page

    # ------------------------------------------------------------------ menus
    def _action(self, text: str, slot: Callable[[], Any], shortcut: str | QKeySequence.StandardKey | None = None,
                *, name: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setObjectName(name or text.replace("&", "").replace("...", "").strip().lower().replace(" ", "_"))
        # PySide passes `checked` to a slot that can take an argument, which would land in a
        # lambda's default (e.g. `key=`): call the slot with no arguments, always.
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)  # shortcuts work wherever focus is in the window
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        workspace = bar.addMenu("&Workspace")
        self.sign_out_action = self._action("Sign &out", self.sign_out_requested.emit, "Ctrl+Shift+L")
        self.lock_action = self._action("&Lock", self.lock, "Ctrl+L")
        self.lock_action.setToolTip("Hide this window and every open dialog until you type your password (Ctrl+L, "
                                    "from any window)")
        self.password_action = self._action("Change my &password...", self.change_password)
        self.password_action.setEnabled(self.ws.actor.username != RECOVERY_ACTOR)
        self.quit_action = self._action("&Quit", self.quit_requested.emit, QKeySequence.StandardKey.Quit)
        if self.quit_action.shortcut().isEmpty():
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        workspace.addAction(self.lock_action)
        workspace.addAction(self.password_action)
        workspace.addAction(self.sign_out_action)
        workspace.addSeparator()
        workspace.addAction(self.quit_action)

        go = bar.addMenu("&Go")
        self.area_actions: dict[str, QAction] = {}
        for area in AREAS:
            action = self._action(area.label, lambda key=area.key: self.go_to(key), area.shortcut,
                                  name=f"go_{area.key}")
            action.setEnabled(area.key in self.pages)
            if area.key not in self.pages:
                action.setToolTip(NOT_YET)
            go.addAction(action)
            self.area_actions[area.key] = action

        edit = bar.addMenu("&Edit")
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence.StandardKey.Redo, QKeySequence("Ctrl+Y")])
        self.search_action = self._action("&Search everything...", self.open_search, "Ctrl+K")
        for action in (self.undo_action, self.redo_action):
            self.addAction(action)
            edit.addAction(action)
        edit.addSeparator()
        edit.addAction(self.search_action)

        view = bar.addMenu("&View")
        self.refresh_action = self._action("&Refresh", self.refresh_current, QKeySequence.StandardKey.Refresh)
        if self.refresh_action.shortcut().isEmpty():
            self.refresh_action.setShortcut(QKeySequence("F5"))
        self.focus_navigation_action = self._action("Focus &navigation", self.navigation.setFocus, "F6")
        view.addAction(self.refresh_action)
        view.addAction(self.focus_navigation_action)

        help_menu = bar.addMenu("&Help")
        self.about_action = self._action("&About ROCTA Desktop", self.about)
        help_menu.addAction(self.about_action)
        for button in bar.findChildren(QToolButton, "qt_menubar_ext_button"):  # Qt's overflow chevron
            button.setAccessibleName("More menus")

    # ------------------------------------------------------------------ security
    def _live_while_locked(self) -> tuple[QAction, ...]:
        """What still works on the lock screen: leaving (open work is settled first)."""
        return (self.sign_out_action, self.quit_action)

    def lock(self, *, idle: bool = False) -> None:
        """Hide all record content (this window and every open dialog) until the same user's
        password is typed again: after the idle time (`idle`), or at once when the user asks
        (Ctrl+L from any window, or Workspace > Lock). The window's other shortcuts (search,
        areas, undo) do nothing until it is unlocked."""
        if self.locked or self._closed:
            return
        self.locked = True
        self._hidden_while_locked = [w for w in QApplication.topLevelWidgets()
                                     if w is not self and w.isVisible() and w.isWindow()]
        for w in self._hidden_while_locked:
            w.hide()
        live = self._live_while_locked()
        self._enabled_before_lock = {a: a.isEnabled() for a in self.actions() if a not in live}
        for action in self._enabled_before_lock:
            action.setEnabled(False)
        self.lock_screen.show_reason(idle=idle, at=clock.local_now())
        self.outer.setCurrentWidget(self.lock_screen)
        self.menuBar().setEnabled(False)
        if not idle:  # the user locked, perhaps from a dialog: the password box is here
            if self.isMinimized():
                self.showNormal()
            self.raise_()
            self.activateWindow()
        self.lock_screen.password.setFocus()

    def settle_open_work(self) -> bool:
        """Before this session ends (sign-out, also from the lock screen, or quit): every open
        editor with unsaved changes asks its own question, save or discard, even while hidden by
        the lock. False when one stays open (its save failed): the session must not end."""
        windows = list(dict.fromkeys(self._hidden_while_locked + [w for w in QApplication.topLevelWidgets()
                                                                   if w is not self and w.isVisible()]))
        for w in windows:
            if getattr(w, "dirty", False) and isinstance(w, QDialog):
                closed: list[int] = []
                w.finished.connect(closed.append)
                w.reject()  # the editor asks: save (and close if that worked) or discard
                if not closed:
                    return False
        return True

    def unlock(self) -> None:
        self.locked = False
        self.outer.setCurrentIndex(0)
        self.menuBar().setEnabled(True)
        for action, enabled in self._enabled_before_lock.items():
            action.setEnabled(enabled)
        self._enabled_before_lock = {}
        for w in self._hidden_while_locked:
            w.show()
        self._hidden_while_locked = []
        self.idle.set_minutes(self.idle.minutes)

    def change_password(self, *, forced: bool = False) -> ChangePasswordDialog:
        dialog = ChangePasswordDialog(self.ws, forced=forced, parent=self)
        dialog.accepted.connect(lambda: self.prompts.information(self, "Password changed",
                                                                 "Your password is changed. Use it next time."))
        if forced:  # nothing opens past the forced change (search works from every window)
            self._password_change_pending = True
            dialog.accepted.connect(self._password_changed)
        dialog.open()
        self.password_dialog = dialog
        return dialog

    # ------------------------------------------------------------------ navigation
    def go_to(self, key: str) -> bool:
        item = self.items.get(key)
        if item is None or key not in self.pages:
            return False
        self.navigation.setCurrentItem(item)
        self._show_item(item)
        return True

    def show_view(self, key: str, view: str) -> bool:
        """Open an area at one of its views (a dashboard tile: the filtered list behind it)."""
        if not self.go_to(key):
            return False
        page = self.pages[key]
        if hasattr(page, "show_view"):
            page.show_view(view)
        return True

    def _password_changed(self) -> None:
        self._password_change_pending = False

    def open_search(self) -> SearchDialog | None:
        """Search everything (Ctrl+K from any window); an open search is brought forward instead
        of a second one. Nothing while locked or before a forced password change is done."""
        if self.locked or self._password_change_pending:
            return None
        current = getattr(self, "search_dialog", None)
        if current is not None and current.isVisible():
            current.raise_()
            current.activateWindow()
            current.box.setFocus()
            return current
        dialog = SearchDialog(self.ws, self)
        dialog.open_record.connect(self.open_record)
        dialog.open_entity.connect(self.open_entity)
        dialog.open()
        self.search_dialog = dialog
        return dialog

    #: where a record that is not a subject opens: its area and the page's method that opens it
    ENTITY_AREAS = {"assessment": ("assessments", "open_assessment"), "trigger": ("triggers", "open_trigger"),
                    "requirement": ("collection", "open_requirement"), "tasking": ("tasking", "open_request"),
                    "tcg_meeting": ("tasking", "open_meeting"), "disruption": ("impact", "open_disruption")}

    def open_entity(self, kind: str, record_id: int) -> Any:
        """Go to the area of an assessment, trigger, requirement, tasking request, meeting or
        disruption and open it (from search)."""
        area, method = self.ENTITY_AREAS[kind]
        if not self.go_to(area):
            return None
        return getattr(self.pages[area], method)(record_id)

    def open_record(self, kind: SubjectKind, record_id: int) -> Any:
        """Go to the record's register and open it (from search, or a dashboard link)."""
        area = AREA_OF_KIND[kind]
        if not self.go_to(area):
            return None
        return self.pages[area].open_record(record_id)

    def current_area(self) -> str | None:
        page = self.stack.currentWidget()
        return next((k for k, p in self.pages.built.items() if p is page), None)

    def _show_item(self, item: QListWidgetItem | None) -> None:
        key = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if key not in self.pages:
            return
        page = self.pages[key]
        for other, notices in self.notices.items():
            if other != key:
                notices.set_active(False)
        self.stack.setCurrentWidget(page)
        self.notices[key].set_active(True)  # what changed while it was hidden, before it paints
        self.set_marking(getattr(page, "marking", Marking.OFFICIAL_SENSITIVE))

    def _page_marking_changed(self, key: str) -> None:
        if self.current_area() == key:
            self.set_marking(getattr(self.pages[key], "marking", Marking.OFFICIAL_SENSITIVE))

    def set_marking(self, marking: Marking) -> None:
        """The protective marking of what is on screen, in the banner and the status bar."""
        self.marking = marking
        self.marking_label.setText(marking.value)
        self.marking_label.setStyleSheet(marking_style(marking))
        self.marking_banner.setText(marking.value)
        self.marking_banner.setStyleSheet(marking_style(marking))

    def refresh_current(self) -> None:
        page = self.stack.currentWidget()
        if hasattr(page, "refresh"):
            page.refresh()

    def about(self) -> None:
        self.prompts.information(self, "About ROCTA Desktop",
                                 "ROCTA Desktop\n\nRegional Organised Crime Threat Assessment: registers, "
                                 "assessments, tasking and impact in one encrypted workspace.")

    # ------------------------------------------------------------------ lifecycle
    def _restore_state(self) -> None:
        if not settings.restore_geometry(self, "main_window"):
            self.resize(1180, 740)
        state = QSettings().value("main_window/state")
        if state:
            self.restoreState(state)

    def save_state(self) -> None:
        settings.save_geometry(self, "main_window")
        QSettings().setValue("main_window/state", self.saveState())

    def close_for_shell(self) -> None:
        """Close without asking the shell to quit (sign-out)."""
        self._closing_for_shell = True
        self.close()

    def closeEvent(self, event) -> None:
        if self._closed:
            super().closeEvent(event)
            return
        self._closed = True
        self.session_keys.stop()
        self.idle.stop()
        self.save_state()
        self.notifier.detach()
        for page in self.pages.built.values():
            page.close()  # pages unsubscribe and save their own settings
        QThreadPool.globalInstance().waitForDone(10_000)  # no background read outlives the window
        super().closeEvent(event)
        if not self._closing_for_shell:  # the window's own close button: quit the application
            self._closing_for_shell = True
            self.quit_requested.emit()
