"""Encrypted workspace: encryption at rest, sign-in, recovery, key slots, damaged files."""

import json
import shutil

import pytest

from rocta_desktop.services import registers, users
from rocta_desktop.services.workspace import SignInError, Workspace, WorkspaceError, backup_to, db_path, keys_path
from tests.conftest import ADMIN, ADMIN_PASSWORD, snapshot_files

SECRET_NAMES = ["Zbigniew Wróblewski-Quayle", "The Marrowbone Syndicate", "Velvet Lantern Crew"]


def _populate(ws):
    with ws.operation("test") as uow:
        g = registers.create_group(uow, {"name": SECRET_NAMES[1], "marking": "OFFICIAL-SENSITIVE",
                                         "management_level": "regional", "nicknames": [SECRET_NAMES[2]]})
        n = registers.create_nominal(uow, {"surname": "Wróblewski-Quayle", "forenames": "Zbigniew",
                                           "marking": "OFFICIAL-SENSITIVE", "date_of_birth": "1985-04-01"})
    with ws.operation("test") as uow:
        registers.add_member(uow, g.id, n.id, "principal")
    return g, n


@pytest.mark.terminal
def test_database_is_encrypted_and_names_absent_from_every_file(workspace, ws_path):
    _populate(workspace)
    backup_to(workspace.engine, workspace.key, workspace.keyfile, ws_path / "backups" / "manual")
    assert (ws_path / "backups" / "manual" / "workspace.db").exists()
    files = {p: p.read_bytes() for p in ws_path.rglob("*") if p.is_file()}
    assert db_path(ws_path) in files
    assert not files[db_path(ws_path)].startswith(b"SQLite format 3")
    for name in ["Wróblewski", "Marrowbone", "Velvet Lantern", "Zbigniew"]:
        for enc in ("utf-8", "utf-16-le"):
            needle = name.encode(enc)
            assert all(needle not in data for data in files.values()), (name, enc)
    workspace.close()  # checkpoint the WAL into the main file, then check again
    for p in ws_path.rglob("*"):
        if p.is_file():
            assert b"Marrowbone" not in p.read_bytes()


def test_sign_in_right_and_wrong_leave_files_unchanged(workspace, ws_path):
    _populate(workspace)
    workspace.close()
    before = snapshot_files(ws_path)
    for user, password in [(ADMIN, "not-the-password"), ("nobody", ADMIN_PASSWORD), ("", ""),
                           (ADMIN, ADMIN_PASSWORD + " ")]:
        with pytest.raises(SignInError, match="username or password is not correct"):
            Workspace.open(ws_path, user, password)
    with pytest.raises(SignInError, match="recovery key does not open"):
        Workspace.open_with_recovery(ws_path, "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF-GGGGG-HHHHH")
    assert snapshot_files(ws_path) == before
    with Workspace.open(ws_path, ADMIN.upper(), ADMIN_PASSWORD) as ws:  # usernames are case-insensitive
        assert ws.actor.username == ADMIN
        with ws.reader() as s:
            assert registers.count_subjects(s, registers.SubjectFilter()) == 2


@pytest.mark.terminal
def test_recovery_key_opens_and_can_reset_a_forgotten_password(workspace, ws_path):
    recovery = workspace.recovery_key
    workspace.close()
    with Workspace.open_with_recovery(ws_path, recovery) as ws:
        assert ws.actor.username == "recovery-key"
        with ws.operation("reset") as uow:
            users.reset_password(uow, ADMIN, "Brand-new-pass-1")
        with ws.reader() as s:
            rows = users.list_users(s)
    assert rows[0]["must_change_password"] is True
    with pytest.raises(SignInError):
        Workspace.open(ws_path, ADMIN, ADMIN_PASSWORD)
    Workspace.open(ws_path, ADMIN, "Brand-new-pass-1").close()


def test_key_slots_added_and_removed_with_accounts(workspace, ws_path):
    with workspace.operation("add") as uow:
        users.add_user(uow, "bob", "Quill-ink-9931", "analyst", "Bob Analyst")
    assert workspace.keyfile.slot_summary() == {"password": 2, "recovery": 1}
    with Workspace.open(ws_path, "bob", "Quill-ink-9931") as bob:
        assert bob.actor.role.value == "analyst"
    with workspace.operation("disable") as uow:
        users.disable_user(uow, "bob")
    assert workspace.keyfile.slot_summary() == {"password": 1, "recovery": 1}
    with pytest.raises(SignInError):
        Workspace.open(ws_path, "bob", "Quill-ink-9931")
    with workspace.operation("enable") as uow:
        users.enable_user(uow, "bob", "Quill-ink-10042")
    Workspace.open(ws_path, "bob", "Quill-ink-10042").close()


@pytest.mark.terminal  # about keyslots.json itself (a server keeps the key file in its database)
def test_disabled_account_cannot_sign_in_even_with_a_stale_slot(workspace, ws_path):
    """An old copy of the key file still holds the slot: it is refused as an old copy (its generation
    is behind the database's), and the account state in the database would refuse it too."""
    with workspace.operation("add") as uow:
        users.add_user(uow, "carol", "Harbour-mist-71", "supervisor")
    stale = keys_path(ws_path).read_bytes()
    with workspace.operation("disable") as uow:
        users.disable_user(uow, "carol")
    workspace.close()
    keys_path(ws_path).write_bytes(stale)
    with pytest.raises(WorkspaceError, match="is an old copy"):
        Workspace.open(ws_path, "carol", "Harbour-mist-71")


@pytest.mark.terminal  # about keyslots.json itself (a server keeps the key file in its database)
def test_failed_commit_restores_the_key_file(workspace, ws_path, monkeypatch):
    before = keys_path(ws_path).read_bytes()
    with pytest.raises(RuntimeError, match="disk gone"):
        with workspace.operation("add") as uow:
            users.add_user(uow, "dave", "Granite-fox-553", "analyst")
            monkeypatch.setattr(uow.session, "commit", lambda: (_ for _ in ()).throw(RuntimeError("disk gone")))
    assert keys_path(ws_path).read_bytes() == before
    with pytest.raises(SignInError):
        Workspace.open(ws_path, "dave", "Granite-fox-553")


@pytest.mark.terminal
def test_missing_or_damaged_key_file_and_not_a_workspace(workspace, ws_path, tmp_path):
    workspace.close()
    copy = tmp_path / "copy.rocta"
    shutil.copytree(ws_path, copy)
    keys_path(copy).unlink()
    with pytest.raises(WorkspaceError, match="key file .* is missing"):
        Workspace.open(copy, ADMIN, ADMIN_PASSWORD)
    keys_path(copy).write_text("{ damaged")
    with pytest.raises(WorkspaceError, match="damaged"):
        Workspace.open(copy, ADMIN, ADMIN_PASSWORD)
    plain = tmp_path / "plain.txt"
    plain.write_text("hello")
    with pytest.raises(WorkspaceError, match="not a ROCTA workspace"):
        Workspace.open(plain, ADMIN, ADMIN_PASSWORD)
    with pytest.raises(WorkspaceError, match="does not exist"):
        Workspace.open(tmp_path / "nowhere", ADMIN, ADMIN_PASSWORD)
    empty = tmp_path / "empty.rocta"
    empty.mkdir()
    with pytest.raises(WorkspaceError, match="workspace.db is missing"):
        Workspace.open(empty, ADMIN, ADMIN_PASSWORD)


@pytest.mark.terminal  # about keyslots.json itself (a server keeps the key file in its database)
def test_key_file_of_another_workspace_is_refused(workspace, ws_path, tmp_path):
    other, _ = Workspace.create(tmp_path / "other.rocta", ADMIN, ADMIN_PASSWORD)
    other.close()
    workspace.close()
    shutil.copy(keys_path(tmp_path / "other.rocta"), keys_path(ws_path))
    with pytest.raises(WorkspaceError, match="opens no database|another workspace"):
        Workspace.open(ws_path, ADMIN, ADMIN_PASSWORD)


def test_create_refuses_existing_folder_and_weak_password(tmp_path):
    (tmp_path / "taken.rocta").mkdir()
    (tmp_path / "taken.rocta" / "x").write_text("x")
    with pytest.raises(WorkspaceError, match="already exists"):
        Workspace.create(tmp_path / "taken.rocta", ADMIN, ADMIN_PASSWORD)
    from rocta_desktop.domain.errors import ValidationError
    with pytest.raises(ValidationError, match="at least 10 characters"):
        Workspace.create(tmp_path / "new.rocta", ADMIN, "short")
    assert not (tmp_path / "new.rocta").exists()


@pytest.mark.terminal  # about keyslots.json itself (a server keeps the key file in its database)
def test_key_file_holds_no_plaintext_key_or_username(workspace, ws_path):
    data = json.loads(keys_path(ws_path).read_text())
    raw = keys_path(ws_path).read_text()
    assert ADMIN not in raw and workspace.key.hex() not in raw
    assert {s["type"] for s in data["slots"]} == {"password", "recovery"}


def test_change_notices_reach_subscribers(workspace):
    seen = []
    workspace.subscribe(seen.append)
    _populate(workspace)
    assert seen and "group" in seen[0] and "nominal" in seen[0]
