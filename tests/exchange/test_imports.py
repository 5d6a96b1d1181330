"""Spreadsheet imports: mapping (guessed and remembered), a validation report by sheet, row and
column, all-or-nothing, valid rows only, no duplicates on re-import, hostile files, and the round
trip from an exported return into an empty workspace."""

import datetime as dt
import json
import zipfile

import pytest
from openpyxl import Workbook
from sqlalchemy import text

from rocta_desktop.domain.errors import ValidationError
from rocta_desktop.domain.subjects import SubjectKind
from rocta_desktop.exchange import xlsx_import
from rocta_desktop.exchange.xlsx_export import write_report
from rocta_desktop.exchange.xlsx_import import SpreadsheetError, read_sheet
from rocta_desktop.services import imports, reference_data, registers, returns
from rocta_desktop.services.registers import SubjectFilter
from rocta_desktop.services.workspace import Workspace
from rocta_desktop.store.models import Force
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.dates import TODAY, days, last_full_quarter, uk

NOMINAL_HEADERS = ["Surname", "Forenames", "DOB", "Aliases", "PNC ID", "Force", "Marking", "Group", "Role"]


def xlsx(path, headers, rows, *, sheet="Nominals", extra=None):
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(headers)
    for r in rows:
        ws.append(r)
    if extra:
        extra(wb, ws)
    wb.save(path)
    return path


@pytest.fixture
def setup(workspace):
    with workspace.operation("test") as uow:
        reference_data.create(uow, Force, {"code": "NMP", "name": "Northmoor Police"})
        group = registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL",
                                             "management_level": "regional"})
    return {"group": group.reference}


def good_rows(group):
    return [["Kowalski", "Jan", dt.date(1990, 4, 1), "Big Jan; JK", "12/345678A", "NMP", "OFFICIAL", group, "principal"],
            ["Öztürk", "Burak", "02/03/1985", None, None, "nmp", None, None, None],
            ["Lane", "Kit", None, None, None, None, "SECRET", group, None]]


def nominal_count(ws):
    return ws.read(registers.count_subjects, SubjectFilter(SubjectKind.NOMINAL, statuses=()))


def test_import_nominals_with_memberships_and_no_duplicates_on_reimport(workspace, setup, tmp_path):
    path = xlsx(tmp_path / "n.xlsx", NOMINAL_HEADERS, good_rows(setup["group"]))
    data = read_sheet(path)
    mapping, remembered = workspace.read(imports.mapping_for, "nominals", data.headers)
    assert not remembered and [mapping[i] for i in range(9)] == [
        "surname", "forenames", "date_of_birth", "aliases", "pnc_id", "lead_force", "marking", "group_reference",
        "member_role"]
    plan, outcome = imports.run(workspace, "nominals", data, today=TODAY)
    assert plan.problems == [] and outcome.committed and len(outcome.created) == 3
    jan = workspace.read(registers.get_subject, workspace.read(
        registers.list_subjects, SubjectFilter(SubjectKind.NOMINAL, text="kowalski"))[0]["id"])
    assert jan["date_of_birth"] == dt.date(1990, 4, 1) and jan["aliases"] == ["Big Jan", "JK"]
    assert jan["marking"].value == "OFFICIAL" and jan["groups"][0]["role"].value == "principal"
    assert [i["value"] for i in jan["identifiers"]] == ["12/345678A"]
    burak = workspace.read(registers.list_subjects, SubjectFilter(SubjectKind.NOMINAL, text="ozturk"))[0]
    assert burak["marking"].value == "OFFICIAL-SENSITIVE"  # the default when a row gives none
    # the same file again: every row matches an existing record, nothing is created
    plan, outcome = imports.run(workspace, "nominals", read_sheet(path), today=TODAY)
    assert outcome.created == [] and len(plan.skipped) == 3 and nominal_count(workspace) == 3
    assert "already in the workspace" in plan.skipped[0][1]
    with workspace.reader() as s:
        events = [r[0] for r in s.execute(text("SELECT action FROM audit_events WHERE entity_type='import'"))]
        changes = json.loads(s.execute(text("SELECT changes FROM audit_events WHERE action='import.nominals' "
                                            "ORDER BY id LIMIT 1")).scalar())
    assert events == ["import.nominals", "import.nominals"] and len(changes["created"]) == 3


def test_problems_are_reported_by_row_and_column_and_nothing_is_written(workspace, setup, tmp_path):
    rows = good_rows(setup["group"]) + [
        ["", "NoSurname", None, None, None, None, None, None, None],
        ["Bad", "Date", "31/02/1990", None, None, None, None, None, None],
        ["Unknown", "Force", None, None, None, "XYZ", None, None, None],
        ["Kowalski", "Jan", dt.date(1990, 4, 1), None, None, None, None, None, None],   # same person as row 2
        ["Future", "Born", days(1133), None, "not-a-pnc", None, "TOP", f"OCG-{TODAY.year}-9999", "boss"]]
    data = read_sheet(xlsx(tmp_path / "bad.xlsx", NOMINAL_HEADERS, rows))
    plan, outcome = imports.run(workspace, "nominals", data, today=TODAY)
    where = {(p.row, p.column) for p in plan.problems}
    assert {(5, "A"), (6, "C"), (7, "F"), (8, "A"), (9, "C"), (9, "E"), (9, "G"), (9, "H")} <= where
    messages = " | ".join(str(p) for p in plan.problems)
    assert "Nominals!F7: unknown force 'XYZ': give its code or name" in messages and "row 2 of this file" in messages
    assert not outcome.committed and nominal_count(workspace) == 0
    with workspace.reader() as s:
        refused = s.execute(text("SELECT changes FROM audit_events WHERE action='import.nominals.refused'")).scalar()
    assert json.loads(refused)["rows_with_problems"] == 5  # the saved result report
    with pytest.raises(ValidationError, match="nothing was imported"):
        workspace.write("i", imports.commit, plan)
    plan, outcome = imports.run(workspace, "nominals", data, valid_only=True, today=TODAY)
    assert len(outcome.created) == 3 and outcome.refused_rows == 5 and nominal_count(workspace) == 3


def test_mapping_is_remembered_per_source(workspace, setup, tmp_path):
    headers = ["Family", "Given", "Born on"]
    path = xlsx(tmp_path / "odd.xlsx", headers, [["Smith", "Al", "1980-01-01"]])
    data = read_sheet(path)
    guessed, remembered = workspace.read(imports.mapping_for, "nominals", headers)
    assert guessed == {} and not remembered
    with pytest.raises(ValidationError, match="map a column to: Surname"):
        workspace.read(imports.plan_import, "nominals", data, guessed)
    mine = {0: "surname", 1: "forenames", 2: "date_of_birth"}
    imports.run(workspace, "nominals", data, mapping=mine, today=TODAY)
    again, remembered = workspace.read(imports.mapping_for, "nominals", headers)
    assert remembered and again == mine


def test_groups_and_triggers_import(workspace, setup, tmp_path):
    path = xlsx(tmp_path / "g.xlsx", ["Group name", "Nicknames", "Management level", "Force", "Crime types"],
                [["Canal Street Firm", "The Canal; CSF", "local", "NMP", "Drugs supply"],
                 ["Harbour Crew", None, "regional", None, None]], sheet="Groups")
    plan, outcome = imports.run(workspace, "groups", read_sheet(path), today=TODAY)
    assert len(outcome.created) == 1 and "named 'Harbour Crew' is already in the workspace" in plan.skipped[0][1]
    canal = workspace.read(registers.list_subjects, SubjectFilter(SubjectKind.GROUP, text="canal"))[0]
    got = workspace.read(registers.get_subject, canal["id"])
    assert got["nicknames"] == ["The Canal", "CSF"] and got["crime_types"]
    tpath = xlsx(tmp_path / "t.xlsx", ["Received", "From", "Officer", "Subject kind", "Proposed name", "Summary",
                                       "Grading"],
                 [[days(-24), "NMP", "DS Smith", "group", "New Firm", "Cash runs", "2B P"],
                  [days(-23), "NOPE", "DS Smith", "group", "Other", "x", "9Z Q"]], sheet="Triggers")
    plan, outcome = imports.run(workspace, "triggers", read_sheet(tpath), today=TODAY)
    assert not outcome.committed and {(p.row, p.column) for p in plan.problems} == {(3, "B"), (3, "G")}
    plan, outcome = imports.run(workspace, "triggers", read_sheet(tpath), valid_only=True, today=TODAY)
    assert outcome.created == [f"TRG-{days(-24).year}-0001"]


def test_round_trip_from_an_exported_return(workspace, setup, tmp_path):
    with workspace.operation("x") as uow:
        registers.create_nominal(uow, {"surname": "Kowalski", "forenames": "Jan", "marking": "SECRET",
                                       "lead_force_id": 1})
        registers.create_vulnerability(uow, {"name": "Harbour", "category": "place", "marking": "OFFICIAL"})
    report = workspace.read(returns.build_return, period=str(TODAY.year), today=TODAY)
    path = write_report(report, tmp_path / "return.xlsx")
    before = {(r[0], r[1], r[2], r[3], r[4], r[5], r[7]) for r in report.tables[0].rows if r[1] != "vulnerability"}
    target, _key = Workspace.create(tmp_path / "empty.rocta", ADMIN, ADMIN_PASSWORD)
    try:
        with target.operation("x") as uow:
            reference_data.create(uow, Force, {"code": "NMP", "name": "Northmoor Police"})
        for kind in ("groups", "nominals"):
            plan, outcome = imports.run(target, kind, read_sheet(path, "Subjects"), today=TODAY)
            assert outcome.committed, plan.to_json()["problems"]
        again = target.read(returns.build_return, period=str(TODAY.year), today=TODAY)
        after = {(r[0], r[1], r[2], r[3], r[4], r[5], r[7]) for r in again.tables[0].rows}
        assert after == before and len(after) == 2
    finally:
        target.close()


def test_hostile_and_broken_files_are_refused_clearly(workspace, setup, tmp_path, monkeypatch):
    def refused(path, fragment, **kw):
        with pytest.raises(SpreadsheetError) as err:
            read_sheet(path, **kw)
        assert fragment in str(err.value), str(err.value)
    (tmp_path / "notes.xlsx").write_text("just some text, not a workbook")
    refused(tmp_path / "notes.xlsx", "not a spreadsheet")
    (tmp_path / "locked.xlsx").write_bytes(xlsx_import.OLE_MAGIC + b"\0" * 4096)
    refused(tmp_path / "locked.xlsx", "password-protected")
    (tmp_path / "empty.xlsx").write_bytes(b"")
    refused(tmp_path / "empty.xlsx", "the file is empty")
    refused(tmp_path / "missing.xlsx", "does not exist")
    (tmp_path / "cut.xlsx").write_bytes((xlsx(tmp_path / "whole.xlsx", ["A"], [[1]])).read_bytes()[:300])
    refused(tmp_path / "cut.xlsx", "damaged")
    blank = Workbook()
    blank.save(tmp_path / "blank.xlsx")
    refused(tmp_path / "blank.xlsx", "is empty")
    big = xlsx(tmp_path / "big.xlsx", ["A", "B"], [[i, i] for i in range(50)])
    refused(big, "the limit is 20 cells", max_cells=20)
    monkeypatch.setattr(xlsx_import, "MAX_UNPACKED_BYTES", 1000)
    refused(big, "unpacks to")
    monkeypatch.undo()
    with zipfile.ZipFile(big) as z:
        assert z.testzip() is None

    def hostile(wb, ws):
        ws["A2"] = "=HYPERLINK(\"http://x\")"
        ws.merge_cells("A4:B4")
        hidden = wb.create_sheet("Secret tab")
        hidden.sheet_state = "hidden"
        hidden.append(["Surname"])
    rows = [["Formula", "Row"], ["Merged", "Row"], [None, None], ["x" * 10_000, "Long"]]
    data = read_sheet(xlsx(tmp_path / "h.xlsx", ["Surname", "Forenames"], rows, extra=hostile))
    assert data.notes == ["hidden sheet not read: Secret tab"] and data.merged == ["A4:B4"]
    plan, outcome = imports.run(workspace, "nominals", data, today=TODAY)
    text_of = " | ".join(str(p) for p in plan.problems)
    assert "Nominals!A2: holds a formula" in text_of
    assert "merged cells A4:B4" in text_of
    assert "Nominals!A5: is 10,000 characters long" in text_of
    assert not outcome.committed and nominal_count(workspace) == 0


def test_cli_dry_run_prints_the_report_as_json(workspace, setup, tmp_path):
    from tests.cli.test_cli import rocta
    path = xlsx(tmp_path / "n.xlsx", NOMINAL_HEADERS, good_rows(setup["group"]) +
                [["Bad", "Date", "31/02/1990", None, None, None, None, None, None]])
    workspace.close()
    args = ["--workspace", str(workspace.path), "--user", ADMIN]
    r = rocta("import", "nominals", str(path), *args, "--dry-run", env={"ROCTA_PASSWORD": ADMIN_PASSWORD})
    assert r.returncode == 1
    report = json.loads(r.stdout)
    assert report["valid"] == 3 and report["rows_with_problems"] == 1
    assert report["problems"][0]["column"] == "C" and report["problems"][0]["row"] == 5
    r = rocta("import", "nominals", str(path), *args, "--valid-only", env={"ROCTA_PASSWORD": ADMIN_PASSWORD})
    assert r.returncode == 0 and "Imported 3 nominals" in r.stdout
    r = rocta("import", "nominals", str(tmp_path / "nope.xlsx"), *args, env={"ROCTA_PASSWORD": ADMIN_PASSWORD})
    assert r.returncode == 2 and "nope.xlsx: the file does not exist" in r.stderr


DISRUPTION_HEADERS = ["Subject ref", "Date of disruption", "4P", "Tactic", "Impact", "Lead", "Contributing agencies",
                      "Operation", "Narrative", "Outcomes", "Marking"]


@pytest.fixture
def impact_setup(workspace, setup):
    from rocta_desktop.store.models import Agency
    with workspace.operation("test") as uow:
        for code in ("ROCU", "NCA", "HMRC"):
            reference_data.create(uow, Agency, {"code": code, "name": f"{code} agency", "kind": code})
        canal = registers.create_group(uow, {"name": "Canal Firm", "marking": "SECRET", "management_level": "local"})
        lane = registers.create_nominal(uow, {"surname": "Lane", "forenames": "Kit", "marking": "OFFICIAL"})
    return {"harbour": setup["group"], "canal": canal.reference, "lane": lane.reference}


# imported disruptions fall in the last full quarter: all in the past, all in one year (references
# are numbered per year of the disruption)
Q_START = last_full_quarter()[0]
Y = Q_START.year


def qday(n: int) -> dt.date:
    return Q_START + dt.timedelta(days=n)


def good_disruptions(s):
    return [[s["harbour"], qday(2), "Pursue", "Warrants at the car wash", "major", "ROCU", "NCA; HMRC",
             "Operation Heron", "Three principals arrested", "arrests 3; cash 12000; drugs 2.5 kg cocaine", None],
            [s["canal"].lower(), f"{qday(19):%d/%m/%Y}", "protect", "Safeguarding visits", "Minor", "nca", "ROCU, ", None, None,
             "safeguarding 2", "SECRET"],
            [s["lane"], qday(57), "PREVENT", "Serious crime prevention order", "moderate", None, None,
             None, None, None, None]]


def disruption_counts(ws):
    with ws.reader() as s:
        return tuple(s.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                     for t in ("disruptions", "disruption_outcomes", "disruption_agencies"))


def test_import_disruptions_as_drafts_with_outcomes_and_agencies(workspace, impact_setup, tmp_path):
    from rocta_desktop.domain.errors import PermissionDenied
    from rocta_desktop.services import impact
    path = xlsx(tmp_path / "d.xlsx", DISRUPTION_HEADERS, good_disruptions(impact_setup), sheet="Disruptions")
    data = read_sheet(path)
    mapping, _ = workspace.read(imports.mapping_for, "disruptions", data.headers)
    assert [mapping[i] for i in range(11)] == ["subject_reference", "occurred_on", "four_p", "tactic", "grade",
                                               "lead_agency", "agencies", "operation", "narrative", "outcomes",
                                               "marking"]
    plan, outcome = imports.run(workspace, "disruptions", data, today=TODAY)
    assert plan.problems == [] and outcome.committed
    assert outcome.created == [f"DSR-{Y}-0001", f"DSR-{Y}-0002", f"DSR-{Y}-0003"]
    got = {d["reference"]: d for d in workspace.read(impact.listing)}
    assert {d["status"].value for d in got.values()} == {"draft"}  # an import never submits or approves
    heron = got[f"DSR-{Y}-0001"]
    assert (heron["subject_reference"], heron["occurred_on"], heron["four_p"].value, heron["grade"].value) == (
        impact_setup["harbour"], qday(2), "pursue", "major")
    assert heron["lead_agency"] == "ROCU" and heron["agencies"] == ["NCA", "HMRC"]
    assert heron["operation"] == "Operation Heron" and heron["marking"].value == "OFFICIAL"  # the subject's
    assert [(o["kind"].value, o["quantity"], o["unit"], o["detail"]) for o in heron["outcomes"]] == [
        ("arrests", 3, None, None), ("cash", 12000, None, None), ("drugs", 2.5, "kg", "cocaine")]
    canal = got[f"DSR-{Y}-0002"]
    assert canal["occurred_on"] == qday(19) and canal["lead_agency"] == "NCA"
    assert canal["agencies"] == ["ROCU"] and canal["marking"].value == "SECRET"
    assert [o["kind"].value for o in canal["outcomes"]] == ["safeguarding"]
    lane = got[f"DSR-{Y}-0003"]
    assert lane["lead_agency"] is None and lane["agencies"] == [] and lane["outcomes"] == []
    with workspace.reader() as s:
        event = json.loads(s.execute(text("SELECT changes FROM audit_events WHERE action='import.disruptions'"))
                           .scalar())
        records = [r[0] for r in s.execute(text("SELECT summary FROM audit_events WHERE action='disruption.create' "
                                                "ORDER BY id"))]
    assert event["created"] == outcome.created and len(records) == 3
    assert "recorded as a draft" in records[0] and "imported from d.xlsx (Disruptions row 2)" in records[0]
    # the importer recorded them: someone else must approve
    did = heron["id"]
    workspace.write("d", impact.submit, did)
    with pytest.raises(PermissionDenied, match="another supervisor"):
        workspace.write("d", impact.approve, did)
    # the same file again: every row matches a disruption already recorded
    before = disruption_counts(workspace)
    plan, outcome = imports.run(workspace, "disruptions", read_sheet(path), today=TODAY)
    assert outcome.created == [] and len(plan.skipped) == 3 and disruption_counts(workspace) == before
    assert f"DSR-{Y}-0001 already records this disruption" in plan.skipped[0][1]


def test_disruption_problems_are_listed_by_row_and_column_and_nothing_is_written(workspace, impact_setup, tmp_path):
    from tests.conftest import snapshot_files
    s = impact_setup
    day = qday(40)
    good = good_disruptions(s)[0]
    rows = [good,
            [None, day, "pursue", "t3", "minor", None, None, None, None, None, None],
            [f"OCG-{TODAY.year}-9999", day, "pursue", "t4", "minor", None, None, None, None, None, None],
            [f"DSR-{Y}-0001", day, "pursue", "t5", "minor", None, None, None, None, None, None],
            [s["harbour"], days(37), "pursue", "t6", "minor", None, None, None, None, None, None],
            [s["harbour"], "31/02/2026", "pursue", "t7", "minor", None, None, None, None, None, None],
            [s["harbour"], None, "sideways", "t8", "huge", None, None, None, None, None, None],
            [s["harbour"], day, "pursue", None, "minor", "XYZ", "NCA; FOO, BAR", None, None, None, None],
            [s["harbour"], day, "pursue", "t10", "minor", None, None, None, None, "arests 3; drugs 2; cash 100", None],
            [s["canal"], day, "pursue", "t11", "minor", None, None, None, None, None, "OFFICIAL"],
            good]
    data = read_sheet(xlsx(tmp_path / "bad.xlsx", DISRUPTION_HEADERS, rows, sheet="Disruptions"))
    plan = workspace.read(imports.plan_import, "disruptions", data, today=TODAY)
    where = {(p.row, p.column) for p in plan.problems}
    assert where == {(3, "A"), (4, "A"), (5, "A"), (6, "B"), (7, "B"), (8, "B"), (8, "C"), (8, "E"), (9, "D"),
                     (9, "F"), (9, "G"), (10, "J"), (11, "K"), (12, "D")}
    said = " | ".join(str(p) for p in plan.problems)
    for fragment in ("Disruptions!A3: say which subject was disrupted", f"Disruptions!A4: no subject OCG-{TODAY.year}-9999",
                     f"Disruptions!A5: 'DSR-{Y}-0001' is not a subject reference",
                     f"Disruptions!B6: {uk(37)} is in the future", "Disruptions!B7: 31/02/2026 is not a real date",
                     "Disruptions!B8: say when the disruption happened", "Disruptions!C8: 'sideways' is not allowed",
                     "Disruptions!E8: 'huge' is not allowed", "Disruptions!D9: say what was done (the tactic)",
                     "Disruptions!F9: unknown agency 'XYZ'", "Disruptions!G9: unknown agencies 'FOO', 'BAR'",
                     "Disruptions!J10: 'arests 3': 'arests' is not an outcome", "Disruptions!J10: 'drugs 2': give the unit",
                     "Disruptions!K11: must be at least SECRET", "Disruptions!D12: the same disruption (subject, date, "
                     "4P and tactic) is on row 2 of this file"):
        assert fragment in said, fragment
    assert len(plan.valid) == 1 and plan.bad_rows == list(range(3, 13))
    files = snapshot_files(workspace.path)
    with pytest.raises(ValidationError, match="nothing was imported"):
        workspace.write("i", imports.commit, plan, today=TODAY)
    assert snapshot_files(workspace.path) == files  # not a byte written
    plan, outcome = imports.run(workspace, "disruptions", data, today=TODAY)
    assert not outcome.committed and disruption_counts(workspace) == (0, 0, 0)
    with workspace.reader() as s_:
        refused = json.loads(s_.execute(text("SELECT changes FROM audit_events "
                                             "WHERE action='import.disruptions.refused'")).scalar())
    assert refused["rows_with_problems"] == 10 and len(refused["problems"]) == len(plan.problems)
    plan, outcome = imports.run(workspace, "disruptions", data, valid_only=True, today=TODAY)
    assert outcome.created == [f"DSR-{Y}-0001"] and outcome.refused_rows == 10
    assert disruption_counts(workspace) == (1, 3, 2)


def test_cli_imports_disruptions(workspace, impact_setup, tmp_path):
    from tests.cli.test_cli import rocta
    rows = good_disruptions(impact_setup) + [[impact_setup["harbour"], "2026-13-01", "pursue", "x", "minor", None,
                                              None, None, None, None, None]]
    path = xlsx(tmp_path / "d.xlsx", DISRUPTION_HEADERS, rows, sheet="Disruptions")
    workspace.close()
    args = ["--workspace", str(workspace.path), "--user", ADMIN]
    env = {"ROCTA_PASSWORD": ADMIN_PASSWORD}
    r = rocta("import", "disruptions", str(path), *args, env=env)
    assert r.returncode == 1 and "Disruptions!B5:" in r.stdout and "Nothing imported" in r.stdout
    r = rocta("import", "disruptions", str(path), *args, "--valid-only", env=env)
    assert r.returncode == 0 and "Imported 3 disruptions" in r.stdout, r.stdout + r.stderr


def test_disruptions_round_trip_from_an_exported_return(workspace, impact_setup, team, tmp_path):
    """The return's Disruptions sheet (its 4P and impact labels, agency codes, outcome wording) reads
    back as drafts in another workspace that has the same subjects and agencies."""
    from rocta_desktop.services import impact
    from rocta_desktop.store.models import Agency
    sam = team.open("sam")
    path = xlsx(tmp_path / "d.xlsx", DISRUPTION_HEADERS, good_disruptions(impact_setup), sheet="Disruptions")
    imports.run(workspace, "disruptions", read_sheet(path), today=TODAY)
    for d in workspace.read(impact.listing):
        workspace.write("d", impact.submit, d["id"])
        sam.write("d", impact.approve, d["id"])
    report = workspace.read(returns.build_return, period=str(Y), today=TODAY)
    exported = write_report(report, tmp_path / "return.xlsx")
    target, _key = Workspace.create(tmp_path / "other.rocta", ADMIN, ADMIN_PASSWORD)
    try:
        with target.operation("x") as uow:
            reference_data.create(uow, Force, {"code": "NMP", "name": "Northmoor Police"})
            for code in ("ROCU", "NCA", "HMRC"):
                reference_data.create(uow, Agency, {"code": code, "name": f"{code} agency", "kind": code})
        for kind in ("groups", "nominals"):
            plan, outcome = imports.run(target, kind, read_sheet(exported, "Subjects"), today=TODAY)
            assert outcome.committed, plan.to_json()["problems"]
        plan, outcome = imports.run(target, "disruptions", read_sheet(exported, "Disruptions"), today=TODAY)
        assert outcome.committed and len(outcome.created) == 3, plan.to_json()["problems"]

        def key(d):
            return (d["subject_reference"], d["occurred_on"], d["four_p"], d["grade"], d["tactic"], d["lead_agency"],
                    sorted(d["agencies"]), d["operation"], d["marking"],
                    [(o["kind"], o["quantity"], o["unit"], o["detail"]) for o in d["outcomes"]])
        before = sorted(map(key, workspace.read(impact.listing)))
        again = target.read(impact.listing)
        assert sorted(map(key, again)) == before and {d["status"].value for d in again} == {"draft"}
    finally:
        target.close()


def test_a_commit_that_fails_leaves_the_plan_as_it_was(workspace, setup, tmp_path):
    plan = workspace.read(imports.plan_import, "nominals",
                          read_sheet(xlsx(tmp_path / "n.xlsx", NOMINAL_HEADERS, good_rows(setup["group"]))), today=TODAY)
    with pytest.raises(RuntimeError, match="power cut"), workspace.operation("import.nominals") as uow:
        imports.commit(uow, plan, today=TODAY)
        raise RuntimeError("power cut")  # rolled back: nothing written
    assert nominal_count(workspace) == 0 and [c["reference"] for _n, c in plan.valid] == [None, None, None]
    outcome = workspace.write("import.nominals", imports.commit, plan, today=TODAY)
    assert outcome.created == [f"NOM-{TODAY.year}-0001", f"NOM-{TODAY.year}-0002", f"NOM-{TODAY.year}-0003"] and nominal_count(workspace) == 3


def test_a_missing_management_level_is_set_to_local_and_said_row_by_row(workspace, setup, tmp_path):
    """Issue #25: a group's level is never invented silently. The column is NOT NULL, so "local"
    is kept, but each row that gave none carries a warning in the report (and its audit event)."""
    path = xlsx(tmp_path / "g.xlsx", ["Group name", "Management level", "Force"],
                [["Canal Street Firm", None, "NMP"], ["Dockside Boys", "Regional", "NMP"],
                 ["Mill Lane Crew", "  ", None]], sheet="Groups")
    plan, outcome = imports.run(workspace, "groups", read_sheet(path), today=TODAY)
    assert outcome.committed and len(outcome.created) == 3
    assert [(w.row, w.column, w.message) for w in plan.warnings] == [
        (2, "B", imports.LEVEL_MISSING), (4, "B", imports.LEVEL_MISSING)]
    assert imports.LEVEL_MISSING == "management level missing; set to local — review it"
    assert [w["row"] for w in plan.to_json()["warnings"]] == [2, 4]
    levels = {g["name"]: workspace.read(registers.get_subject, g["id"])["management_level"].value
              for g in workspace.read(registers.list_subjects, SubjectFilter(SubjectKind.GROUP))}
    assert levels == {"Harbour Crew": "regional", "Canal Street Firm": "local", "Dockside Boys": "regional",
                      "Mill Lane Crew": "local"}
    with workspace.reader() as s:
        changes = json.loads(s.execute(text("SELECT changes FROM audit_events WHERE action='import.groups'")).scalar())
    assert [w["row"] for w in changes["warnings"]] == [2, 4] and changes["warnings_total"] == 2
    # no level column at all: every group imported is said to be set to local
    path = xlsx(tmp_path / "g2.xlsx", ["Group name"], [["Eastside Crew"], ["Westside Crew"]], sheet="Groups")
    plan = workspace.read(imports.plan_import, "groups", read_sheet(path), today=TODAY)
    assert [(w.row, w.column, w.message) for w in plan.warnings] == [(2, "", imports.LEVEL_MISSING),
                                                                     (3, "", imports.LEVEL_MISSING)]
    assert "Groups row 2: management level missing" in str(plan.warnings[0])


def _imported(ws):
    """What an import wrote, without what differs on every run (ids, UUIDs, times)."""
    with ws.reader() as s:
        subjects = sorted(tuple(r) for r in s.execute(text(
            "SELECT reference, kind, name, name_norm, marking, status, lead_force_id, description, origin IS NOT NULL, "
            "length(uuid) FROM subjects")))
        nominals = sorted(tuple(r) for r in s.execute(text(
            "SELECT s.reference, n.surname, n.forenames, n.date_of_birth, n.flags FROM nominals n "
            "JOIN subjects s ON s.id = n.id")))
        aliases = sorted(tuple(r) for r in s.execute(text(
            "SELECT s.reference, a.kind, a.alias, a.alias_norm FROM subject_aliases a JOIN subjects s ON s.id = a.subject_id")))
        members = sorted(tuple(r) for r in s.execute(text(
            "SELECT g.reference, s.reference, m.role FROM group_members m JOIN subjects s ON s.id = m.nominal_id "
            "JOIN subjects g ON g.id = m.group_id")))
        keys = sorted(tuple(r) for r in s.execute(text(
            "SELECT k.key, k.kind, s.reference, k.source FROM import_keys k JOIN subjects s ON s.uuid = k.entity_uuid")))
        counters = sorted(tuple(r) for r in s.execute(text("SELECT prefix, year, last FROM reference_counters")))
        event = json.loads(s.execute(text("SELECT changes FROM audit_events WHERE action LIKE 'import.%' "
                                          "ORDER BY id DESC LIMIT 1")).scalar())
    return {"subjects": subjects, "nominals": nominals, "aliases": aliases, "members": members, "keys": keys,
            "counters": counters, "event": event}


def test_planning_and_writing_at_once_writes_what_plan_then_commit_writes(workspace, setup, tmp_path, monkeypatch):
    """`run` checks the rows and writes them in one transaction (a writer thread takes the rows
    found valid while the rest are checked); the result must be the plan-then-commit result, row
    for row: references (the file's own, then numbered after the highest), aliases, memberships,
    content keys, counters and the audit event."""
    year = TODAY.year
    rows = [[f"Person{i}", "Al", dt.date(1980, 1, 1 + i % 28), f"Alias{i}" if i % 3 == 0 else None,
             None, "NMP", "OFFICIAL", setup["group"] if i % 5 == 0 else None, "enabler" if i % 5 == 0 else None]
            for i in range(imports.FEED_ROWS * 2 + 7)]
    headers = [*NOMINAL_HEADERS, "Reference"]
    rows = [[*r, None] for r in rows]
    rows[3][-1] = f"NOM-{year}-0040"     # the file's own references, this year and another
    rows[10][-1] = f"NOM-{year - 1}-0007"
    path = xlsx(tmp_path / "n.xlsx", headers, rows)
    streamed = []
    at_once = imports._plan_and_commit
    monkeypatch.setattr(imports, "_plan_and_commit", lambda uow, kind, *a, **k: streamed.append(kind) or at_once(
        uow, kind, *a, **k))
    other, _ = Workspace.create(tmp_path / "other.rocta", ADMIN, ADMIN_PASSWORD, name="Other")
    try:
        for ws in (workspace, other):
            if ws is other:
                with other.operation("t") as uow:
                    reference_data.create(uow, Force, {"code": "NMP", "name": "Northmoor Police"})
                    registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL",
                                                 "management_level": "regional"})
            with ws.operation("t") as uow:   # a counter already ahead of nothing: numbering goes on from it
                registers.create_nominal(uow, {"surname": "First", "marking": "OFFICIAL"})
        plan, outcome = imports.run(workspace, "nominals", read_sheet(path), today=TODAY)
        two_step = other.read(imports.plan_import, "nominals", read_sheet(path), today=TODAY)
        outcome2 = other.write("import.nominals", imports.commit, two_step, remember=headers, today=TODAY)
        assert outcome.created == outcome2.created and len(outcome.created) == len(rows)
        assert outcome.created[:4] == [f"NOM-{year}-0041", f"NOM-{year}-0042", f"NOM-{year}-0043", f"NOM-{year}-0040"]
        assert outcome.created[10] == f"NOM-{year - 1}-0007"
        mine, theirs = _imported(workspace), _imported(other)
        assert mine == theirs
        assert ("NOM", year, 40 + len(rows) - 2) in mine["counters"] and ("NOM", year - 1, 7) in mine["counters"]
        assert streamed == ["nominals"]
        assert len(mine["keys"]) == len(rows) - 2 and len(mine["members"]) == len(rows) // 5 + 1
        assert plan.to_json() == two_step.to_json()
    finally:
        other.close()


def test_a_refused_file_written_while_checked_leaves_nothing(workspace, setup, tmp_path):
    """A problem on the last row, after thousands of rows went to the writer: all rolled back,
    counters included, and the refusal is the one event recorded."""
    rows = [[f"Person{i}", "Al", dt.date(1980, 1, 1 + i % 28), None, None, "NMP", None, None, None]
            for i in range(imports.FEED_ROWS * 2 + 1)]
    rows.append(["Last", "Row", "31/02/1990", None, None, None, None, None, None])
    data = read_sheet(xlsx(tmp_path / "n.xlsx", NOMINAL_HEADERS, rows))
    with workspace.reader() as s:
        counters = s.execute(text("SELECT prefix, year, last FROM reference_counters")).all()
        last_event = s.execute(text("SELECT max(id) FROM audit_events")).scalar()
    plan, outcome = imports.run(workspace, "nominals", data, today=TODAY)
    assert not outcome.committed and [(p.row, p.column) for p in plan.problems] == [(len(rows) + 1, "C")]
    assert len(plan.valid) == len(rows) - 1 and nominal_count(workspace) == 0
    with workspace.reader() as s:
        assert s.execute(text("SELECT prefix, year, last FROM reference_counters")).all() == counters
        assert s.execute(text("SELECT count(*) FROM import_keys")).scalar() == 0
        assert [r[0] for r in s.execute(text("SELECT action FROM audit_events WHERE id > :i"), {"i": last_event})] == [
            "import.nominals.refused"]
    plan, outcome = imports.run(workspace, "nominals", data, valid_only=True, today=TODAY)
    assert len(outcome.created) == len(rows) - 1 and nominal_count(workspace) == len(rows) - 1
