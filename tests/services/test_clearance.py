"""Need to know (issue #19): the defects found, each reproduced, and clearances and restrictions
through the services and the command line."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from rocta_desktop.domain.errors import NotFound, PermissionDenied
from rocta_desktop.domain.markings import Marking
from rocta_desktop.services import access, assessments, backup, impact, maintenance, registers, reports, users
from rocta_desktop.services.workspace import Workspace
from tests.attacks import insider
from tests.cli.test_cli import rocta
from tests.conftest import ADMIN, ADMIN_PASSWORD, TEAM_PASSWORD
from tests.domain.test_schemes import MORILE_ANSWERS
from tests.exchange.test_pdf_pack import pages


@pytest.fixture
def crew(workspace):
    """An OFFICIAL-SENSITIVE group with a SECRET principal and an OFFICIAL peripheral member."""
    with workspace.operation("t") as uow:
        g = registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL-SENSITIVE",
                                         "management_level": "regional"}).id
        secret = registers.create_nominal(uow, {"surname": "Covert", "forenames": "Casey", "marking": "SECRET"}).id
        plain = registers.create_nominal(uow, {"surname": "Open", "forenames": "Olly", "marking": "OFFICIAL"}).id
        registers.add_member(uow, g, secret, "principal")
        registers.add_member(uow, g, plain, "peripheral")
    return {"group": g, "secret": secret, "plain": plain}


def test_the_pack_carries_the_marking_of_every_member_it_lists(workspace, crew, tmp_path):
    """The leak: the pack of a group was marked by the group alone while it listed a SECRET member."""
    from rocta_desktop.exchange.pdf.pack import build_pack
    data = workspace.read(reports.assessment_pack, crew["group"])
    assert data.marking is Marking.SECRET
    first = pages(build_pack(data, tmp_path / "p.pdf", produced_by="A"))[0]
    assert first.strip().splitlines()[0].strip() == "SECRET"
    assert workspace.read(registers.get_subject, crew["group"])["shown_marking"] is Marking.SECRET


def test_a_reader_cleared_lower_does_not_see_the_secret_member(workspace, crew, team):
    workspace.write("u", users.set_clearance, "ana", "OFFICIAL-SENSITIVE")
    ana = team.open("ana")
    group = ana.read(registers.get_subject, crew["group"])
    assert [m["name"] for m in group["members"]] == ["OPEN, Olly"]
    assert group["shown_marking"] is Marking.OFFICIAL_SENSITIVE
    with pytest.raises(NotFound):
        ana.read(registers.get_subject, crew["secret"])
    assert ana.read(reports.assessment_pack, crew["group"]).marking is Marking.OFFICIAL_SENSITIVE
    assert ana.read(access.hidden_count, "subject") == 1


def test_nobody_approves_what_they_changed(workspace, team, crew):
    """The four-eyes gap: a supervisor edited an analyst's draft, the analyst submitted, the same
    supervisor approved it. Now anyone who changed a version may not approve it."""
    ana, sam, sue = team.open("ana"), team.open("sam"), team.open("sue")
    draft = ana.write("a", assessments.start, crew["group"], "morile-reference")
    ana.write("a", assessments.save, draft.id, MORILE_ANSWERS)
    sam.write("a", assessments.save, draft.id, {**MORILE_ANSWERS, "physical": "critical"}, summary="sam's edit")
    ana.write("a", assessments.submit, draft.id)
    with pytest.raises(PermissionDenied, match="changed or submitted"):
        sam.write("a", assessments.approve, draft.id)
    sue.write("a", assessments.approve, draft.id)  # someone who did not touch it
    did, _ = ana.write("d", impact.create, {"subject_id": crew["group"], "occurred_on": "2020-01-01",
                                            "four_p": "pursue", "tactic": "warrant", "grade": "minor"})
    sam.write("d", impact.update, did, {"tactic": "warrants at two addresses"})
    ana.write("d", impact.submit, did)
    with pytest.raises(PermissionDenied, match="changed or submitted"):
        sam.write("d", impact.approve, did)
    sue.write("d", impact.approve, did)


@pytest.mark.terminal
def test_analysts_may_not_list_accounts_or_take_backups(workspace, team, tmp_path):
    ana = team.open("ana")
    with pytest.raises(PermissionDenied):
        ana.read(users.list_users)
    with pytest.raises(PermissionDenied):
        backup.create_backup(ana, tmp_path / "mine")
    assert not list(tmp_path.glob("mine*"))
    with workspace.reader() as s:
        refused = s.execute(text("SELECT summary FROM audit_events WHERE action = 'permission.denied'")).scalars().all()
    assert any("workspace.backup" in r for r in refused)


def test_clearance_is_certified_and_cannot_be_raised_in_the_database(workspace, team, ws_path):
    workspace.write("u", users.set_clearance, "ana", "OFFICIAL")
    ana = team.open("ana")
    assert ana.actor.clearance is Marking.OFFICIAL
    with insider(workspace, ana) as conn:  # she raises her own clearance with the key
        conn.execute(text("UPDATE users SET clearance = 'SECRET' WHERE username = 'ana'"))
    ana.close()
    from rocta_desktop.services.workspace import SignInError
    with pytest.raises(SignInError, match="does not match its signed certificate"):
        Workspace.open(ws_path, "ana", TEAM_PASSWORD)
    found = {c.name: c.details for c in maintenance.verify(workspace) if not c.ok}
    assert any("user ana: clearance 'SECRET' but the signed trail says 'OFFICIAL'" in d
               for d in found["audit trail: hash chain, signatures, roles"])


def test_an_administrator_cannot_clear_someone_above_themselves(workspace, team):
    workspace.write("u", users.set_clearance, "sam", "SECRET")
    workspace.write("u", users.set_role, "sam", "administrator")
    workspace.write("u", users.set_clearance, "sam", "OFFICIAL-SENSITIVE")
    sam = team.open("sam")
    with pytest.raises(PermissionDenied, match="cannot clear anyone to SECRET"):
        sam.write("u", users.set_clearance, "ana", "SECRET")


def test_a_restricted_record_is_for_the_named_few_administrators_included(workspace, team, crew):
    workspace.write("u", users.set_clearance, "ana", "OFFICIAL-SENSITIVE")
    sam = team.open("sam")
    workspace.write("t", access.create_team, "Operation Heron cell", ["sam"])
    workspace.write("r", access.restrict, "subject", crew["plain"], "Operation Heron", teams=["Operation Heron cell"])
    assert sam.read(registers.get_subject, crew["plain"])["name"] == "OPEN, Olly"
    ana = team.open("ana")
    with pytest.raises(NotFound):
        ana.read(registers.get_subject, crew["plain"])
    assert ana.read(access.hidden_count, "subject") == 2  # the SECRET member (her clearance) and this one
    # whoever restricts it stays able to see it; an administrator not named does not
    assert workspace.read(registers.get_subject, crew["plain"])["name"] == "OPEN, Olly"
    workspace.write("t", access.set_team_member, "Operation Heron cell", "sam", False)
    with pytest.raises(NotFound):
        team.open("sam").read(registers.get_subject, crew["plain"])


def test_cli_clearance_restriction_teams_and_ceiling(workspace, crew, ws_path, tmp_path):
    env = {"ROCTA_PASSWORD": ADMIN_PASSWORD}
    workspace.close()
    r = rocta("users", "add", str(ws_path), "pat", "--role", "analyst", "--clearance", "OFFICIAL", "--user", ADMIN,
              env={**env, "ROCTA_NEW_PASSWORD": "Partner-agency-77"})
    assert r.returncode == 0, r.stderr
    r = rocta("users", "list", str(ws_path), "--user", ADMIN, "--json", env=env)
    assert {u["username"]: u["clearance"] for u in json.loads(r.stdout)["users"]}["pat"] == "OFFICIAL"
    r = rocta("teams", "add", str(ws_path), "Heron", "--member", "admin", "--user", ADMIN, env=env)
    assert r.returncode == 0 and "Heron: admin" in r.stdout, r.stderr
    ref = Workspace.open(ws_path, ADMIN, ADMIN_PASSWORD)
    group_ref = ref.read(registers.get_subject, crew["group"])["reference"]
    ref.close()
    r = rocta("restrict", str(ws_path), group_ref, "--reason", "Operation Heron", "--team", "Heron", "--user", ADMIN,
              env=env)
    assert r.returncode == 0 and "restricted to admin, team Heron" in r.stdout, r.stderr
    out = tmp_path / "r.xlsx"
    r = rocta("export", "return", str(ws_path), "--out", str(out), "--period", "2020", "--ceiling", "OFFICIAL",
              "--user", ADMIN, "--json", env=env)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["ceiling"] == "OFFICIAL"
    r = rocta("users", "list", str(ws_path), "--user", "pat", env={"ROCTA_PASSWORD": "Partner-agency-77"})
    assert r.returncode == 1 and "may not manage users" in r.stderr
