"""Search everything (issue #22): every reference, identifiers, dates of birth, operation names and
free text, grouped by kind with why each matched; the command line gives the same; a reader finds
nothing they may not see. Real encrypted workspaces throughout."""

from __future__ import annotations

import json

import pytest

from rocta_desktop.services import (
    assessments,
    collection,
    impact,
    reference_data,
    registers,
    search,
    tasking,
    triggers,
    users,
)
from rocta_desktop.services.workspace import Workspace
from rocta_desktop.store.models import Agency, Force, Unit
from tests.cli.test_cli import rocta
from tests.conftest import ADMIN, ADMIN_PASSWORD, TEAM_PASSWORD
from tests.dates import days


@pytest.fixture
def region(workspace):
    ws = workspace
    with ws.operation("ref") as uow:
        force = reference_data.create(uow, Force, {"code": "NMP", "name": "Northmoor Police"})
        nca = reference_data.create(uow, Agency, {"code": "NCA", "name": "National Crime Agency", "kind": "NCA"})
        unit = reference_data.create(uow, Unit, {"code": "RIU", "name": "Intelligence unit", "force_id": force})
    group = ws.write("g", registers.create_group, {"name": "Harbour Crew", "marking": "OFFICIAL",
                                                   "management_level": "regional"}).id
    person = ws.write("n", registers.create_nominal, {"surname": "Kowalski", "forenames": "Jan",
                                                      "date_of_birth": "1990-03-07", "marking": "OFFICIAL"}).id
    ws.write("i", registers.add_identifier, person, "PNC ID", "90/123456X")
    ws.write("i", registers.add_identifier, person, "phone", "07700 900123")
    ws.write("i", registers.add_identifier, person, "vehicle", "AB12 CDE")
    did, _ = ws.write("d", impact.create, {"subject_id": group, "occurred_on": days(-3).isoformat(),
                                           "four_p": "pursue", "tactic": "warrants", "grade": "major",
                                           "operation": "Operation Kestrel", "marking": "OFFICIAL",
                                           "outcomes": [{"kind": "arrests", "quantity": 2}]})
    tid = ws.write("t", tasking.create_request, {"subject_id": group, "objective": "Disrupt the Kestrel supply line",
                                                 "requester": "DI Moss", "four_p": "pursue", "priority": "P2",
                                                 "due_date": days(10), "owner_unit_id": unit,
                                                 "marking": "OFFICIAL-SENSITIVE"}).id
    trg, _ = ws.write("t", triggers.create, {"received_on": days(-5).isoformat(), "force_id": force,
                                             "officer": "DS Jo Smith", "subject_kind": "group",
                                             "proposed_name": "Yard Boys", "summary": "Cash couriers at the Kestrel yard",
                                             "source_evaluation": "2", "intel_assessment": "B", "handling_code": "P",
                                             "marking": "OFFICIAL"})
    rid, _ = ws.write("c", collection.create, {"question": "Who supplies the Kestrel yard?", "priority": "high",
                                               "owner": "DI Khan", "due_on": days(20).isoformat(), "agency_ids": [nca],
                                               "subject_ids": [group], "marking": "OFFICIAL"})
    secret, _ = ws.write("c", collection.create, {"question": "Kestrel informant handling", "priority": "high",
                                                  "owner": "DI Khan", "due_on": days(20).isoformat(),
                                                  "agency_ids": [nca], "subject_ids": [], "marking": "SECRET"})
    asm = ws.write("a", assessments.start, group, "morile-reference")
    ids = {"group": group, "nominal": person, "disruption": did, "tasking": tid, "trigger": trg, "requirement": rid,
           "secret": secret, "assessment": asm.id}
    return ws, ids


def found(ws, text: str) -> dict[str, list[tuple[int, str]]]:
    return {kind: [(h["id"], h["why"]) for h in hits] for kind, hits in ws.read(search.search, text).items()}


def test_people_are_found_by_identifier_as_written_differently_and_by_date_of_birth(region):
    ws, ids = region
    person = ids["nominal"]
    assert found(ws, "90/123456x") == {"nominal": [(person, "PNC ID")]}
    assert found(ws, "+44 7700 900123") == {"nominal": [(person, "phone")]}
    assert found(ws, "ab12cde") == {"nominal": [(person, "vehicle")]}
    assert found(ws, "07/03/1990") == found(ws, "1990-03-07") == {"nominal": [(person, "date of birth")]}
    assert found(ws, "kowalski") == {"nominal": [(person, "reference, name or alias")]}


def test_every_kind_of_record_by_reference_operation_name_and_free_text_grouped_by_kind(region):
    ws, ids = region
    hits = found(ws, "kestrel")
    assert list(hits) == ["trigger", "requirement", "tasking", "disruption"]   # the order the dialog shows
    assert hits["disruption"] == [(ids["disruption"], "operation name")]
    assert hits["tasking"] == [(ids["tasking"], "objective")]
    assert hits["trigger"] == [(ids["trigger"], "summary")]
    assert sorted(hits["requirement"]) == sorted([(ids["requirement"], "question"), (ids["secret"], "question")])
    detail = ws.read(search.search, "kestrel")["tasking"][0]["detail"]
    assert "Kestrel supply line" in detail
    references = {(h["kind"], h["id"]): h["reference"] for hits_ in ws.read(search.search, "kestrel").values()
                  for h in hits_}
    references["assessment", ids["assessment"]] = ws.read(assessments.get, ids["assessment"])["reference"]
    for kind in ("assessment", "trigger", "requirement", "tasking", "disruption"):
        reference = references[kind, ids[kind]]
        assert (ids[kind], "reference") in found(ws, reference).get(kind, []), kind
    assert found(ws, "k") == {} and found(ws, "nothing like this") == {}


def test_a_reader_finds_nothing_above_their_clearance(region):
    ws, ids = region
    ws.write("u", users.add_user, "low", TEAM_PASSWORD, "analyst", "Low Reader", clearance="OFFICIAL-SENSITIVE")
    analyst = Workspace.open(ws.path, "low", TEAM_PASSWORD)
    assert ids["secret"] in [i for i, _ in found(ws, "informant").get("requirement", [])]
    assert found(analyst, "informant") == {}
    assert ids["secret"] not in [i for i, _ in found(analyst, "kestrel").get("requirement", [])]
    assert found(analyst, "kestrel")["disruption"] == [(ids["disruption"], "operation name")]
    analyst.close()


def test_the_command_line_gives_the_same_results(region, tmp_path):
    ws, _ids = region
    pw = tmp_path / "pw"
    pw.write_text(ADMIN_PASSWORD + "\n")
    r = rocta("search", str(ws.path), "kestrel", "--user", ADMIN, "--password-file", str(pw), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["results"] == json.loads(json.dumps(ws.read(search.search, "kestrel"), default=str))
    r = rocta("search", str(ws.path), "kestrel", "--user", ADMIN, "--password-file", str(pw))
    assert "Disruptions (1)" in r.stdout and "operation name: Operation Kestrel" in r.stdout
