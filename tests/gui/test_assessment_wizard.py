"""The assessment wizard and the supervisor's review, through the real widgets on a real encrypted
workspace: start from a subject, answer, save a draft, resume, submit, and a second user approves;
nobody approves their own."""

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTextBrowser,
    QWizard,
)

from rocta_desktop.gui.assessments.page import AssessmentsPage
from rocta_desktop.gui.assessments.review import ReviewDialog
from rocta_desktop.gui.assessments.wizard import AssessmentWizard
from rocta_desktop.gui.notifier import ChangeNotifier
from rocta_desktop.services import assessments, registers
from rocta_desktop.store.models import AssessmentStatus
from tests.dates import days
from tests.domain.test_schemes import MORILE_ANSWERS
from tests.gui.conftest import find_by_name, unnamed_interactive_widgets

LEVEL_LABELS = {  # MORILE_ANSWERS as the labels on screen
    "Physical harm": "Substantial", "Psychological harm": "Moderate", "Financial harm": "Minor",
    "Community and environmental harm": "Moderate", "Geographic scope": "Regional",
    "Victim vulnerability": "High", "Likelihood (PHIA yardstick)": "Likely or probable (55-75%)",
    "Confidence in the assessment": "Medium", "Capacity gap": "Stretched", "Capability gap": "Minor gaps",
    "Organisational risk": "Moderate", "Opportunity": "Some",
}


@pytest.fixture
def group(workspace):
    with workspace.operation("test") as uow:
        return registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL-SENSITIVE",
                                            "management_level": "regional"}).id


def click(qtbot, widget):
    assert widget.isEnabled(), widget.accessibleName()
    if isinstance(widget, (QRadioButton, QCheckBox)):  # on the indicator: the widget may be wider than its text
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def pick(qtbot, wizard, factor, label):
    button = find_by_name(wizard, QRadioButton, f"{factor}: {label}")
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)  # what a keyboard user does; a click works the same
    assert button.isChecked()


def answer_current_page(qtbot, wizard):
    for w in wizard.currentPage().factors:
        pick(qtbot, wizard, w.factor.title, LEVEL_LABELS[w.factor.title])


def test_walk_the_wizard_save_resume_submit_and_approve(qtbot, workspace, team, group, prompts):
    ana = team.open("ana")
    wizard = AssessmentWizard(ana, subject_id=group, prompts=prompts)
    qtbot.addWidget(wizard)
    wizard.show()
    assert unnamed_interactive_widgets(wizard) == []
    # OCGM is offered for a group, next to MoRiLE
    find_by_name(wizard, QRadioButton, "OCGM scheme, version 1.0")
    click(qtbot, find_by_name(wizard, QRadioButton, "MoRiLE scheme, version 1.0"))
    click(qtbot, wizard.button(QWizard.WizardButton.CommitButton))
    assert wizard.currentPage().title() == "Harm"
    aid = wizard.assessment_id
    assert ana.read(assessments.get, aid)["status"] is AssessmentStatus.DRAFT

    pick(qtbot, wizard, "Physical harm", "Substantial")
    rationale = find_by_name(wizard, QPlainTextEdit, "Rationale for Physical harm")
    qtbot.keyClicks(rationale, "Stabbing in May (force report 12/345)")
    pick(qtbot, wizard, "Financial harm", UNKNOWN_LABEL)
    running = find_by_name(wizard, QLabel, "Running result")
    assert "\u2013" in running.text()  # still a range: most factors are open
    assert "1 unknown and 10 not answered yet" in find_by_name(wizard, QLabel, "Unknown factors").text()
    click(qtbot, wizard.button(QWizard.WizardButton.CustomButton1))  # Save draft
    assert not wizard.dirty
    click(qtbot, wizard.button(QWizard.WizardButton.CancelButton))
    assert not wizard.isVisible()

    saved = ana.read(assessments.get, aid)
    assert saved["answers"]["physical"].level == "substantial"
    assert saved["answers"]["physical"].rationale == "Stabbing in May (force report 12/345)"
    assert saved["answers"]["financial"].unknown

    # resume later: the answers come back; answer the rest
    resumed = AssessmentWizard(ana, assessment_id=aid, prompts=prompts)
    qtbot.addWidget(resumed)
    resumed.show()
    assert find_by_name(resumed, QRadioButton, "Physical harm: Substantial").isChecked()
    assert find_by_name(resumed, QRadioButton, f"Financial harm: {UNKNOWN_LABEL}").isChecked()
    for _ in resumed.section_pages:
        answer_current_page(qtbot, resumed)
        click(qtbot, resumed.button(QWizard.WizardButton.NextButton))
    assert resumed.currentPage() is resumed.review
    report = find_by_name(resumed, type(resumed.review.report), "Assessment result and explanation")
    assert "Risk score 11.7 \u00b7 Moderate \u00b7 priority P3" in report.toPlainText()
    assert ("Harm before multipliers (8) \u00d7 Geographic scope (1.5) \u00d7 Victim vulnerability (1.5) = 18.00"
            in report.toPlainText())   # how it was reached, by the factors' titles (#22)
    qtbot.keyClicks(find_by_name(resumed, QPlainTextEdit, "Assessment summary"), "Regional supplier; gaps on finance")
    click(qtbot, resumed.button(QWizard.WizardButton.FinishButton))
    assert not resumed.isVisible()
    submitted = ana.read(assessments.get, aid)
    assert submitted["status"] is AssessmentStatus.SUBMITTED and submitted["summary"].startswith("Regional")
    assert {k: a.level for k, a in submitted["answers"].items()} == MORILE_ANSWERS

    # the analyst cannot approve; a supervisor can
    own = ReviewDialog(ana, aid, prompts=prompts)
    qtbot.addWidget(own)
    assert not find_by_name(own, QPushButton, "Approve assessment").isEnabled()
    assert "Only a supervisor" in find_by_name(own, QLabel, "Why review is not available").text()
    sam = team.open("sam")
    review = ReviewDialog(sam, aid, prompts=prompts)
    qtbot.addWidget(review)
    review.show()
    assert unnamed_interactive_widgets(review) == []
    assert "Stabbing in May" in review.report.toPlainText()
    qtbot.keyClicks(find_by_name(review, QPlainTextEdit, "Review comment"), "Agreed")
    click(qtbot, find_by_name(review, QPushButton, "Approve assessment"))
    approved = sam.read(assessments.get, aid)
    assert approved["status"] is AssessmentStatus.APPROVED and approved["review_comment"] == "Agreed"
    assert prompts.shown[-1][1] == "Approved"


UNKNOWN_LABEL = "Unknown"


def test_submit_refused_until_every_factor_is_answered(qtbot, workspace, group, prompts):
    created = workspace.write("a", assessments.start, group, "morile-reference")
    wizard = AssessmentWizard(workspace, assessment_id=created.id, prompts=prompts)
    qtbot.addWidget(wizard)
    wizard.show()
    answer_current_page(qtbot, wizard)   # harm only
    while wizard.currentPage() is not wizard.review:
        wizard.next()
    click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))
    assert prompts.shown[-1][1] == "Not ready to submit" and "Likelihood (PHIA yardstick)" in prompts.shown[-1][2]
    assert wizard.isVisible() and wizard.currentPage().title() == "Likelihood"  # taken to the first open factor
    assert workspace.read(assessments.get, created.id)["status"] is AssessmentStatus.DRAFT
    prompts.answers = [False]  # close without saving: nothing is written
    click(qtbot, wizard.button(QWizard.WizardButton.CancelButton))
    assert not wizard.isVisible() and workspace.read(assessments.get, created.id)["answers"] == {}


def test_closing_with_unsaved_answers_offers_to_save(qtbot, workspace, group, prompts):
    created = workspace.write("a", assessments.start, group, "ocgm-reference")
    wizard = AssessmentWizard(workspace, assessment_id=created.id, prompts=prompts)
    qtbot.addWidget(wizard)
    wizard.show()
    click(qtbot, find_by_name(wizard, QCheckBox, "Criminal activities: Supply of Class A drugs"))
    find_by_name(wizard, type(wizard.factor_widget("members").spin), "Number of members: number").setValue(12)
    prompts.answers = [True]
    click(qtbot, wizard.button(QWizard.WizardButton.CancelButton))
    saved = workspace.read(assessments.get, created.id)["answers"]
    assert saved["activities"].selected == ("drugs_class_a",) and saved["members"].number == 12


def test_nobody_approves_their_own_in_the_review_dialog(qtbot, workspace, team, group, prompts):
    sam = team.open("sam")
    created = sam.write("a", assessments.start, group, "morile-reference")
    sam.write("a", assessments.save, created.id, MORILE_ANSWERS)
    sam.write("a", assessments.submit, created.id)
    dialog = ReviewDialog(sam, created.id, prompts=prompts)
    qtbot.addWidget(dialog)
    assert not find_by_name(dialog, QPushButton, "Approve assessment").isEnabled()
    assert "another supervisor must review it" in find_by_name(dialog, QLabel, "Why review is not available").text()
    sue = team.open("sue")
    other = ReviewDialog(sue, created.id, prompts=prompts)
    qtbot.addWidget(other)
    click(qtbot, find_by_name(other, QPushButton, "Return assessment for changes"))
    assert prompts.shown[-1][1] == "Say what needs to change"  # a comment is required
    qtbot.keyClicks(find_by_name(other, QPlainTextEdit, "Review comment"), "Evidence the likelihood")
    click(qtbot, find_by_name(other, QPushButton, "Return assessment for changes"))
    assert sue.read(assessments.get, created.id)["status"] is AssessmentStatus.RETURNED


def test_a_returned_assessment_shows_the_supervisors_comment_inside_the_wizard_and_nothing_outside_it(
        qtbot, workspace, team, group, prompts):
    from PySide6.QtWidgets import QApplication
    ana, sam = team.open("ana"), team.open("sam")
    created = ana.write("a", assessments.start, group, "morile-reference")
    ana.write("a", assessments.save, created.id, MORILE_ANSWERS)
    ana.write("a", assessments.submit, created.id)
    comment = "Evidence the likelihood: cite force report 12/345"
    sam.write("a", assessments.return_for_changes, created.id, comment)
    returned_on = ana.read(assessments.get, created.id)["reviewed_at"].astimezone().strftime("%d/%m/%Y")

    def stray_windows(*expected):
        return [f"{type(w).__name__} {w.accessibleName()!r}" for w in QApplication.topLevelWidgets()
                if w.isVisible() and w not in before and w not in expected]
    before = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    wizard = AssessmentWizard(ana, assessment_id=created.id, prompts=prompts)
    qtbot.addWidget(wizard)
    assert stray_windows() == []  # nothing of the wizard (its summary of the assessment) shows before it does
    wizard.show()
    assert stray_windows(wizard) == []
    banner = find_by_name(wizard, QLabel, "Returned for changes")
    assert banner.isVisible() and banner.window() is wizard
    assert f"Returned by Sam on {returned_on}" in banner.text() and comment in banner.text()
    assert wizard.summary_panel.isVisible() and wizard.summary_panel.window() is wizard
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))  # the comment stays in sight on every page
    assert banner.isVisible() and wizard.currentPage().isAncestorOf(banner)
    while wizard.currentPage() is not wizard.review:
        click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    assert banner.isVisible() and wizard.review.isAncestorOf(banner)
    assert stray_windows(wizard) == []
    assert unnamed_interactive_widgets(wizard) == []


def test_assessments_page_lists_work_and_opens_it(qtbot, workspace, team, group, prompts):
    sam = team.open("sam")
    created = workspace.write("a", assessments.start, group, "morile-reference")
    workspace.write("a", assessments.save, created.id, MORILE_ANSWERS)
    page = AssessmentsPage(sam, ChangeNotifier(sam), prompts=prompts)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    assert unnamed_interactive_widgets(page) == []
    show = find_by_name(page, QComboBox, "Show assessments")
    assert show.currentText() == "Awaiting approval" and page.work.rowCount() == 0
    show.setCurrentIndex(0)
    assert page.work.rowCount() == 1 and page.work.item(0, 0).text() == created.reference
    workspace.write("a", assessments.submit, created.id)
    page.refresh()
    show.setCurrentIndex(1)
    page.work.selectRow(0)
    dialog = page.open_selected()
    assert isinstance(dialog, ReviewDialog) and dialog.approve_button.isEnabled()
    click(qtbot, dialog.approve_button)
    qtbot.waitUntil(lambda: page.work.rowCount() == 0)  # the change notice refreshed the list
    show.setCurrentIndex(2)
    assert page.work.item(0, 7).text() == "Moderate" and page.work.item(0, 8).text() == "P3"


def approve_with(ws, supervisor, subject_id, ref, answers, today):
    created = ws.write("a", assessments.start, subject_id, ref, today=today)
    ws.write("a", assessments.save, created.id, answers)
    ws.write("a", assessments.submit, created.id)
    supervisor.write("a", assessments.approve, created.id, today=today)
    return created


def test_history_panel_shows_trend_versions_and_flags_disagreement(qtbot, workspace, team, group, prompts):
    from rocta_desktop.gui.assessments.history import AssessmentHistoryPanel
    from tests.domain.test_schemes import OCGM_ANSWERS
    sam = team.open("sam")
    low = {**MORILE_ANSWERS, **{k: "none" for k in ("physical", "psychological", "financial", "community")}}
    approve_with(workspace, sam, group, "morile-reference", low, days(-319))
    approve_with(workspace, sam, group, "morile-reference", MORILE_ANSWERS, days(-168))
    approve_with(workspace, sam, group, "ocgm-reference", OCGM_ANSWERS, days(-166))
    panel = AssessmentHistoryPanel(workspace, group, prompts=prompts)
    qtbot.addWidget(panel)
    panel.resize(900, 500)
    panel.show()
    assert unnamed_interactive_widgets(panel) == []
    assert panel.table.rowCount() == 3
    described = panel.chart.accessibleDescription()
    assert described.startswith("MoRiLE: ") and "Low" in described and "Moderate" in described and "OCGM: " in described
    text = find_by_name(panel, QLabel, "MoRiLE and OCGM compared").text()
    assert "MoRiLE Moderate" in text and "OCGM Band A" in text and "Outlying assessment" in text
    wizard = panel.new_assessment()  # a third MoRiLE version can start from here
    assert isinstance(wizard, AssessmentWizard)
    wizard.reject()


def test_schemes_dialog_imports_a_controlled_scheme_and_refuses_a_broken_one(qtbot, workspace, prompts, tmp_path):
    import json

    from rocta_desktop.gui.assessments.schemes import SchemesDialog
    from tests.domain.test_schemes import _minimal
    dialog = SchemesDialog(workspace, prompts=prompts)
    qtbot.addWidget(dialog)
    dialog.show()
    assert unnamed_interactive_widgets(dialog) == []
    assert dialog.table.rowCount() == 2
    bad = tmp_path / "bad.json"
    data = _minimal()
    data["sections"][0]["factors"][0]["levels"][1]["value"] = "high"
    bad.write_text(json.dumps(data))
    prompts.file = str(bad)
    click(qtbot, find_by_name(dialog, QPushButton, "Import scheme file"))
    assert prompts.shown[-1][1] == "Scheme refused"
    assert "at sections[0].factors[0].levels[1].value" in prompts.shown[-1][2] and "must be a number" in prompts.shown[-1][2]
    assert dialog.table.rowCount() == 2
    good = tmp_path / "rocu.json"
    good.write_text(json.dumps({**_minimal(), "id": "rocu-ocgm", "version": "2"}))
    prompts.file = str(good)
    click(qtbot, find_by_name(dialog, QPushButton, "Import scheme file"))
    assert dialog.table.rowCount() == 3 and prompts.shown[-1][1] == "Scheme imported"
    dialog.table.select_id(next(i for i, s in enumerate(dialog.schemes) if s.id == "rocu-ocgm"))
    click(qtbot, dialog.retire_button)
    assert "rocu-ocgm" not in [s.id for s in workspace.read(assessments.available_schemes)]


def test_record_view_has_the_subjects_assessments(qtbot, workspace, group, prompts):
    from rocta_desktop.domain.subjects import SubjectKind
    from rocta_desktop.gui.assessments.history import AssessmentHistoryPanel
    from rocta_desktop.gui.registers.editor import RecordEditor
    created = workspace.write("a", assessments.start, group, "morile-reference")
    editor = RecordEditor(workspace, SubjectKind.GROUP, group, prompts=prompts)
    qtbot.addWidget(editor)
    tabs = [editor.tabs.tabText(i) for i in range(editor.tabs.count())]
    assert "Assessmen&ts" in tabs
    panel = find_by_name(editor, AssessmentHistoryPanel, "Assessment history")
    assert panel.table.rowCount() == 1 and panel.table.item(0, 0).text() == created.reference
    panel.table.selectRow(0)
    wizard = panel.open_selected()  # a draft opens in the wizard
    assert isinstance(wizard, AssessmentWizard) and wizard.assessment_id == created.id
    wizard.reject()


def test_an_ocgm_offers_the_registers_answers_with_their_sources_and_takes_one(qtbot, workspace, team, prompts):
    gid = workspace.write("g", registers.create_group, {"name": "Dock Boys", "marking": "OFFICIAL",
                                                        "management_level": "regional", "reach_scope": "regional"}).id
    workspace.write("c", registers.set_crime_types, gid, ["COUNTY-LINES"])
    for i in range(4):
        nid = workspace.write("n", registers.create_nominal, {"surname": f"Docker{i}", "marking": "OFFICIAL"}).id
        workspace.write("m", registers.add_member, gid, nid, "peripheral")
    ana = team.open("ana")
    created = ana.write("a", assessments.start, gid, "ocgm-reference")
    wizard = AssessmentWizard(ana, assessment_id=created.id, prompts=prompts)
    qtbot.addWidget(wizard)
    wizard.show()
    assert unnamed_interactive_widgets(wizard) == []
    offered = find_by_name(wizard, QLabel, "Register's answer for Number of members")
    assert "From the register:</b> 4" in offered.text() and "4 members of" in offered.text()
    assert "Supply of Class A drugs" in find_by_name(wizard, QLabel, "Register's answer for Criminal activities").text()
    members = wizard.factor_widget("members")
    assert members.answer() is None                       # offered, not taken: the analyst decides
    click(qtbot, find_by_name(wizard, QPushButton, "Use the register's answer for Number of members"))
    assert members.answer()["number"] == 4 and members.answer()["rationale"].startswith("From the register: 4 members")
    click(qtbot, wizard.button(QWizard.WizardButton.CustomButton1))  # Save draft
    saved = ana.read(assessments.get, created.id)["answers"]["members"]
    assert saved.number == 4 and "From the register" in saved.rationale


def test_a_reassessment_says_its_answers_were_copied_and_marks_what_is_unchanged(qtbot, workspace, team, group,
                                                                                  prompts):
    sam = team.open("sam")
    first = approve_with(workspace, sam, group, "morile-reference", MORILE_ANSWERS, days(-30))
    ana = team.open("ana")
    again = ana.write("a", assessments.start, group, "morile-reference")
    wizard = AssessmentWizard(ana, assessment_id=again.id, prompts=prompts)
    qtbot.addWidget(wizard)
    wizard.show()
    copied = find_by_name(wizard, QLabel, "Answers copied from the previous assessment")
    previous = workspace.read(assessments.get, first.id)["reference"]
    assert copied.text() == f"Answers copied from {previous}: 0 of 12 changed. Unchanged factors are marked."
    mark = find_by_name(wizard, QLabel, "Physical harm unchanged")
    assert mark.isVisibleTo(wizard) and mark.text() == f"Unchanged since {previous}"
    pick(qtbot, wizard, "Physical harm", "Critical")               # reconsidered: no longer marked
    assert not mark.isVisibleTo(wizard)
    assert copied.text().startswith(f"Answers copied from {previous}: 1 of 12 changed")
    prompts.answers = [False]   # closing: discard the change


def test_the_wizard_suggests_the_management_level_and_a_different_one_needs_a_reason(qtbot, workspace, team, group,
                                                                                      prompts):
    from PySide6.QtWidgets import QLineEdit

    from tests.domain.test_schemes import OCGM_ANSWERS
    sam, sue, ana = team.open("sam"), team.open("sue"), team.open("ana")
    ocgm = sam.write("a", assessments.start, group, "ocgm-reference").id
    sam.write("a", assessments.save, ocgm, OCGM_ANSWERS)
    sam.write("a", assessments.submit, ocgm)
    sue.write("a", assessments.approve, ocgm)   # Band A: the shipped rule suggests national
    wizard = AssessmentWizard(ana, subject_id=group, prompts=prompts)
    qtbot.addWidget(wizard)
    wizard.show()
    click(qtbot, find_by_name(wizard, QRadioButton, "MoRiLE scheme, version 1.0"))
    click(qtbot, wizard.button(QWizard.WizardButton.CommitButton))
    # the worked guidance is beside the factors: an example under each level
    assert "Example:" in find_by_name(wizard, QLabel, "Example for Physical harm: Critical").text()
    while wizard.currentPage() is not wizard.review:
        click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    assert unnamed_interactive_widgets(wizard) == []
    level = find_by_name(wizard, QComboBox, "Management level to set")
    assert level.currentData() == "national"  # pre-selected: the suggestion, not the level it has now
    why = find_by_name(wizard, QLabel, "Why this level is suggested").text()
    assert "OCGM" in why and "Band A \u2192 national" in why
    assert "now Regional; suggested National" in find_by_name(wizard, QLabel, "Management level heading").text()
    reason = find_by_name(wizard, QLineEdit, "Reason for a level other than the one suggested")
    assert not reason.isVisible()
    level.setCurrentIndex(level.findData("regional"))
    assert reason.isVisible()
    click(qtbot, find_by_name(wizard, QPushButton, "Set management level"))
    assert prompts.shown[-1][:2] == ("warning", "Say why")
    assert ana.read(assessments.management_level, group)["decisions"] == []
    qtbot.keyClicks(reason, "The ROCU leads: NCA declined the referral")
    click(qtbot, find_by_name(wizard, QPushButton, "Set management level"))
    decided = ana.read(assessments.management_level, group)["decisions"][0]
    assert (decided["level"], decided["suggested"], decided["reason"], decided["by"]) == (
        "regional", "national", "The ROCU leads: NCA declined the referral", "Ana")
    assert "reason: The ROCU leads" in find_by_name(wizard, QLabel, "Management level status").text()
    Path("/tmp/shots").mkdir(exist_ok=True)
    wizard.grab().save("/tmp/shots/wizard_management_level.png")


def test_the_supervisor_reviews_a_reassessment_beside_the_version_before(qtbot, workspace, team, group, prompts):
    """The approver of a re-assessment sees each answer beside the last approved version's, with the
    changed ones marked and counted."""
    sam, sue, ana = team.open("sam"), team.open("sue"), team.open("ana")
    first = approve_with(workspace, sam, group, "morile-reference", MORILE_ANSWERS, days(-30))
    again = ana.write("a", assessments.start, group, "morile-reference")
    ana.write("a", assessments.save, again.id, {**MORILE_ANSWERS, "physical": "critical"})
    ana.write("a", assessments.submit, again.id)
    review = ReviewDialog(sue, again.id, prompts=prompts)
    qtbot.addWidget(review)
    previous = workspace.read(assessments.get, first.id)["reference"]
    text = find_by_name(review, QTextBrowser, "Assessment result and explanation").toPlainText()
    assert f"Answers, beside {previous}" in text and "1 of 12 answers changed" in text
    assert "Physical harm (changed)" in text and "Psychological harm (changed)" not in text
    # a first assessment has nothing to compare with
    first_review = ReviewDialog(sue, first.id, prompts=prompts)
    qtbot.addWidget(first_review)
    assert "beside" not in find_by_name(first_review, QTextBrowser, "Assessment result and explanation").toPlainText()


def test_a_refused_start_save_or_submit_is_a_warning_and_the_wizard_stays_open(qtbot, workspace, group, prompts):
    """Every write of the wizard goes through its runner: a problem with the answers is listed factor
    by factor (or field), anything else the service refuses is one warning; nothing typed is lost."""
    draft = workspace.write("a", assessments.start, group, "morile-reference")
    wizard = AssessmentWizard(workspace, subject_id=group, prompts=prompts)  # a MoRiLE is already open
    qtbot.addWidget(wizard)
    wizard.show()
    click(qtbot, find_by_name(wizard, QRadioButton, "MoRiLE scheme, version 1.0"))
    click(qtbot, wizard.button(QWizard.WizardButton.CommitButton))
    kind, title, text = prompts.shown[-1]
    assert (kind, title) == ("warning", "Cannot start the assessment") and draft.reference in text
    assert wizard.isVisible() and wizard.assessment_id is None and wizard.currentId() == 0

    resumed = AssessmentWizard(workspace, assessment_id=draft.id, prompts=prompts)
    qtbot.addWidget(resumed)
    resumed.show()
    answer_current_page(qtbot, resumed)
    marking = resumed.review.marking
    marking.setCurrentIndex(marking.findText("OFFICIAL"))  # below the group's OFFICIAL-SENSITIVE
    save = resumed.button(QWizard.WizardButton.CustomButton1)
    click(qtbot, save)
    kind, title, text = prompts.shown[-1]
    assert (kind, title) == ("warning", "Check the answers") and "marking: must be at least OFFICIAL-SENSITIVE" in text
    assert resumed.dirty and workspace.read(assessments.get, draft.id)["answers"] == {}
    marking.setCurrentIndex(marking.findText("OFFICIAL-SENSITIVE"))
    workspace.write("a", assessments.save, draft.id, MORILE_ANSWERS)  # meanwhile, in another window: submitted
    workspace.write("a", assessments.submit, draft.id)
    click(qtbot, save)
    kind, title, text = prompts.shown[-1]
    assert (kind, title) == ("warning", "Cannot save") and "awaiting approval" in text
    assert resumed.isVisible() and resumed.dirty and save.isEnabled()
    prompts.answers = [False]  # close without saving


def test_a_second_supervisor_approving_first_is_a_warning_and_the_review_stays_open(qtbot, workspace, team, group,
                                                                                    prompts):
    ana, sam, sue = team.open("ana"), team.open("sam"), team.open("sue")
    created = ana.write("a", assessments.start, group, "morile-reference")
    ana.write("a", assessments.save, created.id, MORILE_ANSWERS)
    ana.write("a", assessments.submit, created.id)
    review = ReviewDialog(sue, created.id, prompts=prompts)
    qtbot.addWidget(review)
    review.show()
    decided = []
    review.decided.connect(lambda *args: decided.append(args))
    sam.write("a", assessments.approve, created.id)
    approve = find_by_name(review, QPushButton, "Approve assessment")
    click(qtbot, approve)
    kind, title, text = prompts.shown[-1]
    assert (kind, title) == ("warning", "Cannot approve") and created.reference in text
    assert review.isVisible() and decided == [] and approve.isEnabled()
    assert sue.read(assessments.get, created.id)["reviewed_by"] == "Sam"


def test_the_management_level_box_says_why_the_level_cannot_be_set(qtbot, workspace, group, prompts):
    from rocta_desktop.gui.assessments.level import ManagementLevelBox
    box = ManagementLevelBox(workspace, group, prompts=prompts)
    qtbot.addWidget(box)
    box.show()
    assert unnamed_interactive_widgets(box) == []
    level = find_by_name(box, QComboBox, "Management level to set")
    level.setCurrentIndex(level.findData("national"))
    workspace.write("x", registers.archive, group, "dismantled")  # meanwhile
    click(qtbot, find_by_name(box, QPushButton, "Set management level"))
    kind, title, text = prompts.shown[-1]
    assert (kind, title) == ("warning", "Cannot set the level") and "archived" in text
    assert workspace.read(assessments.management_level, group)["decisions"] == []
    workspace.write("x", registers.set_status, group, "active", "new intelligence")
    click(qtbot, find_by_name(box, QPushButton, "Set management level"))
    assert workspace.read(registers.get_subject, group)["management_level"].value == "national"
    assert "Last decided by" in find_by_name(box, QLabel, "Management level status").text()


@pytest.mark.parametrize("method", ["MoRiLE", "OCGM"])
def test_the_review_page_says_months_properly_and_never_the_schemes_internal_names(qtbot, workspace, group, prompts,
                                                                                   method):
    """#22: nothing answered yet, the result could be Very high: review due "1 month", not "1 months";
    how the result was reached reads in the scheme's titles (Harm before multipliers (0–16) ×
    Geographic scope ...), never its identifiers (harm_subtotal, risk_band) or its reference."""
    wizard = AssessmentWizard(workspace, subject_id=group, prompts=prompts)
    qtbot.addWidget(wizard)
    wizard.show()
    click(qtbot, find_by_name(wizard, QRadioButton, f"{method} scheme, version 1.0"))
    click(qtbot, wizard.button(QWizard.WizardButton.CommitButton))
    while wizard.currentPage() is not wizard.review:
        click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    text = find_by_name(wizard, QTextBrowser, "Assessment result and explanation").toPlainText()
    scheme = wizard.scheme
    months = wizard.current_result().review_months
    assert f"Review due {months} month{'s' if months != 1 else ''} after approval." in text and " 1 months" not in text
    if method == "MoRiLE":
        assert months == 1 and "Review due 1 month after approval." in text
        assert ("Harm before multipliers (0\u201316) \u00d7 Geographic scope (1\u20132) \u00d7 Victim vulnerability "
                "(1\u20132) = 0.00\u201364.00") in text
        assert "Risk score 0.0\u201362.4 falls in Low to Very high" in text
    internal = {i for i in [*(f.id for f in scheme.factors), *(c.id for c in scheme.calculations),
                            *(b.id for b in scheme.bands), *(m.id for m in scheme.matrices)] if "_" in i}
    assert internal and [i for i in internal if i in text] == []
    assert f"{method.lower()}-reference@1.0" not in text and scheme.id not in text
    wizard.dirty = False
