"""A server workspace exchanges the same `.roctapkg` packages as a terminal (issue #26): a
disconnected terminal and the ROCU's server build one picture through them, both ways, with
provenance, the conflict queue, refusal of a replay, and `rocta verify` passing at both ends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from rocta_desktop import demo
from rocta_desktop.services import assessments, maintenance, packages, registers, users
from rocta_desktop.services.packages import PackageError
from rocta_desktop.services.workspace import Workspace
from tests.cli.test_cli import rocta
from tests.conftest import ADMIN, ADMIN_PASSWORD, TEAM_PASSWORD
from tests.domain.test_schemes import MORILE_ANSWERS


def _make(folder: Path, name: str, prefix: str, seed: int, url: str | None) -> Workspace:
    ws, _ = Workspace.create(folder, ADMIN, ADMIN_PASSWORD, name=name, prefix=prefix, server_url=url)
    ws.write("u", users.add_user, "sam", TEAM_PASSWORD, "supervisor", "Sam", clearance="SECRET")
    demo.generate(ws, groups=4, nominals=12, seed=seed)
    group = ws.read(registers.list_subjects, registers.SubjectFilter(kind=registers.SubjectKind.GROUP))[0]["id"]
    a = ws.write("a", assessments.start, group, "morile-reference")
    ws.write("a", assessments.save, a.id, MORILE_ANSWERS)
    ws.write("a", assessments.submit, a.id)
    with Workspace.open(folder, "sam", TEAM_PASSWORD) as sam:
        sam.write("a", assessments.approve, a.id)
    return ws


@pytest.fixture
def terminal_and_server(tmp_path, server_url):
    terminal = _make(tmp_path / "north.rocta", "North", "NMP", 1, None)
    rocu = _make(tmp_path / "rocu.rocta", "ROCU", "ROCU", 2, server_url)
    cards = {w: w.write("c", packages.make_card) for w in (terminal, rocu)}
    terminal.write("p", packages.add_partner, cards[rocu], ceiling="SECRET")
    rocu.write("p", packages.add_partner, cards[terminal], ceiling="SECRET")
    try:
        yield terminal, rocu
    finally:
        terminal.close()
        rocu.close()


def _refs(ws: Workspace) -> list[str]:
    return ws.read(lambda s: [r[0] for r in s.execute(text("SELECT reference FROM subjects"))])


def _state(ws: Workspace) -> tuple:
    """What an import would change, row counts of the tables a package writes and the audit trail."""
    tables = ("subjects", "assessments", "group_members", "audit_events", "exchange_conflicts", "exchange_baselines")
    return ws.read(lambda s: tuple(s.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in tables))


def _send(src: Workspace, dst: Workspace, folder: Path, name: str) -> Path:
    out = folder / f"{name}.roctapkg"
    packages.export_package(src, dst.workspace_id, out)
    return out


def _failures(ws: Workspace) -> list[str]:
    return [f"{c.name}: {c.detail}" for c in maintenance.verify(ws) if not c.ok]


def test_a_terminal_and_the_server_exchange_packages_both_ways(terminal_and_server, tmp_path):
    terminal, rocu = terminal_and_server
    assert rocu.on_server and not terminal.on_server
    north, central = len(_refs(terminal)), len(_refs(rocu))

    # round one: each sends everything; each holds the other's records, no reference collides
    report = packages.import_package(rocu, _send(terminal, rocu, tmp_path, "n1"))
    assert report.committed and sum(len(report.new.get(k, [])) for k in ("group", "nominal", "vulnerability")) == north
    packages.import_package(terminal, _send(rocu, terminal, tmp_path, "r1"))
    for ws in (terminal, rocu):
        refs = _refs(ws)
        assert len(refs) == len(set(refs)) == north + central
    imported = rocu.read(lambda s: s.execute(text("SELECT id FROM subjects WHERE origin = :o LIMIT 1"),
                                             {"o": terminal.workspace_id}).scalar())
    record = rocu.read(registers.get_subject, imported)
    assert rocu.read(packages.provenance, record["kind"], imported)["origin_name"] == "North"
    assert rocu.read(lambda s: s.execute(text("SELECT count(*) FROM assessments WHERE origin = :o"),
                                         {"o": terminal.workspace_id}).scalar()) == 1

    # round two: a field changed at both ends since goes to the server's conflict queue
    uuid = terminal.read(lambda s: s.execute(text("SELECT uuid FROM subjects WHERE origin = :o ORDER BY id LIMIT 1"),
                                             {"o": terminal.workspace_id}).scalar())
    here = terminal.read(lambda s: s.execute(text("SELECT id FROM subjects WHERE uuid = :u"), {"u": uuid}).scalar())
    there = rocu.read(lambda s: s.execute(text("SELECT id FROM subjects WHERE uuid = :u"), {"u": uuid}).scalar())
    terminal.write("e", registers.update_subject, here, {"description": "from the force", "notes": "force note"})
    rocu.write("e", registers.update_subject, there, {"description": "from the ROCU"})
    second = _send(terminal, rocu, tmp_path, "n2")
    before = _state(rocu)
    dry = packages.import_package(rocu, second, dry_run=True)
    assert [c["field"] for c in dry.conflicts] == ["description"] and _state(rocu) == before
    packages.import_package(rocu, second)
    got = rocu.read(registers.get_subject, there)
    assert (got["notes"], got["description"]) == ("force note", "from the ROCU")
    queue = rocu.read(packages.conflicts)
    assert [(c["field"], c["local"], c["incoming"]) for c in queue] == [("description", "from the ROCU", "from the force")]

    # a replay changes nothing on the server
    after = _state(rocu)
    with pytest.raises(PackageError, match="already imported"):
        packages.import_package(rocu, second)
    assert _state(rocu) == after

    rocu.write("r", packages.resolve_conflict, queue[0]["id"], "incoming", None)
    packages.import_package(terminal, _send(rocu, terminal, tmp_path, "r2"))
    assert terminal.read(registers.get_subject, here)["description"] == "from the force"
    assert _failures(terminal) == [] and _failures(rocu) == []


def test_the_command_line_exchanges_with_a_server_workspace(terminal_and_server, tmp_path):
    terminal, rocu = terminal_and_server
    out = tmp_path / "to-rocu.roctapkg"
    packages.export_package(terminal, rocu.workspace_id, out)
    env = {"ROCTA_PASSWORD": ADMIN_PASSWORD}
    me = ("--user", ADMIN)
    dry = rocta("exchange", "import", str(out), "--workspace", str(rocu.path), "--dry-run", "--json", *me, env=env)
    assert dry.returncode == 0, dry.stderr
    preview = json.loads(dry.stdout)
    real = rocta("exchange", "import", str(out), "--workspace", str(rocu.path), "--json", *me, env=env)
    assert real.returncode == 0, real.stderr
    kinds = ("group", "nominal", "vulnerability", "assessment")
    done = json.loads(real.stdout)
    assert not preview["committed"] and done["committed"]
    assert {k: done["new"].get(k) for k in kinds} == {k: preview["new"].get(k) for k in kinds}
    back = tmp_path / "to-north.roctapkg"
    sent = rocta("exchange", "export", str(rocu.path), "--to", "North", "--out", str(back), *me, env=env)
    assert sent.returncode == 0, sent.stderr
    assert packages.import_package(terminal, back).committed
