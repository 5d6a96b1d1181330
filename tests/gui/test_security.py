"""The idle lock, changing one's own password (forced after a reset) and the wait after repeated
wrong passwords, through the real widgets."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QLineEdit, QPushButton

from rocta_desktop.domain.errors import AccountEnded
from rocta_desktop.gui.main_window import MainWindow
from rocta_desktop.gui.ops import Runner
from rocta_desktop.gui.security import Backoff, ChangePasswordDialog
from rocta_desktop.services import settings as app_settings
from rocta_desktop.services import users
from rocta_desktop.services.workspace import Workspace
from tests.conftest import ADMIN, ADMIN_PASSWORD, TEAM_PASSWORD
from tests.gui.conftest import find_by_name, unnamed_interactive_widgets


@pytest.fixture
def window(qtbot, workspace, prompts):
    w = MainWindow(workspace, prompts=prompts)
    qtbot.addWidget(w)
    w.show()
    return w


def test_backoff_grows_after_three_failures():
    b = Backoff()
    assert [b.failed() for _ in range(7)] == [0, 0, 5, 10, 20, 40, 80]
    b.succeeded()
    assert b.failed() == 0


def test_idle_lock_hides_content_until_the_same_password(qtbot, window, workspace, prompts):
    search = window.open_search()  # an open dialog is hidden while locked
    assert search.isVisible()
    window.idle.set_minutes(0.002)  # about 0.1 s
    qtbot.waitUntil(lambda: window.locked, timeout=3000)
    assert window.outer.currentWidget() is window.lock_screen and not search.isVisible()
    assert not window.menuBar().isEnabled()
    assert unnamed_interactive_widgets(window.lock_screen) == []
    box = find_by_name(window.lock_screen, QLineEdit, "Password to unlock")
    qtbot.keyClicks(box, "wrong password!")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert window.locked and "not the password" in find_by_name(window.lock_screen, QLabel, "Unlock problem").text()
    qtbot.keyClicks(box, ADMIN_PASSWORD)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert not window.locked and search.isVisible() and window.menuBar().isEnabled()
    window.idle.set_minutes(10)


def test_repeated_wrong_unlocks_make_the_next_one_wait(qtbot, window):
    window.lock()
    screen = window.lock_screen
    for _ in range(3):
        screen.password.setText("nope nope nope")
        screen.try_unlock()
    assert not screen.unlock_button.isEnabled() and "wait 5 seconds" in screen.message.text()
    screen._wait_over()
    screen.password.setText(ADMIN_PASSWORD)
    assert screen.try_unlock() and not window.locked


def test_lock_from_the_menu_and_sign_out_from_the_lock_screen(qtbot, window):
    window.lock_action.trigger()
    assert window.locked
    with qtbot.waitSignal(window.sign_out_requested):
        qtbot.mouseClick(find_by_name(window.lock_screen, QPushButton, "Sign out instead"), Qt.MouseButton.LeftButton)


def test_change_own_password(qtbot, workspace, prompts):
    dialog = ChangePasswordDialog(workspace, prompts=prompts)
    qtbot.addWidget(dialog)
    dialog.show()
    assert unnamed_interactive_widgets(dialog) == []
    change = find_by_name(dialog, QPushButton, "Change password")
    current_problem = find_by_name(dialog, QLabel, "Current password problem")
    new_problem = find_by_name(dialog, QLabel, "New password problem")
    find_by_name(dialog, QLineEdit, "Current password").setText("not it at all")
    find_by_name(dialog, QLineEdit, "New password").setText("Brand-new-pass-77")
    find_by_name(dialog, QLineEdit, "New password again").setText("Brand-new-pass-77")
    qtbot.mouseClick(change, Qt.MouseButton.LeftButton)
    assert "not correct" in current_problem.text() and dialog.isVisible()
    find_by_name(dialog, QLineEdit, "Current password").setText(ADMIN_PASSWORD)
    find_by_name(dialog, QLineEdit, "New password").setText(ADMIN_PASSWORD)   # the policy: not the same one
    find_by_name(dialog, QLineEdit, "New password again").setText(ADMIN_PASSWORD)
    qtbot.mouseClick(change, Qt.MouseButton.LeftButton)
    assert current_problem.text() == "" and "must differ" in new_problem.text() and dialog.isVisible()
    find_by_name(dialog, QLineEdit, "New password").setText("Brand-new-pass-77")
    find_by_name(dialog, QLineEdit, "New password again").setText("Brand-new-pass-77")
    qtbot.mouseClick(change, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted and prompts.shown == []
    assert find_by_name(dialog, QLineEdit, "Current password").text() == ""   # not left lying in the widget
    workspace.close()
    with Workspace.open(workspace.path, ADMIN, "Brand-new-pass-77") as again:
        assert again.actor.username == ADMIN


def test_a_password_change_refused_is_a_warning_and_the_dialog_stays_open(qtbot, workspace, ws_path, prompts):
    """Signed in with the recovery key there is no password of one's own to change: the service
    refuses (and the refusal is audited), said in one warning; the dialog stays open."""
    from rocta_desktop.services import audit
    with Workspace.open_with_recovery(ws_path, workspace.recovery_key) as recovered:
        dialog = ChangePasswordDialog(recovered, prompts=prompts)
        qtbot.addWidget(dialog)
        dialog.show()
        find_by_name(dialog, QLineEdit, "Current password").setText("anything at all")
        find_by_name(dialog, QLineEdit, "New password").setText("Brand-new-pass-77")
        find_by_name(dialog, QLineEdit, "New password again").setText("Brand-new-pass-77")
        qtbot.mouseClick(find_by_name(dialog, QPushButton, "Change password"), Qt.MouseButton.LeftButton)
        assert prompts.shown == [("warning", "Change your password", "Sign in as a user to change a password.")]
        assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
        assert find_by_name(dialog, QLineEdit, "New password").text() == "Brand-new-pass-77"
        assert find_by_name(dialog, QPushButton, "Change password").isEnabled()
        dialog.reject()
    refused = workspace.read(audit.search_events, action="permission.denied")
    assert [e["changes"]["action"] for e in refused] == ["user.change_password"]


def test_a_reset_user_must_choose_a_password_at_sign_in(qtbot, workspace, prompts):
    from rocta_desktop.gui.shell import Shell
    workspace.write("u", users.add_user, "ana", TEAM_PASSWORD, "analyst")
    assert workspace.read(app_settings.must_change_password, "ana")
    shell = Shell(prompts=prompts)
    ana = Workspace.open(workspace.path, "ana", TEAM_PASSWORD)
    shell._signed_in(ana)
    dialog = shell.main.password_dialog
    assert dialog.isVisible() and "temporary password" in dialog.findChildren(QLabel)[0].text()
    with qtbot.waitSignal(shell.signed_out):
        qtbot.mouseClick(find_by_name(dialog, QPushButton, "Sign out"), Qt.MouseButton.LeftButton)
    assert shell.main is None


def test_start_window_waits_after_repeated_wrong_passwords(qtbot, workspace, prompts):
    from rocta_desktop.gui.start_window import StartWindow
    workspace.close()
    start = StartWindow(prompts=prompts)
    qtbot.addWidget(start)
    start.select_folder(workspace.path)
    for _ in range(3):
        start.username_edit.setText(ADMIN)
        start.password_edit.setText("wrong-password-123")
        start.sign_in()
    assert start._locked_out and not start.sign_in_button.isEnabled()
    assert "wait 5 seconds" in find_by_name(start, QLabel, "Sign-in problem").text()
    start._backoff_over()
    start.password_edit.setText(ADMIN_PASSWORD)
    with qtbot.waitSignal(start.signed_in) as signal:
        start.sign_in()
    signal.args[0].close()


def test_idle_minutes_are_an_administrator_setting(workspace, team):
    from rocta_desktop.domain.errors import PermissionDenied, ValidationError
    assert workspace.read(app_settings.idle_minutes) == 10
    workspace.write("s", app_settings.set_idle_minutes, 5)
    assert workspace.read(app_settings.idle_minutes) == 5
    with pytest.raises(ValidationError):
        workspace.write("s", app_settings.set_idle_minutes, 0)
    with pytest.raises(PermissionDenied):
        team.open("ana").write("s", app_settings.set_idle_minutes, 30)


def test_views_of_sensitive_records_are_audited_and_the_viewer_filters(qtbot, workspace, prompts):
    from rocta_desktop.domain.subjects import SubjectKind
    from rocta_desktop.gui.admin.audit import AuditTab
    from rocta_desktop.gui.registers.editor import RecordEditor
    from rocta_desktop.services import registers
    with workspace.operation("t") as uow:
        secret = registers.create_group(uow, {"name": "Quiet Ones", "marking": "SECRET", "management_level": "local"})
        plain = registers.create_group(uow, {"name": "Loud Ones", "marking": "OFFICIAL", "management_level": "local"})
    for record in (secret, plain):
        editor = RecordEditor(workspace, SubjectKind.GROUP, record.id, prompts=prompts)
        qtbot.addWidget(editor)
    tab = AuditTab(workspace, prompts=prompts)
    qtbot.addWidget(tab)
    assert unnamed_interactive_widgets(tab) == []
    action = find_by_name(tab, QComboBox, "Audit action filter")
    action.setCurrentIndex(action.findText("Sensitive records viewed"))
    qtbot.mouseClick(find_by_name(tab, QPushButton, "Show audit events"), Qt.MouseButton.LeftButton)
    assert tab.table.rowCount() == 1 and tab.table.item(0, 3).text() == secret.reference  # OFFICIAL not logged
    action.setCurrentIndex(action.findText("Any action"))
    find_by_name(tab, QLineEdit, "Audit record filter").setText(plain.reference)
    tab.reload()
    assert [tab.table.item(r, 2).text() for r in range(tab.table.rowCount())] == ["group.create"]
    assert tab.verify() == [] and "intact" in find_by_name(tab, QLabel, "Audit chain check result").text()


def test_signing_out_from_the_lock_saves_or_discards_open_work_first(qtbot, window, workspace, prompts):
    """Another person can sign in only once the first's unsaved answers are saved or discarded."""
    from rocta_desktop.gui.assessments.wizard import AssessmentWizard
    from rocta_desktop.services import assessments, registers
    with workspace.operation("test") as uow:
        group = registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL",
                                             "management_level": "local"}).id
    created = workspace.write("a", assessments.start, group, "ocgm-reference")
    wizard = AssessmentWizard(workspace, assessment_id=created.id, prompts=prompts, parent=window)
    wizard.show()
    wizard.factor_widget("members").spin.setValue(12)
    assert wizard.dirty
    window.lock_action.trigger()
    assert not wizard.isVisible()  # hidden by the lock, still unsaved
    prompts.answers = [True]  # "Save your answers as a draft before closing?" -> save
    assert window.settle_open_work()
    assert prompts.shown[-1][1] == "Unsaved answers"
    assert workspace.read(assessments.get, created.id)["answers"]["members"].number == 12

    second = AssessmentWizard(workspace, assessment_id=created.id, prompts=prompts, parent=window)
    second.show()
    second.factor_widget("members").spin.setValue(15)
    workspace.write("a", assessments.discard, created.id)  # the draft is gone: saving it must fail
    prompts.answers = [True]
    assert not window.settle_open_work()  # the save failed: the session stays open, the editor too
    assert second.isVisible() and second.dirty
    prompts.answers = [False]  # discard
    assert window.settle_open_work() and not second.isVisible()


# ------------------------------------------------------------------ lock and search from any window (#22)

def _group_editor(qtbot, window, workspace):
    """A record editor opened from the main window, as the analyst opens one, and active."""
    from PySide6.QtWidgets import QApplication

    from rocta_desktop.domain.subjects import SubjectKind
    from rocta_desktop.services import registers
    with workspace.operation("t") as uow:
        gid = registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL",
                                           "management_level": "local"}).id
    editor = window.open_record(SubjectKind.GROUP, gid)
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor, timeout=3000)
    return editor


def _visible_searches():
    from PySide6.QtWidgets import QApplication

    from rocta_desktop.gui.search import SearchDialog
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, SearchDialog) and w.isVisible()]


def test_ctrl_l_in_a_dialog_locks_every_window_and_unlock_brings_it_back(qtbot, window, workspace):
    from rocta_desktop.domain import clock
    editor = _group_editor(qtbot, window, workspace)
    before = f"{clock.local_now():%H:%M}"
    qtbot.keyClick(editor, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    after = f"{clock.local_now():%H:%M}"
    assert window.locked and window.outer.currentWidget() is window.lock_screen
    assert not editor.isVisible() and not window.menuBar().isEnabled()
    reason = find_by_name(window.lock_screen, QLabel, "Lock reason").text()
    assert any(f"Locked by you at {t}." in reason for t in (before, after)), reason
    assert "inactivity" not in reason
    box = find_by_name(window.lock_screen, QLineEdit, "Password to unlock")
    qtbot.keyClicks(box, ADMIN_PASSWORD)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert not window.locked and editor.isVisible() and window.menuBar().isEnabled()
    assert find_by_name(editor, QLineEdit, "Group name").text() == "Harbour Crew"


def test_ctrl_k_in_a_dialog_opens_the_search_and_ctrl_l_there_hides_both(qtbot, window, workspace):
    editor = _group_editor(qtbot, window, workspace)
    qtbot.keyClick(find_by_name(editor, QLineEdit, "Group name"), Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    searches = _visible_searches()
    assert len(searches) == 1 and find_by_name(editor, QLineEdit, "Group name").text() == "Harbour Crew"
    search = searches[0]
    qtbot.keyClick(search.box, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert _visible_searches() == [search]  # brought forward, not opened twice
    qtbot.keyClick(search.box, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.locked and not search.isVisible() and not editor.isVisible()
    box = find_by_name(window.lock_screen, QLineEdit, "Password to unlock")
    assert window.current_area() == "groups"  # the editor's register
    qtbot.keyClick(box, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)  # no search past the lock
    qtbot.keyClick(box, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # nor a change of area
    assert _visible_searches() == [] and window.current_area() == "groups"
    window.lock_screen.password.setText(ADMIN_PASSWORD)
    assert window.lock_screen.try_unlock()
    assert search.isVisible() and editor.isVisible() and window.search_action.isEnabled()


def test_the_idle_lock_and_the_users_lock_say_which_they_are(qtbot, window):
    window.idle.set_minutes(0.002)  # about 0.1 s
    qtbot.waitUntil(lambda: window.locked, timeout=3000)
    reason = find_by_name(window.lock_screen, QLabel, "Lock reason").text()
    assert "Test Region is locked after a period of inactivity." in reason and "by you" not in reason
    window.lock_screen.password.setText(ADMIN_PASSWORD)
    assert window.lock_screen.try_unlock()
    window.idle.set_minutes(10)
    window.lock_action.trigger()
    reason = find_by_name(window.lock_screen, QLabel, "Lock reason").text()
    assert "Locked by you at " in reason and "inactivity" not in reason
    assert "Admin User (admin): type your password to unlock." in reason


def test_no_search_past_a_forced_password_change(qtbot, workspace, prompts):
    from rocta_desktop.gui.shell import Shell
    workspace.write("u", users.add_user, "ana", TEAM_PASSWORD, "analyst")
    shell = Shell(prompts=prompts)
    shell._signed_in(Workspace.open(workspace.path, "ana", TEAM_PASSWORD))
    dialog = shell.main.password_dialog
    qtbot.keyClick(find_by_name(dialog, QLineEdit, "Current password"), Qt.Key.Key_K,
                   Qt.KeyboardModifier.ControlModifier)
    assert _visible_searches() == [] and dialog.isVisible()
    with qtbot.waitSignal(shell.signed_out):
        qtbot.mouseClick(find_by_name(dialog, QPushButton, "Sign out"), Qt.MouseButton.LeftButton)


def test_a_question_waiting_for_its_answer_is_answered_before_any_lock(qtbot, window):
    """Hiding a message box answers it (its safe default: "Discard changes" for unsaved answers):
    Ctrl+L there waits for the answer."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox
    box = QMessageBox(QMessageBox.Icon.Question, "Unsaved answers", "Save your answers as a draft before closing?",
                      QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard, window)
    seen = []

    def press():
        qtbot.keyClick(box, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        seen.append((window.locked, box.isVisible()))
        box.done(QMessageBox.StandardButton.Save)

    QTimer.singleShot(0, press)
    assert box.exec() == QMessageBox.StandardButton.Save
    assert seen == [(False, True)] and not window.locked
    qtbot.keyClick(window.navigation, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # answered: now it locks
    assert window.locked


def test_need_to_know_restrict_and_lift_and_a_change_made_meanwhile(qtbot, workspace, team, prompts):
    """Restricting and lifting from a record's need-to-know row; a row left stale by another user's
    change meanwhile is refused with a warning (nothing written twice) and works once refreshed."""
    from PySide6.QtWidgets import QListWidget

    from rocta_desktop.gui.need_to_know import NeedToKnowRow, RestrictDialog
    from rocta_desktop.services import access, registers
    group = workspace.write("g", registers.create_group, {"name": "Harbour Crew", "marking": "OFFICIAL",
                                                          "management_level": "regional"})
    row = NeedToKnowRow(workspace, "subject", group.id, group.reference, prompts=prompts)
    qtbot.addWidget(row)
    row.show()
    who = find_by_name(row, QLabel, "Who may see this record")
    restrict = find_by_name(row, QPushButton, "Restrict this record to named people or teams")
    lift = find_by_name(row, QPushButton, "Lift the restriction")

    def choose_sam(dialog):
        assert isinstance(dialog, RestrictDialog) and unnamed_interactive_widgets(dialog) == []
        find_by_name(dialog, QLineEdit, "Reason for the restriction").setText("Operation Heron")
        people = find_by_name(dialog, QListWidget, "People who may see the record")
        sam = next(people.item(i) for i in range(people.count()) if people.item(i).data(Qt.ItemDataRole.UserRole)
                   == "sam")
        sam.setCheckState(Qt.CheckState.Checked)
        return True

    # another supervisor restricts it first (to themselves and this user): this row has not heard
    team.open("sam").write("r", access.restrict, "subject", group.id, "Operation Kite", users=["admin"])
    assert "anyone cleared" in who.text() and restrict.isVisible()
    prompts.dialog_drivers = [choose_sam]
    with qtbot.assertNotEmitted(row.changed):
        qtbot.mouseClick(restrict, Qt.MouseButton.LeftButton)
    assert prompts.shown == [("warning", "Restrict", f"{group.reference} is already restricted (Operation Kite); "
                                                     "change who may see it instead.")]
    assert workspace.read(access.restriction_of, "subject", group.id)["reason"] == "Operation Kite"
    row.refresh()
    assert "Operation Kite" in who.text() and lift.isVisible() and lift.isEnabled()

    # lifted elsewhere meanwhile: lifting here is refused in the same way
    team.open("sam").write("u", access.unrestrict, "subject", group.id)
    prompts.answers = [True]
    qtbot.mouseClick(lift, Qt.MouseButton.LeftButton)
    assert prompts.shown[-1] == ("warning", "Lift restriction", f"{group.reference} is not restricted.")
    row.refresh()

    # and through the row, as it should go
    prompts.dialog_drivers = [choose_sam]
    with qtbot.waitSignal(row.changed, timeout=1000):
        qtbot.mouseClick(restrict, Qt.MouseButton.LeftButton)
    assert "Restricted" in who.text() and "sam" in who.text() and "Operation Heron" in who.text()
    assert sorted(workspace.read(access.restriction_of, "subject", group.id)["users"]) == ["admin", "sam"]
    prompts.answers = [True]
    with qtbot.waitSignal(row.changed, timeout=1000):
        qtbot.mouseClick(lift, Qt.MouseButton.LeftButton)
    assert workspace.read(access.restriction_of, "subject", group.id) is None and restrict.isVisible()
    assert [s[0] for s in prompts.shown] == ["warning", "question", "warning", "question"]


def test_a_window_whose_account_is_disabled_meanwhile_signs_itself_out(qtbot, workspace, team, prompts):
    """An administrator disables Ana while her window is open: her next action (here a save) is
    refused, nothing is written, and the window signs out to the start screen, saying why once
    (not also as a failed save or a crash report)."""
    from rocta_desktop.gui.shell import Shell
    from rocta_desktop.services import registers
    shell = Shell(prompts=prompts)
    qtbot.addWidget(shell.start)
    ana = Workspace.open(workspace.path, "ana", TEAM_PASSWORD)
    shell._signed_in(ana)
    before = len(workspace.read(registers.list_subjects, registers.SubjectFilter()))
    workspace.write("u", users.disable_user, "ana")
    shown = len(prompts.shown)
    with qtbot.waitSignal(shell.signed_out, timeout=5000):
        op = Runner(shell.main, ana, prompts=prompts).write(
            "g", registers.create_group, {"name": "Late", "marking": "OFFICIAL", "management_level": "local"})
        assert not op.ok and isinstance(op.error, AccountEnded)
    assert shell.main is None and shell.start.isVisible()
    said = prompts.shown[shown:]
    assert [(kind, title) for kind, title, _text in said] == [("warning", "Signed out")]
    assert "disabled since signing in" in said[0][2] and "You have been signed out." in said[0][2]
    assert len(workspace.read(registers.list_subjects, registers.SubjectFilter())) == before
