"""Calibration exercises on a real encrypted workspace: a supervisor sets a case, a scheme and
analysts; each answers blind (the service refuses to show anyone's answers, the supervisor's view
included, until all have submitted or the exercise is closed); the results' agreement is the
`krippendorff` package's alpha on the raw answers; answers never become assessments; every change
is audited without the answers; need to know decides who may be set a case and who sees it."""

import json
import math

import krippendorff
import numpy as np
import openpyxl
import pytest

from rocta_desktop.domain.errors import Conflict, NotFound, PermissionDenied, ValidationError
from rocta_desktop.domain.schemes import builtin_schemes, pick
from rocta_desktop.exchange import calibration as calibration_files
from rocta_desktop.services import access, assessments, audit, calibration, registers, tasking, users
from tests.conftest import TEAM_PASSWORD
from tests.domain.test_schemes import MORILE_ANSWERS, OCGM_ANSWERS

MORILE = pick(builtin_schemes(), "morile-reference")

#: three analysts' raw answers to the same case: Bob rates harm higher than the others, Ana lower,
#: and Bob does not know the financial harm
ANA = {**MORILE_ANSWERS, "physical": "moderate", "psychological": "minor", "community": "minor"}
BOB = {**MORILE_ANSWERS, "physical": "critical", "psychological": "substantial", "financial": {"unknown": True},
       "community": "substantial", "vulnerability": "extreme", "likelihood": "highly_likely"}
SUE = {**MORILE_ANSWERS, "physical": {"level": "substantial", "rationale": "a stabbing in May"}}


@pytest.fixture
def region(workspace, team):
    workspace.write("u", users.add_user, "bob", TEAM_PASSWORD, "analyst", "Bob", clearance="SECRET")
    with workspace.operation("test") as uow:
        group = registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL-SENSITIVE",
                                             "management_level": "regional", "description": "Class A supply"}).id
        secret = registers.create_group(uow, {"name": "Quiet Crew", "marking": "SECRET",
                                              "management_level": "regional"}).id
    return {"group": group, "secret": secret, "ana": team.open("ana"), "bob": team.open("bob"),
            "sam": team.open("sam"), "sue": team.open("sue")}


def set_exercise(r, analysts=("ana", "bob", "sue"), **kw):
    kw.setdefault("subject_id", r["group"])
    return r["sam"].write("c", calibration.create, title="Harbour Crew, MoRiLE", scheme_ref="morile-reference",
                          analysts=list(analysts), **kw)


def raw_positions(answers: dict) -> list[float]:
    """The reliability data written from the raw answers, independently of the application: for
    every factor in the scheme's order, the answer's level number over the number of steps in its
    scale; unknown is missing."""
    row = []
    for factor in MORILE.factors:
        raw = answers.get(factor.id)
        if isinstance(raw, dict):
            raw = None if raw.get("unknown") else raw.get("level")
        keys = [lv.key for lv in factor.levels]
        row.append(math.nan if raw is None else keys.index(raw) / (len(keys) - 1))
    return row


def test_three_analysts_answer_blind_and_the_alpha_is_krippendorffs(region):
    r = region
    ex = set_exercise(r)
    assert ex.reference.startswith("CAL-")
    for who, answers in (("ana", ANA), ("bob", BOB)):
        r[who].write("c", calibration.save_answers, ex.id, answers)
        r[who].write("c", calibration.submit, ex.id)
    # two of three have submitted: nobody sees anyone's answers, not even the supervisor who set it
    for who in ("ana", "bob", "sam", "sue"):
        with pytest.raises(Conflict, match="2 of 3 analysts have submitted"):
            r[who].read(calibration.report, ex.id)
    seen = r["ana"].read(calibration.get, ex.id)
    assert seen["my_answers"]["physical"].level == "moderate"
    assert [p["status"].value for p in seen["participants"]] == ["submitted", "submitted", "invited"]
    assert "critical" not in repr({k: v for k, v in seen.items() if k != "scheme_obj"})  # Bob's answers
    assert r["sam"].read(calibration.get, ex.id)["my_answers"] is None
    with pytest.raises(Conflict, match="cannot change"):
        r["ana"].write("c", calibration.save_answers, ex.id, BOB)
    # the last analyst submits: the exercise closes and the results are shown
    r["sue"].write("c", calibration.save_answers, ex.id, SUE)
    assert r["sue"].write("c", calibration.submit, ex.id) == {"closed": True, "submitted": 3, "of": 3}
    report = r["ana"].read(calibration.report, ex.id)
    expected = krippendorff.alpha(reliability_data=np.array([raw_positions(a) for a in (ANA, BOB, SUE)]),
                                  level_of_measurement="ordinal")
    assert report["alpha"] == pytest.approx(expected, abs=1e-12)
    assert report["analysts"] == ["Ana", "Bob", "Sue"]
    factors = {f["factor"]: f for f in report["factors"]}
    assert factors["physical"]["spread"] == "Moderate to Critical" and factors["physical"]["steps"] == 2
    assert factors["physical"]["drifts"] and factors["physical"]["higher"] == ["Bob"]
    assert factors["physical"]["lower"] == ["Ana"]
    assert factors["financial"]["unknown"] == 1 and factors["financial"]["answers"]["Bob"] == "unknown"
    assert factors["scope"]["alpha"] == 1.0 and not factors["scope"]["drifts"]
    # the factors with most disagreement come first, and the guidance is beside them
    assert report["most_disagreement"][0] in ("physical", "community", "psychological")
    assert "Injury or death" in factors["physical"]["guidance"]
    assert "Example:" in factors["physical"]["guidance"]
    tendency = {t["analyst"]: t["tendency"] for t in report["tendencies"]}
    assert tendency == {"Ana": "lower", "Bob": "higher", "Sue": "in line"}
    assert report["answers"]["Sue"]["factors"]["physical"]["rationale"] == "a stabbing in May"
    # per-factor figures are the same ordinal metric: their weighted mean is the overall alpha
    assert sum(f["answered"] * f["alpha"] for f in report["factors"] if f["alpha"] is not None) / sum(
        f["answered"] for f in report["factors"] if f["alpha"] is not None) == pytest.approx(expected)


def test_answers_never_become_assessments_or_reach_the_priority_list(region):
    r = region
    ex = set_exercise(r, analysts=("ana", "bob"))
    for who in ("ana", "bob"):
        r[who].write("c", calibration.save_answers, ex.id, MORILE_ANSWERS)
        r[who].write("c", calibration.submit, ex.id)
    assert r["sam"].read(calibration.report, ex.id)["alpha"] == 1.0  # the same answers: full agreement
    assert r["sam"].read(assessments.listing) == []
    assert r["sam"].read(assessments.history, r["group"]) == []
    row = next(x for x in r["sam"].read(tasking.priority_list) if x["subject_id"] == r["group"])
    assert row["morile"] is None and row["ocgm"] is None


def test_only_the_analysts_set_answer_and_a_submission_is_final(region):
    r = region
    ex = set_exercise(r, analysts=("ana", "bob"))
    with pytest.raises(PermissionDenied, match="only its analysts"):
        r["sue"].write("c", calibration.save_answers, ex.id, MORILE_ANSWERS)
    assert [e["reference"] for e in r["ana"].read(calibration.listing)] == [ex.reference]
    r["ana"].write("c", calibration.save_answers, ex.id, {"physical": "minor"})
    with pytest.raises(ValidationError, match="factors need an answer"):
        r["ana"].write("c", calibration.submit, ex.id)
    with pytest.raises(ValidationError, match="physical"):
        r["ana"].write("c", calibration.save_answers, ex.id, {"physical": "enormous"})
    with pytest.raises(PermissionDenied):  # analysts do not set exercises
        r["ana"].write("c", calibration.create, title="x", scheme_ref="morile-reference", analysts=["bob", "sue"],
                       scenario="A case")


def test_an_analyst_not_set_the_exercise_does_not_see_it(workspace, region):
    r = region
    workspace.write("u", users.add_user, "cat", TEAM_PASSWORD, "analyst", "Cat", clearance="SECRET")
    from rocta_desktop.services.workspace import Workspace
    cat = Workspace.open(workspace.path, "cat", TEAM_PASSWORD)
    try:
        ex = set_exercise(r, analysts=("ana", "bob"))
        assert cat.read(calibration.listing) == []
        with pytest.raises(NotFound):
            cat.read(calibration.get, ex.id)
        with pytest.raises(NotFound):
            cat.read(calibration.report, ex.id)
    finally:
        cat.close()


def test_closing_early_needs_a_note_and_counts_only_submitted_answers(region):
    r = region
    ex = set_exercise(r)
    for who, answers in (("ana", ANA), ("bob", BOB)):
        r[who].write("c", calibration.save_answers, ex.id, answers)
        r[who].write("c", calibration.submit, ex.id)
    r["sue"].write("c", calibration.save_answers, ex.id, SUE)  # a draft, never submitted
    with pytest.raises(ValidationError, match="Sue has not submitted"):
        r["sam"].write("c", calibration.close, ex.id)
    with pytest.raises(PermissionDenied):
        r["ana"].write("c", calibration.close, ex.id, "bored")
    r["sam"].write("c", calibration.close, ex.id, "Sue is on leave")
    report = r["bob"].read(calibration.report, ex.id)
    assert report["analysts"] == ["Ana", "Bob"] and report["not_submitted"] == ["Sue"]
    assert report["alpha"] == pytest.approx(krippendorff.alpha(
        reliability_data=np.array([raw_positions(ANA), raw_positions(BOB)]), level_of_measurement="ordinal"))
    with pytest.raises(Conflict, match="closed"):
        r["sue"].write("c", calibration.submit, ex.id)


def test_every_change_is_audited_without_the_answers(region):
    r = region
    ex = set_exercise(r)
    r["bob"].write("c", calibration.save_answers, ex.id, BOB)
    r["bob"].write("c", calibration.submit, ex.id)
    with r["sam"].reader() as s:
        events = [e for e in audit.search_events(s) if e["action"].startswith("calibration.")]
    actions = [e["action"] for e in reversed(events)]
    assert list(dict.fromkeys(actions)) == ["calibration.create", "calibration.save", "calibration.submit"]
    created = [e["entity_type"] for e in events if e["action"] == "calibration.create"]
    assert created.count("calibration") == 1 and created.count("calibration_answer") == 3  # each analyst set it
    assert all(e["username"] in ("sam", "bob") for e in events)
    trail = json.dumps([e["changes"] for e in events] + [e["summary"] for e in events], default=str)
    assert "critical" not in trail and "highly_likely" not in trail and "substantial" not in trail
    saved = next(e for e in events if e["action"] == "calibration.save")
    digest = saved["changes"]["answers_sha256"]["after"]
    assert len(digest) == 64 and "answers" not in saved["changes"]
    submitted = next(e for e in events if e["action"] == "calibration.submit" and e["entity_type"] == "calibration_answer")
    assert submitted["changes"]["status"] == {"before": "draft", "after": "submitted"}
    assert f"sha256 {digest[:12]}" in submitted["summary"]


def test_need_to_know_decides_who_may_be_set_a_case_and_who_sees_it(workspace, region):
    r = region
    workspace.write("u", users.add_user, "olly", TEAM_PASSWORD, "analyst", "Olly", clearance="OFFICIAL-SENSITIVE")
    with pytest.raises(ValidationError, match="Olly is cleared to OFFICIAL-SENSITIVE"):
        r["sam"].write("c", calibration.create, title="Quiet", scheme_ref="ocgm-reference", analysts=["olly", "bob"],
                       subject_id=r["secret"])
    # a restricted subject: only those granted may be set it
    workspace.write("r", access.restrict, "subject", r["group"], "Operation Heron", users=["sam", "bob"])
    with pytest.raises(ValidationError, match="Sue may not see the subject"):
        set_exercise(r, analysts=("bob", "sue"))
    ok = r["sam"].write("c", calibration.create, title="Quiet", scheme_ref="ocgm-reference",
                        analysts=["bob", "sue"], subject_id=r["secret"])
    # a supervisor cleared lower does not see the SECRET exercise
    workspace.write("u", users.add_user, "lou", TEAM_PASSWORD, "supervisor", "Lou", clearance="OFFICIAL-SENSITIVE")
    from rocta_desktop.services.workspace import Workspace
    lou = Workspace.open(workspace.path, "lou", TEAM_PASSWORD)
    try:
        assert ok.reference not in [e["reference"] for e in lou.read(calibration.listing)]
        with pytest.raises(NotFound):
            lou.read(calibration.get, ok.id)
    finally:
        lou.close()
    # a written scenario needs no subject; its marking is the supervisor's choice
    case = r["sam"].write("c", calibration.create, title="Scenario", scheme_ref="ocgm-reference",
                          analysts=["ana", "olly"], scenario="A crew of eight supplies crack cocaine in Northmoor.",
                          marking="OFFICIAL")
    got = r["ana"].read(calibration.get, case.id)
    assert got["case"]["kind"] == "scenario" and "crack cocaine" in got["case"]["text"]


def test_an_ocgm_exercise_with_options_and_numbers_and_its_exports(region, tmp_path):
    r = region
    ex = r["sam"].write("c", calibration.create, title="Harbour Crew, OCGM", scheme_ref="ocgm-reference",
                        analysts=["ana", "bob", "sue"], subject_id=r["group"])
    variants = {"ana": OCGM_ANSWERS,
                "bob": {**OCGM_ANSWERS, "members": 30, "activities": ["drugs_class_a", "firearms", "msht"]},
                "sue": {**OCGM_ANSWERS, "members": {"unknown": True}, "violence": "weapons"}}
    for who, answers in variants.items():
        r[who].write("c", calibration.save_answers, ex.id, answers)
        r[who].write("c", calibration.submit, ex.id)
    report = r["sam"].read(calibration.report, ex.id)
    rows = np.array([[np.nan if v is None else v for v in row] for row in report["reliability_data"]["rows"]])
    assert report["alpha"] == pytest.approx(krippendorff.alpha(reliability_data=rows, level_of_measurement="ordinal"))
    assert "activities:msht" in report["reliability_data"]["units"]
    factors = {f["factor"]: f for f in report["factors"]}
    assert factors["members"]["spread"] == "14 to 30" and factors["members"]["unknown"] == 1
    assert "only some ticked" in factors["activities"]["spread"]
    # exported as JSON and as a workbook, marked, with the intent in the audit trail
    done = calibration_files.export(r["sam"], ex.id, tmp_path / "cal.json")
    data = json.loads((tmp_path / "cal.json").read_text())
    assert data["alpha"] == report["alpha"] and data["marking"] == "OFFICIAL-SENSITIVE"
    assert done.marking.value == "OFFICIAL-SENSITIVE"
    calibration_files.export(r["sam"], ex.id, tmp_path / "cal.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "cal.xlsx")
    assert wb.sheetnames == ["Cover", "Factors", "Analysts", "Answers"]
    assert [c.value for c in wb["Factors"][1]][:3] == ["Factor", "Section", "Agreement (alpha)"]
    assert wb["Cover"]["A1"].value == "OFFICIAL-SENSITIVE"
    with r["sam"].reader() as s:
        assert len([e for e in audit.search_events(s) if e["action"] == "export.calibration"]) == 2
    # an open exercise cannot be exported
    other = set_exercise(r)
    with pytest.raises(Conflict, match="still open"):
        calibration_files.export(r["sam"], other.id, tmp_path / "open.json")
    assert not (tmp_path / "open.json").exists()
