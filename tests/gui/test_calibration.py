"""Calibration exercises and moderation figures through the real widgets on a real encrypted
workspace: a supervisor sets an exercise, analysts answer blind (the results stay closed to everyone
until all have submitted), the results screen shows the service's alpha, where analysts drift with the
guidance, and each analyst's tendency; the moderation panel shows supervisors everyone's figures and an
analyst only their own. Screenshots of both go to /tmp/shots."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QRadioButton, QTabWidget

from rocta_desktop.gui.assessments.calibration import AnswerDialog, CalibrationPanel, NewExerciseDialog, ResultsDialog
from rocta_desktop.gui.assessments.moderation import ModerationPanel
from rocta_desktop.gui.assessments.page import AssessmentsPage
from rocta_desktop.gui.notifier import ChangeNotifier
from rocta_desktop.services import assessments, calibration, registers, users
from tests.conftest import TEAM_PASSWORD
from tests.domain.test_schemes import MORILE_ANSWERS
from tests.gui.conftest import find_by_name, unnamed_interactive_widgets
from tests.services.test_calibration import ANA, BOB, SUE

SHOTS = Path("/tmp/shots")


@pytest.fixture
def region(workspace, team):
    workspace.write("u", users.add_user, "bob", TEAM_PASSWORD, "analyst", "Bob", clearance="SECRET")
    with workspace.operation("test") as uow:
        gid = registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL-SENSITIVE",
                                           "management_level": "regional", "description": "Class A supply"}).id
    ref = workspace.read(registers.get_subject, gid)["reference"]
    return {"group": gid, "ref": ref, "ana": team.open("ana"), "bob": team.open("bob"), "sam": team.open("sam"),
            "sue": team.open("sue")}


def shot(widget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / name))


def test_set_answer_blind_and_read_the_results(qtbot, region, prompts):
    r = region
    # the supervisor sets the exercise from the Calibration tab
    page = AssessmentsPage(r["sam"], ChangeNotifier(r["sam"]), prompts=prompts)
    qtbot.addWidget(page)
    page.show()
    tabs = find_by_name(page, QTabWidget, "Assessment lists")
    tabs.setCurrentWidget(page.calibration)
    panel = page.calibration
    assert unnamed_interactive_widgets(panel) == []
    dialog = panel.new_exercise()
    assert isinstance(dialog, NewExerciseDialog) and unnamed_interactive_widgets(dialog) == []
    qtbot.keyClicks(find_by_name(dialog, QLineEdit, "Exercise title"), "Harbour Crew, MoRiLE")
    qtbot.keyClicks(find_by_name(dialog, QLineEdit, "Subject reference"), r["ref"])
    dialog.choose(["ana"])
    qtbot.mouseClick(find_by_name(dialog, QPushButton, "Set calibration exercise"), Qt.MouseButton.LeftButton)
    assert prompts.shown[-1][:2] == ("warning", "Check the exercise") and "at least 2" in prompts.shown[-1][2]
    dialog.choose(["ana", "bob", "sue"])
    qtbot.mouseClick(find_by_name(dialog, QPushButton, "Set calibration exercise"), Qt.MouseButton.LeftButton)
    assert prompts.shown[-1][:2] == ("information", "Exercise set")
    ex = r["sam"].read(calibration.listing)[0]
    panel.refresh()
    assert panel.table.rowCount() == 1 and panel.table.item(0, 0).text() == ex["reference"]

    # Ana answers in the dialog, with the mouse and keyboard, and submits
    ana_panel = CalibrationPanel(r["ana"], prompts=prompts)
    qtbot.addWidget(ana_panel)
    ana_panel.refresh()
    ana_panel.table.selectRow(0)
    assert find_by_name(ana_panel, QPushButton, "Answer selected exercise").isEnabled()
    assert not find_by_name(ana_panel, QPushButton, "Results of selected exercise").isEnabled()
    answer = ana_panel.answer()
    assert isinstance(answer, AnswerDialog) and unnamed_interactive_widgets(answer) == []
    assert "Class A supply" in find_by_name(answer, QLabel, "The case to assess").text()
    assert find_by_name(answer, QLabel, "Example for Physical harm: Critical").text().startswith("<i>Example:</i>")
    answer.show()
    shot(answer, "calibration_answer.png")
    shot(dialog, "calibration_new_exercise.png")
    submit = find_by_name(answer, QPushButton, "Submit calibration answers")
    qtbot.mouseClick(submit, Qt.MouseButton.LeftButton)  # nothing answered yet: refused, factor by factor
    kind, title, text = prompts.shown[-1]
    assert (kind, title) == ("warning", "Not ready to submit") and "factors need an answer" in text
    assert answer.isVisible() and submit.isEnabled()
    scheme = answer.scheme
    for factor in scheme.factors:
        raw = ANA[factor.id]
        level = factor.level(raw if isinstance(raw, str) else raw["level"])
        button = find_by_name(answer, QRadioButton, f"{factor.title}: {level.label}")
        button.setChecked(True)
    qtbot.mouseClick(find_by_name(answer, QPushButton, "Submit calibration answers"), Qt.MouseButton.LeftButton)
    assert prompts.shown[-1][:2] == ("information", "Submitted") and "1 of 3" in prompts.shown[-1][2]
    saved = r["ana"].read(calibration.get, ex["id"])["my_answers"]
    assert {k: a.level for k, a in saved.items()} == {k: (v if isinstance(v, str) else v["level"]) for k, v in ANA.items()}

    # still open: the results are refused to everyone, whatever the screen tries
    ana_panel.refresh()
    ana_panel.table.selectRow(0)
    assert not find_by_name(ana_panel, QPushButton, "Answer selected exercise").isEnabled()
    assert ana_panel.results(ex["id"]) is None and prompts.shown[-1][:2] == ("warning", "Results not shown")
    assert panel.results(ex["id"]) is None and "1 of 3 analysts" in prompts.shown[-1][2]
    panel.refresh()
    panel.table.selectRow(0)
    prompts.text = "Bob and Sue are on leave"  # too few answers to close on: refused
    qtbot.mouseClick(find_by_name(panel, QPushButton, "Close selected exercise"), Qt.MouseButton.LeftButton)
    kind, title, text = prompts.shown[-1]
    assert (kind, title) == ("warning", "Cannot close") and "agreement needs at least" in text
    assert r["sam"].read(calibration.get, ex["id"])["status"].value == "open"

    for who, answers in (("bob", BOB), ("sue", SUE)):
        r[who].write("c", calibration.save_answers, ex["id"], answers)
        r[who].write("c", calibration.submit, ex["id"])
    panel.refresh()
    panel.table.selectRow(0)
    results = panel.results()
    assert isinstance(results, ResultsDialog)
    qtbot.addWidget(results)
    results.show()
    assert unnamed_interactive_widgets(results) == []
    report = r["sam"].read(calibration.report, ex["id"])
    assert f"Krippendorff's alpha {report['alpha']:.2f}" in find_by_name(results, QLabel, "Overall agreement").text()
    table = results.factor_table
    titles = [table.item(i, 0).text() for i in range(table.rowCount())]
    physical = titles.index("Physical harm")
    assert table.item(physical, 2).text() == "Moderate to Critical"
    assert table.item(physical, 4).text() == "Bob" and table.item(physical, 5).text() == "Ana"
    drift = find_by_name(results, type(results.drift), "Where analysts drift, with the guidance").toPlainText()
    assert "Physical harm" in drift and "Injury or death" in drift and "Example:" in drift
    tendencies = results.tendencies
    assert {tendencies.item(i, 0).text(): tendencies.item(i, 1).text() for i in range(3)} == {
        "Ana": "lower", "Bob": "higher", "Sue": "in line"}
    results.resize(1280, 860)
    shot(results, "calibration_results.png")


def test_moderation_panel_shows_supervisors_everyone_and_an_analyst_only_themselves(qtbot, region, frozen_clock):
    import datetime as dt
    r = region
    for who in ("ana", "bob"):
        a = r[who].write("a", assessments.start, r["group"], "morile-reference").id
        r[who].write("a", assessments.save, a, MORILE_ANSWERS)
        r[who].write("a", assessments.submit, a)
        frozen_clock.shift(dt.timedelta(days=1))
        if who == "bob":
            r["sam"].write("a", assessments.return_for_changes, a, "Evidence the likelihood")
            r[who].write("a", assessments.save, a, {**MORILE_ANSWERS, "likelihood": "realistic"})
            r[who].write("a", assessments.submit, a)
            frozen_clock.shift(dt.timedelta(days=2))
        r["sue"].write("a", assessments.approve, a)
    sup = ModerationPanel(r["sam"])
    qtbot.addWidget(sup)
    sup.refresh()
    sup.show()
    assert unnamed_interactive_widgets(sup) == []
    rows = {sup.per_analyst.item(i, 0).text(): i for i in range(sup.per_analyst.rowCount())}
    assert set(rows) == {"Ana", "Bob"}
    bob = rows["Bob"]
    assert sup.per_analyst.item(bob, 3).text() == "1" and sup.per_analyst.item(bob, 4).text() == "100%"
    assert "Likelihood (PHIA yardstick): 1" in sup.per_analyst.item(bob, 6).text()
    assert sup.returned.rowCount() == 1 and "every analyst" in find_by_name(sup, QLabel, "Whose figures are shown").text()
    sup.resize(1280, 640)
    shot(sup, "moderation_panel.png")
    mine = ModerationPanel(r["ana"])
    qtbot.addWidget(mine)
    mine.refresh()
    assert [mine.per_analyst.item(i, 0).text() for i in range(mine.per_analyst.rowCount())] == ["Ana"]
    assert mine.returned.rowCount() == 0 and "your own" in mine.scope.text()
