"""No lost update in any editor (issue #26): a dialog keeps the version it loaded (`seen_event`) and
sends every field back; a save that would undo a field someone else changed since is refused,
naming who changed what, and a save of other fields goes through without touching theirs. Two
people signed in to the same real workspace."""

from __future__ import annotations

import pytest

from rocta_desktop.domain.errors import EditConflict
from rocta_desktop.services import collection, impact, tasking, triggers
from tests.dates import TODAY, iso
from tests.services import test_home
from tests.services.test_home import referral

region = test_home.region  # the fixture: two people signed in to one region

DISRUPTION_FIELDS = ("subject_id", "occurred_on", "four_p", "tactic", "grade", "lead_agency_id", "operation",
                     "narrative", "marking")


def _disruption(region):
    did, _ = region["ana"].write("d", impact.create, {
        "subject_id": region["group"], "occurred_on": "2020-01-02", "four_p": "pursue", "tactic": "warrants",
        "grade": "major", "outcomes": [{"kind": "arrests", "quantity": 2}]})
    return did


def _form(loaded: dict, fields: tuple[str, ...]) -> dict:
    """What a dialog sends: every field as it loaded it."""
    return {k: loaded[k] for k in fields}


def test_a_disruption_saved_on_an_old_copy_cannot_undo_a_colleagues_change(workspace, region):
    ana, sam = region["ana"], region["sam"]
    did = _disruption(region)
    mine = ana.read(impact.get, did)
    theirs = sam.read(impact.get, did)
    sam.write("d", impact.update, did, {**_form(theirs, DISRUPTION_FIELDS), "tactic": "warrants and seizure"},
              seen_event=theirs["seen_event"])

    # Ana's dialog still shows the old tactic: saving her narrative would send it back
    with pytest.raises(EditConflict, match="sam changed tactic of DSR-") as refused:
        ana.write("d", impact.update, did, {**_form(mine, DISRUPTION_FIELDS), "narrative": "Door at dawn"},
                  seen_event=mine["seen_event"])
    assert refused.value.changes[0]["values"] == {"tactic": "warrants and seizure"}
    assert workspace.read(impact.get, did)["tactic"] == "warrants and seizure"

    # reloaded, her change goes through and keeps Sam's
    fresh = ana.read(impact.get, did)
    ana.write("d", impact.update, did, {**_form(fresh, DISRUPTION_FIELDS), "narrative": "Door at dawn"},
              seen_event=fresh["seen_event"])
    saved = workspace.read(impact.get, did)
    assert (saved["tactic"], saved["narrative"]) == ("warrants and seizure", "Door at dawn")
    # a field only she sends (the others as they are now) is not a clash with an older change
    ana.write("d", impact.update, did, {"operation": "Op Lantern"}, seen_event=mine["seen_event"])
    assert workspace.read(impact.get, did)["operation"] == "Op Lantern"


def test_a_referral_and_a_requirement_are_guarded_the_same_way(workspace, region):
    ana, sam = region["ana"], region["sam"]
    tid, _ = workspace.write("t", triggers.create, referral(region, iso(-5)), today=TODAY)
    mine, theirs = ana.read(triggers.get, tid), sam.read(triggers.get, tid)
    sam.write("t", triggers.update, tid, {"summary": "Cash runs to the port, twice a week"},
              seen_event=theirs["seen_event"], today=TODAY)
    with pytest.raises(EditConflict, match="summary"):
        ana.write("t", triggers.update, tid, {"summary": mine["summary"], "officer": "DS Jo Smythe"},
                  seen_event=mine["seen_event"], today=TODAY)
    ana.write("t", triggers.update, tid, {"officer": "DS Jo Smythe"}, seen_event=mine["seen_event"], today=TODAY)
    got = workspace.read(triggers.get, tid)
    assert (got["summary"], got["officer"]) == ("Cash runs to the port, twice a week", "DS Jo Smythe")

    rid, _ = ana.write("c", collection.create, {"question": "Who drives the vans?", "priority": "high",
                                                "owner": "Ana", "due_on": iso(20), "agency_ids": [region["nca"]]},
                       today=TODAY)
    mine, theirs = ana.read(collection.get, rid), sam.read(collection.get, rid)
    sam.write("c", collection.update, rid, {"question": "Who drives the white vans?"}, seen_event=theirs["seen_event"])
    with pytest.raises(EditConflict, match="sam changed question"):
        ana.write("c", collection.update, rid, {"question": "Who drives the vans?", "owner": "Ana Lee"},
                  seen_event=mine["seen_event"])
    # the agencies tasked are a set: sending them unchanged is no clash
    ana.write("c", collection.update, rid, {"owner": "Ana Lee", "agency_ids": [region["nca"]]},
              seen_event=mine["seen_event"])
    assert workspace.read(collection.get, rid)["question"] == "Who drives the white vans?"


def test_a_tasking_request_and_a_tcg_meeting_are_guarded_the_same_way(workspace, region):
    ana, sam = region["ana"], region["sam"]
    rid = ana.write("t", tasking.create_request, {"subject_id": region["group"], "objective": "Find the route",
                                                  "requester": "DI Moss", "four_p": "pursue", "due_date": iso(10),
                                                  "priority": "P2"}, today=TODAY).id
    mine, theirs = ana.read(tasking.get_request, rid), sam.read(tasking.get_request, rid)
    sam.write("t", tasking.update_request, rid, {"objective": "Find the route and the stash"},
              seen_event=theirs["seen_event"])
    with pytest.raises(EditConflict, match="sam changed objective"):
        ana.write("t", tasking.update_request, rid, {"objective": mine["objective"], "requester": "DI Moss-Hart"},
                  seen_event=mine["seen_event"])
    ana.write("t", tasking.update_request, rid, {"requester": "DI Moss-Hart"}, seen_event=mine["seen_event"])
    assert workspace.read(tasking.get_request, rid)["objective"] == "Find the route and the stash"

    mid = ana.write("m", tasking.create_meeting, {"held_on": iso(-5), "kind": "tactical", "level": "regional"},
                    today=TODAY).id
    mine, theirs = ana.read(tasking.get_meeting, mid), sam.read(tasking.get_meeting, mid)
    sam.write("m", tasking.update_meeting, mid, {"chair": "DCI Khan"}, seen_event=theirs["seen_event"])
    with pytest.raises(EditConflict, match="sam changed chair"):
        ana.write("m", tasking.update_meeting, mid, {"chair": mine["chair"] or "DCI Moss"}, seen_event=mine["seen_event"])
    assert workspace.read(tasking.get_meeting, mid)["chair"] == "DCI Khan"
