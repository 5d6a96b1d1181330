"""Trigger reports through triage, and the collection plan through responses, on a real workspace."""

import json

import pytest
from sqlalchemy import text

from rocta_desktop.domain.errors import Conflict, ValidationError
from rocta_desktop.domain.intel import RequirementStatus, TriggerStatus
from rocta_desktop.services import assessments, collection, reference_data, registers, triggers
from rocta_desktop.store.models import Agency, Force
from tests.dates import TODAY, days, iso
from tests.portable import stored_json


@pytest.fixture
def region(workspace):
    with workspace.operation("test") as uow:
        force = reference_data.create(uow, Force, {"code": "NMP", "name": "Northmoor Police"})
        nca = reference_data.create(uow, Agency, {"code": "NCA", "name": "National Crime Agency", "kind": "NCA"})
        hmrc = reference_data.create(uow, Agency, {"code": "HMRC", "name": "HM Revenue & Customs", "kind": "HMRC"})
        group = registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL",
                                             "management_level": "regional", "nicknames": ["The Dockers"]})
    return {"force": force, "nca": nca, "hmrc": hmrc, "group": group.id}


def referral(region, **over):
    data = {"received_on": iso(-5), "force_id": region["force"], "officer": "DS Jo Smith",
            "subject_kind": "group", "proposed_name": "Canal Street Firm", "summary": "Cash runs to the port",
            "grounds": "Three reports in October", "source_evaluation": "2", "intel_assessment": "B",
            "handling_code": "P", "marking": "OFFICIAL-SENSITIVE"}
    data.update(over)
    return data


def test_trigger_through_triage_to_an_assessment(workspace, region):
    tid, ref = workspace.write("t", triggers.create, referral(region), today=TODAY)
    assert ref == f"TRG-{days(-5).year}-0001"
    workspace.write("t", triggers.start_triage, tid)
    subject_id = workspace.write("t", triggers.accept, tid, today=days(-1))
    subject = workspace.read(registers.get_subject, subject_id)
    assert subject["name"] == "Canal Street Firm" and subject["status"].value == "proposed"
    assert subject["kind"] == "group" and subject["marking"].value == "OFFICIAL-SENSITIVE"
    created = workspace.write("a", assessments.start, subject_id, "morile-reference", trigger_id=tid)
    row = workspace.read(triggers.get, tid, today=TODAY)
    assert row["status"] is TriggerStatus.ACCEPTED and row["days_to_decision"] == 4
    assert row["assessment_id"] == created.id and row["grading"] == "2B P"
    with pytest.raises(Conflict, match="already decided"):
        workspace.write("t", triggers.reject, tid, "too late")
    assert workspace.read(triggers.service_level) == {"decided": 1, "median_days": 4, "mean_days": 4.0,
                                                       "longest_days": 4, "waiting": False}


def test_bad_referrals_name_every_field_and_save_nothing(workspace, region):
    bad = referral(region, received_on="31/02/2026", force_id=None, officer=" ", proposed_name="",
                   source_evaluation="9", handling_code="C", handling_conditions="")
    with pytest.raises(ValidationError) as err:
        workspace.write("t", triggers.create, bad, today=TODAY)
    fields = {p.field for p in err.value.problems}
    assert fields == {"received_on", "force_id", "officer", "proposed_name", "source_evaluation",
                      "handling_conditions"}
    with pytest.raises(ValidationError, match="in the future"):
        workspace.write("t", triggers.create, referral(region, received_on=iso(6)), today=TODAY)
    assert workspace.read(triggers.listing) == []


def test_link_reject_and_duplicate(workspace, region):
    a, _ = workspace.write("t", triggers.create, referral(region, proposed_name=None, subject_id=region["group"]),
                           today=TODAY)
    workspace.write("t", triggers.link, a, region["group"], today=TODAY)
    assert workspace.read(triggers.get, a)["status"] is TriggerStatus.LINKED
    b, _ = workspace.write("t", triggers.create, referral(region), today=TODAY)
    with pytest.raises(ValidationError, match="say why"):
        workspace.write("t", triggers.reject, b, "  ")
    workspace.write("t", triggers.reject, b, "Not organised crime: a single offender", today=TODAY)
    c, _ = workspace.write("t", triggers.create, referral(region), today=TODAY)
    d, _ = workspace.write("t", triggers.create, referral(region), today=TODAY)
    workspace.write("t", triggers.mark_duplicate, d, c, today=TODAY)
    row = workspace.read(triggers.get, d)
    assert row["status"] is TriggerStatus.DUPLICATE and row["duplicate_of_id"] == c
    statuses = [r["status"] for r in workspace.read(triggers.listing, statuses=(TriggerStatus.NEW,))]
    assert statuses == [TriggerStatus.NEW]


def test_duplicate_hints_explain_why(workspace, region):
    workspace.write("t", triggers.create, referral(region, proposed_name="Canal St Firm"), today=TODAY)
    hints = workspace.read(triggers.possible_duplicates, "group", "Harbour Crew")
    assert [(h["kind"], h["reference"]) for h in hints] == [("subject", f"OCG-{TODAY.year}-0001")]
    by_alias = workspace.read(triggers.possible_duplicates, "group", "the dockers")
    assert "also known as 'the dockers'" in by_alias[0]["why"]
    open_one = workspace.read(triggers.possible_duplicates, "group", "Canal Street Firm")
    assert open_one[0]["kind"] == "trigger" and "proposes 'Canal St Firm'" in open_one[0]["why"]
    assert workspace.read(triggers.possible_duplicates, "nominal", "Harbour Crew") == []


def test_requirement_through_responses_to_answered(workspace, region):
    rid, ref = workspace.write("c", collection.create, {
        "question": "Who launders the Harbour Crew's cash?", "priority": "high", "owner": "DI Khan",
        "due_on": iso(15), "subject_ids": [region["group"]], "agency_ids": [region["nca"], region["hmrc"]]},
        today=TODAY)
    assert ref == f"IR-{TODAY.year}-0001"
    got = workspace.read(collection.get, rid, today=TODAY)
    assert got["status"] is RequirementStatus.OPEN and got["awaiting"] == ["HMRC", "NCA"]  # by code
    status = workspace.write("c", collection.add_response, rid, {
        "agency_id": region["hmrc"], "received_on": iso(-1), "summary": "Two MSBs in Eastvale",
        "source_evaluation": "1", "intel_assessment": "B", "handling_code": "C",
        "handling_conditions": "Not for disclosure to the subject", "answers": "partly"}, today=TODAY)
    assert status is RequirementStatus.PARTLY_ANSWERED
    got = workspace.read(collection.get, rid, today=TODAY)
    assert got["responded"] == ["HMRC"] and got["awaiting"] == ["NCA"]
    assert got["responses"][0]["grading"] == "1B C"
    with pytest.raises(ValidationError) as err:
        workspace.write("c", collection.add_response, rid, {"agency_id": region["force"] + 99, "summary": "",
                                                            "answers": "maybe"}, today=TODAY)
    assert {"agency_id", "summary", "answers", "source_evaluation"} <= {p.field for p in err.value.problems}
    status = workspace.write("c", collection.add_response, rid, {
        "agency_id": region["nca"], "summary": "Named the controller", "source_evaluation": "2",
        "intel_assessment": "A", "handling_code": "P", "answers": "fully"}, today=TODAY)
    assert status is RequirementStatus.ANSWERED
    workspace.write("c", collection.set_status, rid, "closed", "Answered; fed into the profile")
    assert workspace.read(collection.get, rid)["status"] is RequirementStatus.CLOSED
    with pytest.raises(Conflict, match="takes no more responses"):
        workspace.write("c", collection.add_response, rid, {"agency_id": region["nca"]})


def test_gaps_overdue_first_then_priority(workspace, region):
    def raise_ir(question, priority, due, agencies):
        return workspace.write("c", collection.create, {"question": question, "priority": priority,
                                                        "owner": "DI Khan", "due_on": due,
                                                        "agency_ids": agencies}, today=TODAY)[0]
    raise_ir("Low but overdue", "low", iso(-24), [region["nca"]])
    raise_ir("High, not due", "high", iso(37), [region["nca"], region["hmrc"]])
    answered = raise_ir("Answered", "high", iso(-55), [region["nca"]])
    workspace.write("c", collection.add_response, answered, {
        "agency_id": region["nca"], "summary": "x", "source_evaluation": "1", "intel_assessment": "A",
        "handling_code": "P", "answers": "fully"}, today=TODAY)
    rows = workspace.read(collection.gaps, today=TODAY)
    assert [(r["question"], r["agency"], r["days_overdue"]) for r in rows] == [
        ("Low but overdue", "NCA", 24), ("High, not due", "HMRC", 0), ("High, not due", "NCA", 0)]


def test_requirement_raised_from_a_low_confidence_assessment(workspace, region):
    from tests.domain.test_schemes import MORILE_ANSWERS
    created = workspace.write("a", assessments.start, region["group"], "morile-reference")
    result = workspace.write("a", assessments.save, created.id, {**MORILE_ANSWERS, "confidence": "low"})
    assert result.low_confidence
    rid, _ = workspace.write("c", collection.create, {"question": "Fill the gaps", "owner": "DS Lee",
                                                      "agency_ids": [region["nca"]],
                                                      "subject_ids": [region["group"]]}, assessment_id=created.id)
    assert workspace.read(collection.for_assessment, created.id) == [workspace.read(collection.get, rid)["reference"]]
    assert workspace.read(collection.get, rid)["assessment_reference"] == created.reference


def test_every_change_is_audited(workspace, region):
    tid, ref = workspace.write("t", triggers.create, referral(region), today=TODAY)
    workspace.write("t", triggers.reject, tid, "No", today=TODAY)
    rid, iref = workspace.write("c", collection.create, {"question": "Q", "owner": "O", "agency_ids": [region["nca"]]})
    workspace.write("c", collection.add_response, rid, {"agency_id": region["nca"], "summary": "S",
                                                        "source_evaluation": "3", "intel_assessment": "E",
                                                        "handling_code": "P", "answers": "no"})
    with workspace.reader() as s:
        rows = [tuple(r) for r in s.execute(text(
            "SELECT action, entity_ref FROM audit_events WHERE entity_type IN ('trigger', 'requirement') ORDER BY id"))]
    assert rows == [("trigger.create", ref), ("trigger.reject", ref), ("requirement.create", iref),
                    ("requirement.response", iref)]
    with workspace.reader() as s:
        changes = json.dumps(stored_json(s, "SELECT changes FROM audit_events WHERE action = 'requirement.response'"))
    assert "NCA" in changes and "does not answer it" in changes
