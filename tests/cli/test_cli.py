"""The `rocta` command line end to end, through real subprocesses."""

import json
import os
import subprocess
import sys

import pytest

from tests.cli.conftest import on_server
from tests.conftest import snapshot_files

PASSWORD = "Tidal-basin-2026"


def rocta(*args, env=None, input=None):
    """`rocta ARGS` in a new process (with ROCTA_TEST_SERVER=1, a new workspace is made on the server)."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("ROCTA_")}
    full_env.update({"ROCTA_KDF_COST": "test", **(env or {})})
    return subprocess.run([sys.executable, "-m", "rocta_desktop.cli", *on_server(args, full_env)], capture_output=True,
                          text=True, env=full_env, input=input, timeout=120)


@pytest.fixture(scope="module")
def cli_ws(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli")
    pw = folder / "pw.txt"
    pw.write_text(PASSWORD + "\n")
    path = folder / "region.rocta"
    r = rocta("init", str(path), "--user", "chief", "--password-file", str(pw), "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    return {"path": path, "pw": pw, "recovery": data["recovery_key"], "folder": folder}


def test_init_prints_recovery_key_once_and_info_reads_back(cli_ws):
    assert len(cli_ws["recovery"].split("-")) == 8
    r = rocta("info", str(cli_ws["path"]), "--user", "chief", "--password-file", str(cli_ws["pw"]), "--json")
    assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout)
    assert info["signed_in_as"] == {"username": "chief", "role": "administrator"}
    assert info["key_slots"] == {"password": 1, "recovery": 1}
    assert info["schema_revision"] == info["schema_head"]


def test_password_from_environment_and_stdin(cli_ws):
    r = rocta("info", str(cli_ws["path"]), "--user", "chief", env={"ROCTA_PASSWORD": PASSWORD})
    assert r.returncode == 0 and "administrator" in r.stdout
    r = rocta("info", str(cli_ws["path"]), "--user", "chief", "--password-file", "-", input=PASSWORD + "\n")
    assert r.returncode == 0, r.stderr


def test_wrong_credentials_exit_1_and_change_nothing(cli_ws):
    before = snapshot_files(cli_ws["path"])
    r = rocta("info", str(cli_ws["path"]), "--user", "chief", env={"ROCTA_PASSWORD": "not-the-password"})
    assert r.returncode == 1 and "username or password is not correct" in r.stderr
    bad = cli_ws["folder"] / "bad-recovery.txt"
    bad.write_text("AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA")
    r = rocta("verify", str(cli_ws["path"]), "--recovery-key-file", str(bad), "--json")
    assert r.returncode == 1 and json.loads(r.stdout)["ok"] is False
    assert snapshot_files(cli_ws["path"]) == before


@pytest.mark.terminal  # a server workspace's key is its people's server roles: no recovery key opens it
def test_recovery_key_opens(cli_ws):
    f = cli_ws["folder"] / "recovery.txt"
    f.write_text(cli_ws["recovery"])
    r = rocta("verify", str(cli_ws["path"]), "--recovery-key-file", str(f), "--json")
    assert r.returncode == 0, r.stderr
    assert all(c["ok"] for c in json.loads(r.stdout)["checks"])


def test_bad_usage_and_bad_input_exit_2(cli_ws, tmp_path):
    assert rocta().returncode == 2
    assert rocta("frobnicate").returncode == 2
    r = rocta("info", str(tmp_path / "missing.rocta"), "--user", "x", "--password-file", str(cli_ws["pw"]))
    assert r.returncode == 2 and "does not exist" in r.stderr
    not_ws = tmp_path / "file.txt"
    not_ws.write_text("hi")
    r = rocta("verify", str(not_ws), "--user", "x", "--password-file", str(cli_ws["pw"]))
    assert r.returncode == 2 and "not a ROCTA workspace" in r.stderr
    r = rocta("info", str(cli_ws["path"]), "--user", "chief", "--password-file", str(tmp_path / "nope.txt"))
    assert r.returncode == 2 and "does not exist" in r.stderr
    r = rocta("info", str(cli_ws["path"]), "--user", "chief")  # no password, no tty
    assert r.returncode == 2 and "no password given" in r.stderr
    weak = tmp_path / "weak.txt"
    weak.write_text("short\n")
    r = rocta("init", str(tmp_path / "new.rocta"), "--user", "x1", "--password-file", str(weak))
    assert r.returncode == 2 and "password: must be at least 10 characters" in r.stderr
    assert not (tmp_path / "new.rocta").exists()


def test_users_admin_only_and_disable(cli_ws):
    path, pw = str(cli_ws["path"]), str(cli_ws["pw"])
    newpw = cli_ws["folder"] / "new.txt"
    newpw.write_text("Copper-kettle-51\n")
    r = rocta("users", "add", path, "dana", "--role", "analyst", "--user", "chief", "--password-file", pw,
              "--new-password-file", str(newpw))
    assert r.returncode == 0, r.stderr
    r = rocta("users", "add", path, "eve", "--user", "dana", "--password-file", str(newpw),
              "--new-password-file", str(newpw))
    assert r.returncode == 1 and "may not manage users" in r.stderr
    r = rocta("users", "list", path, "--user", "chief", "--password-file", pw, "--json")
    assert {u["username"] for u in json.loads(r.stdout)["users"]} == {"chief", "dana"}
    r = rocta("users", "disable", path, "dana", "--user", "chief", "--password-file", pw)
    assert r.returncode == 0, r.stderr
    r = rocta("info", path, "--user", "dana", "--password-file", str(newpw))
    assert r.returncode == 1
    r = rocta("users", "set-role", path, "ghost", "--role", "analyst", "--user", "chief", "--password-file", pw)
    assert r.returncode == 2 and "no user named 'ghost'" in r.stderr


def test_verify_reports_tampered_audit_trail(cli_ws, tmp_path):
    import shutil

    from sqlalchemy import text

    from rocta_desktop.services.workspace import Workspace
    copy = tmp_path / "copy.rocta"
    shutil.copytree(cli_ws["path"], copy)
    os.environ["ROCTA_KDF_COST"] = "test"
    from tests.attacks import drop_guards
    with Workspace.open(copy, "chief", PASSWORD) as ws, ws.engine.begin() as conn:
        drop_guards(conn)
        conn.execute(text("DELETE FROM audit_events WHERE id = 2"))
    r = rocta("verify", str(copy), "--user", "chief", "--password-file", str(cli_ws["pw"]))
    assert r.returncode == 1
    assert "[FAIL] audit trail: hash chain, signatures, roles" in r.stdout and "audit event 3" in r.stdout


def test_demo_builds_a_verifiable_region(tmp_path):
    path = tmp_path / "demo.rocta"
    r = rocta("demo", str(path), "--groups", "12", "--nominals", "80", "--seed", "3", "--json",
              env={"ROCTA_PASSWORD": PASSWORD})
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["counts"]["groups"] == 12 and data["counts"]["nominals"] == 80
    for user in ("admin", "supervisor", "analyst"):
        r = rocta("info", str(path), "--user", user, "--json", env={"ROCTA_PASSWORD": PASSWORD})
        assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout)
    assert info["signed_in_as"]["role"] == "analyst" and info["subjects"]["group"]
    r = rocta("verify", str(path), "--user", "admin", env={"ROCTA_PASSWORD": PASSWORD})
    assert r.returncode == 0 and "no problems found" in r.stdout
    r = rocta("users", "list", str(path), "--user", "admin", "--json", env={"ROCTA_PASSWORD": PASSWORD})
    listed = json.loads(r.stdout)
    people = listed["users"] if isinstance(listed, dict) else listed
    assert not any(u["must_change_password"] for u in people)  # demo accounts share the published password
    r = rocta("demo", str(path), env={"ROCTA_PASSWORD": PASSWORD})  # never over an existing workspace
    assert r.returncode == 2 and "already exists" in r.stderr


@pytest.mark.terminal  # re-keys a terminal's encrypted file
def test_users_rekey_after_disable(tmp_path):
    pw = tmp_path / "pw.txt"
    pw.write_text(PASSWORD + "\n")
    newpw = tmp_path / "new.txt"
    newpw.write_text("Copper-kettle-51\n")
    path = str(tmp_path / "rekey.rocta")
    assert rocta("init", path, "--user", "chief", "--password-file", str(pw)).returncode == 0
    for name in ("dana", "lee"):
        r = rocta("users", "add", path, name, "--user", "chief", "--password-file", str(pw),
                  "--new-password-file", str(newpw))
        assert r.returncode == 0, r.stderr
    old_keys = (tmp_path / "rekey.rocta" / "keyslots.json").read_bytes()
    r = rocta("users", "rekey", "--workspace", path, "--user", "dana", "--password-file", str(newpw))
    assert r.returncode == 1 and "may not manage users" in r.stderr
    r = rocta("users", "disable", path, "dana", "--rekey", "--user", "chief", "--password-file", str(pw), "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert set(data["temporary_passwords"]) == {"lee"} and data["backup"].endswith(".roctabackup")
    r = rocta("users", "rekey", "--workspace", path, "--user", "chief", "--password-file", str(pw))
    assert r.returncode == 0, r.stderr
    assert "TEMPORARY PASSWORDS" in r.stdout and "NEW RECOVERY KEY" in r.stdout
    lee = r.stdout.split("lee", 1)[1].split()[0]
    r = rocta("verify", path, "--user", "lee", "--password-file", "-", input=lee + "\n")
    assert r.returncode == 0, r.stderr
    (tmp_path / "rekey.rocta" / "keyslots.json").write_bytes(old_keys)     # an old copy put back
    r = rocta("verify", path, "--user", "dana", "--password-file", str(newpw))
    assert r.returncode == 2 and "opens no database" in r.stderr
