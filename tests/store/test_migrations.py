"""The migration machinery is safe: models and migrations agree, table rebuilds keep every child
row, a failing or reference-breaking migration changes nothing, opening an older workspace takes a
backup first, and a newer workspace is refused without being touched.

All on real encrypted workspaces. Test-only revisions (each a `0002` on top of the real `0001`)
live in `migration_fixtures/`; `scripts_with()` copies the real `migrations/` folder to a temporary
directory and adds one of them.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from rocta_desktop.services import exploitation, reference_data, registers
from rocta_desktop.services.workspace import (
    BACKUPS_DIR,
    MigrationDeclined,
    Workspace,
    WorkspaceError,
    db_path,
    keys_path,
)
from rocta_desktop.store import migrate
from rocta_desktop.store.engine import connect_raw
from rocta_desktop.store.keyslots import KeyFile
from rocta_desktop.store.models import Force, metadata
from tests.conftest import ADMIN, ADMIN_PASSWORD, snapshot_files

MIGRATIONS = migrate.default_script_location()  # captured before any test monkeypatches it
FIXTURES = Path(__file__).parent / "migration_fixtures"

#: the tables whose rows an ON DELETE CASCADE from `subjects`, `groups` or `nominals` would take
CASCADE_CHILDREN = ["groups", "nominals", "vulnerabilities", "subject_aliases", "group_members",
                    "nominal_identifiers", "group_crime_types", "group_reach", "group_links",
                    "nominal_associations", "vulnerability_links"]


# ---------------------------------------------------------------------------------------- helpers

HEAD = migrate.head_revision()   # the application's newest revision
TEST_REV = "9000"                 # each fixture is applied as a test-only revision on top of it

def scripts_with(tmp_path: Path, fixture: str) -> Path:
    """A copy of the application's migrations plus one test-only revision on top of the head."""
    target = tmp_path / f"migrations-{Path(fixture).stem}"
    shutil.copytree(MIGRATIONS, target, ignore=shutil.ignore_patterns("__pycache__"))
    text = (FIXTURES / fixture).read_text()
    text = text.replace('revision = "0002"', f'revision = "{TEST_REV}"')
    text = text.replace('down_revision = "0001"', f'down_revision = "{HEAD}"')
    (target / "versions" / f"{TEST_REV}_{fixture}").write_text(text)
    return target


def populate(ws: Workspace) -> None:
    """Groups with members, nicknames, crime types, reach and links; nominals with aliases,
    identifiers and associations; a vulnerability. All through the register services."""
    with ws.operation("test.populate") as uow:
        forces = [reference_data.create(uow, Force, {"code": f"F{i}", "name": f"Force {i}"}) for i in range(3)]
        groups = [registers.create_group(uow, {
            "name": f"Group {i}", "marking": "OFFICIAL-SENSITIVE", "management_level": "regional",
            "nicknames": [f"Nick {i}a", f"Nick {i}b"], "description": f"described {i}",
            "lead_force_id": forces[i % 3]}).id for i in range(4)]
        nominals = [registers.create_nominal(uow, {
            "surname": f"Surname{i}", "forenames": "Alex", "marking": "OFFICIAL", "aliases": [f"Alias {i}"],
            "date_of_birth": "1990-01-02", "nationality": "British", "flags": ["violence"]}).id
            for i in range(10)]
        harbour = registers.create_vulnerability(uow, {"name": "Harbour", "marking": "OFFICIAL",
                                                      "category": "place"}).id
    for i, n in enumerate(nominals):
        with ws.operation("test.member") as uow:
            registers.add_member(uow, groups[i % 4], n, "principal" if i < 4 else "peripheral",
                                 since="2024-05-01")
            registers.add_identifier(uow, n, "phone", f"07700 900{i:03d}")
            registers.add_identifier(uow, n, "PNC ID", f"12/{100 + i}A")
    with ws.operation("test.links") as uow:
        for g in groups:
            registers.set_crime_types(uow, g, ["DRUGS-SUPPLY", "FIREARMS"])
            registers.set_reach(uow, g, forces[:2])
        registers.link_groups(uow, groups[0], groups[1], "supply chain")
        registers.associate_nominals(uow, nominals[0], nominals[1], "brothers")
        exploitation.link_vulnerability(uow, harbour, groups[0], {"nature": "imports through it", "marking": "SECRET"})
        exploitation.link_vulnerability(uow, harbour, nominals[2], {"date_from": "2025-01-01"})


@contextlib.contextmanager
def raw(engine) -> Iterator:
    """A pooled DBAPI connection (autocommit driver: plain SELECTs need no transaction)."""
    fairy = engine.raw_connection()
    try:
        yield fairy.dbapi_connection
    finally:
        fairy.close()


def counts(conn) -> dict[str, int]:
    return {t.name: conn.execute(f'SELECT count(*) FROM "{t.name}"').fetchone()[0]
            for t in metadata.sorted_tables}


def contents(conn) -> dict[str, list[tuple]]:
    """Every row of every table the models know, in the models' columns (a later revision may add
    columns; the data that was there must be untouched)."""
    out = {}
    for t in metadata.sorted_tables:
        cols = ", ".join(f'"{c.name}"' for c in t.columns)
        out[t.name] = sorted(conn.execute(f'SELECT {cols} FROM "{t.name}"').fetchall(), key=repr)
    return out


def schema(conn) -> list[tuple]:
    return conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()


def columns(conn, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")').fetchall()]


def tables(conn) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()}


def assert_healthy(conn) -> None:
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def pooled_foreign_keys(engine) -> list[int]:
    """`PRAGMA foreign_keys` on every connection the pool holds, including the one that migrated
    (a connection handed back with foreign keys off would silently stop enforcing them)."""
    fairies = [engine.raw_connection() for _ in range(max(engine.pool.checkedin(), 1))]
    try:
        return [f.dbapi_connection.execute("PRAGMA foreign_keys").fetchone()[0] for f in fairies]
    finally:
        for f in fairies:
            f.close()


def schema_diff(engine) -> list:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
        return compare_metadata(ctx, metadata)


# ---------------------------------------------------------------------------------------- tests

def test_models_and_migrations_agree(workspace):
    assert migrate.current_revision(workspace.engine) == migrate.head_revision() == HEAD
    assert schema_diff(workspace.engine) == []
    with raw(workspace.engine) as conn:
        assert tables(conn) == {t.name for t in metadata.sorted_tables} | {"alembic_version"}
        assert_healthy(conn)


def test_downgrade_to_base_and_upgrade_again_on_a_populated_workspace(workspace):
    populate(workspace)
    migrate.downgrade(workspace.engine, "base")
    with raw(workspace.engine) as conn:
        assert tables(conn) == {"alembic_version"}
    assert migrate.current_revision(workspace.engine) is None

    migrate.upgrade(workspace.engine)
    assert migrate.current_revision(workspace.engine) == HEAD
    assert schema_diff(workspace.engine) == []
    with raw(workspace.engine) as conn:
        assert_healthy(conn)
    assert set(pooled_foreign_keys(workspace.engine)) == {1}


def test_table_rebuilds_keep_every_cascade_child_up_and_down(workspace, tmp_path):
    """Batch mode drops and recreates `subjects`, `groups` and `nominals`; with foreign keys on,
    the DROP would fire ON DELETE CASCADE and empty every child table."""
    populate(workspace)
    engine = workspace.engine
    with raw(engine) as conn:
        before_counts, before, before_schema = counts(conn), contents(conn), schema(conn)
    assert all(before_counts[t] > 0 for t in CASCADE_CHILDREN), before_counts
    scripts = scripts_with(tmp_path, "rebuild_subjects.py")

    migrate.upgrade(engine, script_location=scripts)
    assert migrate.current_revision(engine) == TEST_REV
    with raw(engine) as conn:
        assert counts(conn) == before_counts
        assert contents(conn) == before
        assert "review_due" in columns(conn, "subjects") and "rank" in columns(conn, "groups")
        assert "ck_subjects_kind_known" in conn.execute(
            "SELECT sql FROM sqlite_master WHERE name='subjects'").fetchone()[0]
        assert_healthy(conn)
    assert set(pooled_foreign_keys(engine)) == {1}

    migrate.downgrade(engine, HEAD, script_location=scripts)
    assert migrate.current_revision(engine) == HEAD
    with raw(engine) as conn:
        assert counts(conn) == before_counts
        assert contents(conn) == before
        assert "review_due" not in columns(conn, "subjects") and "rank" not in columns(conn, "groups")
        # the rebuilt tables come back with every index and constraint of 0001
        assert {r[1] for r in schema(conn)} == {r[1] for r in before_schema}
        assert_healthy(conn)
    assert schema_diff(engine) == []
    assert set(pooled_foreign_keys(engine)) == {1}

    # foreign keys are enforced again, cascades included, on the rebuilt tables
    with workspace.operation("test.delete") as uow:
        uow.session.execute(metadata.tables["subjects"].delete().where(
            metadata.tables["subjects"].c.kind == "nominal"))
    with raw(engine) as conn:
        after = counts(conn)
    assert after["nominals"] == after["group_members"] == after["nominal_identifiers"] == 0
    assert after["groups"] == before_counts["groups"]


def test_a_failing_migration_rolls_back_whole(workspace, tmp_path):
    populate(workspace)
    engine = workspace.engine
    with raw(engine) as conn:
        before_counts, before, before_schema = counts(conn), contents(conn), schema(conn)
        nominal_columns = columns(conn, "nominals")
    scripts = scripts_with(tmp_path, "fails_midway.py")

    with pytest.raises(RuntimeError, match="simulated failure"):
        migrate.upgrade(engine, script_location=scripts)

    assert migrate.current_revision(engine) == HEAD
    with raw(engine) as conn:
        assert "watchlists" not in tables(conn)
        assert columns(conn, "nominals") == nominal_columns
        assert schema(conn) == before_schema  # no table, index or _alembic_tmp_ leftover
        assert counts(conn) == before_counts
        assert contents(conn) == before  # the UPDATEs and DELETE are gone too
        assert_healthy(conn)
    assert set(pooled_foreign_keys(engine)) == {1}
    # and on a brand-new connection to the file
    fresh = connect_raw(db_path(workspace.path), workspace.key)
    try:
        assert fresh.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert fresh.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]
    finally:
        fresh.close()
    # the workspace still works normally
    with workspace.operation("test.after") as uow:
        registers.create_group(uow, {"name": "After", "marking": "OFFICIAL", "management_level": "local"})



def test_a_multi_revision_upgrade_is_one_transaction(workspace, tmp_path):
    """0001 then a failing 0002 in one upgrade: 0001 must not stay committed on its own."""
    migrate.downgrade(workspace.engine, "base")
    with raw(workspace.engine) as conn:
        before_schema = schema(conn)
    with pytest.raises(RuntimeError, match="simulated failure"):
        migrate.upgrade(workspace.engine, script_location=scripts_with(tmp_path, "fails_midway.py"))
    assert migrate.current_revision(workspace.engine) is None
    with raw(workspace.engine) as conn:
        assert tables(conn) == {"alembic_version"}
        assert schema(conn) == before_schema
    assert set(pooled_foreign_keys(workspace.engine)) == {1}

def test_a_migration_leaving_broken_references_is_refused(workspace, tmp_path):
    populate(workspace)
    engine = workspace.engine
    with raw(engine) as conn:
        before, before_schema = contents(conn), schema(conn)
    scripts = scripts_with(tmp_path, "breaks_references.py")

    with pytest.raises(migrate.MigrationError, match="broken references"):
        migrate.upgrade(engine, script_location=scripts)

    assert migrate.current_revision(engine) == HEAD
    with raw(engine) as conn:
        assert schema(conn) == before_schema
        assert contents(conn) == before
        assert_healthy(conn)
    assert set(pooled_foreign_keys(engine)) == {1}


def test_opening_an_older_workspace_backs_it_up_then_upgrades(workspace, ws_path, tmp_path, monkeypatch):
    populate(workspace)
    key = workspace.key
    with raw(workspace.engine) as conn:
        before = contents(conn)
    keyfile_bytes = keys_path(ws_path).read_bytes()
    workspace.close()
    scripts = scripts_with(tmp_path, "harmless_column.py")
    monkeypatch.setattr(migrate, "default_script_location", lambda: scripts)

    asked: list[migrate.SchemaState] = []
    opened = Workspace.open(ws_path, ADMIN, ADMIN_PASSWORD, confirm_migration=lambda s: asked.append(s) or True)
    try:
        # (a) the user was asked, once, with the versions involved
        assert asked == [migrate.SchemaState(current=HEAD, head=TEST_REV, known=True)]
        # (d) the workspace is at 0002 with all its data, and works
        assert migrate.current_revision(opened.engine) == TEST_REV
        with raw(opened.engine) as conn:
            assert "review_due" in columns(conn, "subjects")
            assert contents(conn) == before
            assert_healthy(conn)
        assert set(pooled_foreign_keys(opened.engine)) == {1}
        with opened.operation("test.after") as uow:
            registers.create_group(uow, {"name": "After", "marking": "OFFICIAL", "management_level": "local"})
    finally:
        opened.close()

    # (b) one backup, named after the old revision, holding the database and its key file
    backups = sorted((ws_path / BACKUPS_DIR).iterdir())
    assert len(backups) == 1 and backups[0].name.startswith("pre-migration-") and backups[0].name.endswith(f"-{HEAD}")
    backup = backups[0]
    assert sorted(p.name for p in backup.iterdir()) == ["keyslots.json", "workspace.db"]
    assert keys_path(backup).read_bytes() == keyfile_bytes
    # (c) the backup opens with the same key and password, at 0001, with the same data
    assert KeyFile.load(keys_path(backup)).unlock_password(ADMIN, ADMIN_PASSWORD) == key
    conn = connect_raw(db_path(backup), key, readonly=True)  # read-only: leaves the backup as it is
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]
        assert "review_due" not in columns(conn, "subjects")
        assert contents(conn) == before
        assert_healthy(conn)
    finally:
        conn.close()


def test_declining_the_upgrade_changes_nothing(workspace, ws_path, tmp_path, monkeypatch):
    populate(workspace)
    workspace.close()
    before = snapshot_files(ws_path)
    scripts = scripts_with(tmp_path, "harmless_column.py")
    monkeypatch.setattr(migrate, "default_script_location", lambda: scripts)

    asked = []
    with pytest.raises(MigrationDeclined):
        Workspace.open(ws_path, ADMIN, ADMIN_PASSWORD, confirm_migration=lambda s: asked.append(s) or False)
    assert len(asked) == 1
    assert snapshot_files(ws_path) == before
    assert not (ws_path / BACKUPS_DIR).exists()


def test_a_workspace_newer_than_the_application_is_refused_untouched(workspace, ws_path, tmp_path):
    populate(workspace)
    migrate.upgrade(workspace.engine, script_location=scripts_with(tmp_path, "harmless_column.py"))
    assert migrate.current_revision(workspace.engine) == TEST_REV
    workspace.close()
    before = snapshot_files(ws_path)

    asked = []
    with pytest.raises(WorkspaceError, match="newer version of ROCTA Desktop") as err:
        Workspace.open(ws_path, ADMIN, ADMIN_PASSWORD, confirm_migration=lambda s: asked.append(s) or True)
    assert TEST_REV in str(err.value) and HEAD in str(err.value)
    assert asked == []  # nothing to confirm: it is refused outright
    assert snapshot_files(ws_path) == before
    assert not (ws_path / BACKUPS_DIR).exists()


def test_a_failed_commit_leaves_no_connection_without_foreign_keys(workspace, tmp_path, monkeypatch):
    """If COMMIT itself fails, the driver is still inside the transaction, where `PRAGMA
    foreign_keys = ON` does nothing: the migrating connection must not go back to the pool with
    foreign keys (and ON DELETE CASCADE) off."""
    populate(workspace)
    engine = workspace.engine
    with raw(engine) as conn:
        before = contents(conn)

    def failing_commit(dbapi_connection) -> None:
        raise engine.dialect.dbapi.OperationalError("disk I/O error (simulated)")

    monkeypatch.setattr(engine.dialect, "do_commit", failing_commit)
    with pytest.raises(Exception, match="simulated"):
        migrate.upgrade(engine, script_location=scripts_with(tmp_path, "rebuild_subjects.py"))
    monkeypatch.undo()

    assert set(pooled_foreign_keys(engine)) == {1}
    assert migrate.current_revision(engine) == HEAD
    with raw(engine) as conn:
        assert "review_due" not in columns(conn, "subjects")
        assert contents(conn) == before
        assert_healthy(conn)
    # cascades work on every connection the application goes on using
    for _ in range(3):
        with workspace.operation("test.delete") as uow:
            subjects = metadata.tables["subjects"]
            first = uow.session.execute(subjects.select().where(subjects.c.kind == "nominal")
                                        .order_by(subjects.c.id).limit(1)).first()
            uow.session.execute(subjects.delete().where(subjects.c.id == first.id))
        with raw(engine) as conn:
            assert_healthy(conn)
