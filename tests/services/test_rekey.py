"""Re-keying the database after removing a user: no old copy of the key file opens it, the remaining
users get in (the administrator with their own password, the others with a one-time temporary
password they must change), the recovery key is new, and everything is audited. Real encrypted
workspaces throughout."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select, text

from rocta_desktop.domain.errors import Conflict, PermissionDenied, ValidationError
from rocta_desktop.services import maintenance, registers, rekey, users
from rocta_desktop.services.workspace import (
    REKEY_DONE,
    SignInError,
    Workspace,
    WorkspaceError,
    db_path,
    keys_path,
    pending_keys_path,
)
from rocta_desktop.store.engine import opens_with
from rocta_desktop.store.keyslots import KeyFile
from rocta_desktop.store.models import AuditEvent, Subject, User
from tests.conftest import ADMIN, ADMIN_PASSWORD, TEAM_PASSWORD, snapshot_files

pytestmark = pytest.mark.terminal  # a terminal's encrypted file: not run on a server


def events(ws, action):
    """The re-key's own events (the accounts' new certificates are recorded under the same action)."""
    with ws.reader() as s:
        return [(e.username, e.summary, e.changes) for e in
                s.scalars(select(AuditEvent).where(AuditEvent.action == action, AuditEvent.entity_type != "user")
                          .order_by(AuditEvent.id))]


def test_removed_users_old_key_file_no_longer_opens_the_database(workspace, team, ws_path, tmp_path):
    g = workspace.write("g", registers.create_group, {"name": "Harbour Crew", "marking": "OFFICIAL",
                                                      "management_level": "local"})
    old_copy = tmp_path / "stolen-keyslots.json"
    shutil.copy(keys_path(ws_path), old_copy)                  # what sue could have copied while active
    old_recovery = workspace.recovery_key
    workspace.write("user.disable", users.disable_user, "sue")
    result = rekey.rekey_database(workspace, ADMIN_PASSWORD)

    assert set(result.temporary_passwords) == {"ana", "sam"}   # every other active user; not sue, not me
    assert result.backup.is_file() and result.backup.parent == ws_path / "backups"
    assert result.old_backups == [result.backup]              # still under the old key: the admin is told
    assert not pending_keys_path(ws_path).exists()
    # the workspace object carries on under the new key
    with workspace.reader() as s:
        assert s.get(Subject, g.id).name == "Harbour Crew"
        assert {u.username: u.must_change_password for u in s.scalars(select(User))} == \
               {"admin": False, "ana": True, "sam": True, "sue": True}
    assert all(c.ok for c in maintenance.verify(workspace)), [c for c in maintenance.verify(workspace) if not c.ok]
    (username, summary, changes), = events(workspace, "workspace.rekey")
    assert username == ADMIN and "ana, sam" in summary and changes["temporary_passwords_for"] == ["ana", "sam"]
    assert changes["backup"] == result.backup.name and not changes["interrupted"]
    workspace.close()

    # the old copy still unwraps the old key for sue (and everyone else) -- and that key opens nothing
    stolen = KeyFile.load(old_copy)
    for name, password in (("sue", TEAM_PASSWORD), ("sam", TEAM_PASSWORD), (ADMIN, ADMIN_PASSWORD)):
        assert not opens_with(db_path(ws_path), stolen.unlock_password(name, password))
    assert not opens_with(db_path(ws_path), stolen.unlock_recovery(old_recovery))
    current = keys_path(ws_path).read_bytes()
    shutil.copy(old_copy, keys_path(ws_path))                  # the old file put back in the folder
    with pytest.raises(WorkspaceError, match="opens no database"):
        Workspace.open(ws_path, "sue", TEAM_PASSWORD)
    keys_path(ws_path).write_bytes(current)

    # the remaining users get in: the administrator with their password, the others with the
    # temporary one (and must change it), the recovery key is the new one
    for name in ("sue", "sam"):
        with pytest.raises(SignInError):
            Workspace.open(ws_path, name, TEAM_PASSWORD)
    with Workspace.open(ws_path, "sam", result.temporary_passwords["sam"]) as sam:
        sam.write("user.change_password", users.change_own_password, result.temporary_passwords["sam"],
                  "Brand-new-pass-2026")
    Workspace.open(ws_path, "sam", "Brand-new-pass-2026").close()
    Workspace.open(ws_path, ADMIN, ADMIN_PASSWORD).close()
    with pytest.raises(SignInError):
        Workspace.open_with_recovery(ws_path, old_recovery)
    with Workspace.open_with_recovery(ws_path, result.recovery_key) as ws:
        assert all(c.ok for c in maintenance.verify(ws))
        assert ws.meta(REKEY_DONE) == result.rekey_id


def test_non_administrator_is_refused_and_the_refusal_audited(workspace, team, ws_path):
    sam = team.open("sam")
    before = keys_path(ws_path).read_bytes()
    with pytest.raises(PermissionDenied, match="may not manage users"):
        rekey.rekey_database(sam, TEAM_PASSWORD)
    assert keys_path(ws_path).read_bytes() == before
    refusals = events(workspace, "permission.denied")
    assert refusals[-1][0] == "sam" and refusals[-1][2] == {"action": "workspace.rekey"}
    assert not list(ws_path.glob("backups/pre-rekey-*"))


def test_wrong_password_or_database_in_use_changes_nothing(workspace, team, ws_path):
    with pytest.raises(ValidationError, match="password is not correct"):
        rekey.rekey_database(workspace, "not-my-password")
    sam = team.open("sam")                                      # another sign-in holds the database open
    sam.read(lambda s: s.execute(text("SELECT count(*) FROM users")).scalar())
    before = keys_path(ws_path).read_bytes()
    with pytest.raises(Conflict, match="open somewhere else"):
        rekey.rekey_database(workspace, ADMIN_PASSWORD)
    assert keys_path(ws_path).read_bytes() == before and not pending_keys_path(ws_path).exists()
    # both sessions carry on with the old key
    workspace.write("g", registers.create_group, {"name": "After", "marking": "OFFICIAL", "management_level": "local"})
    assert sam.read(lambda s: s.execute(text("SELECT count(*) FROM subjects")).scalar()) == 1
    sam.close()
    rekey.rekey_database(workspace, ADMIN_PASSWORD)             # alone now: it goes through
    assert all(c.ok for c in maintenance.verify(workspace))


def test_an_unused_leftover_new_key_file_is_removed_at_sign_in(workspace, ws_path):
    """A re-key that died before it touched the database leaves keyslots.rekey.json beside the old
    file; the next sign-in finds the old key still opens the database and deletes it."""
    other = KeyFile.create(pending_keys_path(ws_path), workspace.keyfile.workspace_id, b"\x01" * 32)
    other.set_password(b"\x01" * 32, ADMIN, ADMIN_PASSWORD)
    other.save()
    workspace.close()
    before = snapshot_files(ws_path)
    with pytest.raises(SignInError):                            # wrong password: nothing settled, nothing written
        Workspace.open(ws_path, ADMIN, "wrong-password-here")
    assert snapshot_files(ws_path) == before
    Workspace.open(ws_path, ADMIN, ADMIN_PASSWORD).close()
    assert not pending_keys_path(ws_path).exists()


def test_signed_in_with_the_recovery_key_every_user_gets_a_temporary_password(workspace, team, ws_path):
    workspace.close()
    with Workspace.open_with_recovery(ws_path, workspace.recovery_key) as ws:
        result = rekey.rekey_database(ws, None)
    assert set(result.temporary_passwords) == {ADMIN, "ana", "sam", "sue"}
    with Workspace.open(ws_path, ADMIN, result.temporary_passwords[ADMIN]) as ws:
        assert all(c.ok for c in maintenance.verify(ws))
        (username, _summary, _changes), = [e for e in events(ws, "workspace.rekey") if "rekey_id" in e[2]]
        assert username == "recovery-key"
        assert all(u["must_change_password"] for u in ws.read(users.list_users))
