"""The demo region generator: counts, reproducibility, consistency, Unicode, encryption at rest."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from rocta_desktop import demo
from rocta_desktop.domain.subjects import (
    IdentifierKind,
    MemberRole,
    NominalFlag,
    SubjectKind,
    SubjectStatus,
    normalise_name,
    parse_reference,
)
from rocta_desktop.services import audit, maintenance, registers
from rocta_desktop.services.workspace import Workspace
from rocta_desktop.store.models import Group, Nominal, Vulnerability
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.dates import TODAY

PNC_RE = re.compile(r"^(\d{2}|\d{4})/\d{1,7}[A-Z]$")
GROUPS, NOMINALS = 20, 150


def _sql(ws: Workspace, sql: str, *params) -> list[tuple]:
    with ws.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            sql = sql.replace("?", "%s")
        return [tuple(r) for r in conn.exec_driver_sql(sql, params or ()).fetchall()]


def _foreign_key_problems(ws: Workspace) -> list:
    if ws.on_server:
        return maintenance._server_check(ws).details
    return _sql(ws, "PRAGMA foreign_key_check")


@pytest.fixture
def demo_ws(workspace):
    workspace.counts = demo.generate(workspace, groups=GROUPS, nominals=NOMINALS, seed=3, today=TODAY)
    return workspace


def test_requested_counts(demo_ws):
    counts = demo_ws.counts
    assert counts["groups"] == GROUPS and counts["nominals"] == NOMINALS
    assert counts["vulnerabilities"] == GROUPS // 5 + 5
    assert counts["forces"] == 5 and counts["agencies"] == 8 and counts["units"] >= 6
    by_kind = dict(_sql(demo_ws, "SELECT kind, count(*) FROM subjects GROUP BY kind"))
    assert by_kind == {"group": GROUPS, "nominal": NOMINALS, "vulnerability": GROUPS // 5 + 5}
    for table, key in (("group_members", "members"), ("group_links", "links"), ("subject_aliases", "aliases"),
                       ("nominal_identifiers", "identifiers"), ("nominal_associations", "associations")):
        assert _sql(demo_ws, f"SELECT count(*) FROM {table}")[0][0] == counts[key], table
    assert counts["members"] and counts["links"] and counts["aliases"] and counts["associations"]
    rocu = _sql(demo_ws, "SELECT count(*) FROM units u JOIN agencies a ON a.id = u.agency_id WHERE a.kind = 'ROCU'")
    assert rocu[0][0] >= 3
    assert all(t > 0 and h > 0 for t, h in _sql(demo_ws, "SELECT capacity_threats, capacity_hours FROM units"))


def test_same_seed_gives_the_same_region(demo_ws, tmp_path, backend):
    other, _ = Workspace.create(tmp_path / "other.rocta", ADMIN, ADMIN_PASSWORD, name="Other", server_url=backend())
    try:
        demo.generate(other, groups=GROUPS, nominals=NOMINALS, seed=3, today=TODAY)
        for sql in ("SELECT id, kind, reference, name, name_norm, marking, status, status_reason, lead_force_id, "
                    "owner_unit_id, description, notes, created_by_id, created_at, updated_at, archived_at "
                    "FROM subjects ORDER BY id", "SELECT * FROM nominals ORDER BY id",
                    "SELECT * FROM groups ORDER BY id", "SELECT * FROM subject_aliases ORDER BY id",
                    "SELECT * FROM nominal_identifiers ORDER BY id", "SELECT * FROM group_members ORDER BY id",
                    "SELECT * FROM group_links ORDER BY id", "SELECT * FROM nominal_associations ORDER BY id",
                    "SELECT * FROM group_reach ORDER BY 1, 2", "SELECT * FROM group_crime_types ORDER BY 1, 2"):
            assert _sql(demo_ws, sql) == _sql(other, sql), sql
        # ...but each record has an identity of its own across the region, and this workspace as origin
        mine, theirs = (set(_sql(w, "SELECT uuid, origin FROM subjects")) for w in (demo_ws, other))
        assert not {u for u, _ in mine} & {u for u, _ in theirs}
        assert {o for _, o in mine} == {demo_ws.workspace_id} and {o for _, o in theirs} == {other.workspace_id}
    finally:
        other.close()
    different = demo.build(_context(), groups=GROUPS, nominals=NOMINALS, vulnerabilities=9, seed=4)
    names = [r[3] for r in different.tables["subjects"]]
    assert names != [r[0] for r in _sql(demo_ws, "SELECT name FROM subjects ORDER BY id")]


def test_groups_have_members_and_one_or_two_principals(demo_ws):
    rows = _sql(demo_ws, "SELECT g.id, count(m.id), sum(CASE WHEN m.role = 'principal' THEN 1 ELSE 0 END) FROM groups g "
                         "LEFT JOIN group_members m ON m.group_id = g.id GROUP BY g.id")
    assert len(rows) == GROUPS
    for gid, members, principals in rows:
        assert 3 <= members <= 12, gid
        assert 1 <= principals <= 2, gid
    roles = {r[0] for r in _sql(demo_ws, "SELECT DISTINCT role FROM group_members")}
    assert roles <= {r.value for r in MemberRole} and MemberRole.PRINCIPAL.value in roles
    assert all(a < b for a, b in _sql(demo_ws, "SELECT group_a_id, group_b_id FROM group_links"))
    assert all(a < b for a, b in _sql(demo_ws, "SELECT nominal_a_id, nominal_b_id FROM nominal_associations"))
    # every group reaches its lead force's area, and has 1-3 crime types
    for gid, lead in _sql(demo_ws, "SELECT id, lead_force_id FROM subjects WHERE kind = 'group'"):
        assert lead in {f for (f,) in _sql(demo_ws, "SELECT force_id FROM group_reach WHERE group_id = ?", gid)}
        assert 1 <= _sql(demo_ws, "SELECT count(*) FROM group_crime_types WHERE group_id = ?", gid)[0][0] <= 3


def test_identifiers_and_nominal_fields(demo_ws):
    pncs = [v for (v,) in _sql(demo_ws, "SELECT value FROM nominal_identifiers WHERE kind = ?",
                               IdentifierKind.PNC_ID.value)]
    assert len(pncs) > NOMINALS // 2
    assert all(PNC_RE.match(v) for v in pncs), [v for v in pncs if not PNC_RE.match(v)]
    assert len(set(pncs)) == len(pncs)
    kinds = {k for (k,) in _sql(demo_ws, "SELECT DISTINCT kind FROM nominal_identifiers")}
    assert kinds <= {k.value for k in IdentifierKind}
    # read back through the ORM: every stored value parses into its column type
    nominals = demo_ws.read(lambda s: s.scalars(select(Nominal)).all())
    flags = {f.value for f in NominalFlag}
    for n in nominals:
        assert n.name == registers.nominal_display_name(n.surname, n.forenames)
        assert n.name_norm == normalise_name(n.name)
        age = (TODAY - n.date_of_birth).days / 365.25
        assert 16 <= age <= 70.5, (n.reference, n.date_of_birth)
        assert set(n.flags) <= flags and n.flags == sorted(n.flags)
        assert n.created_at.tzinfo is not None and n.created_at.date() <= TODAY
        assert (n.status is SubjectStatus.ARCHIVED) == (n.archived_at is not None)
        if n.status is SubjectStatus.ARCHIVED:
            assert n.status_reason
    statuses = {n.status for n in nominals}
    assert SubjectStatus.ACTIVE in statuses
    markings = {n.marking.value for n in nominals}
    assert {"OFFICIAL", "OFFICIAL-SENSITIVE"} <= markings
    groups = demo_ws.read(lambda s: s.scalars(select(Group)).all())
    assert all(g.name_norm == normalise_name(g.name) and g.lro_name and g.owner_unit_id for g in groups)
    assert len({g.name for g in groups}) == len(groups)
    vulns = demo_ws.read(lambda s: s.scalars(select(Vulnerability)).all())
    assert all(v.category and v.location and v.description for v in vulns)
    detail = demo_ws.read(registers.get_subject, groups[0].id)
    assert detail["members"] and detail["crime_types"] and detail["reach_force_ids"]
    for alias, norm in _sql(demo_ws, "SELECT alias, alias_norm FROM subject_aliases"):
        assert norm == normalise_name(alias)


def test_references_follow_the_format_and_counters_stay_consistent(workspace):
    demo.generate(workspace, groups=GROUPS, nominals=NOMINALS)  # today: the counters' own year
    year = TODAY.year
    refs = _sql(workspace, "SELECT kind, reference FROM subjects ORDER BY id")
    for kind, ref in refs:
        k, y, _ = parse_reference(ref)
        assert k.value == kind and y == year
    with workspace.operation("test") as uow:
        g = registers.create_group(uow, {"name": "After the demo", "marking": "OFFICIAL",
                                         "management_level": "local"})
        n = registers.create_nominal(uow, {"surname": "Later", "marking": "OFFICIAL"})
    assert g.reference == f"OCG-{year}-{GROUPS + 1:04d}"
    assert n.reference == f"NOM-{year}-{NOMINALS + 1:04d}"
    # a second run reuses the forces, agencies and units and continues the numbering
    counts = demo.generate(workspace, groups=3, nominals=10, vulnerabilities=1, seed=9)
    assert counts["forces"] == 5
    assert _sql(workspace, "SELECT count(*) FROM forces")[0][0] == 5
    last = _sql(workspace, "SELECT max(reference) FROM subjects WHERE kind = 'group'")[0][0]
    assert last == f"OCG-{year}-{GROUPS + 4:04d}"
    assert _foreign_key_problems(workspace) == []


def test_one_audit_event_summarises_the_bulk_rows(demo_ws):
    events = _sql(demo_ws, "SELECT entity_type, summary, changes FROM audit_events WHERE action = 'demo.generate' "
                           "AND entity_type = 'workspace'")
    assert len(events) == 1
    changes = json.loads(events[0][2]) if isinstance(events[0][2], str) else events[0][2]  # parsed on a server
    assert changes["groups"] == 20 and changes["nominals"] == 150
    # the forces, agencies and units went through the ORM: audited one by one
    created = {t for (t,) in _sql(demo_ws, "SELECT entity_type FROM audit_events WHERE action = 'demo.generate'")}
    assert {"force", "agency", "unit", "workspace"} <= created
    assert demo_ws.read(audit.verify_chain) == []


def test_unicode_names_and_other_scripts(demo_ws):
    names = [n for (n,) in _sql(demo_ws, "SELECT name FROM subjects WHERE kind = 'nominal'")]
    assert any(not n.isascii() for n in names)
    # a bigger build (no database) shows the rarer origins: Cyrillic and Greek aliases
    rows = demo.build(_context(), groups=50, nominals=3000, vulnerabilities=5, seed=1)
    aliases = [r[3] for r in rows.tables["subject_aliases"]]
    assert any(re.search("[\u0400-\u04ff]", a) for a in aliases)
    assert any(re.search("[\u0370-\u03ff]", a) for a in aliases)
    surnames = {r[1] for r in rows.tables["nominals"]}
    for needle in ("ł", "ë", "ễ", "ș", "ı", "ž"):
        assert any(needle in s.lower() for s in surnames) or any(needle in r[2].lower() for r in rows.tables["nominals"]), needle


def test_foreign_keys_valid(demo_ws):
    assert _foreign_key_problems(demo_ws) == []
    assert demo_ws.on_server or _sql(demo_ws, "PRAGMA integrity_check") == [("ok",)]


def test_demo_names_are_not_readable_in_the_files(demo_ws, ws_path):
    surnames = sorted({s for (s,) in _sql(demo_ws, "SELECT surname FROM nominals")}, key=len, reverse=True)[:5]
    groups = [n for (n,) in _sql(demo_ws, "SELECT name FROM subjects WHERE kind = 'group' ORDER BY id LIMIT 5")]
    needles = [s.encode("utf-8") for s in surnames + groups]
    assert len(needles) == 10 and all(len(n) >= 6 for n in needles)

    def check() -> None:
        files = [p for p in ws_path.rglob("*") if p.is_file()]
        assert files
        for p in files:
            data = p.read_bytes()
            for needle in needles:
                assert needle not in data, (p.name, needle)
    check()  # while open: the new pages are in the (encrypted) write-ahead log
    demo_ws.close()  # checkpointed into the main file
    check()


def _context() -> demo.Context:
    from rocta_desktop.domain.crime_types import DEFAULT_CRIME_TYPES
    return demo.Context(today=TODAY, user_id=1, force_ids={c: i + 1 for i, (c, _) in enumerate(demo.FORCES)},
                        unit_ids={u[0]: i + 1 for i, u in enumerate(demo.UNITS)},
                        crime_types=[(i + 1, n) for i, (_, n) in enumerate(DEFAULT_CRIME_TYPES)],
                        next_id={t: 1 for t in demo.ID_TABLES}, first_serial={k.prefix: 1 for k in SubjectKind})


def test_only_an_administrator_may_generate(workspace, team):
    from rocta_desktop.domain.errors import PermissionDenied
    with pytest.raises(PermissionDenied):
        demo.generate(team.open("ana"), groups=2, nominals=5)
    with pytest.raises(AttributeError):  # who is acting comes from the signing key, never a settable attribute
        workspace.actor = team.open("ana").actor
    assert _sql(workspace, "SELECT count(*) FROM subjects") == [(0,)]
    assert _sql(workspace, "SELECT count(*) FROM forces") == [(0,)]


@pytest.mark.parametrize("groups, nominals, vulnerabilities", [(0, 0, 0), (5, 2, None), (3, 0, 1), (0, 7, 0)])
def test_tiny_and_empty_regions(workspace, groups, nominals, vulnerabilities):
    counts = demo.generate(workspace, groups=groups, nominals=nominals, vulnerabilities=vulnerabilities)
    assert counts["groups"] == groups and counts["nominals"] == nominals
    assert _sql(workspace, "SELECT count(*) FROM subjects")[0][0] == groups + nominals + counts["vulnerabilities"]
    assert _foreign_key_problems(workspace) == []
