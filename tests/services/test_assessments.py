"""Assessment life cycle on a real encrypted workspace: draft, save, resume, submit, approve or
return, immutability (service and database trigger), re-assessment, history, reviews due, method
comparison, scheme import and recomputation by `verify`."""

import datetime as dt
import json

import pytest
from sqlalchemy import text

from rocta_desktop.domain.errors import Conflict, PermissionDenied, ValidationError
from rocta_desktop.domain.schemes import SchemeError
from rocta_desktop.services import assessments, maintenance, registers
from rocta_desktop.store.models import AssessmentStatus
from tests.dates import TODAY, add_months
from tests.domain.test_schemes import MORILE_ANSWERS, OCGM_ANSWERS, _minimal


@pytest.fixture
def subjects(workspace):
    with workspace.operation("test") as uow:
        group = registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL-SENSITIVE",
                                             "management_level": "regional"})
        nominal = registers.create_nominal(uow, {"surname": "Lane", "forenames": "Kit", "marking": "SECRET"})
    return {"group": group.id, "nominal": nominal.id}


def drafted(ws, subject_id, ref="morile-reference", answers=MORILE_ANSWERS):
    created = ws.write("a.start", assessments.start, subject_id, ref, today=TODAY)
    ws.write("a.save", assessments.save, created.id, answers, summary="Based on force referrals")
    return created


def test_draft_save_resume_submit_approve(workspace, team, subjects):
    ana, sam = team.open("ana"), team.open("sam")
    created = ana.write("a.start", assessments.start, subjects["group"], "morile-reference", today=TODAY)
    assert created.reference == f"ASM-{TODAY.year}-0001"
    partial = {k: MORILE_ANSWERS[k] for k in ("physical", "psychological")}
    result = ana.write("a.save", assessments.save, created.id, partial)
    assert result.unknown_count == 10 and not result.determined
    # resume: what was saved comes back, still a draft
    again = ana.read(assessments.get, created.id)
    assert again["status"] is AssessmentStatus.DRAFT and again["answers"]["physical"].level == "substantial"
    with pytest.raises(ValidationError) as err:
        ana.write("a.submit", assessments.submit, created.id)
    assert "10 factors need an answer" in str(err.value)
    ana.write("a.save", assessments.save, created.id, {**MORILE_ANSWERS, "physical": {"level": "substantial",
                                                                                   "rationale": "stabbing in May"}})
    ana.write("a.submit", assessments.submit, created.id)
    with pytest.raises(Conflict, match="awaiting approval"):
        ana.write("a.save", assessments.save, created.id, MORILE_ANSWERS)
    with pytest.raises(PermissionDenied):  # an analyst cannot approve at all
        ana.write("a.approve", assessments.approve, created.id)
    next_review = sam.write("a.approve", assessments.approve, created.id, "agreed", today=TODAY)
    assert next_review == add_months(TODAY, 6)  # Moderate band: 6 months
    done = sam.read(assessments.get, created.id)
    assert done["status"] is AssessmentStatus.APPROVED and done["reviewed_by"] == "Sam"
    assert done["band"] == "Moderate" and done["priority"] == "P3" and done["score_min"] == 11.7
    assert done["answers"]["physical"].rationale == "stabbing in May"
    assert done["marking"].value == "OFFICIAL-SENSITIVE"


def test_nobody_approves_their_own(workspace, team, subjects):
    sam, sue = team.open("sam"), team.open("sue")
    created = drafted(sam, subjects["group"])
    sam.write("a.submit", assessments.submit, created.id)
    with pytest.raises(PermissionDenied, match="another supervisor"):
        sam.write("a.approve", assessments.approve, created.id)
    with pytest.raises(ValidationError, match="say what needs to change"):
        sue.write("a.return", assessments.return_for_changes, created.id, "  ")
    sue.write("a.return", assessments.return_for_changes, created.id, "Evidence the firearms access")
    returned = sam.read(assessments.get, created.id)
    assert returned["status"] is AssessmentStatus.RETURNED and returned["review_comment"].startswith("Evidence")
    sam.write("a.save", assessments.save, created.id, {**MORILE_ANSWERS, "physical": "critical"})
    sam.write("a.submit", assessments.submit, created.id)
    sue.write("a.approve", assessments.approve, created.id, today=TODAY)


def test_approved_is_immutable_in_service_and_database(workspace, team, subjects):
    sam = team.open("sam")
    created = drafted(workspace, subjects["group"])
    workspace.write("a.submit", assessments.submit, created.id)
    sam.write("a.approve", assessments.approve, created.id, today=TODAY)
    with pytest.raises(Conflict, match="approved and cannot change"):
        workspace.write("a.save", assessments.save, created.id, MORILE_ANSWERS)
    with pytest.raises(Conflict):
        workspace.write("a.discard", assessments.discard, created.id)
    with workspace.engine.begin() as conn, pytest.raises(Exception, match="approved assessment cannot be changed"):
        conn.execute(text("UPDATE assessments SET band = 'Low' WHERE id = :i"), {"i": created.id})
    with workspace.engine.begin() as conn, pytest.raises(Exception, match="cannot be deleted"):
        conn.execute(text("DELETE FROM assessments WHERE id = :i"), {"i": created.id})


def test_reassessment_is_a_new_version_prefilled(workspace, team, subjects):
    sam = team.open("sam")
    first = drafted(workspace, subjects["group"])
    workspace.write("a.submit", assessments.submit, first.id)
    with pytest.raises(Conflict, match="still awaiting approval"):
        workspace.write("a.start", assessments.start, subjects["group"], "morile-reference")
    sam.write("a.approve", assessments.approve, first.id, today=TODAY)
    second = workspace.write("a.start", assessments.start, subjects["group"], "morile-reference", today=TODAY)
    got = workspace.read(assessments.get, second.id)
    assert got["version"] == 2 and got["status"] is AssessmentStatus.DRAFT
    assert {k: a.level for k, a in got["answers"].items()} == MORILE_ANSWERS
    workspace.write("a.save", assessments.save, second.id, {**MORILE_ANSWERS, "likelihood": "almost_certain",
                                                                 "scope": "international"})
    workspace.write("a.submit", assessments.submit, second.id)
    sam.write("a.approve", assessments.approve, second.id, today=TODAY + dt.timedelta(days=30))
    trend = workspace.read(assessments.history, subjects["group"])
    assert [(h["version"], h["band"]) for h in trend] == [(1, "Moderate"), (2, "High")]
    assert trend[1]["score_min"] == pytest.approx(23.4)  # 8 x 2 x 1.5 = 24; x 0.975 = 23.4


def test_scheme_must_apply_to_the_subject_kind(workspace, subjects):
    with pytest.raises(ValidationError, match="applies to groups, not to nominals"):
        workspace.write("a.start", assessments.start, subjects["nominal"], "ocgm-reference")
    names = [s.id for s in workspace.read(assessments.schemes_for_kind, "nominal")]
    assert names == ["morile-reference"]


def test_marking_follows_the_subject_and_cannot_go_below_it(workspace, subjects):
    created = workspace.write("a.start", assessments.start, subjects["nominal"], "morile-reference")
    assert workspace.read(assessments.get, created.id)["marking"].value == "SECRET"
    with pytest.raises(ValidationError, match="at least SECRET"):
        workspace.write("a.save", assessments.save, created.id, {}, marking="OFFICIAL")


def test_bad_answers_save_nothing(workspace, subjects):
    created = drafted(workspace, subjects["group"])
    before = workspace.read(assessments.get, created.id)["result"].to_json()
    with pytest.raises(ValidationError) as err:
        workspace.write("a.save", assessments.save, created.id, {**MORILE_ANSWERS, "physical": "lethal"})
    assert err.value.for_field("physical")
    assert workspace.read(assessments.get, created.id)["result"].to_json() == before


def test_due_and_overdue_reviews(workspace, team, subjects):
    sam = team.open("sam")
    created = drafted(workspace, subjects["group"])
    workspace.write("a.submit", assessments.submit, created.id)
    sam.write("a.approve", assessments.approve, created.id, today=TODAY)  # review in 6 months
    review = add_months(TODAY, 6)
    assert workspace.read(assessments.due_for_review, today=TODAY) == []
    soon = workspace.read(assessments.due_for_review, today=review - dt.timedelta(days=24))
    assert [(d["reference"], d["overdue"], d["days"]) for d in soon] == [(created.reference, False, 24)]
    late = workspace.read(assessments.due_for_review, today=review + dt.timedelta(days=7))
    assert late[0]["overdue"] and late[0]["in_progress"] is None
    redo = workspace.write("a.start", assessments.start, subjects["group"], "morile-reference")
    assert workspace.read(assessments.due_for_review, today=review + dt.timedelta(days=7))[0]["in_progress"] == redo.reference


def test_morile_and_ocgm_side_by_side_flag_disagreement(workspace, team, subjects):
    sam = team.open("sam")
    low_harm = {**MORILE_ANSWERS, **{k: "none" for k in ("physical", "psychological", "financial", "community")}}
    m = drafted(workspace, subjects["group"], answers=low_harm)
    o = drafted(workspace, subjects["group"], "ocgm-reference", OCGM_ANSWERS)
    assert workspace.read(assessments.comparison, subjects["group"]) is None  # nothing approved yet
    for a in (m, o):
        workspace.write("a.submit", assessments.submit, a.id)
        sam.write("a.approve", assessments.approve, a.id, today=TODAY)
    pair = workspace.read(assessments.comparison, subjects["group"])
    assert pair.morile["band"] == "Low" and pair.ocgm["band"] == "Band A"
    assert pair.agreement.disagree and "OCGM rates this subject much more serious" in pair.agreement.message
    assert [c.ocgm["reference"] for c in workspace.read(assessments.disagreements)] == [o.reference]


def test_verify_recomputes_every_stored_result(workspace, subjects):
    created = drafted(workspace, subjects["group"])
    assert assessments.verify.__name__ and workspace.read(assessments.verify) == []
    checks = {c.name: c for c in maintenance.verify(workspace)}
    assert checks["assessment results recomputed"].ok
    with workspace.engine.begin() as conn:  # tamper with the cached result of a draft
        stored = conn.execute(text("SELECT result FROM assessments WHERE id = :i"), {"i": created.id}).scalar()
        stored = json.loads(stored) if isinstance(stored, str) else stored  # text on SQLite, parsed on a server
        stored["score"] = 99
        conn.execute(text("UPDATE assessments SET result = :r WHERE id = :i"), {"r": json.dumps(stored), "i": created.id})
    problems = workspace.read(assessments.verify)
    assert problems == [f"{created.reference}: stored result differs from recomputation in score"]
    assert not {c.name: c for c in maintenance.verify(workspace)}["assessment results recomputed"].ok


def test_import_a_controlled_scheme_and_use_it(workspace, subjects, tmp_path):
    data = _minimal()
    data.update(id="rocu-morile", version="2.0", method="MoRiLE", applies_to=["group", "nominal"])
    path = tmp_path / "rocu-morile-2.0.json"
    path.write_text(json.dumps(data))
    assert workspace.write("s.import", assessments.import_scheme, path) == "rocu-morile@2.0"
    with pytest.raises(Conflict, match="already in this workspace"):
        workspace.write("s.import", assessments.import_scheme, path)
    data["title"] = "changed"
    path.write_text(json.dumps(data))
    with pytest.raises(Conflict, match="new version number"):
        workspace.write("s.import", assessments.import_scheme, path)
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({**data, "calculations": [{"id": "t", "title": "T", "expression": "a +"}]}))
    with pytest.raises(SchemeError, match=r"broken.json: calculations\[0\].expression: at column 4"):
        workspace.write("s.import", assessments.import_scheme, broken)
    created = workspace.write("a.start", assessments.start, subjects["nominal"], "rocu-morile")
    result = workspace.write("a.save", assessments.save, created.id, {"a": "high", "n": 4})
    assert result.score.lo == 6 and result.band_label == "High"
    workspace.write("s.retire", assessments.set_scheme_active, "rocu-morile@2.0", False)
    assert "rocu-morile" not in [s.id for s in workspace.read(assessments.available_schemes)]
    # the assessment made with it still recomputes from the stored text
    assert workspace.read(assessments.get, created.id)["result"].score.lo == 6
    assert workspace.read(assessments.verify) == []


def test_every_change_is_audited(workspace, team, subjects):
    sam = team.open("sam")
    created = drafted(workspace, subjects["group"])
    workspace.write("a.submit", assessments.submit, created.id)
    sam.write("a.approve", assessments.approve, created.id, today=TODAY)
    with workspace.reader() as s:
        rows = s.execute(text("SELECT action, username, summary FROM audit_events "
                              "WHERE entity_type = 'assessment' ORDER BY id")).all()
    assert [tuple(r[:2]) for r in rows] == [("assessment.start", "admin"), ("assessment.save", "admin"),
                                            ("assessment.submit", "admin"), ("assessment.approve", "sam")]
    assert rows[-1][2] == f"{created.reference} approved: Moderate, P3; next review {add_months(TODAY, 6).isoformat()}"


def test_a_refused_action_is_audited(workspace, team, subjects):
    ana = team.open("ana")
    created = drafted(workspace, subjects["group"])
    workspace.write("a.submit", assessments.submit, created.id)
    with pytest.raises(PermissionDenied):
        ana.write("assessment.approve", assessments.approve, created.id)
    with workspace.reader() as s:
        rows = s.execute(text("SELECT username, summary FROM audit_events WHERE action = 'permission.denied'")).all()
    assert len(rows) == 1 and rows[0][0] == "ana" and "refused assessment.approve" in rows[0][1]
    assert workspace.read(assessments.get, created.id)["status"] is AssessmentStatus.SUBMITTED


# ------------------------------------------------------------------ management level suggested (#25)

def test_management_level_is_suggested_by_the_rule_and_a_different_choice_needs_a_reason(workspace, team, subjects):
    from rocta_desktop.domain.subjects import ManagementLevel
    sam, sue = team.open("sam"), team.open("sue")
    gid = subjects["group"]
    before = workspace.read(assessments.management_level, gid)
    assert before["current"] == "regional" and before["suggested"] is None and "No approved" in before["why"]
    for ref, answers in (("morile-reference", MORILE_ANSWERS), ("ocgm-reference", OCGM_ANSWERS)):
        created = drafted(sam, gid, ref, answers)
        sam.write("a.submit", assessments.submit, created.id)
        sue.write("a.approve", assessments.approve, created.id, today=TODAY)
    found = workspace.read(assessments.management_level, gid)
    # the shipped rules (resources/levels): OCGM Band A -> national, MoRiLE P3 -> local; the more senior applies
    assert found["suggested"] == "national"
    assert "OCGM ASM-" in found["why"] and "Band A \u2192 national" in found["why"]
    assert "P3 \u2192 local" in found["why"] and "more senior level applies: national" in found["why"]
    assert {b["method"]: b["level"] for b in found["basis"]} == {"MoRiLE": "local", "OCGM": "national"}
    # a level other than the suggestion needs a reason, kept with the decision and audited
    with pytest.raises(ValidationError, match="suggest national: say why"):
        sam.write("lvl", assessments.set_management_level, gid, "regional")
    sam.write("lvl", assessments.set_management_level, gid, "regional", "NCA declined it; the ROCU leads")
    decided = workspace.read(assessments.management_level, gid)
    assert decided["current"] == "regional"
    last = decided["decisions"][0]
    assert (last["level"], last["suggested"], last["reason"], last["by"]) == (
        "regional", "national", "NCA declined it; the ROCU leads", "Sam")
    assert workspace.read(registers.get_subject, gid)["management_level"] is ManagementLevel.REGIONAL
    with workspace.reader() as s:
        rows = s.execute(text("SELECT entity_type, summary FROM audit_events WHERE action = "
                              "'subject.management_level' ORDER BY id")).all()
    assert [r[0] for r in rows] == ["management_level"]  # the group kept its level: only the decision
    assert "reason: NCA declined it" in rows[0][1]
    # taking the suggestion needs no reason
    result = sam.write("lvl", assessments.set_management_level, gid, "national")
    assert result == {"level": "national", "suggested": "national", "differs": False}
    with workspace.reader() as s:
        rows = s.execute(text("SELECT entity_type, changes FROM audit_events WHERE action = "
                              "'subject.management_level' ORDER BY id")).all()
    assert sorted(r[0] for r in rows[1:]) == ["group", "management_level"]
    changes = next(r[1] for r in rows[1:] if r[0] == "group")
    changes = json.loads(changes) if isinstance(changes, str) else changes  # parsed on a server
    assert changes["management_level"] == {"before": "regional", "after": "national"}
    with pytest.raises(ValidationError, match="only groups"):
        sam.write("lvl", assessments.set_management_level, subjects["nominal"], "local")


def test_the_region_replaces_the_level_rule_with_its_own(workspace, team, subjects):
    sam, sue, ana = team.open("sam"), team.open("sue"), team.open("ana")
    created = drafted(sam, subjects["group"], "ocgm-reference", OCGM_ANSWERS)
    sam.write("a.submit", assessments.submit, created.id)
    sue.write("a.approve", assessments.approve, created.id, today=TODAY)
    rule = {"scheme": "ocgm-reference", "from": "band",
            "levels": {"Band A": "regional", "Band B": "regional", "Band C": "local", "Band D": "local"}}
    with pytest.raises(PermissionDenied):
        ana.write("rule", assessments.set_level_rule, "ocgm-reference", rule)
    with pytest.raises(ValidationError, match="missing: Band D"):
        workspace.write("rule", assessments.set_level_rule, "ocgm-reference",
                        {**rule, "levels": {k: v for k, v in rule["levels"].items() if k != "Band D"}})
    with pytest.raises(ValidationError, match="'Band Z' is not a band"):
        workspace.write("rule", assessments.set_level_rule, "ocgm-reference",
                        {**rule, "levels": {**rule["levels"], "Band Z": "local"}})
    workspace.write("rule", assessments.set_level_rule, "ocgm-reference", rule)
    assert workspace.read(assessments.management_level, subjects["group"])["suggested"] == "regional"
    workspace.write("rule", assessments.set_level_rule, "ocgm-reference", None)  # back to the shipped rule
    assert workspace.read(assessments.management_level, subjects["group"])["suggested"] == "national"
    with workspace.reader() as s:
        assert s.execute(text("SELECT count(*) FROM audit_events WHERE action = 'scheme.level_rule'")).scalar() == 2
