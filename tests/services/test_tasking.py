"""Tasking on a real encrypted workspace: the priority list (ranking, ties, missing assessments,
filters, changes since the last T&CG), tasking requests and their moves (rules, audit), T&CG
meetings (frozen snapshot, decisions moving requests, finalised records immutable in the service
and the database), and capacity against demand."""

import pytest
from sqlalchemy import text

from rocta_desktop.domain.errors import Conflict, PermissionDenied, ValidationError
from rocta_desktop.domain.fourp import FourP
from rocta_desktop.domain.subjects import ManagementLevel, SubjectKind
from rocta_desktop.domain.tasking import Change, Decision, TaskStatus
from rocta_desktop.services import assessments, reference_data, registers, tasking
from rocta_desktop.store.models import Force, Unit
from tests.dates import TODAY, add_months, days, iso
from tests.domain.test_schemes import MORILE_ANSWERS, OCGM_ANSWERS

S = TaskStatus
P1 = {**MORILE_ANSWERS, "physical": "critical", "likelihood": "almost_certain", "scope": "international",
      "capacity": "no_capacity", "capability": "significant"}                 # 26.3, P1
P2_HIGH = {**P1, "capacity": "insufficient", "capability": "minor"}             # 26.3, P2
P2 = {**MORILE_ANSWERS, "likelihood": "almost_certain", "scope": "international"}  # 23.4, P2
P3 = MORILE_ANSWERS                                                              # 11.7, P3


def approve(ws, sup, subject_id, answers, scheme="morile-reference"):
    created = ws.write("a.start", assessments.start, subject_id, scheme, today=TODAY)
    ws.write("a.save", assessments.save, created.id, answers)
    ws.write("a.submit", assessments.submit, created.id)
    sup.write("a.approve", assessments.approve, created.id, today=TODAY)
    return created.id


@pytest.fixture
def region(workspace, team):
    """Two forces, two units, five active groups with assessments and one without."""
    sam = team.open("sam")
    with workspace.operation("test") as uow:
        north = reference_data.create(uow, Force, {"code": "NTH", "name": "Northshire"})
        south = reference_data.create(uow, Force, {"code": "STH", "name": "Southshire"})
        rocu = reference_data.create(uow, Unit, {"code": "ROCU-INT", "name": "ROCU intelligence", "force_id": north,
                                                 "capacity_threats": 2, "capacity_hours": 100})
        dsu = reference_data.create(uow, Unit, {"code": "STH-DSU", "name": "Southshire SOC unit",
                                                "force_id": south, "capacity_threats": 5, "capacity_hours": 40})
        ids = {}
        for name, force, level in [("Alpha", north, "regional"), ("Bravo", south, "local"),
                                   ("Charlie", north, "regional"), ("Delta", south, "national"),
                                   ("Echo", north, "local"), ("Foxtrot", south, "local")]:
            ids[name] = registers.create_group(uow, {"name": f"{name} Crew", "management_level": level,
                                                     "lead_force_id": force, "marking": "OFFICIAL"}).id
        registers.update_subject(uow, ids["Alpha"], {"owner_unit_id": rocu, "lro_name": "DCI Hale"})
        registers.update_subject(uow, ids["Charlie"], {"owner_unit_id": rocu})
        registers.update_subject(uow, ids["Echo"], {"owner_unit_id": rocu})
        registers.set_crime_types(uow, ids["Bravo"], ["DRUGS-SUPPLY"])
    approve(workspace, sam, ids["Alpha"], P2)
    approve(workspace, sam, ids["Bravo"], P1)
    approve(workspace, sam, ids["Charlie"], P2)      # ties with Alpha on MoRiLE...
    approve(workspace, sam, ids["Charlie"], OCGM_ANSWERS, "ocgm-reference")  # ...and wins on OCGM
    approve(workspace, sam, ids["Delta"], P2_HIGH)
    approve(workspace, sam, ids["Echo"], P3)
    # Foxtrot has no approved assessment (a draft does not count)
    workspace.write("a.start", assessments.start, ids["Foxtrot"], "morile-reference", today=TODAY)
    refs = {n: workspace.read(registers.get_subject, i)["reference"] for n, i in ids.items()}
    return {"ids": ids, "refs": refs, "north": north, "south": south, "rocu": rocu, "dsu": dsu, "sam": sam,
            "ana": team.open("ana")}


def names(rows):
    return [r["name"].split()[0] for r in rows]


def test_priority_list_ranks_ties_and_missing_assessments(workspace, region):
    rows = workspace.read(tasking.priority_list, today=TODAY)
    assert names(rows) == ["Bravo", "Delta", "Charlie", "Alpha", "Echo", "Foxtrot"]
    assert [r["rank"] for r in rows] == [1, 2, 3, 4, 5, 6]
    by = {r["name"].split()[0]: r for r in rows}
    assert by["Bravo"]["priority"] == "P1" and by["Delta"]["priority"] == "P2"
    assert by["Charlie"]["morile"] == (23.4, 23.4) and by["Charlie"]["ocgm"] == (70, 70)
    assert by["Charlie"]["ocgm_band"] and by["Alpha"]["ocgm"] is None
    assert by["Alpha"]["owner_unit"] == "ROCU-INT" and by["Alpha"]["lro_name"] == "DCI Hale"
    assert by["Alpha"]["management_level"] is ManagementLevel.REGIONAL
    assert by["Alpha"]["review_due"] == add_months(TODAY, 3)  # High band: 3 months
    assert by["Alpha"]["morile_confidence"] == "Medium"
    assert by["Foxtrot"]["assessed"] is False and by["Foxtrot"]["priority"] is None
    assert all(r["change"] is Change.SAME for r in rows)  # no T&CG yet: nothing to compare with


def test_priority_list_filters_keep_the_overall_rank(workspace, region):
    north = workspace.read(tasking.priority_list, tasking.PriorityFilter(force_id=region["north"]), today=TODAY)
    assert [(r["name"].split()[0], r["rank"]) for r in north] == [("Charlie", 3), ("Alpha", 4), ("Echo", 5)]
    local = workspace.read(tasking.priority_list, tasking.PriorityFilter(level=ManagementLevel.LOCAL), today=TODAY)
    assert names(local) == ["Bravo", "Echo", "Foxtrot"]
    drugs = workspace.read(tasking.priority_list, tasking.PriorityFilter(crime_type="DRUGS-SUPPLY"), today=TODAY)
    assert names(drugs) == ["Bravo"]
    assert workspace.read(tasking.priority_list, tasking.PriorityFilter(kind=SubjectKind.NOMINAL)) == []


def new_request(ws, subject_id, **extra):
    data = {"subject_id": subject_id, "objective": "Identify the supply route", "requester": "DI Moss, NTH",
            "four_p": "pursue", **extra}
    return ws.write("t.create", tasking.create_request, data, today=TODAY)


def test_request_priority_defaults_from_the_latest_morile(workspace, region):
    ana = region["ana"]
    created = new_request(ana, region["ids"]["Bravo"], due_date=iso(36), effort_hours=30)
    assert created.reference == f"TSK-{TODAY.year}-0001"
    got = ana.read(tasking.get_request, created.id, today=TODAY)
    assert got["priority"] == "P1" and got["status"] is S.PROPOSED and got["four_p"] is FourP.PURSUE
    assert got["marking"].value == "OFFICIAL-SENSITIVE" and got["effort_hours"] == 30
    explicit = new_request(ana, region["ids"]["Bravo"], priority="p3")
    assert ana.read(tasking.get_request, explicit.id)["priority"] == "P3"
    with pytest.raises(ValidationError) as err:   # Foxtrot has no approved MoRiLE: choose one
        new_request(ana, region["ids"]["Foxtrot"], objective=" ", four_p="pursuit", effort_hours=-2)
    assert {p.field for p in err.value.problems} == {"priority", "objective", "four_p", "effort_hours"}


def test_board_moves_enforce_the_rules_and_are_audited(workspace, region):
    ana, sam = region["ana"], region["sam"]
    rid = new_request(ana, region["ids"]["Alpha"], due_date=iso(-5)).id
    with pytest.raises(PermissionDenied, match="only a supervisor accepts"):
        ana.write("t.move", tasking.move, rid, S.ACCEPTED)
    sam.write("t.move", tasking.move, rid, S.ACCEPTED)
    with pytest.raises(ValidationError) as err:
        ana.write("t.move", tasking.move, rid, S.ALLOCATED)
    assert err.value.problems[0].field == "owner"
    ana.write("t.update", tasking.update_request, rid, {"owner_unit_id": region["rocu"], "effort_hours": 60})
    ana.write("t.move", tasking.move, rid, "allocated")
    ana.write("t.move", tasking.move, rid, S.IN_PROGRESS)
    with pytest.raises(ValidationError, match="cannot move to closed"):
        sam.write("t.move", tasking.move, rid, S.CLOSED)
    ana.write("t.move", tasking.move, rid, S.REVIEW)
    with pytest.raises(ValidationError) as err:
        sam.write("t.move", tasking.move, rid, S.CLOSED)
    assert err.value.problems[0].field == "outcome"
    cols = ana.read(tasking.board, today=TODAY)
    assert [c["reference"] for c in cols[S.REVIEW]] == [f"TSK-{TODAY.year}-0001"] and cols[S.REVIEW][0]["overdue"]
    sam.write("t.move", tasking.move, rid, S.CLOSED, outcome="Route identified; 2 arrests")
    cols = ana.read(tasking.board, today=TODAY)
    assert cols[S.CLOSED][0]["overdue"] is False  # a closed request is never overdue
    with pytest.raises(Conflict, match="closed"):
        ana.write("t.update", tasking.update_request, rid, {"objective": "changed"})
    with workspace.engine.connect() as conn:
        moves = conn.execute(text("SELECT username, summary FROM audit_events WHERE entity_type = 'tasking' "
                                  "AND action = 'tasking.move' ORDER BY id")).all()
    assert [m[0] for m in moves] == ["sam", "ana", "ana", "ana", "sam"]
    assert moves[0][1] == f"TSK-{TODAY.year}-0001 moved from proposed to accepted"
    assert moves[-1][1] == f"TSK-{TODAY.year}-0001 moved from review to closed"


def test_board_filters_and_groups_every_column(workspace, region):
    ana, sam = region["ana"], region["sam"]
    a = new_request(ana, region["ids"]["Alpha"], owner_unit_id=region["rocu"], owner_force_id=region["north"]).id
    b = new_request(ana, region["ids"]["Bravo"], four_p="protect", owner_force_id=region["south"]).id
    sam.write("t.move", tasking.move, b, S.DECLINED, reason="Force is already running an operation")
    cols = ana.read(tasking.board)
    assert list(cols) == list(S) and [c["id"] for c in cols[S.PROPOSED]] == [a]
    assert cols[S.DECLINED][0]["decline_reason"].startswith("Force is")
    with pytest.raises(PermissionDenied):  # bringing it back to T&CG is a supervisor's call too
        ana.write("t.move", tasking.move, b, S.PROPOSED)
    only = ana.read(tasking.board, tasking.BoardFilter(four_p=FourP.PROTECT))
    assert sum(len(v) for v in only.values()) == 1 and only[S.DECLINED][0]["id"] == b
    assert [c["id"] for v in ana.read(tasking.board, tasking.BoardFilter(owner_unit_id=region["rocu"])).values()
            for c in v] == [a]
    assert ana.read(tasking.board, tasking.BoardFilter(priority="P1"))[S.DECLINED][0]["owner"] == "STH"
    sam.write("t.move", tasking.move, b, S.PROPOSED)
    again = ana.read(tasking.get_request, b)
    assert again["status"] is S.PROPOSED and again["decline_reason"] is None


def test_meeting_snapshot_decisions_and_finalised_immutability(workspace, region):
    ana, sam = region["ana"], region["sam"]
    r1 = new_request(ana, region["ids"]["Bravo"]).id
    r2 = new_request(ana, region["ids"]["Echo"]).id
    r3 = new_request(ana, region["ids"]["Alpha"]).id
    m = ana.write("t.meet", tasking.create_meeting, {"held_on": iso(-5), "kind": "tactical",
                                                      "level": "regional", "attendees": "DCI Hale\nDI Moss\n"})
    meeting = ana.read(tasking.get_meeting, m.id)
    assert m.reference == f"TCG-{days(-5).year}-0001" and meeting["attendees"] == ["DCI Hale", "DI Moss"]
    assert [r["reference"] for r in meeting["snapshot"]] == [region["refs"][n] for n in
                                                            ("Bravo", "Delta", "Charlie", "Alpha", "Echo", "Foxtrot")]
    with pytest.raises(PermissionDenied):  # decisions are the chair's (a supervisor)
        ana.write("t.decide", tasking.record_decision, m.id, r1, "accept", "Highest harm")
    with pytest.raises(ValidationError, match="rationale"):
        sam.write("t.decide", tasking.record_decision, m.id, r1, "accept", "  ")
    sam.write("t.decide", tasking.record_decision, m.id, r1, Decision.ACCEPT, "Highest harm in the region")
    sam.write("t.decide", tasking.record_decision, m.id, r2, "decline", "Force lead; no regional need")
    sam.write("t.decide", tasking.record_decision, m.id, r3, "defer", "Await the OCGM")
    with pytest.raises(Conflict, match="already decided"):
        sam.write("t.decide", tasking.record_decision, m.id, r1, "decline", "changed mind")
    status = {r["id"]: r["status"] for r in ana.read(tasking.requests)}
    assert status == {r1: S.ACCEPTED, r2: S.DECLINED, r3: S.PROPOSED}
    assert ana.read(tasking.get_request, r2)["decline_reason"] == "Force lead; no regional need"
    ana.write("t.action", tasking.add_action, m.id, "Profile Alpha's couriers", "DS Kerr", iso(10))
    with pytest.raises(PermissionDenied):
        ana.write("t.final", tasking.finalise, m.id)
    sam.write("t.final", tasking.finalise, m.id)
    # the priority list changes later; the meeting's snapshot does not
    with workspace.operation("test") as uow:
        registers.archive(uow, region["ids"]["Echo"], "Disrupted: principals convicted")
    again = ana.read(tasking.get_meeting, m.id)
    assert again["snapshot"] == meeting["snapshot"] and again["finalised"]
    with pytest.raises(Conflict, match="finalised"):
        ana.write("t.meet", tasking.update_meeting, m.id, {"notes": "late edit"})
    with pytest.raises(Conflict, match="finalised"):
        sam.write("t.decide", tasking.record_decision, m.id, r3, "accept", "revisited")
    with pytest.raises(Conflict):
        ana.write("t.action", tasking.add_action, m.id, "Late", "DS Kerr")
    action_id = again["actions"][0]["id"]
    ana.write("t.done", tasking.set_action_status, action_id, "done")  # actions are followed up afterwards
    assert ana.read(tasking.get_meeting, m.id)["actions"][0]["status"].value == "done"
    for sql in ("UPDATE tcg_meetings SET snapshot = '[]' WHERE id = :i",
                "UPDATE tcg_meetings SET notes = 'x' WHERE id = :i",
                "DELETE FROM tcg_meetings WHERE id = :i",
                "UPDATE tcg_decisions SET rationale = 'x' WHERE meeting_id = :i",
                "DELETE FROM tcg_decisions WHERE meeting_id = :i"):
        with workspace.engine.begin() as conn, pytest.raises(Exception, match="cannot be"):
            conn.execute(text(sql), {"i": m.id})


def test_snapshot_is_fixed_even_before_finalising(workspace, region):
    m = workspace.write("t.meet", tasking.create_meeting, {"held_on": TODAY, "kind": "strategic", "level": "force",
                                                           "force_id": region["south"]})
    with pytest.raises(Conflict, match="cannot be changed"):
        workspace.write("t.meet", tasking.update_meeting, m.id, {"snapshot": []})
    with workspace.engine.begin() as conn, pytest.raises(Exception, match="snapshot of the priority list"):
        conn.execute(text("UPDATE tcg_meetings SET snapshot = '[]' WHERE id = :i"), {"i": m.id})
    workspace.write("t.meet", tasking.update_meeting, m.id, {"notes": "Chair: Supt Grey"})  # details may change
    with pytest.raises(ValidationError) as err:
        workspace.write("t.meet", tasking.create_meeting, {"held_on": "", "kind": "weekly", "level": "force"})
    assert {p.field for p in err.value.problems} == {"held_on", "kind", "force_id"}


def test_changes_since_the_last_meeting(workspace, region):
    ana, sam = region["ana"], region["sam"]
    ana.write("t.meet", tasking.create_meeting, {"held_on": iso(-24), "kind": "tactical", "level": "regional"})
    # since then: Echo re-assessed up to P1 (29.3, above Bravo's 26.3), Alpha archived, a new group assessed
    approve(workspace, sam, region["ids"]["Echo"], {**P1, "psychological": "substantial"})
    with workspace.operation("test") as uow:
        registers.archive(uow, region["ids"]["Alpha"], "Merged into Charlie")
        golf = registers.create_group(uow, {"name": "Golf Crew", "management_level": "local", "marking": "OFFICIAL"}).id
    approve(workspace, sam, golf, P3)
    rows = ana.read(tasking.priority_list, today=TODAY)
    marks = {r["name"].split()[0]: r["change"] for r in rows}
    assert names(rows) == ["Echo", "Bravo", "Delta", "Charlie", "Golf", "Foxtrot"]
    assert marks == {"Echo": Change.UP, "Bravo": Change.DOWN, "Delta": Change.DOWN, "Charlie": Change.DOWN,
                     "Golf": Change.NEW, "Foxtrot": Change.SAME}
    since = ana.read(tasking.changes_since_last_meeting, today=TODAY)
    assert since["meeting"] == f"TCG-{days(-24).year}-0001" and [r["reference"] for r in since["archived"]] == [region["refs"]["Alpha"]]
    # the screen's default view (assessed subjects only) has the same ranks and marks as the whole list
    with workspace.operation("test") as uow:
        registers.create_group(uow, {"name": "Hotel Crew", "management_level": "local", "marking": "OFFICIAL"})
    full = ana.read(tasking.priority_view, today=TODAY)
    rows = full["rows"]
    short = ana.read(tasking.priority_view, today=TODAY, include_unassessed=False)
    assert [(r["reference"], r["rank"], r["change"]) for r in short["rows"]] == [
        (r["reference"], r["rank"], r["change"]) for r in rows if r["assessed"]]
    assert short["unassessed"] == full["unassessed"] == sum(1 for r in rows if not r["assessed"]) >= 1
    assert rows[-1]["name"] == "Hotel Crew" and rows[-1]["change"] is Change.NEW  # unassessed: last, and new
    assert [a["reference"] for a in short["archived"]] == [a["reference"] for a in full["archived"]] == [
        region["refs"]["Alpha"]]
    # the home screen's counts, read without building the list, agree with the list
    summary = ana.read(tasking.region_summary, today=TODAY)
    assert summary["changes"] == {"up": 1, "down": 3, "new": 2, "archived": 1} and summary["meeting"] == f"TCG-{days(-24).year}-0001"
    assert summary["active"] == len(rows) and sum(summary["by_priority"].values()) == len(rows)
    assert summary["by_priority"] == {p: sum(1 for r in rows if r["priority"] == p) for p in ("P1", "P2", "P3", "P4")} | {
        "none": sum(1 for r in rows if not r["priority"])}
    assert summary["by_level"] == {lv: sum(1 for r in rows if r["management_level"] and r["management_level"].value == lv)
                                   for lv in {r["management_level"].value for r in rows if r["management_level"]}}
    # a meeting dated after "today" is not the last one yet
    ana.write("t.meet", tasking.create_meeting, {"held_on": iso(6), "kind": "tactical", "level": "regional"})
    assert ana.read(tasking.changes_since_last_meeting, today=TODAY)["meeting"] == f"TCG-{days(-24).year}-0001"


def test_capacity_and_demand(workspace, region):
    ana, sam = region["ana"], region["sam"]
    a = new_request(ana, region["ids"]["Alpha"], owner_unit_id=region["rocu"], effort_hours=80).id
    b = new_request(ana, region["ids"]["Charlie"], owner_unit_id=region["rocu"], effort_hours=30).id
    new_request(ana, region["ids"]["Bravo"], owner_unit_id=region["dsu"], effort_hours=25)   # proposed: pending
    for rid in (a, b):
        sam.write("t.move", tasking.move, rid, S.ACCEPTED)
    got = ana.read(tasking.capacity_and_demand)
    light = ana.read(lambda session: tasking.capacity_and_demand(
        session, ranked=tasking.region_summary(session)["rows"]))
    assert light["units"] == got["units"]  # the home screen's cheaper read gives the same units
    units = {u["code"]: u for u in got["units"]}
    rocu, dsu = units["ROCU-INT"], units["STH-DSU"]
    assert (rocu["threats"], rocu["capacity_threats"], rocu["committed_hours"], rocu["capacity_hours"]) == (3, 2, 110, 100)
    assert rocu["threats_by_priority"] == {"P1": 0, "P2": 2, "P3": 1, "P4": 0, "none": 0}
    assert rocu["requests_by_priority"] == {"P1": 0, "P2": 2, "P3": 0, "P4": 0} and rocu["open_requests"] == 2
    assert rocu["over_threats"] and rocu["over_hours"] and rocu["over"]
    assert (dsu["threats"], dsu["committed_hours"], dsu["pending_hours"], dsu["over"]) == (0, 0, 25, False)
    assert got["over_committed"] == ["ROCU-INT"]
    assert [r["name"] for r in got["unowned"]] == ["Bravo Crew", "Delta Crew"]  # P1 and P2 with no owner unit


def test_demo_tasking_fills_the_board_through_the_services(workspace, region):
    from rocta_desktop.demo import tasking as demo_tasking
    made = demo_tasking.generate(region["ana"], region["sam"], requests=5, seed=2, today=TODAY)
    assert made == {"tasking requests": 5, "T&CG meetings": 1}
    cols = workspace.read(tasking.board, today=TODAY)
    assert sum(len(v) for v in cols.values()) == 5 and cols[S.PROPOSED] and cols[S.ACCEPTED]
    meeting = workspace.read(tasking.meetings)[0]
    assert meeting["finalised"] and meeting["decision_count"] == 3 and meeting["subject_count"] == 6


def test_the_range_rule_is_an_administrators_choice_and_every_row_says_if_it_needs_intelligence(workspace, team):
    from rocta_desktop.domain.errors import PermissionDenied, ValidationError
    from rocta_desktop.domain.tasking import RangeRule
    from rocta_desktop.services import settings as app_settings
    with pytest.raises(ValidationError, match="rank a range by lower, midpoint, upper, not 'sideways'"):
        workspace.write("r", app_settings.set_range_rule, "sideways")
    with pytest.raises(PermissionDenied):
        team.open("ana").write("r", app_settings.set_range_rule, RangeRule.LOWER)
    workspace.write("r", app_settings.set_range_rule, "lower")
    assert workspace.read(app_settings.range_rule) is RangeRule.LOWER
    rows = workspace.read(tasking.priority_view)["rows"]
    assert all("needs_intelligence" in r for r in rows)
