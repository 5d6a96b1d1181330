"""Impact services on a real workspace: 4P plans, the disruption life cycle and its approval rule,
and every chart aggregate checked against hand counts on fixed data."""

import datetime as dt

import pytest
from sqlalchemy import text

from rocta_desktop.domain.errors import Conflict, PermissionDenied, ValidationError
from rocta_desktop.domain.impact import DEFAULT_GRADE_GUIDANCE, ImpactGrade
from rocta_desktop.services import assessments, impact, reference_data, registers
from rocta_desktop.services.impact import ChartFilter
from rocta_desktop.store.models import Agency, Force
from tests.dates import TODAY, days, iso, month_start
from tests.domain.test_schemes import MORILE_ANSWERS

# the fixed data falls in the two whole months before this one
M2, M1 = month_start(2), month_start(1)
M1_END = month_start(0) - dt.timedelta(days=1)


def on(month: dt.date, day: int) -> str:
    return (month + dt.timedelta(days=day - 1)).isoformat()


@pytest.fixture
def region(workspace, team):
    with workspace.operation("t") as uow:
        nmp = reference_data.create(uow, Force, {"code": "NMP", "name": "Northmoor Police"})
        evc = reference_data.create(uow, Force, {"code": "EVC", "name": "Eastvale"})
        rocu = reference_data.create(uow, Agency, {"code": "ROCU", "name": "Regional Unit", "kind": "ROCU"})
        nca = reference_data.create(uow, Agency, {"code": "NCA", "name": "National Crime Agency", "kind": "NCA"})
        hmrc = reference_data.create(uow, Agency, {"code": "HMRC", "name": "HMRC", "kind": "HMRC"})
        g1 = registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL-SENSITIVE",
                                          "management_level": "regional", "lead_force_id": nmp}).id
        g2 = registers.create_group(uow, {"name": "Canal Firm", "marking": "OFFICIAL", "management_level": "local",
                                          "lead_force_id": evc}).id
        n1 = registers.create_nominal(uow, {"surname": "Lane", "forenames": "Kit", "marking": "OFFICIAL",
                                            "lead_force_id": nmp}).id
    return {"nmp": nmp, "evc": evc, "rocu": rocu, "nca": nca, "hmrc": hmrc, "g1": g1, "g2": g2, "n1": n1,
            "sam": team.open("sam")}


def disruption(ws, sup, subject, day, four_p, grade, lead, agencies=(), outcomes=(), approve=True):
    did, ref = ws.write("d", impact.create, {"subject_id": subject, "occurred_on": day, "four_p": four_p,
                                             "tactic": "warrant", "grade": grade, "lead_agency_id": lead,
                                             "agency_ids": list(agencies), "outcomes": list(outcomes)}, today=TODAY)
    if approve:
        ws.write("d", impact.submit, did)
        sup.write("d", impact.approve, did)
    return did


@pytest.fixture
def fixed(workspace, region):
    r, sam = region, region["sam"]
    disruption(workspace, sam, r["g1"], on(M2, 3), "pursue", "major", r["rocu"], [r["nca"]],
               [{"kind": "arrests", "quantity": 3}, {"kind": "drugs", "quantity": 2.5, "unit": "kg", "detail": "cocaine"},
                {"kind": "cash", "quantity": 12000}])
    disruption(workspace, sam, r["g1"], on(M2, 20), "protect", "minor", r["nca"], [r["rocu"]],
               [{"kind": "safeguarding", "quantity": 2}])
    disruption(workspace, sam, r["g2"], on(M1, 10), "pursue", "moderate", r["hmrc"], [],
               [{"kind": "arrests", "quantity": 1}, {"kind": "drugs", "quantity": 500, "unit": "g"}])
    disruption(workspace, sam, r["n1"], on(M1, 25), "prevent", "minor", r["nca"], [])
    disruption(workspace, sam, r["g2"], on(M1, 26), "pursue", "major", r["rocu"], [], approve=False)  # draft
    return r


def test_disruption_life_cycle_and_the_approval_rule(workspace, region):
    r = region
    did = disruption(workspace, r["sam"], r["g1"], iso(-24), "pursue", "moderate", r["nca"], [r["rocu"]],
                     [{"kind": "firearms", "quantity": 1}], approve=False)
    got = workspace.read(impact.get, did)
    assert got["reference"] == f"DSR-{days(-24).year}-0001" and got["agencies"] == ["ROCU"] and got["outcomes"][0]["quantity"] == 1
    with pytest.raises(ValidationError) as err:
        workspace.write("d", impact.update, did, {"occurred_on": iso(37), "grade": "huge", "tactic": "",
                                                  "outcomes": [{"kind": "drugs", "quantity": 3}]}, today=TODAY)
    assert {p.field for p in err.value.problems} == {"occurred_on", "grade", "tactic", "outcomes"}
    workspace.write("d", impact.submit, did)
    with pytest.raises(Conflict, match="awaiting approval"):
        workspace.write("d", impact.update, did, {"tactic": "x"})
    with pytest.raises(PermissionDenied, match="another supervisor"):
        workspace.write("d", impact.approve, did)  # admin wrote and submitted it
    r["sam"].write("d", impact.return_for_changes, did, "Add the cash seized")
    workspace.write("d", impact.update, did, {"outcomes": [{"kind": "cash", "quantity": 5000}]}, today=TODAY)
    workspace.write("d", impact.submit, did)
    r["sam"].write("d", impact.approve, did)
    assert workspace.read(impact.get, did)["status"].value == "approved"
    with pytest.raises(Conflict, match="approved and cannot change"):
        workspace.write("d", impact.update, did, {"tactic": "x"})
    with workspace.engine.begin() as conn, pytest.raises(Exception, match="cannot be changed"):
        conn.execute(text("UPDATE disruptions SET tactic = 'x' WHERE id = :i"), {"i": did})


def test_aggregates_match_hand_counts(workspace, fixed):
    r, all_ = fixed, ChartFilter(M2, M1_END)
    over = workspace.read(impact.disruptions_over_time, all_)
    assert over.categories == (f"{M2:%Y-%m}", f"{M1:%Y-%m}")
    by = {s.name: s.values for s in over.series}
    assert by == {"Pursue": (1.0, 1.0), "Prevent": (0.0, 1.0), "Protect": (1.0, 0.0), "Prepare": (0.0, 0.0)}
    grades = {s.name: s.values for s in workspace.read(impact.disruptions_over_time, all_, by="grade").series}
    assert grades == {"Minor": (1.0, 1.0), "Moderate": (0.0, 1.0), "Major": (1.0, 0.0)}  # the draft is not counted
    agencies = workspace.read(impact.by_agency, all_)
    assert agencies.categories == ("HMRC", "NCA", "ROCU")
    assert {s.name: s.values for s in agencies.series} == {"Led": (1.0, 2.0, 1.0), "Contributed": (0.0, 1.0, 1.0)}
    assert "ROCU involved in 2 of 4 approved disruptions (50%)" in agencies.note
    assert workspace.read(impact.rocu_contribution, all_) == {"disruptions": 4, "rocu_led": 1, "rocu_contributed": 1}
    totals, spec = workspace.read(impact.outcome_totals, all_)
    assert totals == {"Arrests": 4, "Drugs seized (kg)": 2.5, "Cash seized (£)": 12000, "Safeguarding referrals": 2,
                      "Drugs seized (g)": 500}
    assert "Cash seized (£): 12,000" in spec.note
    nmp = workspace.read(impact.disruptions_over_time, ChartFilter(force_id=r["nmp"]))
    assert nmp.total() == 3  # Harbour Crew x2 and Lane (NMP); Canal Firm is EVC
    groups_only = workspace.read(impact.disruptions_over_time, ChartFilter(kind="group"))
    assert groups_only.total() == 3
    september = workspace.read(impact.disruptions_over_time, ChartFilter(M2, M1 - dt.timedelta(days=1)))
    assert september.total() == 2


def test_threat_picture_risk_matrix_and_timeline(workspace, fixed):
    r = fixed
    a = workspace.write("a", assessments.start, r["g1"], "morile-reference")
    workspace.write("a", assessments.save, a.id, MORILE_ANSWERS)
    workspace.write("a", assessments.submit, a.id)
    r["sam"].write("a", assessments.approve, a.id, today=days(-116))
    picture = workspace.read(impact.threat_picture, ChartFilter())
    counts = {s.name: dict(zip(picture.categories, s.values)) for s in picture.series}
    assert counts["Regional"]["P3"] == 1 and counts["Local"]["Not assessed"] == 1
    assert counts["Not a group"]["Not assessed"] == 0 and "1 not yet assessed" in picture.note
    matrix = workspace.read(impact.risk_matrix, ChartFilter())
    assert [(p.label, p.x, p.y, p.colour) for p in matrix.points] == [("", 0.65, 18.0, "#e8a33d")]  # P3: not named
    assert matrix.y_range == (0.0, 64.0)
    line = workspace.read(impact.subject_timeline, r["g1"])
    assert line.series[0].values == (11.7,) and line.dates == (days(-116),)
    assert [m.when for m in line.markers] == [dt.date.fromisoformat(on(M2, 3)), dt.date.fromisoformat(on(M2, 20))]


def test_plans_actions_practice_and_guidance(workspace, region):
    r = region
    with pytest.raises(Conflict):
        workspace.write("p", impact.add_action, r["g1"], "pursue", "Arrest the principals", "DI Khan")
    workspace.write("p", impact.save_plan, r["g1"], "DCI Moss", owner_agency_id=r["rocu"])
    workspace.write("p", impact.add_action, r["g1"], "pursue", "Arrest the principals", "DI Khan", iso(-5))
    aid = workspace.write("p", impact.add_action, r["g1"], "protect", "Visit the car wash workers", "PCSO Ray",
                          iso(25))
    workspace.write("p", impact.set_action_status, aid, "in_progress")
    plan = workspace.read(impact.get_plan, r["g1"])
    assert plan["owner"] == "DCI Moss" and [a["four_p"].value for a in plan["actions"]] == ["pursue", "protect"]
    due = workspace.read(impact.actions_due, today=days(15))
    assert [(d["overdue"], d["owner"]) for d in due] == [(True, "DI Khan"), (False, "PCSO Ray")]
    pid = workspace.write("b", impact.save_practice, {"title": "Joint visits with Trading Standards",
                                                      "what_was_done": "Weekly visits to car washes",
                                                      "what_worked": "Victims came forward", "tags": "MSHT, partners",
                                                      "contact": "DS Lee", "subject_id": r["g1"]})
    assert [p["id"] for p in workspace.read(impact.search_practice, "car washes")] == [pid]
    assert workspace.read(impact.search_practice, "msht")[0]["tags"] == "MSHT, partners"
    assert workspace.read(impact.search_practice, "nothing like it") == []
    guidance = workspace.read(impact.grade_guidance)
    assert guidance[ImpactGrade.MAJOR] == (DEFAULT_GRADE_GUIDANCE[ImpactGrade.MAJOR], False)
    workspace.write("g", impact.set_grade_guidance, "major", "Principal members charged")
    assert workspace.read(impact.grade_guidance)[ImpactGrade.MAJOR] == ("Principal members charged", True)
    with pytest.raises(PermissionDenied):
        r["sam"].write("g", impact.set_grade_guidance, "minor", "x")


def test_a_disruption_is_marked_at_least_as_high_as_its_subject(workspace, region):
    r = region
    data = {"subject_id": r["g1"], "occurred_on": iso(-24), "four_p": "pursue", "tactic": "warrant",
            "grade": "minor", "marking": "OFFICIAL"}  # Harbour Crew is OFFICIAL-SENSITIVE
    with pytest.raises(ValidationError) as err:
        workspace.write("d", impact.create, data, today=TODAY)
    assert err.value.for_field("marking") == ["must be at least OFFICIAL-SENSITIVE, the marking of the subject"]
    did, _ = workspace.write("d", impact.create, {**data, "marking": None}, today=TODAY)
    assert workspace.read(impact.get, did)["marking"].value == "OFFICIAL-SENSITIVE"  # the subject's by default
    with pytest.raises(ValidationError, match="at least OFFICIAL-SENSITIVE"):
        workspace.write("d", impact.update, did, {"marking": "OFFICIAL"}, today=TODAY)
    workspace.write("d", impact.update, did, {"marking": "SECRET"}, today=TODAY)
