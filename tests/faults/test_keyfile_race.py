"""Key file changes from several processes and stale windows at once: no slot lost, none revived.

Every change to the key file is a read-modify-write of the file as it is on disk, under its lock, so a
window opened earlier or another process never writes back a copy that undoes somebody's change. The
figures (processes, rounds, key-file writes, slots lost or revived) are printed for the closing note.
"""

from __future__ import annotations

import json
import subprocess
import sys

from rocta_desktop.services import maintenance, users
from rocta_desktop.services.workspace import SignInError, Workspace, WorkspaceError, keys_path
from rocta_desktop.store.keyslots import KeyFile
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.faults.keyfile_worker import START_PASSWORD

PROCESSES, ROUNDS = 4, 50


def test_parallel_processes_lose_and_revive_no_slot(workspace, ws_path):
    admins = [f"adm{i}" for i in range(PROCESSES)]
    for name in admins:
        workspace.write("u", users.add_user, name, START_PASSWORD, "administrator", temporary=False)
    generation = workspace.keyfile.generation
    workspace.close()
    procs = [subprocess.Popen([sys.executable, "-m", "tests.faults.keyfile_worker", str(ws_path), name, str(ROUNDS)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for name in admins]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    kf = KeyFile.load(keys_path(ws_path))
    writes = kf.generation - generation
    with Workspace.open(ws_path, ADMIN, ADMIN_PASSWORD) as ws:
        slots = kf.users(ws.key)
        problems = [c for c in maintenance.verify(ws) if not c.ok]
        listed = {u["username"]: u["active"] for u in ws.read(users.list_users)}
    expected_active = {ADMIN} | {r["admin"] for r in results} | {n for r in results for n in r["active"]}
    disabled = {n for r in results for n in r["disabled"]}
    lost = expected_active - slots
    revived = disabled & slots
    print(f"\nkey file race: {PROCESSES} processes x {ROUNDS} rounds, {writes} key-file writes, "
          f"{len(expected_active)} active and {len(disabled)} disabled accounts; slots lost {len(lost)}, "
          f"revived {len(revived)}")
    assert writes == PROCESSES * (ROUNDS + ROUNDS + ROUNDS // 2)  # every change landed, none overwritten
    assert not lost and not revived
    assert {n for n, on in listed.items() if on} == expected_active
    assert problems == [], problems
    for r in results:  # each administrator's last password, set in a race with the others, works
        Workspace.open(ws_path, r["admin"], r["password"]).close()


def test_a_stale_window_revives_nothing(workspace, team, ws_path):
    """A window opened earlier changes its own password after another window disabled a user and
    made a new recovery key: the user stays locked out and the old recovery key stays revoked."""
    stale = team.open("sam")                      # opened first, keeps its view of the key file
    old_recovery = workspace.recovery_key
    workspace.write("user.disable", users.disable_user, "ana")
    new_recovery = workspace.write("r", users.new_recovery_key)
    workspace.write("u", users.add_user, "zoe", "Zebra-crossing-42", "analyst")
    stale.write("p", users.change_own_password, "Correct-Horse-Battery-9", "Another-horse-77x")
    workspace.close()
    stale.close()
    try:
        Workspace.open(ws_path, "ana", "Correct-Horse-Battery-9")
        raise AssertionError("a disabled user signed in")
    except SignInError:
        pass
    try:
        Workspace.open_with_recovery(ws_path, old_recovery)
        raise AssertionError("the replaced recovery key still opens the workspace")
    except SignInError:
        pass
    Workspace.open_with_recovery(ws_path, new_recovery).close()
    Workspace.open(ws_path, "zoe", "Zebra-crossing-42").close()      # added elsewhere: not dropped
    Workspace.open(ws_path, "sam", "Another-horse-77x").close()


def test_an_old_copy_of_the_key_file_is_refused(workspace, ws_path):
    old = keys_path(ws_path).read_bytes()
    workspace.write("u", users.add_user, "zoe", "Zebra-crossing-42", "analyst")
    workspace.close()
    keys_path(ws_path).write_bytes(old)
    try:
        Workspace.open(ws_path, ADMIN, ADMIN_PASSWORD)
        raise AssertionError("an old key file was accepted")
    except WorkspaceError as exc:
        assert "old copy" in str(exc) and "generation" in str(exc)
