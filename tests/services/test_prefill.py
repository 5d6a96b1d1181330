"""Assessments fed by the register (issue #25): an OCGM started on a group gets the register's member
count, crime types, members' flags, reach and linked groups as suggestions with their sources; a
reader's suggestions count only what they may see; the rules are data, checked against their scheme;
the command line prints the same."""

from __future__ import annotations

import json

import pytest

from rocta_desktop.domain.errors import ValidationError
from rocta_desktop.domain.prefill import check_rules
from rocta_desktop.domain.schemes import builtin_schemes, pick
from rocta_desktop.services import prefill, registers, users
from rocta_desktop.services.workspace import Workspace
from tests.cli.test_cli import rocta
from tests.conftest import ADMIN, ADMIN_PASSWORD, TEAM_PASSWORD


@pytest.fixture
def group(workspace):
    ws = workspace
    gid = ws.write("g", registers.create_group, {"name": "Harbour Crew", "marking": "OFFICIAL",
                                                 "management_level": "regional", "reach_scope": "regional"}).id
    ws.write("c", registers.set_crime_types, gid, ["COUNTY-LINES", "FIREARMS", "EXTORTION"])
    people = []
    for i, (flags, marking) in enumerate([(["firearms"], "OFFICIAL"), (["violence"], "OFFICIAL"), ([], "OFFICIAL"),
                                          (["firearms", "drugs"], "SECRET")]):
        nid = ws.write("n", registers.create_nominal, {"surname": f"Member{i}", "forenames": "Al", "flags": flags,
                                                       "marking": marking}).id
        ws.write("m", registers.add_member, gid, nid, "peripheral")
        people.append(nid)
    other = ws.write("g", registers.create_group, {"name": "Eastside Firm", "marking": "OFFICIAL",
                                                   "management_level": "local"}).id
    ws.write("l", registers.link_groups, gid, other, "supply")
    return gid


def answers(result: dict) -> dict:
    return {s["factor"]: s["answer"] for s in result["suggestions"]}


def test_an_ocgm_on_a_group_takes_members_crime_types_flags_reach_and_links_from_the_register(workspace, group):
    result = workspace.read(prefill.suggestions, group, "ocgm-reference")
    assert answers(result) == {"activities": ["drugs_class_a", "firearms"], "members": 4, "violence": "firearms",
                               "reach": "regional", "links": "occasional"}
    sources = {s["factor"]: s["source"] for s in result["suggestions"]}
    ref = result["subject"]
    assert sources["members"].startswith(f"4 members of {ref} in the register")
    assert sources["activities"] == f"crime types of {ref}: COUNTY-LINES, FIREARMS"   # EXTORTION maps to nothing
    assert sources["violence"].startswith("members flagged firearms: ")
    assert answers(workspace.read(prefill.suggestions, ref, "morile-reference")) == {"scope": "regional"}


def test_a_reader_is_given_only_what_they_may_see(workspace, group):
    workspace.write("u", users.add_user, "low", TEAM_PASSWORD, "analyst", "Low Reader", clearance="OFFICIAL-SENSITIVE")
    with Workspace.open(workspace.path, "low", TEAM_PASSWORD) as low:
        result = low.read(prefill.suggestions, group, "ocgm-reference")
    assert answers(result)["members"] == 3
    members = workspace.read(registers.get_subject, group)["members"]
    secret = [m["reference"] for m in members if m["marking"].value == "SECRET"]
    assert len(secret) == 1 and secret[0] not in json.dumps(result)


def test_prefill_rules_are_checked_against_their_scheme():
    ocgm = pick(builtin_schemes(), "ocgm-reference")
    with pytest.raises(ValidationError, match="rules.json: reach: 'galactic' is not a level or option of"):
        check_rules({"scheme": "ocgm-reference", "factors": {"reach": {"source": "reach_scope",
                                                                       "map": {"local": "galactic"}}}}, ocgm,
                    "rules.json")
    with pytest.raises(ValidationError, match="nonsense: not a factor of"):
        check_rules({"scheme": "ocgm-reference", "factors": {"nonsense": {"source": "member_count"}}}, ocgm, "x")
    with pytest.raises(ValidationError, match="it is for 'morile-reference', not ocgm-reference"):
        check_rules({"scheme": "morile-reference", "factors": {}}, ocgm, "x")
    for scheme in builtin_schemes():   # every shipped file holds
        assert prefill.rules_for(scheme) is not None


def test_the_command_line_prints_the_same(workspace, group, tmp_path):
    pw = tmp_path / "pw"
    pw.write_text(ADMIN_PASSWORD + "\n")
    ref = workspace.read(registers.get_subject, group)["reference"]
    auth = [str(workspace.path), "--user", ADMIN, "--password-file", str(pw)]
    r = rocta("assess", "prefill", *auth, ref, "--scheme", "ocgm-reference", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == workspace.read(prefill.suggestions, group, "ocgm-reference")
    r = rocta("assess", "prefill", *auth, ref, "--scheme", "ocgm-reference")
    assert "Number of members: 4  <- 4 members of" in r.stdout
