"""The regional server mode on a throwaway PostgreSQL cluster (tests/server/cluster.py): the same
services, each person signed in as their own server role, the database's own guards, one linear
audit chain with several writers at once."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, IntegrityError

from rocta_desktop import demo
from rocta_desktop.domain.users import Role
from rocta_desktop.services import maintenance, registers, server, users
from rocta_desktop.services.folders import SignInError, WorkspaceError
from rocta_desktop.services.workspace import Workspace
from rocta_desktop.store import migrate
from rocta_desktop.store.engine import make_server_engine
from tests.conftest import ADMIN, ADMIN_PASSWORD, TEAM_PASSWORD

ANALYST = "server.analyst"


@pytest.fixture
def on_server(tmp_path: Path, server_url: str):
    ws, _ = Workspace.create(tmp_path / "region.rocta", ADMIN, ADMIN_PASSWORD, name="Server Region",
                             server_url=server_url)
    with ws.operation("user.create", "an analyst") as uow:
        users.add_user(uow, ANALYST, TEAM_PASSWORD, Role.ANALYST, "Server Analyst", temporary=False)
    try:
        yield ws
    finally:
        ws.close()


def _superuser(pg_cluster, database: str) -> sa.Engine:
    return sa.create_engine(pg_cluster.url(database), poolclass=sa.pool.NullPool)


def _database(ws: Workspace) -> str:
    return ws.engine.url.database


def test_each_person_is_their_own_server_role_and_no_password_reaches_the_server(on_server, pg_cluster):
    assert on_server.on_server and not (on_server.path / "workspace.db").exists()
    profile = json.loads((on_server.path / "server.json").read_text())
    assert "@" not in profile["url"] and ADMIN_PASSWORD not in (on_server.path / "server.json").read_text()
    assert not (on_server.path / "keyslots.json").exists()  # the server keeps the key file
    # another computer needs only the profile (the server's address) to sign in
    laptop = on_server.path.parent / "laptop.rocta"
    laptop.mkdir()
    (laptop / "server.json").write_text((on_server.path / "server.json").read_text())
    with Workspace.open(laptop, ANALYST, TEAM_PASSWORD) as analyst:
        with analyst.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT current_user").scalar_one() == ANALYST
        analyst.write("g", registers.create_group, {"name": "Quay Street Firm", "marking": "OFFICIAL", "management_level": "local"})
    with _superuser(pg_cluster, _database(on_server)).connect() as conn:
        stored = conn.exec_driver_sql("SELECT rolpassword FROM pg_authid WHERE rolname = %(r)s",
                                      {"r": ANALYST}).scalar_one()
        assert stored.startswith("SCRAM-SHA-256$") and TEAM_PASSWORD not in stored
        actor = conn.exec_driver_sql("SELECT username FROM audit_events WHERE action = 'group.create' "
                                     "ORDER BY id DESC LIMIT 1").scalar_one()
    assert actor == ANALYST


def test_a_wrong_password_a_disabled_account_and_another_database_are_refused(on_server, pg_cluster, server_url):
    with pytest.raises(SignInError):
        Workspace.open(on_server.path, ANALYST, "Not-The-Password-1")
    on_server.write("disable", users.disable_user, ANALYST)
    direct = make_server_engine(server.signed_in_url(on_server.engine.url.render_as_string(False), ANALYST,
                                                     TEAM_PASSWORD))
    with pytest.raises(DBAPIError, match="permission denied for database"):
        direct.connect()
    direct.dispose()
    # a person of this workspace cannot connect to another workspace's database on the same server
    other = sa.create_engine(server.signed_in_url(server_url, ANALYST, TEAM_PASSWORD), poolclass=sa.pool.NullPool)
    with pytest.raises(DBAPIError, match="permission denied for database"):
        other.connect()


def test_the_database_itself_refuses_to_rewrite_the_audit_trail(on_server):
    with Workspace.open(on_server.path, ANALYST, TEAM_PASSWORD) as analyst:
        with pytest.raises(IntegrityError, match="append-only"), analyst.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE audit_events SET summary = 'nothing happened'")
        with pytest.raises(IntegrityError, match="append-only"), analyst.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM audit_events")
        with pytest.raises(DBAPIError, match="permission denied"), analyst.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0001'")


def test_several_writers_at_once_keep_one_linear_signed_chain(on_server):
    analyst = Workspace.open(on_server.path, ANALYST, TEAM_PASSWORD)
    errors: list[BaseException] = []

    def work(ws: Workspace, who: str) -> None:
        try:
            for i in range(12):
                ws.write("g", registers.create_group, {"name": f"{who} crew {i}", "marking": "OFFICIAL", "management_level": "local"})
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(on_server, "Admin")),
               threading.Thread(target=work, args=(analyst, "Analyst"))]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        analyst.close()
    assert not errors
    checks = {c.name: c for c in maintenance.verify(on_server)}
    trail = next(c for name, c in checks.items() if name.startswith("audit trail"))
    assert trail.ok, trail.details
    assert all(c.ok for c in checks.values()), [(c.name, c.details) for c in checks.values() if not c.ok]
    with on_server.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM subjects WHERE name LIKE '%% crew %%'").scalar_one() == 24


def test_the_demo_runs_on_a_server_and_verifies(on_server):
    counts = demo.generate(on_server, groups=6, nominals=40, seed=3)
    assert counts["nominals"] == 40
    # the sequences moved past the demo's ids: the next record made through the ORM does not collide
    created = on_server.write("g", registers.create_group, {"name": "After The Demo", "marking": "OFFICIAL", "management_level": "local"})
    assert created
    assert all(c.ok for c in maintenance.verify(on_server))


def test_migrations_run_both_ways_on_postgresql_and_match_the_models(pg_cluster, server_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from rocta_desktop.store.models import metadata
    engine = make_server_engine(server.signed_in_url(server_url, ADMIN, ADMIN_PASSWORD))
    try:
        migrate.downgrade(engine, "base")
        assert migrate.current_revision(engine) is None
        migrate.upgrade(engine)
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata) == []
    finally:
        engine.dispose()


def test_a_server_workspace_needs_an_empty_database_and_refuses_what_only_a_terminal_has(on_server, tmp_path):
    with pytest.raises(WorkspaceError, match="not empty"):
        Workspace.create(tmp_path / "again.rocta", ADMIN, ADMIN_PASSWORD,
                         server_url=on_server.engine.url.set(username=None, password=None).render_as_string(False))
    from rocta_desktop.services import backup
    with pytest.raises(backup.BackupError, match="pg_dump"):
        backup.create_backup(on_server, tmp_path / "b")


def test_the_command_line_creates_and_migrates_a_server_workspace(tmp_path, server_url):
    env = {"ROCTA_PASSWORD": ADMIN_PASSWORD, "ROCTA_KDF_COST": "test", "PATH": "/usr/bin:/bin"}
    profile = tmp_path / "cli.rocta"

    def rocta(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "rocta_desktop.cli", *args], capture_output=True, text=True,
                              env=env, timeout=120)

    made = rocta("server", "init", server_url, str(profile), "--admin", ADMIN, "--json")
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["administrator"] == ADMIN
    moved = rocta("server", "migrate", str(profile), "--user", ADMIN, "--json")
    assert moved.returncode == 0, moved.stderr
    assert json.loads(moved.stdout)["to"] == migrate.head_revision()
    checked = rocta("verify", str(profile), "--user", ADMIN)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_row_level_security_hides_from_a_direct_session_what_the_application_hides(on_server, pg_cluster):
    """Connected as themselves outside the application (as psql would), an analyst cleared to
    OFFICIAL-SENSITIVE reads no SECRET record, no child of one, no record restricted to others, and
    cannot raise their own clearance."""
    from rocta_desktop.services import access
    on_server.write("u", users.add_user, "server.sup", TEAM_PASSWORD, Role.SUPERVISOR, "Supervisor",
                    temporary=False, clearance="SECRET")
    made = {}
    for name, marking in (("Open Crew", "OFFICIAL"), ("Sensitive Crew", "OFFICIAL-SENSITIVE"),
                          ("Secret Crew", "SECRET"), ("Restricted Crew", "OFFICIAL")):
        made[name] = on_server.write("g", registers.create_group, {"name": name, "marking": marking,
                                                                    "management_level": "local",
                                                                    "nicknames": [f"{name} alias"]})
    on_server.write("r", access.restrict, "subject", made["Restricted Crew"].id, "covert source",
                    users=["server.sup"])
    direct = sa.create_engine(server.signed_in_url(on_server.engine.url.render_as_string(False), ANALYST,
                                                   TEAM_PASSWORD), poolclass=sa.pool.NullPool)
    with direct.connect() as conn:
        names = set(conn.exec_driver_sql("SELECT name FROM subjects").scalars())
        assert names == {"Open Crew", "Sensitive Crew"}
        aliases = set(conn.exec_driver_sql("SELECT alias FROM subject_aliases").scalars())
        assert aliases == {"Open Crew alias", "Sensitive Crew alias"}
        assert conn.exec_driver_sql("SELECT count(*) FROM groups").scalar_one() == 2
        changed = conn.exec_driver_sql("UPDATE subjects SET name = 'renamed' WHERE marking = 'SECRET'").rowcount
        assert changed == 0
        conn.rollback()
        with pytest.raises(DBAPIError, match="permission denied"):
            conn.exec_driver_sql(f"UPDATE users SET clearance = 'SECRET' WHERE username = '{ANALYST}'")
        conn.rollback()
        # nor lift a restriction not granted to them, grant it to themselves, or join a team
        assert conn.exec_driver_sql("DELETE FROM restrictions").rowcount == 0
        me = conn.exec_driver_sql(f"SELECT id FROM users WHERE username = '{ANALYST}'").scalar_one()
        rid = conn.exec_driver_sql("SELECT id FROM restrictions").scalar_one()
        with pytest.raises(DBAPIError, match="row-level security"):
            conn.exec_driver_sql(f"INSERT INTO restriction_grants (restriction_id, user_id) VALUES ({rid}, {me})")
        conn.rollback()
        with pytest.raises(DBAPIError, match="permission denied"):
            conn.exec_driver_sql(f"INSERT INTO team_members (team_id, user_id) VALUES (1, {me})")
        conn.rollback()
        assert conn.exec_driver_sql("SELECT count(*) FROM subjects").scalar_one() == 2
    direct.dispose()
    # the supervisor, granted the restricted record and cleared to SECRET, sees all four
    with sa.create_engine(server.signed_in_url(on_server.engine.url.render_as_string(False), "server.sup",
                                               TEAM_PASSWORD), poolclass=sa.pool.NullPool).connect() as conn:
        assert len(set(conn.exec_driver_sql("SELECT name FROM subjects").scalars())) == 4


def test_a_direct_session_reads_no_audit_event_of_a_record_it_may_not_see(on_server):
    """An event says what changed, before and after: an analyst connected as themselves (as psql
    would) reads none about a SECRET record, yet their own writes still follow the one chain, and
    `rocta verify` passes for them and for the administrator."""
    secret = on_server.write("g", registers.create_group, {"name": "Secret Crew", "marking": "SECRET",
                                                            "management_level": "local"})
    on_server.write("g", registers.update_subject, secret.id, {"description": "safe house at 4 Mill Lane"})
    on_server.write("g", registers.create_group, {"name": "Open Crew", "marking": "OFFICIAL",
                                                  "management_level": "local"})
    on_server.write("g", registers.update_subject, secret.id, {"notes": "meets on Fridays"})
    direct = sa.create_engine(server.signed_in_url(on_server.engine.url.render_as_string(False), ANALYST,
                                                   TEAM_PASSWORD), poolclass=sa.pool.NullPool)
    with direct.connect() as conn:
        words = " ".join(conn.exec_driver_sql(
            "SELECT coalesce(entity_ref, '') || summary || changes::text FROM audit_events").scalars())
        assert "Open Crew" in words
        assert "Secret Crew" not in words and "Mill Lane" not in words and "Fridays" not in words
        assert conn.exec_driver_sql(f"SELECT count(*) FROM audit_events WHERE entity_id = {secret.id} "
                                    "AND entity_type = 'group'").scalar_one() == 0
        # what the chain needs, and no more: the newest event's number and hash
        head = conn.exec_driver_sql("SELECT id, hash FROM rocta_chain_head()").one()
        # nor may they slip an event into the trail in someone else's name
        with pytest.raises(DBAPIError, match="row-level security"):
            conn.exec_driver_sql(
                "INSERT INTO audit_events (at, user_id, username, action, entity_type, summary, changes, prev_hash, "
                f"hash, version) VALUES ('2026-01-01T00:00:00.000000Z', 1, '{ADMIN}', 'nominal.delete', 'nominal', "
                f"'forged', '{{}}', '{head.hash}', '{'0' * 64}', 3)")
        conn.rollback()
    direct.dispose()
    with Workspace.open(on_server.path, ANALYST, TEAM_PASSWORD) as analyst:
        analyst.write("g", registers.create_group, {"name": "Analyst Crew", "marking": "OFFICIAL",
                                                    "management_level": "local"})
        assert [c.name for c in maintenance.verify(analyst) if not c.ok] == []
    with on_server.engine.connect() as conn:
        first_after = conn.exec_driver_sql(f"SELECT prev_hash FROM audit_events WHERE id > {head.id} "
                                           "ORDER BY id LIMIT 1").scalar_one()
        assert first_after == head.hash  # chained to the event the analyst could not read
    assert [c.name for c in maintenance.verify(on_server) if not c.ok] == []


def test_no_lost_update_between_two_people_on_the_server(on_server):
    """Two people edit the same group from their own computers: the later save of the same field,
    made on what they loaded before, is refused and names who changed it."""
    from rocta_desktop.domain.errors import EditConflict
    gid = on_server.write("g", registers.create_group, {"name": "Shared Crew", "marking": "OFFICIAL",
                                                       "management_level": "local"}).id
    with Workspace.open(on_server.path, ANALYST, TEAM_PASSWORD) as analyst:
        loaded = analyst.read(registers.get_subject, gid)["seen_event"]
        on_server.write("g", registers.update_subject, gid, {"lro_name": "DI Admin"},
                        seen_event=on_server.read(registers.get_subject, gid)["seen_event"])
        with pytest.raises(EditConflict, match="admin changed lro name of"):
            analyst.write("g", registers.update_subject, gid, {"lro_name": "DI Analyst"}, seen_event=loaded)
        analyst.write("g", registers.update_subject, gid, {"description": "theirs kept"}, seen_event=loaded)
    record = on_server.read(registers.get_subject, gid)
    assert record["lro_name"] == "DI Admin" and record["description"] == "theirs kept"


def test_changes_committed_elsewhere_arrive_live_and_a_rolled_back_one_never_does(on_server):
    import time
    heard: list = []
    with Workspace.open(on_server.path, ANALYST, TEAM_PASSWORD) as analyst:
        analyst.follow_others()
        analyst.subscribe(heard.append)
        gid = on_server.write("g", registers.create_group, {"name": "Live Crew", "marking": "OFFICIAL",
                                                           "management_level": "local"}).id
        deadline = time.monotonic() + 10
        while not heard and time.monotonic() < deadline:
            time.sleep(0.05)
        assert heard and "group" in heard[0] and ("group", gid) in heard[0].records
        heard.clear()
        with pytest.raises(RuntimeError), on_server.operation("g") as uow:
            registers.create_group(uow, {"name": "Never Saved", "marking": "OFFICIAL", "management_level": "local"})
            raise RuntimeError("cancelled")
        analyst.write("g", registers.update_subject, gid, {"description": "own change"})
        time.sleep(1.0)
        # nothing from the rolled-back change; the analyst's own change is told once, by itself, not echoed
        assert [set(h) for h in heard] == [{"group"}]


def test_a_spreadsheet_import_lands_on_the_server_and_the_next_record_takes_a_new_id(on_server, tmp_path):
    """The bulk path writes ids itself; on a server the id sequences move past them, so records made
    afterwards through the application do not collide; the import is audited and verifies."""
    from rocta_desktop.exchange.xlsx_import import read_sheet
    from rocta_desktop.services import imports, reference_data
    from rocta_desktop.store.models import Force
    from tests.services.test_hardening import nominal_sheet
    on_server.write("f", reference_data.create, Force, {"code": "NMP", "name": "Northmoor Police"})
    plan, outcome = imports.run(on_server, "nominals", read_sheet(nominal_sheet(tmp_path / "n.xlsx", 300)))
    assert outcome.committed and not plan.problems
    after = on_server.write("n", registers.create_nominal, {"surname": "Afterwards", "forenames": "Sam",
                                                           "marking": "OFFICIAL"})
    with on_server.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM nominals").scalar_one() == 301
    assert after.id > 300
    assert all(c.ok for c in maintenance.verify(on_server))
