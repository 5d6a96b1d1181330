"""Register screens driven through their real widgets (pytest-qt, offscreen), on a real encrypted workspace."""

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QWidget

from rocta_desktop.domain.subjects import SubjectKind
from rocta_desktop.gui.registers.editor import RecordEditor
from rocta_desktop.gui.registers.view import RegisterView
from rocta_desktop.services import reference_data, registers
from rocta_desktop.services.registers import SubjectFilter
from rocta_desktop.store.models import Force
from tests.gui.conftest import qt_internal


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path):
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield


def named(root: QWidget, cls: type, name: str):
    found = [w for w in root.findChildren(cls) if w.accessibleName() == name]
    assert len(found) == 1, f"{len(found)} {cls.__name__} named {name!r}"
    return found[0]


@pytest.fixture
def region(workspace):
    with workspace.operation("x") as uow:
        nmp = reference_data.create(uow, Force, {"code": "NMP", "name": "Northmoor Police"})
        evc = reference_data.create(uow, Force, {"code": "EVC", "name": "Eastvale Constabulary"})
    with workspace.operation("x") as uow:
        for i in range(12):
            registers.create_group(uow, {"name": f"Crew {i:02d}", "marking": "OFFICIAL" if i % 3 else "SECRET",
                                         "management_level": ["local", "regional", "national"][i % 3],
                                         "lead_force_id": nmp if i % 2 else evc, "nicknames": [f"Nick{i}"]})
        jan = registers.create_nominal(uow, {"surname": "Kowalski", "forenames": "Jan", "marking": "OFFICIAL",
                                             "date_of_birth": "1990-03-07", "aliases": ["Janek"]})
    return {"nmp": nmp, "evc": evc, "jan": jan}


def test_filters_match_service_counts(qtbot, workspace, region):
    view = RegisterView(workspace, SubjectKind.GROUP)
    qtbot.addWidget(view)
    view.load()
    assert view.model.shown == 12
    named(view, QLineEdit, "Filter groups").setText("nick1")  # Nick1, Nick10, Nick11
    assert view.model.shown == workspace.read(registers.count_subjects, SubjectFilter(SubjectKind.GROUP, "nick1")) == 3
    named(view, QLineEdit, "Filter groups").clear()
    force_box = named(view, QComboBox, "Lead force filter")
    force_box.setCurrentIndex(force_box.findData("NMP"))
    assert view.model.shown == workspace.read(registers.count_subjects,
                                              SubjectFilter(SubjectKind.GROUP, lead_force_id=region["nmp"])) == 6
    marking_box = named(view, QComboBox, "Marking filter")
    marking_box.setCurrentIndex(marking_box.findData("SECRET"))
    assert all(view.model.value(r, "marking") == "SECRET" and view.model.value(r, "lead_force") == "NMP"
               for r in range(view.model.shown))
    assert view.model.highest_marking_shown().value == "SECRET"
    assert "of 12 groups shown" in view.count_label.text()


def test_sorting_by_a_column(qtbot, workspace, region):
    view = RegisterView(workspace, SubjectKind.GROUP)
    qtbot.addWidget(view)
    view.load()
    name_col = view.model.column_keys().index("name")
    view.table.sortByColumn(name_col, Qt.SortOrder.DescendingOrder)
    names = [view.model.value(r, "name") for r in range(view.model.shown)]
    assert names == sorted(names, reverse=True)


def test_create_edit_archive_group_through_widgets(qtbot, workspace, region):
    view = RegisterView(workspace, SubjectKind.GROUP)
    qtbot.addWidget(view)
    view.load()
    editor = RecordEditor(workspace, SubjectKind.GROUP)
    qtbot.addWidget(editor)
    named(editor, QLineEdit, "Group name").setText("Velvet Lantern Crew")
    level = named(editor, QComboBox, "Management level")
    level.setCurrentIndex(level.findData("regional"))
    editor.crime_list.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(named(editor, QPushButton, "Save record"), Qt.MouseButton.LeftButton)
    assert editor.result() == editor.DialogCode.Accepted
    new_id = editor.record_id
    rec = workspace.read(registers.get_subject, new_id)
    assert rec["name"] == "Velvet Lantern Crew" and rec["marking"].value == "OFFICIAL-SENSITIVE"
    assert len(rec["crime_types"]) == 1
    assert view.model.shown == 13 and view.select_record(new_id)  # the change notice refreshed the register

    edit = RecordEditor(workspace, SubjectKind.GROUP, new_id)
    qtbot.addWidget(edit)
    saved = []
    edit.saved.connect(lambda *a: saved.append(a))
    named(edit, QLineEdit, "Lead Responsible Officer").setText("DI Jane Example")
    named(edit, QPushButton, "Save record").click()
    assert saved[0][1] == {"lro_name": ""} and saved[0][2] == {"lro_name": "DI Jane Example"}
    history = workspace.read(registers.history, new_id)
    assert [h["action"] for h in history][-1] == "group.update"

    workspace.write("group.archive", registers.archive, new_id, "dismantled by Op Example")
    assert view.model.row_of(new_id) is None  # archived records are hidden by default
    status = named(view, QComboBox, "Status filter")
    status.setCurrentIndex(status.findData("all"))
    assert view.model.row_of(new_id) is not None


def test_field_level_validation_messages(qtbot, workspace):
    editor = RecordEditor(workspace, SubjectKind.NOMINAL)
    qtbot.addWidget(editor)
    editor.show()
    named(editor, QLineEdit, "Date of birth").setText("31/02/1990")
    named(editor, QPushButton, "Save record").click()
    assert editor.errors["surname"].text() == "Surname is required"
    assert editor.errors["date_of_birth"].text() == "31/02/1990 is not a real date"
    assert editor.errors["surname"].isVisible()
    assert workspace.read(registers.count_subjects, SubjectFilter(SubjectKind.NOMINAL)) == 0


def test_duplicate_warning_before_saving_a_nominal(qtbot, workspace, region):
    asked = []
    editor = RecordEditor(workspace, SubjectKind.NOMINAL, ask=lambda d: asked.append(d) or False)
    qtbot.addWidget(editor)
    named(editor, QLineEdit, "Surname").setText("Kowalsky")
    named(editor, QLineEdit, "Forenames").setText("Jan")
    named(editor, QLineEdit, "Date of birth").setText("07/03/1990")
    named(editor, QPushButton, "Save record").click()
    assert asked and asked[0][0]["reference"] == region["jan"].reference
    assert "date of birth identical" in asked[0][0]["reasons"]
    assert workspace.read(registers.count_subjects, SubjectFilter(SubjectKind.NOMINAL)) == 1  # nothing saved
    editor.ask = lambda d: True  # "save as a new person"
    named(editor, QPushButton, "Save record").click()
    assert workspace.read(registers.count_subjects, SubjectFilter(SubjectKind.NOMINAL)) == 2


def answer_duplicate_warning(qtbot, editor, respond) -> dict:
    """Arrange for the real duplicate warning, once the editor opens it, to be looked at and answered
    by `respond(dialog)`; returns what was seen (filled while the dialog runs its own event loop)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog, QLabel, QTableWidget
    seen: dict = {}

    def drive() -> None:
        dialogs = [d for d in editor.findChildren(QDialog)
                   if d.accessibleName() == "Possible duplicate nominals" and d.isVisible()]
        if not dialogs:
            QTimer.singleShot(10, drive)
            return
        dialog = dialogs[0]
        table = named(dialog, QTableWidget, "Matching nominals")
        looks = {"default": lambda: [b.text() for b in dialog.findChildren(QPushButton) if b.isDefault()],
                 "headers": lambda: [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())],
                 "first row": lambda: [table.item(0, c).text() for c in range(table.columnCount())],
                 "scale": lambda: named(dialog, QLabel, "How the score is worked out").text()}
        for key, look in looks.items():
            try:
                seen[key] = look()
            except AssertionError as exc:  # reported by the test's own asserts, after the dialog has closed
                seen[key] = exc
        try:
            respond(dialog)
        finally:
            if dialog.isVisible():  # a failed answer must not leave the test blocked on the dialog
                dialog.reject()
    QTimer.singleShot(0, drive)
    return seen


def reference_of(workspace, subject_id: int) -> str:
    return workspace.read(registers.get_subject, subject_id)["reference"]


@pytest.fixture
def known_person(workspace, region):
    """Jan Kowalski with a lead force and a PNC ID, as the register already holds him."""
    jan = region["jan"].id
    workspace.write("x", registers.update_subject, jan, {"lead_force_id": region["nmp"]})
    workspace.write("x", registers.add_identifier, jan, "PNC ID", "90/123456X")
    return jan


def test_enter_on_the_duplicate_warning_opens_the_existing_record_and_saves_nothing(qtbot, workspace, known_person,
                                                                                    prompts):
    from rocta_desktop.gui.notifier import ChangeNotifier
    from rocta_desktop.gui.registers.page import RegisterPage
    page = RegisterPage(workspace, ChangeNotifier(workspace), SubjectKind.NOMINAL, prompts=prompts)
    qtbot.addWidget(page)
    page.show()
    editor = page.create_record()
    named(editor, QLineEdit, "Surname").setText("Kowalski")
    named(editor, QLineEdit, "Forenames").setText("Jan")
    named(editor, QLineEdit, "Date of birth").setText("07/03/1990")
    seen = answer_duplicate_warning(
        qtbot, editor, lambda dialog: qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return))
    qtbot.mouseClick(named(editor, QPushButton, "Save record"), Qt.MouseButton.LeftButton)
    assert workspace.read(registers.count_subjects, SubjectFilter(SubjectKind.NOMINAL)) == 1  # no second Jan
    assert seen["default"] == ["&Open the existing record"]
    assert seen["headers"] == ["Reference", "Name", "Date of birth", "Force", "Identifiers", "Score", "Why it matched"]
    assert seen["first row"][:6] == [reference_of(workspace, known_person), "KOWALSKI, Jan", "07/03/1990",
                                     "NMP - Northmoor Police", "PNC ID: 90/123456X", "100"]
    assert "out of 100" in seen["scale"] and "90 or more" in seen["scale"]
    assert not editor.isVisible()  # closed without saving ...
    assert [e.record_id for e in page.editors] == [known_person]  # ... and the existing record opened instead
    assert page.editors[0].isVisible() and named(page.editors[0], QLineEdit, "Surname").text() == "Kowalski"


def test_cancelled_duplicate_warning_leaves_no_stale_errors_and_a_new_person_is_an_explicit_choice(
        qtbot, workspace, known_person):
    editor = RecordEditor(workspace, SubjectKind.NOMINAL)
    qtbot.addWidget(editor)
    editor.show()
    save = named(editor, QPushButton, "Save record")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # nothing filled in yet
    assert editor.errors["surname"].isVisible() and editor.errors["surname"].text() == "Surname is required"
    named(editor, QLineEdit, "Surname").setText("Kowalski")
    named(editor, QLineEdit, "Forenames").setText("Jan")
    answer_duplicate_warning(qtbot, editor, lambda dialog: qtbot.mouseClick(
        named(dialog, QPushButton, "Cancel and check the matches"), Qt.MouseButton.LeftButton))
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert editor.isVisible()
    assert not editor.errors["surname"].isVisible() and editor.errors["surname"].text() == ""
    assert "Please correct" not in editor.form_error.text() and "Not saved" in editor.form_error.text()
    assert workspace.read(registers.count_subjects, SubjectFilter(SubjectKind.NOMINAL)) == 1
    answer_duplicate_warning(qtbot, editor, lambda dialog: qtbot.mouseClick(
        named(dialog, QPushButton, "Save as a new person"), Qt.MouseButton.LeftButton))
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert workspace.read(registers.count_subjects, SubjectFilter(SubjectKind.NOMINAL)) == 2  # the analyst's choice
    assert not editor.isVisible()


def test_member_management(qtbot, workspace, region, prompts):
    gid = workspace.read(registers.list_subjects, SubjectFilter(SubjectKind.GROUP), limit=1)[0]["id"]
    editor = RecordEditor(workspace, SubjectKind.GROUP, gid, prompts=prompts)
    qtbot.addWidget(editor)
    panel = editor.members
    named(panel, QLineEdit, "Find nominal to add").setText("janek")
    assert panel.results.count() == 1
    role = named(panel, QComboBox, "Member role")
    role.setCurrentIndex(role.findData("principal"))
    named(panel, QPushButton, "Add member").click()
    assert panel.table.rowCount() == 1
    panel.table.selectRow(0)
    role.setCurrentIndex(role.findData("enabler"))
    named(panel, QPushButton, "Change role of selected member").click()
    assert workspace.read(registers.get_subject, gid)["members"][0]["role"].value == "enabler"
    named(panel, QPushButton, "Add member").click()  # same nominal again: refused, said in a warning
    kind, title, text = prompts.shown[-1]
    assert (kind, title) == ("warning", "Group members") and "already a member" in text
    assert panel.table.rowCount() == 1 and named(panel, QPushButton, "Add member").isEnabled()
    panel.table.selectRow(0)
    named(panel, QPushButton, "Remove selected member").click()
    assert workspace.read(registers.get_subject, gid)["members"] == []
    nominal_history = [h["action"] for h in workspace.read(registers.history, region["jan"].id)]
    assert {"group.add_member", "group.change_member_role", "group.remove_member"} <= set(nominal_history)


def test_every_interactive_widget_has_an_accessible_name(qtbot, workspace, region):
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QPlainTextEdit
    gid = workspace.read(registers.list_subjects, SubjectFilter(SubjectKind.GROUP), limit=1)[0]["id"]
    interactive = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QPlainTextEdit)
    for w in (RegisterView(workspace, SubjectKind.GROUP), RecordEditor(workspace, SubjectKind.GROUP, gid),
              RecordEditor(workspace, SubjectKind.NOMINAL, region["jan"].id)):
        qtbot.addWidget(w)
        for child in w.findChildren(QWidget):
            if isinstance(child, interactive) and not qt_internal(child):
                assert child.accessibleName(), f"{type(child).__name__} without accessible name in {type(w).__name__}"


def test_undo_redo_of_edits_and_members(qtbot, workspace, region, prompts):
    from PySide6.QtGui import QUndoStack

    from rocta_desktop.gui.registers.commands import EditRecordCommand, MemberCommand
    stack = QUndoStack()
    gid = workspace.read(registers.list_subjects, SubjectFilter(SubjectKind.GROUP), limit=1)[0]["id"]
    editor = RecordEditor(workspace, SubjectKind.GROUP, gid, prompts=prompts)
    qtbot.addWidget(editor)
    owner = QWidget()  # the register page in the application: the warnings' parent
    qtbot.addWidget(owner)
    editor.saved.connect(lambda rid, before, after: stack.push(
        EditRecordCommand(workspace, rid, before, after, "group", owner, prompts=prompts)))
    editor.members.changed.connect(lambda action, nid, old, new, since: stack.push(
        MemberCommand(workspace, gid, action, nid, old, new, "group", owner, since, prompts=prompts)))
    named(editor.members, QLineEdit, "Find nominal to add").setText("kowalski")
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QCheckBox, QDateEdit
    named(editor.members, QCheckBox, "Member since date known").setChecked(True)
    named(editor.members, QDateEdit, "Member since").setDate(QDate(2023, 4, 1))
    named(editor.members, QPushButton, "Add member").click()
    named(editor, QLineEdit, "Group name").setText("Renamed Crew")
    named(editor, QPushButton, "Save record").click()
    def name() -> str:
        return workspace.read(registers.get_subject, gid)["name"]

    def members() -> int:
        return len(workspace.read(registers.get_subject, gid)["members"])
    assert (name(), members(), stack.count()) == ("Renamed Crew", 1, 2)
    stack.undo()
    assert name() == "Crew 00"
    stack.undo()
    assert members() == 0
    stack.redo()
    stack.redo()
    assert (name(), members()) == ("Renamed Crew", 1)
    assert prompts.shown == []
    editor.members.reload()
    editor.members.table.selectRow(0)
    named(editor.members, QPushButton, "Remove selected member").click()
    assert members() == 0
    stack.undo()  # the removal undone: the member comes back with the date they joined
    assert [m["since"] for m in workspace.read(registers.get_subject, gid)["members"]] == [dt.date(2023, 4, 1)]
    actions = [h["action"] for h in workspace.read(registers.history, gid)]
    assert actions.count("group.undo") == 1 and actions.count("group.redo") == 1
    workspace.write("x", registers.archive, gid, "gone")  # undo now conflicts: reported, not crashed
    count = stack.count()
    stack.undo()
    kind, title, text = prompts.shown[-1]
    assert kind == "warning" and title == "Could not undo \u201cEdit group (name)\u201d" and "archived" in text
    assert stack.count() == count - 1  # the command that cannot be undone leaves the stack
    assert name() == "Renamed Crew"    # nothing changed


def test_async_load_shows_first_page_then_whole_register(qtbot, workspace, region, monkeypatch):
    import rocta_desktop.gui.registers.view as view_module
    monkeypatch.setattr(view_module, "FIRST_PAGE", 5)
    view = RegisterView(workspace, SubjectKind.GROUP)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.load_async()
        assert view.model.total == 5 and view.loading  # first page, by reference
        assert view.model.value(0, "reference").endswith("-0001")
        named(view, QLineEdit, "Filter groups").setText("nick1")  # typed while loading
    assert not view.loading and view.model.total == 12
    assert view.model.shown == 3  # the filter typed during loading applies to the whole register
    assert view.count_label.text() == "3 of 12 groups shown"


def test_linked_groups_tab(qtbot, workspace, region):
    ids = [r["id"] for r in workspace.read(registers.list_subjects, SubjectFilter(SubjectKind.GROUP), limit=2)]
    editor = RecordEditor(workspace, SubjectKind.GROUP, ids[0])
    qtbot.addWidget(editor)
    links = editor.links
    named(links, QLineEdit, "Find group to link").setText("crew 01")
    assert links.results.count() == 1
    named(links, QLineEdit, "Nature of link").setText("supplies cocaine to")
    named(links, QPushButton, "Link group").click()
    assert links.table.rowCount() == 1 and links.table.item(0, 2).text() == "supplies cocaine to"
    other = RecordEditor(workspace, SubjectKind.GROUP, ids[1])  # the link shows from both sides
    qtbot.addWidget(other)
    assert other.links.table.rowCount() == 1
    links.table.selectRow(0)
    named(links, QPushButton, "Unlink selected group").click()
    assert workspace.read(registers.get_subject, ids[0])["linked_groups"] == []


@pytest.mark.parametrize("kind, fields", [
    (SubjectKind.GROUP, {"Group name": "Kestrel Crew"}),
    (SubjectKind.NOMINAL, {"Surname": "Fairweather", "Forenames": "Lyle", "Date of birth": "02/02/1992"}),
    (SubjectKind.VULNERABILITY, {"Name": "Eastvale cash-intensive car washes", "Location": "Eastvale"}),
])
def test_create_edit_archive_reinstate_each_kind(qtbot, workspace, kind, fields):
    editor = RecordEditor(workspace, kind)
    qtbot.addWidget(editor)
    for label, text in fields.items():
        named(editor, QLineEdit, label).setText(text)
    named(editor, QPushButton, "Save record").click()
    rid = editor.record_id
    assert rid is not None and workspace.read(registers.get_subject, rid)["marking"].value == "OFFICIAL-SENSITIVE"
    edit = RecordEditor(workspace, kind, rid)
    qtbot.addWidget(edit)
    marking = named(edit, QComboBox, "Protective marking")
    marking.setCurrentIndex(marking.findData("SECRET"))
    assert edit.banner.text() == "SECRET"
    named(edit, QPushButton, "Save record").click()
    assert workspace.read(registers.get_subject, rid)["marking"].value == "SECRET"
    workspace.write("archive", registers.archive, rid, "no longer relevant")
    archived = RecordEditor(workspace, kind, rid)
    qtbot.addWidget(archived)
    assert not named(archived, QPushButton, "Save record").isEnabled()
    named(archived, QPushButton, "Reinstate record").click()  # a reason is required
    assert "reason is required" in archived.form_error.text()
    named(archived, QLineEdit, "Reason to reinstate").setText("new intelligence")
    named(archived, QPushButton, "Reinstate record").click()
    rec = workspace.read(registers.get_subject, rid)
    assert rec["status"].value == "active" and named(archived, QPushButton, "Save record").isEnabled()
    assert [h["action"] for h in workspace.read(registers.history, rid)][-1] == f"{kind.value}.active"


def test_member_since_date_is_saved_and_shown_and_unknown_stays_blank(qtbot, workspace, region):
    import datetime as dt

    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QCheckBox, QDateEdit
    with workspace.operation("x") as uow:
        other = registers.create_nominal(uow, {"surname": "Novak", "forenames": "Ela", "marking": "OFFICIAL"})
    gid = workspace.read(registers.list_subjects, SubjectFilter(SubjectKind.GROUP), limit=1)[0]["id"]
    editor = RecordEditor(workspace, SubjectKind.GROUP, gid)
    qtbot.addWidget(editor)
    panel = editor.members
    headers = [panel.table.horizontalHeaderItem(c).text() for c in range(panel.table.columnCount())]
    assert headers == ["Reference", "Name", "Role", "Since"]
    known = named(panel, QCheckBox, "Member since date known")
    since = named(panel, QDateEdit, "Member since")
    assert not known.isChecked() and not since.isEnabled()  # unknown unless the analyst says otherwise
    known.setChecked(True)
    assert since.isEnabled()
    since.setDate(QDate(2023, 4, 17))
    named(panel, QLineEdit, "Find nominal to add").setText("kowalski")
    named(panel, QPushButton, "Add member").click()
    known.setChecked(False)  # the next member joined on a date nobody knows
    named(panel, QLineEdit, "Find nominal to add").setText("novak")
    named(panel, QPushButton, "Add member").click()
    members = {m["nominal_id"]: m for m in workspace.read(registers.get_subject, gid)["members"]}
    assert members[region["jan"].id]["since"] == dt.date(2023, 4, 17)
    assert members[other.id]["since"] is None
    shown = {panel.table.item(r, 0).text(): panel.table.item(r, 3).text() for r in range(panel.table.rowCount())}
    assert shown == {region["jan"].reference: "17/04/2023", other.reference: ""}
    reopened = RecordEditor(workspace, SubjectKind.GROUP, gid)  # shown again when the record is opened later
    qtbot.addWidget(reopened)
    assert sorted(reopened.members.table.item(r, 3).text() for r in range(2)) == ["", "17/04/2023"]


def test_need_to_know_on_the_record_screen(qtbot, workspace, team, prompts):
    """The banner carries the highest marking the window shows (a SECRET member lifts an
    OFFICIAL-SENSITIVE group), and the record can be restricted to a team and the restriction lifted;
    a reader outside the team then no longer finds it, and the register says one is not shown."""
    from PySide6.QtCore import Qt as QtNS
    from PySide6.QtWidgets import QLabel

    from rocta_desktop.domain.errors import NotFound
    from rocta_desktop.gui.need_to_know import RestrictDialog
    from rocta_desktop.services import access, users
    from tests.gui.conftest import find_by_name
    with workspace.operation("x") as uow:
        gid = registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL-SENSITIVE",
                                           "management_level": "regional"}).id
        nid = registers.create_nominal(uow, {"surname": "Covert", "forenames": "Casey", "marking": "SECRET"}).id
        registers.add_member(uow, gid, nid, "principal")
    workspace.write("t", access.create_team, "Operation Heron cell", ["sam"])
    editor = RecordEditor(workspace, SubjectKind.GROUP, gid, prompts=prompts)
    qtbot.addWidget(editor)
    assert editor.banner.text().startswith("SECRET") and "this record: OFFICIAL-SENSITIVE" in editor.banner.text()
    row = editor.need_to_know
    assert "anyone cleared" in find_by_name(row, QLabel, "Who may see this record").text()

    def drive(dialog):
        assert isinstance(dialog, RestrictDialog)
        dialog.reason.setText("Operation Heron")
        teams = find_by_name(dialog, type(dialog.teams), "Teams who may see the record")
        teams.item(0).setCheckState(QtNS.CheckState.Checked)
        return True
    prompts.dialog_drivers = [drive]
    qtbot.mouseClick(find_by_name(row, QPushButton, "Restrict this record to named people or teams"),
                     QtNS.MouseButton.LeftButton)
    label = find_by_name(row, QLabel, "Who may see this record").text()
    assert "Restricted" in label and "team Operation Heron cell" in label and "admin" in label
    workspace.write("u", users.set_clearance, "ana", "SECRET")
    with pytest.raises(NotFound):
        team.open("ana").read(registers.get_subject, gid)
    view = RegisterView(team.open("ana"), SubjectKind.GROUP)
    qtbot.addWidget(view)
    view.load_async()
    assert "1 more you are not cleared or granted to see" in view.count_label.text()
    prompts.answers = [True]
    qtbot.mouseClick(find_by_name(row, QPushButton, "Lift the restriction"), QtNS.MouseButton.LeftButton)
    assert team.open("ana").read(registers.get_subject, gid)["name"] == "Harbour Crew"


def test_a_stale_window_cannot_undo_someone_elses_change_and_can_reload_and_reapply(qtbot, workspace, team,
                                                                                      region, prompts):
    """Two people (or two windows) edit the same group. The second save would silently put back the
    first one's field; it is refused, says who changed what, and reloading fills the analyst's own
    change in again over the latest version. A field nobody else touched saves as usual."""
    gid = workspace.read(registers.list_subjects, SubjectFilter(kind=SubjectKind.GROUP))[0]["id"]
    editor = RecordEditor(workspace, SubjectKind.GROUP, gid, prompts=prompts)
    qtbot.addWidget(editor)
    other = team.open("ana")
    other.write("g", registers.update_subject, gid, {"lro_name": "DI Other Person"})
    named(editor, QLineEdit, "Lead Responsible Officer").setText("DI Mine")
    named(editor, QLineEdit, "Group name").setText("Renamed By Me")
    prompts.answers = [True]  # reload and reapply
    named(editor, QPushButton, "Save record").click()
    assert editor.result() != editor.DialogCode.Accepted
    kind, title, text = prompts.shown[-1]
    assert title == "Changed by someone else" and "ana changed lro name" in text
    record = workspace.read(registers.get_subject, gid)
    assert record["lro_name"] == "DI Other Person" and record["name"] != "Renamed By Me"  # nothing saved
    assert named(editor, QLineEdit, "Lead Responsible Officer").text() == "DI Mine"  # reapplied over theirs
    assert "DI Other Person" in named(editor, QLabel, "Problems with this record").text()
    named(editor, QPushButton, "Save record").click()  # now on the latest version: saved
    assert editor.result() == editor.DialogCode.Accepted
    record = workspace.read(registers.get_subject, gid)
    assert record["lro_name"] == "DI Mine" and record["name"] == "Renamed By Me"

    # a different field changed meanwhile does not block the save, and is kept
    again = RecordEditor(workspace, SubjectKind.GROUP, gid, prompts=prompts)
    qtbot.addWidget(again)
    other.write("g", registers.update_subject, gid, {"description": "seen at the docks"})
    named(again, QLineEdit, "Lead Responsible Officer").setText("DI Third")
    named(again, QPushButton, "Save record").click()
    assert again.result() == again.DialogCode.Accepted
    record = workspace.read(registers.get_subject, gid)
    assert record["lro_name"] == "DI Third" and record["description"] == "seen at the docks"


def test_a_save_the_service_refuses_is_a_warning_and_the_editor_stays_open_with_what_was_typed(
        qtbot, workspace, region, prompts):
    """Not a problem with a field (the record was archived meanwhile): one warning titled with the
    window's title; nothing saved, nothing typed lost, the form free of stale problems."""
    jan = region["jan"].id
    editor = RecordEditor(workspace, SubjectKind.NOMINAL, jan, prompts=prompts)
    qtbot.addWidget(editor)
    editor.show()
    saved = []
    editor.saved.connect(lambda *args: saved.append(args))
    born = named(editor, QLineEdit, "Date of birth")
    born.setText("31/02/1990")
    save = named(editor, QPushButton, "Save record")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # a problem of a field: under it, no warning
    assert editor.errors["date_of_birth"].isVisible() and prompts.shown == []
    workspace.write("x", registers.archive, jan, "deceased")
    born.setText("08/03/1990")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    kind, title, text = prompts.shown[-1]
    assert (kind, title) == ("warning", editor.windowTitle()) and "archived; reinstate it before editing" in text
    assert editor.isVisible() and editor.result() != editor.DialogCode.Accepted and saved == []
    assert not editor.errors["date_of_birth"].isVisible() and born.text() == "08/03/1990" and save.isEnabled()
    assert workspace.read(registers.get_subject, jan)["date_of_birth"] == dt.date(1990, 3, 7)


def test_vulnerability_links_show_a_problem_in_the_panel_and_a_refusal_as_a_warning(qtbot, workspace, region,
                                                                                    prompts):
    vid = workspace.write("v", registers.create_subject, SubjectKind.VULNERABILITY,
                          {"name": "Eastvale car washes", "category": "sector", "marking": "OFFICIAL"}).id
    editor = RecordEditor(workspace, SubjectKind.VULNERABILITY, vid, prompts=prompts)
    qtbot.addWidget(editor)
    editor.show()
    editor.tabs.setCurrentWidget(editor.exploitation)
    panel = editor.exploitation
    named(panel, QLineEdit, "Find group or nominal to link").setText("crew 01")
    assert panel.results.count() == 1
    named(panel, QLineEdit, "Exploited from").setText("31/02/2025")
    add = named(panel, QPushButton, "Add vulnerability link")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    message = named(panel, QLabel, "Vulnerability links message")
    # the field named as it is on screen, never the service's name for it (#22)
    assert message.text() == "Exploited from: 31/02/2025 is not a real date" and "date_from" not in message.text()
    assert panel.table.rowCount() == 0 and prompts.shown == []
    named(panel, QLineEdit, "Exploited from").setText("01/02/2025")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    assert panel.table.rowCount() == 1 and message.text() == "" and add.isEnabled()
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)  # the same link again: refused by the service
    kind, title, text = prompts.shown[-1]
    assert (kind, title) == ("warning", "Exploited by") and "already linked" in text
    assert panel.table.rowCount() == 1
