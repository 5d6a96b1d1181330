"""One person, one record (issue #21): duplicate candidates with reasons across spellings, scripts,
swapped names and dates, identifiers and groups; decisions remembered; merge moves every link and
unmerge restores the database exactly (audit aside); approved work needs a supervisor to move;
restricted and hidden records cannot be merged; a merge log altered after signing is refused."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import inspect, text

from rocta_desktop import demo
from rocta_desktop.domain.errors import Conflict, NotFound, PermissionDenied
from rocta_desktop.services import access, assessments, duplicates, exploitation, registers, trust, users
from rocta_desktop.services.workspace import Workspace
from tests.cli.test_cli import rocta
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.domain.test_schemes import MORILE_ANSWERS
from tests.portable import stored_json, table_names

#: tables whose rows a merge and its undo may add to (the record of what was done), compared apart
BOOKKEEPING = {"audit_events", "merges", "reference_counters", "workspace_meta", "alembic_version"}


def dump(ws: Workspace) -> dict[str, list[tuple]]:
    """Every row of every table as the database stores it."""
    out = {}
    with ws.engine.connect() as c:
        for name in table_names(c):
            if name not in BOOKKEEPING:
                out[name] = sorted(tuple(r) for r in c.execute(text(f'SELECT * FROM "{name}"')))
    return out


def nominal(ws: Workspace, surname: str, forenames: str, dob: str | None = None, **extra) -> int:
    created = ws.write("n", registers.create_nominal, {"surname": surname, "forenames": forenames,
                                                      "date_of_birth": dob, "marking": "OFFICIAL", **extra})
    return created.id


@pytest.fixture
def region(workspace, team):
    """The demo region plus people recorded twice in the ways returns and packages bring them."""
    ws = workspace
    demo.generate(ws, groups=4, nominals=30, seed=7)
    groups = ws.read(registers.list_subjects, registers.SubjectFilter(kind=registers.SubjectKind.GROUP))
    g1, g2 = groups[0]["id"], groups[1]["id"]
    a = nominal(ws, "Kilic", "Burak", "1990-04-07", marking="OFFICIAL")
    b = nominal(ws, "KILIÇ", "Burak", "1990-07-04", marking="OFFICIAL-SENSITIVE", gender="male",
                aliases=["Bur"])
    ws.write("i", registers.add_identifier, a, "PNC ID", "90/123456X")
    ws.write("i", registers.add_identifier, b, "PNC ID", "90/123456X")
    ws.write("i", registers.add_identifier, b, "phone", "07700 900123")
    ws.write("m", registers.add_member, g1, a, "peripheral")
    ws.write("m", registers.add_member, g1, b, "enabler")      # both in g1: one membership must go
    ws.write("m", registers.add_member, g2, b, "peripheral")
    ws.write("s", registers.associate_nominals, a, b, "brother?")  # a link between the two: nothing left after
    other = ws.read(registers.list_subjects, registers.SubjectFilter(kind=registers.SubjectKind.NOMINAL))[0]["id"]
    ws.write("s", registers.associate_nominals, b, other, "cousin")
    yield ws, {"a": a, "b": b, "g1": g1, "g2": g2, "other": other}


def test_candidates_find_the_pair_with_reasons_and_forget_not_the_same(region):
    ws, ids = region
    found = ws.read(duplicates.candidates, "nominal")
    pair = next(p for p in found["pairs"] if {p["a"]["id"], p["b"]["id"]} == {ids["a"], ids["b"]})
    reasons = " | ".join(pair["reasons"])
    assert "accents folded" in reasons and "day and month swapped" in reasons and "PNC ID identical" in reasons
    assert "both members of" in reasons and pair["score"] >= 90
    stats = found["stats"]
    assert stats["compared"] < stats["all_pairs"] and stats["records"] >= 32
    ws.write("d", duplicates.decide, ids["a"], ids["b"], "later")
    again = ws.read(duplicates.candidates, "nominal")["pairs"]
    assert next(p for p in again if {p["a"]["id"], p["b"]["id"]} == {ids["a"], ids["b"]})["decision"] == "later"
    assert again[-1]["decision"] == "later"
    ws.write("d", duplicates.decide, ids["b"], ids["a"], "not_same")
    assert not [p for p in ws.read(duplicates.candidates, "nominal")["pairs"]
                if {p["a"]["id"], p["b"]["id"]} == {ids["a"], ids["b"]}]
    # incoming rows only: the same pair is found from either side
    ws.write("d", duplicates.decide, ids["b"], ids["a"], "later")
    focused = ws.read(duplicates.candidates, "nominal", among=[ids["b"]])
    assert focused["stats"]["incoming"] == 1
    assert any({p["a"]["id"], p["b"]["id"]} == {ids["a"], ids["b"]} for p in focused["pairs"])


def test_swapped_names_aliases_and_groups(workspace):
    ws = workspace
    a = nominal(ws, "Jones", "Kenny", "1980-01-01")
    b = nominal(ws, "Kenny", "Jones", "1980-01-01")
    c = nominal(ws, "Smith", "Alan", None, aliases=["Kenny Jones"])
    pairs = ws.read(duplicates.candidates, "nominal")["pairs"]
    found = {frozenset((p["a"]["id"], p["b"]["id"])): p["reasons"] for p in pairs}
    assert "forenames and surname swapped" in found[frozenset((a, b))]
    assert any("alias" in r for r in found[frozenset((a, c))])
    g1 = ws.write("g", registers.create_group, {"name": "The Hartley Brothers", "management_level": "regional", "marking": "OFFICIAL"}).id
    g2 = ws.write("g", registers.create_group, {"name": "Hartley brothers OCG", "management_level": "regional", "marking": "OFFICIAL"}).id
    ws.write("g", registers.create_group, {"name": "Eastside Crew", "management_level": "local", "marking": "OFFICIAL"})
    groups = ws.read(duplicates.candidates, "group")["pairs"]
    assert [{p["a"]["id"], p["b"]["id"]} for p in groups] == [{g1, g2}]


def vulnerability(ws: Workspace, name: str) -> int:
    return ws.write("v", registers.create_vulnerability, {"name": name, "category": "place",
                                                          "marking": "OFFICIAL"}).id


def test_merge_moves_everything_and_unmerge_restores_exactly(region):
    ws, ids = region
    # vulnerability links: one only the other record has (moved), one both have (the other's goes)
    harbour, care_home = vulnerability(ws, "Harbour slipway"), vulnerability(ws, "Elm Lodge care home")
    only_b = ws.write("x", exploitation.link_vulnerability, harbour, ids["b"],
                      {"nature": "lands cocaine", "date_from": "2024-03-01", "source_evaluation": "2",
                       "intel_assessment": "B", "handling_code": "P", "source": "HMRC", "marking": "OFFICIAL-SENSITIVE"})
    ws.write("x", exploitation.link_vulnerability, care_home, ids["a"], {"nature": "cuckooing"})
    both_b = ws.write("x", exploitation.link_vulnerability, care_home, ids["b"], {"nature": "cuckooing",
                                                                                 "marking": "SECRET"})
    before = dump(ws)
    result = ws.write("m", duplicates.merge, ids["a"], ids["b"])
    assert result["moved"]["memberships"] == 2 and result["moved"]["identifiers"] == 2
    assert result["moved"]["associations"] == 2 and result["marking"] == "OFFICIAL-SENSITIVE"
    assert result["moved"]["vulnerability links"] == 2   # one moved, one the kept record already had
    with ws.engine.connect() as c:
        links = {tuple(r) for r in c.execute(text("SELECT id, vulnerability_id, exploiter_id FROM vulnerability_links"))}
    assert (only_b, harbour, ids["a"]) in links and not any(x == ids["b"] for _i, _v, x in links)
    assert both_b not in {i for i, _v, _x in links}
    assert [m["moved"]["vulnerability links"] for m in ws.read(duplicates.merges)
            if m["reference"] == result["reference"]] == [2]
    kept_links = ws.read(exploitation.vulnerability_links, ids["a"])
    assert {(ln["other_id"], ln["nature"]) for ln in kept_links} == {(harbour, "lands cocaine"),
                                                                     (care_home, "cuckooing")}
    keep = ws.read(registers.get_subject, ids["a"])
    gone = ws.read(registers.get_subject, ids["b"])
    assert gone["status"].value == "archived" and keep["reference"] in gone["status_reason"]
    assert any(a.startswith("KILI") for a in keep["aliases"]) and "Bur" in keep["aliases"]
    assert keep["gender"] == "male" and keep["date_of_birth"] == dt.date(1990, 4, 7)
    assert {(i["kind"].value, i["value"]) for i in keep["identifiers"]} == {("PNC ID", "90/123456X"),
                                                                           ("phone", "07700 900123")}
    assert {m["group_id"] for m in keep["groups"]} == {ids["g1"], ids["g2"]}
    with ws.engine.connect() as c:
        pairs = c.execute(text("SELECT nominal_a_id, nominal_b_id FROM nominal_associations WHERE :a IN "
                               "(nominal_a_id, nominal_b_id) OR :b IN (nominal_a_id, nominal_b_id)"),
                          {"a": ids["a"], "b": ids["b"]}).all()
    assert [tuple(p) for p in pairs] == [tuple(sorted((ids["a"], ids["other"])))]
    history = ws.read(registers.history, ids["a"])
    assert any(e["action"] == "nominal.merge" for e in history)
    assert any(e["entity_id"] == ids["b"] for e in history), "the other's history comes with it"
    # never suggested again while merged
    assert not [p for p in ws.read(duplicates.candidates, "nominal")["pairs"] if ids["b"] in (p["a"]["id"],
                                                                                             p["b"]["id"])]
    undone = ws.write("u", duplicates.unmerge, result["reference"])
    assert undone["left"] == []
    assert dump(ws) == before
    assert ws.read(trust.verify_trail).problems == []
    with pytest.raises(Conflict, match="already undone"):
        ws.write("u", duplicates.unmerge, result["reference"])


def test_merging_groups_moves_approved_assessments_only_with_a_supervisor(workspace, team):
    ws = workspace
    g1 = ws.write("g", registers.create_group, {"name": "Hartley Brothers", "management_level": "regional", "marking": "OFFICIAL"}).id
    g2 = ws.write("g", registers.create_group, {"name": "The Hartley Brothers", "management_level": "regional",
                                                "marking": "SECRET"}).id
    a = ws.write("a", assessments.start, g2, "morile-reference")
    ws.write("a", assessments.save, a.id, MORILE_ANSWERS)
    ws.write("a", assessments.submit, a.id)
    sam, ana = team.open("sam"), team.open("ana")
    sam.write("a", assessments.approve, a.id)
    before = dump(ws)
    with pytest.raises(PermissionDenied):
        ana.write("m", duplicates.merge, g1, g2)
    assert dump(ws) == before
    result = sam.write("m", duplicates.merge, g1, g2)
    assert result["moved"]["assessments"] == 1 and result["marking"] == "SECRET"
    with ws.engine.begin() as c:
        assert c.execute(text("SELECT subject_id FROM assessments WHERE id = :i"), {"i": a.id}).scalar() == g1
        with pytest.raises(Exception, match="approved assessment cannot be changed"):
            c.execute(text("UPDATE assessments SET status = 'draft' WHERE id = :i"), {"i": a.id})
    sam.write("u", duplicates.unmerge, result["reference"])
    assert dump(ws) == before


def test_every_column_of_approved_work_but_its_subject_stays_fixed(workspace):
    with workspace.engine.connect() as c:
        for table in ("assessments", "disruptions"):
            columns = {col["name"] for col in inspect(c).get_columns(table)}
            if c.dialect.name == "postgresql":
                guarded = set(c.execute(text(
                    "SELECT event_object_column FROM information_schema.triggered_update_columns "
                    "WHERE trigger_name = :n"), {"n": f"trg_{table}_approved_no_update"}).scalars())
            else:
                sql = c.execute(text("SELECT sql FROM sqlite_master WHERE name = :n"),
                                {"n": f"trg_{table}_approved_no_update"}).scalar()
                guarded = set(sql.split(" OF ")[1].split(" ON ")[0].replace(" ", "").split(","))
            assert guarded == columns - {"subject_id"}, table


def test_restricted_hidden_and_impossible_merges_are_refused(region, team):
    ws, ids = region
    before = dump(ws)
    with pytest.raises(Exception, match="cannot be merged with itself"):
        ws.write("m", duplicates.merge, ids["a"], ids["a"])
    with pytest.raises(Exception, match="both must be nominals or both groups"):
        ws.write("m", duplicates.merge, ids["a"], ids["g1"])
    ws.write("r", access.restrict, "subject", ids["b"], "covert source", users=["admin"])
    with pytest.raises(Conflict, match="restricted"):
        ws.write("m", duplicates.merge, ids["a"], ids["b"])
    ws.write("r", access.unrestrict, "subject", ids["b"])
    ws.write("s", registers.update_subject, ids["b"], {"marking": "SECRET"})
    ws.write("u", users.set_clearance, "ana", "OFFICIAL-SENSITIVE")
    ana = team.open("ana")
    with pytest.raises(NotFound):
        ana.write("m", duplicates.merge, ids["a"], ids["b"])
    assert not [p for p in ana.read(duplicates.candidates, "nominal")["pairs"]
                if ids["b"] in (p["a"]["id"], p["b"]["id"])]
    merged = ws.write("m", duplicates.merge, ids["a"], ids["b"])
    assert ana.read(duplicates.merges) == [], "a merge with a record she may not see is not listed"
    with pytest.raises(NotFound):
        ana.write("u", duplicates.unmerge, merged["reference"])
    with pytest.raises(Conflict, match="already been merged"):
        ws.write("m", duplicates.merge, ids["other"], ids["b"])
    ws.write("u", duplicates.unmerge, merged["reference"])
    after = dump(ws)
    for table in ("group_members", "nominal_identifiers", "subject_aliases", "nominal_associations"):
        assert after[table] == before[table], table
    b = ws.read(registers.get_subject, ids["b"])
    assert b["status"].value == "active" and b["marking"].value == "SECRET"


def test_a_merge_log_altered_after_signing_is_not_replayed(region):
    ws, ids = region
    result = ws.write("m", duplicates.merge, ids["a"], ids["b"])
    with ws.engine.begin() as c:
        ops = stored_json(c, "SELECT operations FROM merges")
        ops.append({"op": "delete", "table": "users", "row": {"id": 1}})
        c.execute(text("UPDATE merges SET operations = :o"), {"o": json.dumps(ops)})
    before = dump(ws)
    with pytest.raises(Conflict, match="altered afterwards"):
        ws.write("u", duplicates.unmerge, result["reference"])
    assert dump(ws) == before


def test_unmerge_keeps_later_edits_and_names_what_could_not_go_back(region):
    ws, ids = region
    result = ws.write("m", duplicates.merge, ids["a"], ids["b"])
    ws.write("m", registers.change_member_role, ids["g2"], ids["a"], "principal")
    ws.write("m", registers.remove_identifier, ids["a"], "phone", "07700 900123")
    undone = ws.write("u", duplicates.unmerge, result["reference"])
    assert any("no longer exists" in line for line in undone["left"])
    b = ws.read(registers.get_subject, ids["b"])
    assert [(m["group_id"], m["role"].value) for m in b["groups"] if m["group_id"] == ids["g2"]] == \
           [(ids["g2"], "principal")]
    assert b["status"].value == "active"


def test_candidates_scale_by_blocking(workspace):
    demo.generate(workspace, groups=10, nominals=400, seed=3)
    stats = workspace.read(duplicates.candidates, "nominal")["stats"]
    assert stats["records"] >= 400 and stats["compared"] * 20 < stats["all_pairs"]


def test_the_command_line_lists_merges_and_undoes(region, tmp_path):
    ws, ids = region
    pw = tmp_path / "pw"
    pw.write_text(ADMIN_PASSWORD + "\n")
    auth = [str(ws.path), "--user", ADMIN, "--password-file", str(pw)]
    refs = {k: ws.read(registers.get_subject, v)["reference"] for k, v in ids.items()}
    r = rocta("duplicates", *auth, "--json")
    assert r.returncode == 0, r.stderr
    listed = json.loads(r.stdout)
    assert listed["pairs"] == json.loads(json.dumps(ws.read(duplicates.candidates, "nominal")["pairs"], default=str))
    assert listed["stats"]["compared"] > 0
    r = rocta("duplicates", *auth)
    assert "comparisons" in r.stdout and refs["a"] in r.stdout and "PNC ID identical" in r.stdout
    r = rocta("merge", *auth, refs["a"], refs["b"])
    assert r.returncode == 0 and "rocta unmerge" in r.stdout, r.stderr
    reference = r.stdout.split(" as ")[1].split()[0]
    r = rocta("merges", *auth, "--json")
    assert [m["reference"] for m in json.loads(r.stdout)["merges"]] == [reference]
    r = rocta("unmerge", *auth, reference, "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["left"] == [], r.stderr
    r = rocta("unmerge", *auth, reference)
    assert r.returncode != 0 and "already undone" in r.stderr and "Traceback" not in r.stderr
    r = rocta("duplicates", *auth, "--not-same", refs["a"], refs["b"])
    assert r.returncode == 0 and "never suggested again" in r.stdout
    assert not [p for p in ws.read(duplicates.candidates, "nominal")["pairs"]
                if {p["a"]["id"], p["b"]["id"]} == {ids["a"], ids["b"]}]
    r = rocta("merge", *auth, refs["a"], "NOM-1999-9999")
    assert r.returncode != 0 and "no record NOM-1999-9999" in r.stderr
