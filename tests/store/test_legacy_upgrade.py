"""A workspace made by the previous release (key file format 1, schema 0006, an unsigned trail) opens,
upgrades, and enrols each person's signing key at their first sign-in; the earlier trail stays as its
verified, hash-chained prefix and every event after it is signed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select, text

from rocta_desktop.services import maintenance, registers, users
from rocta_desktop.services.workspace import SignInError, Workspace, keys_path
from rocta_desktop.store.models import AuditEvent, User
from tests.attacks import drop_guards

FIXTURE = Path(__file__).parent / "legacy_v1"
STAFF = "Legacy-staff-2025"


@pytest.fixture
def legacy(tmp_path) -> Path:
    path = tmp_path / "legacy.rocta"
    shutil.copytree(FIXTURE / "legacy.rocta", path)
    return path


def failures(ws):
    return {c.name: c.details for c in maintenance.verify(ws) if not c.ok}


def test_upgrade_enrols_keys_and_keeps_the_old_trail(legacy):
    assert json.loads(keys_path(legacy).read_text())["version"] == 1
    with Workspace.open(legacy, "ana", STAFF) as ana:  # an analyst may be first: her role comes from the old trail
        ana.write("g", registers.update_subject, 1, {"description": "checked after the upgrade"})
        assert ana.actor.role.value == "analyst" and failures(ana) == {}
    kf = json.loads(keys_path(legacy).read_text())
    assert kf["version"] == 2 and kf["generation"] >= 1
    with Workspace.open(legacy, "chief", "Legacy-boss-2025!") as chief:
        chief.write("u", users.set_role, "sam", "analyst")
        assert failures(chief) == {}
        with chief.reader() as s:
            legacy_events = s.scalar(select(AuditEvent.id).where(AuditEvent.version < 2).order_by(AuditEvent.id.desc()))
            signed = s.scalars(select(AuditEvent).where(AuditEvent.id > legacy_events)).all()
            rows = {u.username: u for u in s.scalars(select(User))}
    assert signed and all(e.signature and e.version == 2 for e in signed)
    assert rows["ana"].cert and rows["chief"].cert and rows["sam"].cert  # sam: certified by chief's change
    with Workspace.open(legacy, "sam", STAFF) as sam:  # sam enrols a key for the role chief gave him
        assert sam.actor.role.value == "analyst" and failures(sam) == {}
    recovery = (FIXTURE / "recovery.txt").read_text().strip()
    with Workspace.open_with_recovery(legacy, recovery) as rec:
        rec.write("u", users.add_user, "newbie", "Fresh-start-pass-1", "analyst")
        assert failures(rec) == {}


def test_a_legacy_role_cannot_be_raised_at_enrolment(legacy):
    """Someone who edits their role in the old database before first signing in with this version
    enrols with a role the earlier trail does not give them: verify names it."""
    with Workspace.open(legacy, "chief", "Legacy-boss-2025!") as chief, chief.engine.begin() as conn:
        drop_guards(conn)
        conn.execute(text("UPDATE users SET role = 'administrator' WHERE username = 'ana'"))
    with Workspace.open(legacy, "ana", STAFF) as ana:
        problems = failures(ana)["audit trail: hash chain, signatures, roles"]
    assert "claims role administrator, but the trail says analyst" in problems[0]


def test_wrong_password_on_a_legacy_workspace_changes_nothing(legacy):
    before = {p.name: p.read_bytes() for p in legacy.iterdir() if p.is_file()}
    with pytest.raises(SignInError):
        Workspace.open(legacy, "ana", "not-her-password")
    assert {p.name: p.read_bytes() for p in legacy.iterdir() if p.is_file()} == before
