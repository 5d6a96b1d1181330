"""Home: each list on the real workspace holds exactly the records that need the person's
attention, and moves as the records do."""

import datetime as dt

import pytest

from rocta_desktop.domain.errors import ValidationError
from rocta_desktop.services import assessments, collection, home, impact, reference_data, registers, tasking, triggers
from rocta_desktop.store.models import Agency, Force
from tests.dates import TODAY, days, iso
from tests.domain.test_schemes import MORILE_ANSWERS


@pytest.fixture
def region(workspace, team):
    with workspace.operation("test") as uow:
        force = reference_data.create(uow, Force, {"code": "NMP", "name": "Northmoor Police"})
        nca = reference_data.create(uow, Agency, {"code": "NCA", "name": "National Crime Agency", "kind": "NCA"})
        group = registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL",
                                             "management_level": "regional", "lead_force_id": force}).id
    return {"force": force, "nca": nca, "group": group, "ana": team.open("ana"), "sam": team.open("sam")}


def referral(region, received_on):
    return {"received_on": received_on, "force_id": region["force"], "officer": "DS Jo Smith",
            "subject_kind": "group", "proposed_name": "Canal Street Firm", "summary": "Cash runs to the port",
            "source_evaluation": "2", "intel_assessment": "B", "handling_code": "P"}


def test_my_work_lists_only_what_is_mine(workspace, region):
    ana, sam = region["ana"], region["sam"]
    mine = ana.write("a", assessments.start, region["group"], "morile-reference", today=TODAY)
    sam.write("a", assessments.start, region["group"], "ocgm-reference", today=TODAY)  # someone else's draft
    tid, _ = workspace.write("t", triggers.create, referral(region, iso(-5)), today=TODAY)
    ana.write("t", triggers.start_triage, tid)  # taking it into triage assigns it to her
    ana.write("t", tasking.create_request, {"subject_id": region["group"], "objective": "Find the route",
                                            "requester": "DI Moss", "four_p": "pursue", "due_date": iso(-5),
                                            "priority": "P2"},
              today=TODAY)
    ana.write("p", impact.save_plan, region["group"], "DCI Moss")
    ana.write("p", impact.add_action, region["group"], "prevent", "Warn the landlords", "ana", iso(5))
    sam.write("p", impact.add_action, region["group"], "protect", "Brief the port", "DI Khan", iso(5))
    ana.write("c", collection.create, {"question": "Who drives the vans?", "priority": "high", "owner": "Ana",
                                       "due_on": iso(-24), "agency_ids": [region["nca"]]}, today=days(-55))

    work = ana.read(home.home, ana.actor, today=TODAY)["work"]
    assert [a["reference"] for a in work["drafts"]] == [mine.reference]
    assert [t["id"] for t in work["triage"]] == [tid]
    assert [(r["objective"], r["overdue"]) for r in work["tasking_due"]] == [("Find the route", True)]
    assert [a["text"] for a in work["actions_due"]] == ["Warn the landlords"]
    assert [(g["question"], g["overdue"], g["awaiting"]) for g in work["my_requirements"]] == [
        ("Who drives the vans?", True, ["NCA"])]
    theirs = sam.read(home.home, sam.actor, today=TODAY)["work"]
    assert [a["text"] for a in theirs["actions_due"]] == []  # "DI Khan" is not Sam
    assert theirs["triage"] == [] and theirs["tasking_due"] == [] and theirs["my_requirements"] == []
    assert ana.read(home.home, ana.actor, today=TODAY)["supervisor"] == {}  # analysts have no approval queue


def test_assigning_a_referral_moves_it_between_people(workspace, region):
    ana, sam = region["ana"], region["sam"]
    tid, _ = workspace.write("t", triggers.create, referral(region, iso(-24)), today=TODAY)
    officers = {o["display_name"]: o["id"] for o in workspace.read(triggers.triage_officers)}
    assert {"Ana", "Sam", "Sue", "Admin User"} <= set(officers)
    workspace.write("t", triggers.assign, tid, officers["Sam"])
    assert [t["id"] for t in sam.read(home.home, sam.actor, today=TODAY)["work"]["triage"]] == [tid]
    ana.write("t", triggers.start_triage, tid)  # already assigned: stays with Sam
    assert workspace.read(triggers.get, tid)["assigned_to"] == "Sam"
    with pytest.raises(ValidationError, match="active analyst"):
        workspace.write("t", triggers.assign, tid, 9999)
    supervisor = sam.read(home.home, sam.actor, today=TODAY)["supervisor"]
    assert [(t["id"], t["days_waiting"]) for t in supervisor["triggers_late"]] == [(tid, 24)]


def test_supervisor_queue_oldest_first_and_leaves_on_approval(workspace, region):
    ana, sam = region["ana"], region["sam"]
    first = ana.write("a", assessments.start, region["group"], "morile-reference", today=TODAY)
    ana.write("a", assessments.save, first.id, MORILE_ANSWERS)
    ana.write("a", assessments.submit, first.id)
    queue = sam.read(home.home, sam.actor, today=TODAY + dt.timedelta(days=3))["supervisor"]["assessments_to_approve"]
    assert [(a["reference"], a["age_days"]) for a in queue] == [(first.reference, 3)]
    sam.write("a", assessments.approve, first.id, today=TODAY)
    after = sam.read(home.home, sam.actor, today=TODAY)
    assert after["supervisor"]["assessments_to_approve"] == []
    assert after["region"]["active_subjects"] == 1 and sum(after["region"]["by_priority"].values()) == 1
    due = sam.read(home.home, sam.actor, today=days(188))["region"]
    assert [d["reference"] for d in due["reviews_overdue"]] == [first.reference] and due["reviews_due"] == []
