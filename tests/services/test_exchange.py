"""One regional picture (issue #20): two workspaces with their own prefixes exchange signed, encrypted
packages both ways; records keep their identity and origin, no reference collides, re-importing
changes nothing, a field changed on both sides goes to the conflict queue, and every bad package is
refused with what is wrong and nothing changed. Real encrypted workspaces throughout."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from rocta_desktop import demo
from rocta_desktop.domain import clock
from rocta_desktop.domain.markings import Marking
from rocta_desktop.services import (
    access,
    assessments,
    collection,
    duplicates,
    exploitation,
    impact,
    maintenance,
    packages,
    registers,
    users,
)
from rocta_desktop.services.packages import PackageError
from rocta_desktop.services.workspace import Workspace
from tests.cli.test_cli import rocta
from tests.conftest import ADMIN, ADMIN_PASSWORD, TEAM_PASSWORD, snapshot_files
from tests.domain.test_schemes import MORILE_ANSWERS


def make(tmp_path: Path, name: str, prefix: str, seed: int) -> Workspace:
    ws, _ = Workspace.create(tmp_path / f"{name}.rocta", ADMIN, ADMIN_PASSWORD, name=name, prefix=prefix)
    ws.write("u", users.add_user, "sam", TEAM_PASSWORD, "supervisor", "Sam", clearance="SECRET")
    demo.generate(ws, groups=6, nominals=24, seed=seed)
    sam = Workspace.open(ws.path, "sam", TEAM_PASSWORD)
    group = ws.read(registers.list_subjects, registers.SubjectFilter(kind=registers.SubjectKind.GROUP))[0]["id"]
    a = ws.write("a", assessments.start, group, "morile-reference")
    ws.write("a", assessments.save, a.id, MORILE_ANSWERS)
    ws.write("a", assessments.submit, a.id)
    sam.write("a", assessments.approve, a.id)
    did, _ = ws.write("d", impact.create, {"subject_id": group, "occurred_on": "2020-01-02", "four_p": "pursue",
                                           "tactic": f"warrants ({name})", "grade": "major",
                                           "outcomes": [{"kind": "arrests", "quantity": 2}]})
    ws.write("d", impact.submit, did)
    sam.write("d", impact.approve, did)
    sam.close()
    return ws


@pytest.fixture
def pair(tmp_path):
    a, b = make(tmp_path, "North", "NMP", 1), make(tmp_path, "East", "EVC", 2)
    cards = {w: w.write("c", packages.make_card) for w in (a, b)}
    a.write("p", packages.add_partner, cards[b], ceiling="SECRET")
    b.write("p", packages.add_partner, cards[a], ceiling="SECRET")
    yield a, b, cards
    a.close()
    b.close()


def send(src: Workspace, dst: Workspace, folder: Path, name: str) -> Path:
    out = folder / f"{name}.roctapkg"
    packages.export_package(src, dst.workspace_id, out)
    return out


def refs(ws: Workspace) -> list[str]:
    with ws.reader() as s:
        return [r[0] for r in s.execute(text("SELECT reference FROM subjects"))]


def files_of(ws: Workspace) -> dict[str, bytes]:
    """What a change would alter (SQLite's shared-memory index changes on mere reads)."""
    return {k: v for k, v in snapshot_files(ws.path).items() if not k.endswith("-shm")}


def failures(ws: Workspace) -> list[str]:
    return [c.name for c in maintenance.verify(ws) if not c.ok]


def test_two_workspaces_exchange_both_ways_with_provenance(pair, tmp_path):
    a, b, _ = pair
    assert all(r.startswith("NMP/") for r in refs(a)) and all(r.startswith("EVC/") for r in refs(b))
    a_count, b_count = len(refs(a)), len(refs(b))
    report = packages.import_package(b, send(a, b, tmp_path, "a1"))
    assert report.committed and sum(len(v) for k, v in report.new.items()
                                    if k in ("group", "nominal", "vulnerability")) == a_count
    packages.import_package(a, send(b, a, tmp_path, "b1"))
    assert len(refs(a)) == len(refs(b)) == a_count + b_count
    assert len(set(refs(a))) == len(refs(a))  # no reference collides
    with b.reader() as s:
        origins = dict(s.execute(text("SELECT origin, count(*) FROM subjects GROUP BY origin")).all())
        secret_copies = s.execute(text("SELECT count(*) FROM assessments WHERE origin = :o"),
                                  {"o": a.workspace_id}).scalar()
        imported = s.execute(text("SELECT id FROM subjects WHERE origin = :o LIMIT 1"), {"o": a.workspace_id}).scalar()
    assert origins == {a.workspace_id: a_count, b.workspace_id: b_count} and secret_copies == 1
    record = b.read(registers.get_subject, imported)
    prov = b.read(packages.provenance, record["kind"], imported)
    assert prov["origin_name"] == "North" and prov["fields"]["name"]["where"] == "North"
    assert failures(a) == [] and failures(b) == []

    # round two: a record of North's changed at both ends goes to East's conflict queue;
    # one changed only at North arrives; re-importing a package is refused and changes nothing
    north_group = a.read(registers.list_subjects, registers.SubjectFilter(kind=registers.SubjectKind.GROUP))[0]
    with b.reader() as s:
        copy_id = s.execute(text("SELECT id FROM subjects WHERE uuid = (SELECT uuid FROM subjects WHERE 0)")).scalar()
    uuid = a.read(lambda s: s.execute(text("SELECT uuid FROM subjects WHERE id = :i"), {"i": north_group["id"]}).scalar())
    copy_id = b.read(lambda s: s.execute(text("SELECT id FROM subjects WHERE uuid = :u"), {"u": uuid}).scalar())
    a.write("e", registers.update_subject, north_group["id"], {"description": "North's new description",
                                                               "notes": "North's note"})
    b.write("e", registers.update_subject, copy_id, {"description": "East's own description"})
    second = send(a, b, tmp_path, "a2")
    before = files_of(b)
    dry = packages.import_package(b, second, dry_run=True)
    assert [c["field"] for c in dry.conflicts] == ["description"] and files_of(b) == before
    report = packages.import_package(b, second)
    got = b.read(registers.get_subject, copy_id)
    assert got["notes"] == "North's note" and got["description"] == "East's own description"
    queue = b.read(packages.conflicts)
    assert [(c["field"], c["local"], c["incoming"]) for c in queue] == [
        ("description", "East's own description", "North's new description")]
    with pytest.raises(PackageError, match="already imported"):
        packages.import_package(b, second)
    b.write("r", packages.resolve_conflict, queue[0]["id"], "value", "East and North agree")
    assert b.read(registers.get_subject, copy_id)["description"] == "East and North agree"
    assert b.read(packages.conflicts) == []
    packages.import_package(a, send(b, a, tmp_path, "b2"))
    assert failures(a) == [] and failures(b) == []
    assert report.updated


def _state(ws: Workspace, uuids: list[str]) -> list[tuple]:
    """The records, their aliases and memberships as this workspace holds them (by UUID)."""
    with ws.reader() as s:
        return [tuple(s.execute(text("SELECT status, marking, name FROM subjects WHERE uuid = :u"), {"u": u}).one())
                + (sorted(s.execute(text("SELECT alias FROM subject_aliases a JOIN subjects s ON s.id = a.subject_id "
                                         "WHERE s.uuid = :u"), {"u": u}).scalars()),
                   sorted(s.execute(text("SELECT g.uuid || ':' || m.role FROM group_members m "
                                         "JOIN subjects n ON n.id = m.nominal_id JOIN subjects g ON g.id = m.group_id "
                                         "WHERE n.uuid = :u"), {"u": u}).scalars()))
                for u in uuids]


def test_merges_travel_in_packages_and_so_does_their_undo(pair, tmp_path):
    a, b, _ = pair
    packages.import_package(b, send(a, b, tmp_path, "a1"))
    with a.reader() as s:   # two of North's people, both in groups, found to be one
        keep, other = s.execute(text(
            "SELECT DISTINCT n.id, n.uuid FROM subjects n JOIN group_members m ON m.nominal_id = n.id "
            "WHERE n.marking != 'SECRET' AND n.id NOT IN (SELECT subject_id FROM assessments) "
            "ORDER BY n.id LIMIT 2")).all()
    uuids = [keep[1], other[1]]
    before = _state(b, uuids)
    assert before == _state(a, uuids)
    done = a.write("m", duplicates.merge, keep[0], other[0])

    second = send(a, b, tmp_path, "a2")
    unchanged = files_of(b)
    dry = packages.import_package(b, second, dry_run=True)
    assert len(dry.merges) == 1 and dry.merges[0].startswith("merge ") and files_of(b) == unchanged
    report = packages.import_package(b, second)
    assert len(report.merges) == 1 and not report.merges_not_applied, report.merges_not_applied
    merged = _state(b, uuids)
    assert merged == _state(a, uuids) and merged != before
    assert merged[1][0] == "archived" and merged[1][4] == []      # the other's memberships moved to the one kept
    with b.reader() as s:
        here = s.execute(text("SELECT reference, origin, undone_at FROM merges")).all()
    assert len(here) == 1 and here[0][1] == a.workspace_id and here[0][2] is None
    assert [m["reference"] for m in b.read(duplicates.merges)] == [here[0][0]]
    with b.reader() as s:   # East's own audit trail says it was North's merge
        summary = s.execute(text("SELECT summary FROM audit_events WHERE action = 'nominal.merge'")).scalar()
    assert "as merged at North" in summary

    # North finds it was wrong: the undo travels, East's copy is separated again exactly as before
    a.write("u", duplicates.unmerge, done["reference"])
    report = packages.import_package(b, send(a, b, tmp_path, "a3"))
    assert report.merges and not report.merges_not_applied
    assert _state(b, uuids) == before == _state(a, uuids)
    with b.reader() as s:
        assert s.execute(text("SELECT count(*) FROM merges WHERE undone_at IS NOT NULL")).scalar() == 1
    # sent back to North, the merge it made is recognised and not made twice
    back = packages.import_package(a, send(b, a, tmp_path, "b1"))
    assert not back.merges and not back.merges_not_applied
    assert failures(a) == [] and failures(b) == []


def test_a_package_reports_scored_likely_duplicates(pair, tmp_path):
    a, b, _ = pair
    a.write("n", registers.create_nominal, {"surname": "KILIÇ", "forenames": "Burak", "date_of_birth": "1990-04-07",
                                            "marking": "OFFICIAL"})
    b.write("n", registers.create_nominal, {"surname": "Kilic", "forenames": "Burak", "date_of_birth": "1990-04-07",
                                            "marking": "OFFICIAL"})
    report = packages.import_package(b, send(a, b, tmp_path, "a1")).to_json()
    pairs = [p for p in report["likely_duplicates"] if {p["a"]["name"], p["b"]["name"]} >= {"KILIÇ, Burak"}]
    assert pairs and pairs[0]["score"] >= 90 and any("different workspaces" in r for r in pairs[0]["reasons"])


def test_nothing_above_the_ceiling_or_restricted_travels(pair, tmp_path):
    a, b, _ = pair
    a.write("p", packages.add_partner, b.write("c", packages.make_card), ceiling="OFFICIAL-SENSITIVE")
    with a.reader() as s:
        secret = set(s.execute(text("SELECT uuid FROM subjects WHERE marking = 'SECRET'")).scalars())
        open_one = s.execute(text("SELECT id, uuid FROM subjects WHERE marking = 'OFFICIAL' LIMIT 1")).one()
    a.write("r", access.restrict, "subject", open_one[0], "Operation Heron")
    info = packages.export_package(a, b.workspace_id, tmp_path / "p.roctapkg")
    assert info["ceiling"] == "OFFICIAL-SENSITIVE" and secret
    packages.import_package(b, tmp_path / "p.roctapkg")
    with b.reader() as s:
        arrived = set(s.execute(text("SELECT uuid FROM subjects")).scalars())
    assert not secret & arrived and open_one[1] not in arrived


def test_bad_packages_are_refused_and_change_nothing(pair, tmp_path):
    a, b, cards = pair
    good = send(a, b, tmp_path, "good").read_bytes()
    c, _ = Workspace.create(tmp_path / "third.rocta", ADMIN, ADMIN_PASSWORD, name="Third", prefix="THD")
    c.write("p", packages.add_partner, cards[a])
    a.write("p", packages.add_partner, c.write("c", packages.make_card))
    for_c = tmp_path / "c.roctapkg"
    packages.export_package(a, c.workspace_id, for_c)
    before = files_of(b)

    def refused(data: bytes, match: str) -> None:
        path = tmp_path / "bad.roctapkg"
        path.write_bytes(data)
        with pytest.raises(PackageError, match=match):
            packages.import_package(b, path)
        assert files_of(b) == before
    refused(good[: len(good) // 2], "cannot be opened with this workspace's key")       # cut short
    flipped = bytearray(good)
    flipped[len(flipped) - 40] ^= 0x01
    refused(bytes(flipped), "cannot be opened with this workspace's key")                # a bit flipped
    refused(b"PK\x03\x04 not a package", "not a ROCTA exchange package")
    refused(for_c.read_bytes(), "cannot be opened with this workspace's key")            # for another workspace
    refused(_resigned(b, good, c), "not signed by a person whose key goes back to")     # re-signed by another key
    b.write("x", lambda uow: uow.session.execute(text("UPDATE exchange_partners SET active = 0")))
    before = files_of(b)
    refused(good, "not a registered partner")
    b.write("x", lambda uow: uow.session.execute(text("UPDATE exchange_partners SET active = 1")))
    # out of order: package 3 before 2
    packages.import_package(b, _write(tmp_path / "g.roctapkg", good))
    send(a, b, tmp_path, "two")
    third = send(a, b, tmp_path, "three")
    before = files_of(b)
    refused(third.read_bytes(), "package 3 .* but package 2 has not been imported")
    c.close()


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _resigned(receiver: Workspace, data: bytes, impostor: Workspace) -> bytes:
    """Decrypt a package meant for `receiver`, swap in the impostor's signature and certificates, and
    encrypt it again: what someone holding the receiver's database key could forge."""
    import pyrage

    from rocta_desktop.store.signing import canonical
    with receiver.reader() as s:
        identity = packages._identity(s)
        recipient = s.execute(text("SELECT value FROM workspace_meta WHERE key = 'exchange.recipient'")).scalar()
    end = data.find(b"\n", len(packages.MAGIC))
    inner = pyrage.decrypt(data[end + 1:], [pyrage.x25519.Identity.from_str(identity)])
    split = inner.find(b"\n")
    envelope = json.loads(inner[:split])
    with impostor.reader() as s:
        envelope["certificates"] = packages._chain(s, impostor._signer.key_id)
    envelope["manifest"]["sender"]["key_id"] = impostor._signer.key_id
    envelope["signature"] = impostor._signer.sign(b"rocta-package|" + canonical(envelope["manifest"]))
    return packages.encode({}, canonical(envelope) + b"\n" + inner[split + 1:], recipient)


@settings(max_examples=int(os.environ.get("ROCTA_FUZZ_EXAMPLES", "40")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(cut=st.integers(min_value=0, max_value=10_000), flips=st.lists(st.integers(0, 10_000), max_size=4),
       junk=st.binary(max_size=64))
def test_the_package_reader_refuses_any_damage_cleanly(fuzz_pair, cut, flips, junk):
    b, good, folder = fuzz_pair
    data = bytearray(good[: max(0, len(good) - cut)] + junk)
    for f in flips:
        if data:
            data[f % len(data)] ^= 0x20
    path = folder / "fuzz.roctapkg"
    path.write_bytes(bytes(data))
    with b.reader() as s:
        try:
            packages.open_package(s, path, packages._identity(s))
        except PackageError:
            pass


@pytest.fixture(scope="module")
def fuzz_pair(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    os.environ["ROCTA_KDF_COST"] = "test"
    a, _ = Workspace.create(folder / "a.rocta", ADMIN, ADMIN_PASSWORD, prefix="AAA")
    b, _ = Workspace.create(folder / "b.rocta", ADMIN, ADMIN_PASSWORD, prefix="BBB")
    demo.generate(a, groups=3, nominals=10, seed=5)
    a.write("p", packages.add_partner, b.write("c", packages.make_card))
    b.write("p", packages.add_partner, a.write("c", packages.make_card))
    out = folder / "good.roctapkg"
    packages.export_package(a, b.workspace_id, out)
    yield b, out.read_bytes(), folder
    a.close()
    b.close()


def test_the_command_line_exchanges_and_reports_as_json(tmp_path):
    env = {"ROCTA_PASSWORD": ADMIN_PASSWORD}
    for name, prefix, seed in (("a", "NMP", "1"), ("b", "EVC", "2")):
        r = rocta("demo", str(tmp_path / f"{name}.rocta"), "--prefix", prefix, "--groups", "5", "--nominals", "20",
                  "--seed", seed, "--user", ADMIN, env=env)
        assert r.returncode == 0, r.stderr
        r = rocta("exchange", "card", str(tmp_path / f"{name}.rocta"), "--out", str(tmp_path / f"{name}.json"),
                  "--user", ADMIN, env=env)
        assert r.returncode == 0 and "Fingerprint" in r.stdout, r.stderr
    r = rocta("exchange", "partner", "add", str(tmp_path / "a.rocta"), str(tmp_path / "b.json"), "--user", ADMIN,
              env=env)
    assert r.returncode == 0, r.stderr
    r = rocta("exchange", "partner", "add", str(tmp_path / "b.rocta"), str(tmp_path / "a.json"), "--user", ADMIN,
              env=env)
    b_id = json.loads((tmp_path / "b.json").read_text())["workspace_id"]
    r = rocta("exchange", "export", str(tmp_path / "a.rocta"), "--to", b_id, "--out", str(tmp_path / "p.roctapkg"),
              "--user", ADMIN, "--json", env=env)
    assert r.returncode == 0 and json.loads(r.stdout)["seq"] == 1, r.stderr
    r = rocta("exchange", "import", str(tmp_path / "p.roctapkg"), "--workspace", str(tmp_path / "b.rocta"),
              "--dry-run", "--json", "--user", ADMIN, env=env)
    dry = json.loads(r.stdout)
    assert r.returncode == 0 and not dry["committed"] and dry["new"]["nominal"] >= 20
    r = rocta("exchange", "import", str(tmp_path / "p.roctapkg"), "--workspace", str(tmp_path / "b.rocta"),
              "--user", ADMIN, env=env)
    assert r.returncode == 0 and "Imported" in r.stdout, r.stderr
    r = rocta("exchange", "import", str(tmp_path / "p.roctapkg"), "--workspace", str(tmp_path / "b.rocta"),
              "--user", ADMIN, env=env)
    assert r.returncode == 1 and "already imported" in r.stderr
    r = rocta("verify", str(tmp_path / "a.rocta"), "--user", ADMIN, "--witness", str(tmp_path / "p.roctapkg"), env=env)
    assert r.returncode == 0 and "no problems found" in r.stdout, r.stdout
    r = rocta("verify", str(tmp_path / "b.rocta"), "--user", ADMIN, env=env)
    assert r.returncode == 0, r.stdout
    assert Marking  # (markings are checked in the ceiling test)


LINKS_AS_SENT = (
    "SELECT v.uuid, x.uuid, l.nature, l.date_from, l.date_to, l.source_evaluation, l.intel_assessment, "
    "l.handling_code, l.handling_conditions, l.source, l.marking FROM vulnerability_links l "
    "JOIN subjects v ON v.id = l.vulnerability_id JOIN subjects x ON x.id = l.exploiter_id")
RANK = "CASE {} WHEN 'OFFICIAL' THEN 1 WHEN 'OFFICIAL-SENSITIVE' THEN 2 ELSE 3 END"


def test_vulnerability_links_travel_with_their_marking_and_need_to_know(pair, tmp_path):
    """Issue #20: who exploits which vulnerability travels, with the link's own marking, dates,
    grading and source; nothing above the partner's ceiling (the link's marking or either record's),
    nothing of a restricted record; each link arriving is audited on its own with where it came
    from; the package's marking covers its links; nothing twice when the next package comes."""
    a, b, _ = pair
    a.write("p", packages.add_partner, b.write("c", packages.make_card), ceiling="OFFICIAL-SENSITIVE")
    with a.reader() as s:
        vulns = s.execute(text("SELECT id, uuid FROM subjects WHERE kind = 'vulnerability' AND marking = 'OFFICIAL' "
                               "ORDER BY id")).all()
        people = s.execute(text("SELECT id, uuid FROM subjects WHERE kind = 'nominal' AND marking = 'OFFICIAL' "
                                "ORDER BY id")).all()
    assert len(vulns) >= 2 and len(people) >= 3
    (v1, v1_uuid), (v2, _v2_uuid) = vulns[0], vulns[1]
    for v in (v1, v2):   # these two start with no links (the demo's own travel too, checked below)
        for link in a.read(exploitation.vulnerability_links, v):
            a.write("x", exploitation.unlink_vulnerability, link["id"])
    graded = {"nature": "cuckooing: uses the flat to deal", "date_from": "2024-03-01", "date_to": "2024-09-30",
              "source_evaluation": "2", "intel_assessment": "B", "handling_code": "P",
              "handling_conditions": "not for the family", "source": "HMRC", "marking": "OFFICIAL-SENSITIVE"}
    a.write("x", exploitation.link_vulnerability, v1, people[0][0], graded)
    a.write("x", exploitation.link_vulnerability, v1, people[1][0], {"nature": "above the ceiling",
                                                                     "marking": "SECRET"})
    a.write("x", exploitation.link_vulnerability, v2, people[2][0], {"nature": "of a restricted person"})
    a.write("r", access.restrict, "subject", people[2][0], "Operation Heron")

    info = packages.export_package(a, b.workspace_id, tmp_path / "a1.roctapkg")
    assert info["marking"] == "OFFICIAL-SENSITIVE" and info["counts"]["vulnerability_links"] >= 1
    dry = packages.import_package(b, tmp_path / "a1.roctapkg", dry_run=True)
    report = packages.import_package(b, tmp_path / "a1.roctapkg")
    assert report.committed and len(report.new["vulnerability link"]) == info["counts"]["vulnerability_links"]
    assert len(dry.new["vulnerability link"]) == len(report.new["vulnerability link"])   # the plan counts them too
    # what North sends is exactly what North holds within the ceiling, restricted records aside
    with a.reader() as s:
        expected = {tuple(r) for r in s.execute(text(
            LINKS_AS_SENT + f" WHERE {RANK.format('l.marking')} <= 2 AND {RANK.format('v.marking')} <= 2 "
            f"AND {RANK.format('x.marking')} <= 2 AND x.id NOT IN (SELECT entity_id FROM restrictions "
            "WHERE entity_type = 'subject') AND v.id NOT IN (SELECT entity_id FROM restrictions "
            "WHERE entity_type = 'subject')"))}
    with b.reader() as s:
        arrived = {tuple(r) for r in s.execute(text(LINKS_AS_SENT + " WHERE v.origin = :o AND x.origin = :o"),
                                               {"o": a.workspace_id})}
        event = s.execute(text("SELECT e.summary, e.changes FROM audit_events e JOIN vulnerability_links l "
                               "ON l.id = e.entity_id JOIN subjects x ON x.id = l.exploiter_id WHERE "
                               "e.entity_type = 'vulnerability_link' AND x.uuid = :u"), {"u": people[0][1]}).one()
    assert arrived == expected and len(expected) == info["counts"]["vulnerability_links"]
    assert (v1_uuid, people[0][1], "cuckooing: uses the flat to deal", "2024-03-01", "2024-09-30", "2", "B", "P",
            "not for the family", "HMRC", "OFFICIAL-SENSITIVE") in arrived
    assert not any(x == people[1][1] or x == people[2][1] for _v, x, *_rest in arrived)
    assert "received from North (package" in event[0]
    assert json.loads(event[1])["source"] == {"before": None, "after": "HMRC"}
    # East's reader sees them like links made there
    east_v1 = b.read(lambda s: s.execute(text("SELECT id FROM subjects WHERE uuid = :u"), {"u": v1_uuid}).scalar())
    assert [(ln["nature"], ln["grading"], ln["marking"].value) for ln in b.read(exploitation.vulnerability_links,
                                                                                 east_v1)] == [
        ("cuckooing: uses the flat to deal", "2B P", "OFFICIAL-SENSITIVE")]
    # a later package: a link made since travels, even between records that did not change, and one
    # only the link makes OFFICIAL-SENSITIVE is marked so; nothing already there is linked twice
    garage = a.write("v", registers.create_vulnerability, {"name": "Lock-up garage", "category": "place",
                                                           "marking": "OFFICIAL"}).id
    loner = a.write("n", registers.create_nominal, {"surname": "Alone", "marking": "OFFICIAL"}).id
    a.write("x", exploitation.link_vulnerability, garage, loner, {"nature": "stores goods", "marking":
                                                                  "OFFICIAL-SENSITIVE"})
    info = packages.export_package(a, b.workspace_id, tmp_path / "a2.roctapkg")
    assert info["counts"]["subjects"] == 2 and info["counts"]["vulnerability_links"] == 1
    assert info["marking"] == "OFFICIAL-SENSITIVE"   # its two records are OFFICIAL: the link marks it
    again = packages.import_package(b, tmp_path / "a2.roctapkg")
    assert len(again.new["vulnerability link"]) == 1
    a.write("x", exploitation.link_vulnerability, v2, people[3][0], {"nature": "linked later"})
    info = packages.export_package(a, b.workspace_id, tmp_path / "a3.roctapkg")
    assert info["counts"]["vulnerability_links"] >= 1   # its two records go again, with their other links
    third = packages.import_package(b, tmp_path / "a3.roctapkg")
    assert len(third.new["vulnerability link"]) == 1
    with b.reader() as s:
        now = {tuple(r) for r in s.execute(text(LINKS_AS_SENT + " WHERE v.origin = :o AND x.origin = :o"),
                                           {"o": a.workspace_id})}
    assert arrived < now and len(now) == len(arrived) + 2
    assert any(r[2] == "linked later" for r in now) and any(r[2] == "stores goods" for r in now)
    assert failures(b) == []


def test_a_package_with_a_link_that_is_not_valid_is_refused_whole(pair, tmp_path, monkeypatch):
    """A link the receiver cannot hold as valid (a grading half given) refuses the whole package."""
    a, b, _ = pair
    original = packages.collect

    def damaged(session, **kw):
        got = original(session, **kw)
        links = got.payload["vulnerability_links"]
        assert links, "the demo region links vulnerabilities"
        links[0].update(source_evaluation="2", intel_assessment=None, handling_code=None)
        return got
    monkeypatch.setattr(packages, "collect", damaged)
    path = send(a, b, tmp_path, "bad")
    before = files_of(b)
    with pytest.raises(PackageError, match="link of .* is not valid here"):
        packages.import_package(b, path)
    assert files_of(b) == before


def test_an_imports_batched_audit_events_are_sealed_by_one_signature(pair, tmp_path):
    """An import's per-record events carry no signature each: the batch's last event is signed and
    its hash covers the chain back through the batch. Altering a batched event (even with every
    later hash recomputed), appending one, or moving a batch's seal to another key is evident."""
    from types import SimpleNamespace

    from rocta_desktop.services import trust
    from rocta_desktop.services.chain import BATCHED_VERSION, chain_hash, iter_events
    a, b, _ = pair
    packages.import_package(b, send(a, b, tmp_path, "a1"))
    with b.reader() as s:
        root = s.execute(text("SELECT value FROM workspace_meta WHERE key = 'root_key_id'")).scalar()
        events = [SimpleNamespace(**{c: getattr(e, c) for c in ("id", "at", "user_id", "username", "action",
                                                               "entity_type", "entity_id", "entity_ref", "summary",
                                                               "changes", "prev_hash", "hash", "version", "role",
                                                               "relied_on", "key_id", "signature")})
                  for e in iter_events(s)]
    batched = [i for i, e in enumerate(events) if e.version == BATCHED_VERSION]
    assert batched and all(events[i].signature is None for i in batched)
    assert events[batched[-1] + 1].signature and events[batched[-1] + 1].version == 2   # the seal
    assert trust.replay(events, b.workspace_id, root, chain_hash).problems == []

    def rechained(evs: list, start: int) -> list:
        for e in evs[start:]:
            e.prev_hash = evs[evs.index(e) - 1].hash if evs.index(e) else e.prev_hash
            e.hash = chain_hash(e.prev_hash, e)
        return evs

    import copy
    forged = copy.deepcopy(events)
    forged[batched[0]].summary = "nominal forged into the trail"
    problems = trust.replay(rechained(forged, batched[0]), b.workspace_id, root, chain_hash).problems
    assert any("does not verify" in p for p in problems)
    appended = copy.deepcopy(events[:batched[1]])  # a batch cut short: its seal removed, nothing after it
    assert any("no signature after it" in p for p in trust.replay(appended, b.workspace_id, root,
                                                                   chain_hash).problems)
    flipped = copy.deepcopy(events)
    flipped[batched[0]].version = 2  # an unsigned event passed off as a signed one
    assert trust.replay(rechained(flipped, batched[0]), b.workspace_id, root, chain_hash).problems


def test_a_batch_hashes_its_events_exactly_as_the_chain_does():
    """`record_many` encodes each event's changes once (for its hash and for storing): the text it
    hashes must be, byte for byte, what `chain_hash` hashes, or existing trails would not verify."""
    import datetime as dt
    from types import SimpleNamespace

    from rocta_desktop.services.chain import BATCHED_VERSION, BatchHasher, chain_hash
    at = dt.datetime(2026, 1, 2, 3, 4, 5, 123456, tzinfo=dt.UTC)
    who = {"user_id": 7, "username": 'ädmin "x"\\', "role": "administrator", "relied_on": ["edit_records", "x\n"],
           "key_id": "k\u2028"}
    hasher = BatchHasher(at=at, **who)
    cases = [{"action": "exchange.import", "entity_type": "nominal", "entity_id": 5, "entity_ref": "NOM-1",
              "summary": "s \x01\x1f\x7f é 😀 \t", "changes": {"z": 1, "a": {"before": None, "after": 1.5e-7},
                                                            "é": [True, False, None, 10 ** 30], "B": "x\\y",
                                                            "n": [1e16, -0.0, 2.5]}},
             {"action": "a", "entity_type": None, "entity_id": None, "entity_ref": None, "summary": "", "changes": {}},
             {"action": "a", "entity_type": "partner", "entity_id": True, "entity_ref": "r", "summary": "s",
              "changes": {"nested": {"b": [{"y": 1, "x": 2}], "a": ""}}}]
    for version in (2, BATCHED_VERSION):
        for case in cases:
            digest, text_ = hasher.hash("ab" * 32, version=version, **case)
            assert digest == chain_hash("ab" * 32, SimpleNamespace(at=at, version=version, **who, **case))
            assert json.loads(text_) == case["changes"]


def test_payloads_of_either_encoder_are_read():
    """Payloads are written with orjson; one written by the json module (older versions, or a
    value orjson cannot write exactly) reads the same."""
    payload = {"subjects": [{"name": "KILIÇ \u2028 \"x\"", "score": 1e-05, "n": 2 ** 70, "flags": []}]}
    old = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    assert packages.decode_payload(old) == payload
    assert packages.decode_payload(packages.encode_payload(payload)) == payload   # 2**70: the json module
    small = {"subjects": [{"name": "a", "score": 0.1}]}
    assert packages.decode_payload(packages.encode_payload(small)) == small
    assert packages.decode_payload(b'{"x": NaN}')["x"] != 0   # the json module's reading of what orjson refuses


def test_a_created_records_changes_are_written_as_the_chain_writes_them():
    """`canonical_created` writes a created record's changes without a dict per field: the same
    text, byte for byte, as the canonical encoder gives for the dict."""
    from rocta_desktop.services.chain import _CANONICAL, canonical_created
    head = {"uuid": "u-1", "origin": None, "package": 3, "from": 'Nottingham "East"\n'}
    for created in ({}, {"name": "KILIÇ, Burak 😀", "flags": ["ARMED", "VIOLENT"], "score": 1e-05, "n": 0,
                         "from": "a field named like the head", "é": False, "Z": {"b": 1, "a": [None]}}):
        assert canonical_created(head, created) == _CANONICAL.encode(
            {**head, **{k: {"before": None, "after": v} for k, v in created.items()}})


def test_json_columns_travel_as_stored_and_the_json_module_still_writes_them():
    """An assessment's answers and result go into the payload as their stored text (not decoded and
    encoded again); the json module's path (an integer beyond 64 bits) still writes them, decoded,
    and text orjson would refuse (NaN, as the json module stores it) reads back."""
    from rocta_desktop.services.packages import RawJSON, decode_payload, encode_payload
    answers = RawJSON('{"harm": 3, "notes": "line\\nbreak \\u00e9"}')
    assert decode_payload(encode_payload({"a": [answers], "n": 1})) == {"a": [{"harm": 3, "notes": "line\nbreak é"}],
                                                                       "n": 1}
    wide = decode_payload(encode_payload({"a": answers, "big": 2 ** 70}))
    assert wide == {"a": {"harm": 3, "notes": "line\nbreak é"}, "big": 2 ** 70}
    odd = decode_payload(encode_payload({"a": RawJSON('{"score": NaN}')}))
    assert odd["a"]["score"] != odd["a"]["score"]   # NaN, as stored
    assert answers == {"harm": 3, "notes": "line\nbreak é"} and answers == RawJSON('{"notes": "line\\nbreak é", "harm": 3}')


def test_a_package_reads_driver_rows_only_where_no_column_converts(workspace):
    """`_read` hands back the driver's tuples when no selected column converts its value, and
    SQLAlchemy's rows (converted) otherwise: the same values either way."""
    from sqlalchemy import String, select, type_coerce

    from rocta_desktop.store.models import Subject
    demo.generate(workspace, groups=3, nominals=12, seed=4)
    with workspace.reader() as s:
        plain = select(Subject.id, Subject.reference, type_coerce(Subject.created_at, String)).order_by(Subject.id)
        got = packages._read(s, plain, Subject)
        assert [tuple(r) for r in got] == [tuple(r) for r in s.connection().execute(plain).all()]
        assert got and all(isinstance(r[2], str) for r in got)
        converted = packages._read(s, select(Subject.id, Subject.created_at).order_by(Subject.id), Subject)
        assert converted and all(not isinstance(r[1], str) and r[1].tzinfo is not None for r in converted)


def test_the_dry_run_counts_what_the_import_then_does(pair, tmp_path):
    """The dry run lists every new record the import then writes, memberships, links, associations
    and vulnerability links between new records included (it used to leave those out)."""
    a, b, _ = pair
    path = send(a, b, tmp_path, "a1")
    before = files_of(b)
    dry = packages.import_package(b, path, dry_run=True).to_json()
    assert files_of(b) == before
    real = packages.import_package(b, path).to_json()
    assert {"membership", "link", "association", "vulnerability link"} <= set(real["new"])
    for key in ("new", "updated", "unchanged", "conflicts"):
        assert dry[key] == real[key], key


def _id_of(ws: Workspace, uuid: str) -> int:
    return ws.read(lambda s: s.execute(text("SELECT id FROM subjects WHERE uuid = :u"), {"u": uuid}).scalar())


def _first(ws: Workspace, kind: registers.SubjectKind, n: int = 0) -> tuple[int, str]:
    sid = ws.read(registers.list_subjects, registers.SubjectFilter(kind=kind))[n]["id"]
    return sid, ws.read(lambda s: s.execute(text("SELECT uuid FROM subjects WHERE id = :i"), {"i": sid}).scalar())


def _other_force(ws: Workspace, sid: int) -> int:
    now = ws.read(registers.get_subject, sid)["lead_force_id"]
    return ws.read(lambda s: s.execute(text("SELECT id FROM forces WHERE id IS NOT :f ORDER BY id LIMIT 1"),
                                       {"f": now}).scalar())


def test_what_we_changed_after_sending_stands_when_the_partner_sends_its_copy_back(pair, tmp_path):
    """A package sent is the baseline for the records it carried (their values then, which the
    audit trail gives back): a field changed here after sending, coming back unchanged from the
    partner, is ours to keep; a field only the partner changed is theirs; nothing is a conflict.
    Covers a plain field, a force (an id here, a code in a package) and a nominal's flags."""
    a, b, _ = pair
    packages.import_package(b, send(a, b, tmp_path, "a1"))
    gid, guuid = _first(a, registers.SubjectKind.GROUP)
    nid, nuuid = _first(a, registers.SubjectKind.NOMINAL)
    force = _other_force(a, gid)
    flags = sorted({"weapons", "violence"} ^ set(a.read(registers.get_subject, nid)["flags"] or []))
    a.write("e", registers.update_subject, gid, {"notes": "North after sending", "lead_force_id": force})
    a.write("e", registers.update_subject, nid, {"flags": flags})
    b.write("e", registers.update_subject, _id_of(b, guuid), {"description": "East's description"})
    b.write("e", registers.update_subject, _id_of(b, nuuid), {"notes": "East's note"})

    report = packages.import_package(a, send(b, a, tmp_path, "b1"))
    assert report.conflicts == []
    group, nominal = a.read(registers.get_subject, gid), a.read(registers.get_subject, nid)
    assert (group["notes"], group["lead_force_id"], group["description"]) == (
        "North after sending", force, "East's description")
    assert (sorted(nominal["flags"]), nominal["notes"]) == (flags, "East's note")

    report = packages.import_package(b, send(a, b, tmp_path, "a2"))   # and the other way round
    assert report.conflicts == []
    assert b.read(registers.get_subject, _id_of(b, guuid))["notes"] == "North after sending"
    assert a.read(packages.conflicts) == [] and b.read(packages.conflicts) == []


def test_a_package_of_some_records_leaves_the_others_baselines_where_they_were(pair, tmp_path):
    """`--subjects`: only the records a package carried move on. A group changed here but not sent
    since keeps its change when the partner's copy (as first sent) comes back."""
    a, b, _ = pair
    packages.import_package(b, send(a, b, tmp_path, "a1"))
    groups = a.read(registers.list_subjects, registers.SubjectFilter(kind=registers.SubjectKind.GROUP))
    for g in groups:
        a.write("e", registers.update_subject, g["id"], {"notes": "Not sent yet"})
    out = tmp_path / "a2.roctapkg"
    packages.export_package(a, b.workspace_id, out, subjects=[groups[0]["reference"]])
    packages.import_package(b, out)
    sent = set(a.read(lambda s: s.execute(text("SELECT entities FROM exchange_sent WHERE seq = 2")).scalar()).split("\n"))
    kept = [(g["id"], u) for g in groups if (u := _first(a, registers.SubjectKind.GROUP, groups.index(g))[1]) not in sent]
    assert kept, "a package of one group carried every group"
    gid, guuid = kept[0]
    b.write("e", registers.update_subject, _id_of(b, guuid), {"description": "East's description"})

    report = packages.import_package(a, send(b, a, tmp_path, "b1"))
    assert report.conflicts == []
    got = a.read(registers.get_subject, gid)
    assert (got["notes"], got["description"]) == ("Not sent yet", "East's description")


def test_an_export_writes_one_row_of_what_it_sent_not_one_per_record(pair, tmp_path):
    """What was sent is kept as one row per package (the records' UUIDs and the trail's mark),
    whatever the package's size: the baselines of what is sent cost the export nothing per record."""
    a, b, _ = pair
    before = a.read(lambda s: s.execute(text("SELECT count(*) FROM exchange_baselines")).scalar())
    send(a, b, tmp_path, "a1")
    rows = a.read(lambda s: s.execute(text("SELECT seq, high_water, entities FROM exchange_sent")).all())
    after = a.read(lambda s: s.execute(text("SELECT count(*) FROM exchange_baselines")).scalar())
    assert after == before and len(rows) == 1 and rows[0][0] == 1
    assert set(rows[0][2].split("\n")) >= set(a.read(lambda s: s.execute(text("SELECT uuid FROM subjects")).scalars().all()))


ODD_NAME = 'O\'Brien "Ёжик" \u00e9\t\u0001 \\ / \u2028'


def _awkward(a: Workspace, *, odd_time: bool) -> None:
    """Stored data made awkward on purpose: flags out of order, JSON null or none, quotes, control
    characters and non-Latin names, aliases added out of alphabetical order, reach added in reverse;
    and, if `odd_time`, times stored otherwise than the application stores them."""
    gid, _ = _first(a, registers.SubjectKind.GROUP)
    nominals = a.read(registers.list_subjects, registers.SubjectFilter(kind=registers.SubjectKind.NOMINAL))
    n1, n2, n3 = (n["id"] for n in nominals[:3])

    def damage(uow):
        run = uow.session.execute
        run(text("UPDATE nominals SET flags = '[\"weapons\", \"drugs\", \"violence\"]' WHERE id = :i"), {"i": n1})
        run(text("UPDATE nominals SET flags = 'null' WHERE id = :i"), {"i": n2})
        run(text("UPDATE nominals SET flags = '[]', date_of_birth = NULL WHERE id = :i"), {"i": n3})
        run(text("UPDATE subjects SET name = :n, lead_force_id = NULL WHERE id = :i"), {"i": n1, "n": ODD_NAME})
        if odd_time:
            run(text("UPDATE subjects SET created_at = '2024-02-03 04:05:06' WHERE id = :i"), {"i": n1})
            run(text("UPDATE subjects SET created_at = '2024-02-03T04:05:06.000000Z' WHERE id = :i"), {"i": n2})
        run(text("INSERT INTO subject_aliases (subject_id, kind, alias, alias_norm) VALUES "
                 "(:i, 'nickname', 'Zed', 'zed'), (:i, 'nickname', 'Abe', 'abe')"), {"i": n1})
        run(text("INSERT INTO group_reach (group_id, force_id) SELECT :g, id FROM forces WHERE id NOT IN "
                 "(SELECT force_id FROM group_reach WHERE group_id = :g) ORDER BY id DESC LIMIT 3"), {"g": gid})
    a.write("x", damage)


def _made_alike(in_sql: packages.Collected, in_python: packages.Collected) -> dict:
    """Both collections give the same package (subjects in any order); the package as read back."""
    made = [json.loads(packages.encode_payload(c.payload)) for c in (in_sql, in_python)]
    for m in made:
        m["subjects"].sort(key=lambda r: r["uuid"])
    assert made[0] == made[1]
    assert in_sql.sent == in_python.sent and in_sql.markings == in_python.markings
    assert in_sql.counts() == in_python.counts()
    return made[0]


def _odd_one(made: dict) -> dict:
    odd = next(r for r in made["subjects"] if r["name"] == ODD_NAME)
    assert odd["flags"] == ["drugs", "violence", "weapons"] and odd["aliases"][-2:] == [["nickname", "Zed"],
                                                                                       ["nickname", "Abe"]]
    assert odd["lead_force"] is None
    return odd


def test_subjects_made_into_json_by_the_database_are_those_python_makes(pair, monkeypatch):
    """A terminal's subjects are made into JSON by SQLite; a server's in Python. Both give the same
    package, whatever is stored (`_awkward`). A time stored otherwise than the application stores
    it is made in Python, and then the subjects are made one row each (not as whole arrays)."""
    a, _, _ = pair
    _awkward(a, odd_time=True)
    in_sql = a.read(packages.collect)
    assert all(isinstance(r, packages.RawJSON) for r in in_sql.payload["subjects"]
               if r.__class__ is not dict), "the database made them"
    assert sum(r.__class__ is dict for r in in_sql.payload["subjects"]) == 1   # the odd time, made in Python
    monkeypatch.setattr(packages, "_json_in_sql", lambda session: False)
    in_python = a.read(packages.collect)
    assert all(r.__class__ is dict for r in in_python.payload["subjects"])
    assert _odd_one(_made_alike(in_sql, in_python))["created_at"] == "2024-02-03T04:05:06"


def test_a_whole_packages_subjects_made_as_arrays_on_a_thread_are_those_python_makes(pair, monkeypatch):
    """A whole package's subjects are made by SQLite as one array per kind, on a thread with a
    connection of its own: the same package as Python makes, restricted records left out as
    everywhere else."""
    a, _, _ = pair
    _awkward(a, odd_time=False)
    restricted = _first(a, registers.SubjectKind.NOMINAL, 5)
    a.write("r", access.restrict, "subject", restricted[0], "Operation Heron")
    in_sql = a.read(packages.collect)
    assert isinstance(in_sql.payload["subjects"], packages.RawJSONArray), "made as arrays"
    assert restricted[1] not in in_sql.payload["subjects"].text.decode()
    monkeypatch.setattr(packages, "_json_in_sql", lambda session: False)
    in_python = a.read(packages.collect)
    made = _made_alike(in_sql, in_python)
    _odd_one(made)
    assert restricted[1] not in {r["uuid"] for r in made["subjects"]} and len(made["subjects"]) > 20


def test_arrays_made_at_another_moment_are_not_used(pair, monkeypatch):
    """The arrays are made on a connection of their own: a change committed between the moment the
    export reads and the moment that connection reads would put a newer record into the package than
    the rest of it (and than its baseline mark). They are then not used: the subjects are made as of
    the export's own moment."""
    a, _, _ = pair
    sid, suuid = _first(a, registers.SubjectKind.GROUP)
    before = a.read(registers.get_subject, sid)["name"]
    made_on_thread = packages._subject_arrays_in_background

    def changed_meanwhile(session, hidden):
        a.write("e", registers.update_subject, sid, {"name": "Renamed meanwhile"})
        return made_on_thread(session, hidden)
    monkeypatch.setattr(packages, "_subject_arrays_in_background", changed_meanwhile)
    got = a.read(packages.collect)
    assert not isinstance(got.payload["subjects"], packages.RawJSONArray)
    names = {r["uuid"]: r["name"] for r in json.loads(packages.encode_payload(got.payload))["subjects"]}
    assert names[suuid] == before
    assert a.read(registers.get_subject, sid)["name"] == "Renamed meanwhile"


def test_a_requirement_changed_after_sending_keeps_our_change_and_takes_theirs(pair, tmp_path):
    """The same for a record merged field by field that is not a subject: a requirement's owning
    unit (an id here, a code in a package) and priority changed here after sending stand; the
    question changed only at the partner arrives."""
    a, b, _ = pair
    units = a.read(lambda s: s.execute(text("SELECT id FROM units ORDER BY id LIMIT 2")).scalars().all())
    agency = a.read(lambda s: s.execute(text("SELECT id FROM agencies ORDER BY id LIMIT 1")).scalar())
    due = (clock.today() + dt.timedelta(days=30)).isoformat()
    rid, ref = a.write("c", collection.create, {"question": "Who drives the vans?", "priority": "high", "owner": "Ana",
                                                "owner_unit_id": units[0], "due_on": due, "agency_ids": [agency]})
    packages.import_package(b, send(a, b, tmp_path, "a1"))
    a.write("c", collection.update, rid, {"owner_unit_id": units[1], "priority": "medium"})
    uuid = a.read(lambda s: s.execute(text("SELECT uuid FROM intel_requirements WHERE id = :i"), {"i": rid}).scalar())
    theirs = b.read(lambda s: s.execute(text("SELECT id FROM intel_requirements WHERE uuid = :u"), {"u": uuid}).scalar())
    b.write("c", collection.update, theirs, {"question": "Who drives the white vans?"})

    report = packages.import_package(a, send(b, a, tmp_path, "b1"))
    assert report.conflicts == []
    got = a.read(collection.get, rid)
    assert (got["question"], got["priority"].value, got["owner_unit_id"]) == (
        "Who drives the white vans?", "medium", units[1])
