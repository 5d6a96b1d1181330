"""Force returns as they really arrive (issue #21): title rows above the header, "Forename(s)" and
"Phone" columns, forces written by name, dates typed as Excel serial numbers, extra columns, hidden
sheets; a mapping file for the command line; and no row imported twice, triggers included, even
without references. Every problem is reported by sheet, row and column; nothing is dropped silently."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from openpyxl import Workbook

from rocta_desktop.domain.errors import ValidationError
from rocta_desktop.domain.subjects import SubjectKind
from rocta_desktop.exchange.xlsx_import import read_for_import
from rocta_desktop.services import imports, reference_data, registers, triggers
from rocta_desktop.services.registers import SubjectFilter
from rocta_desktop.store.models import Agency, Force
from tests.cli.test_cli import rocta
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.dates import TODAY, days

EPOCH = dt.date(1899, 12, 30)   # Excel's day 0 (the 1900 date system, as every force's Excel writes)


def serial(day: dt.date) -> int:
    return (day - EPOCH).days


def force_return(path, rows, *, title=True, hidden=True, headers=None):
    """A nominal return the way a force sends it: a title block, a blank row, then the table."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Nominal return"
    if title:
        ws.append(["NORTHMOOR POLICE - ORGANISED CRIME NOMINALS RETURN"])
        ws.append(["OFFICIAL-SENSITIVE", None, "Prepared by: DS Jo Smith"])
        ws.append([])
    ws.append(headers or ["Surname", "Forename(s)", "D.O.B.", "Phone", "Vehicle", "Force", "Custody ref", "Notes"])
    for r in rows:
        ws.append(r)
    if hidden:
        lookups = wb.create_sheet("Lookups")
        lookups.append(["Code", "Force"])
        lookups.append(["NMP", "Northmoor Police"])
        lookups.sheet_state = "hidden"
    wb.save(path)
    return path


ROWS = [
    ["KILIÇ", "Burak", serial(dt.date(1990, 4, 7)), "07700 900123", "AB12 CDE", "Northmoor Police", "C/1", None],
    ["Okafor", "Chidi Emeka", dt.date(1985, 2, 11), "+44 7700 900456", None, "NMP", "C/2", "seen at port"],
    ["Lane", "Kit", "12/06/1979", None, "XY99 ZZZ", "northmoor police", None, None],
]


@pytest.fixture
def region(workspace):
    with workspace.operation("test") as uow:
        reference_data.create(uow, Force, {"code": "NMP", "name": "Northmoor Police"})
        reference_data.create(uow, Agency, {"code": "NCA", "name": "National Crime Agency"})
    return workspace


def read(path, kind="nominals", **kw):
    return read_for_import(path, kind, **kw)


def test_a_messy_force_return_imports_with_nothing_dropped(region, tmp_path):
    ws = region
    data = read(force_return(tmp_path / "return.xlsx", ROWS))
    assert data.headers[:3] == ["Surname", "Forename(s)", "D.O.B."] and data.first_row == 5
    assert any("row 4" in n and "NORTHMOOR POLICE" in n for n in data.notes), data.notes
    assert any("hidden sheet" in n and "Lookups" in n for n in data.notes)
    plan, outcome = imports.run(ws, "nominals", data, today=TODAY)
    assert plan.problems == [] and outcome.committed and len(outcome.created) == 3
    mapped = plan.to_json()["mapping"]
    assert mapped == {"A": "surname", "B": "forenames", "C": "date_of_birth", "D": "phone", "E": "vehicle",
                      "F": "lead_force", "H": "description"}
    warnings = plan.to_json()["warnings"]
    assert [(w["sheet"], w["row"], w["column"]) for w in warnings] == [("Nominal return", 4, "G")]
    assert "Custody ref" in warnings[0]["message"] and "not imported" in warnings[0]["message"]
    people = {r["surname"]: r for r in (ws.read(registers.get_subject, p["id"]) for p in
                                        ws.read(registers.list_subjects, SubjectFilter(SubjectKind.NOMINAL)))}
    kilic = people["KILIÇ"]
    assert kilic["date_of_birth"] == dt.date(1990, 4, 7) and kilic["lead_force_id"] is not None
    assert {(i["kind"].value, i["value"]) for i in kilic["identifiers"]} == {("phone", "07700 900123"),
                                                                            ("vehicle", "AB12 CDE")}
    assert people["Lane"]["lead_force_id"] == kilic["lead_force_id"]
    # the same return again: nothing new
    plan, outcome = imports.run(ws, "nominals", read(tmp_path / "return.xlsx"), today=TODAY)
    assert outcome.created == [] and len(plan.skipped) == 3


def test_every_problem_is_named_by_sheet_row_and_column(region, tmp_path):
    rows = [["Ahmed", "Sami", 9_999_999, None, None, "Southmoor Police", None, None],
            ["Byrne", "Lee", -3, None, None, "NMP", None, None],
            ["Cole", "Ann", serial(days(30)), None, None, "NMP", None, None],
            ["Dunn", "Roy", serial(dt.date(1970, 1, 1)), None, None, "NMP", None, None]]
    data = read(force_return(tmp_path / "bad.xlsx", rows))
    plan, outcome = imports.run(region, "nominals", data, today=TODAY)
    assert not outcome.committed
    got = {(p.sheet, p.row, p.column): p.message for p in plan.problems}
    assert "as an Excel date" in got[("Nominal return", 5, "C")] and "1900" in got[("Nominal return", 5, "C")]
    assert "unknown force" in got[("Nominal return", 5, "F")] and "Northmoor Police" in got[("Nominal return", 5, "F")]
    assert ("Nominal return", 6, "C") in got and ("Nominal return", 7, "C") in got   # negative; in the future
    assert set(got) == {("Nominal return", 5, "C"), ("Nominal return", 5, "F"), ("Nominal return", 6, "C"),
                        ("Nominal return", 7, "C")}
    assert region.read(registers.count_subjects, SubjectFilter(SubjectKind.NOMINAL, statuses=())) == 0


def test_header_row_can_be_named_and_hidden_sheets_only_when_chosen(region, tmp_path):
    path = force_return(tmp_path / "r.xlsx", ROWS)
    assert read(path, header_row=4).headers == read(path).headers
    wrong = read(path, header_row=2)
    assert wrong.headers[0] == "OFFICIAL-SENSITIVE" and wrong.first_row == 3
    with pytest.raises(Exception, match="row 99"):
        read(path, header_row=99)
    assert read(path, sheet="Lookups").headers == ["Code", "Force"]   # chosen by name: read


def test_a_mapping_file_drives_the_command_line(region, tmp_path):
    path = force_return(tmp_path / "odd.xlsx", ROWS, headers=["Family", "Given", "Born", "Mob", "VRM", "Home force",
                                                             "Custody ref", "Notes"])
    mapping = tmp_path / "northmoor.json"
    mapping.write_text(json.dumps({"kind": "nominals", "header_row": 4, "columns": {
        "Family": "surname", "Given": "forenames", "Born": "date_of_birth", "Mob": "phone", "E": "vehicle",
        "Home force": "lead_force", "Custody ref": None}}))
    pw = tmp_path / "pw"
    pw.write_text(ADMIN_PASSWORD + "\n")
    auth = ["--workspace", str(region.path), "--user", ADMIN, "--password-file", str(pw)]
    r = rocta("import", "nominals", str(path), *auth, "--mapping", str(mapping), "--dry-run")
    assert r.returncode == 0, r.stdout + r.stderr
    report = json.loads(r.stdout)
    assert report["valid"] == 3 and report["mapping"]["A"] == "surname" and report["mapping"]["E"] == "vehicle"
    assert [w["column"] for w in report["warnings"]] == ["H"], "Notes: neither mapped nor said to be left out"
    r = rocta("import", "nominals", str(path), *auth, "--mapping", str(mapping))
    assert r.returncode == 0 and "Imported 3" in r.stdout and "column H" in r.stdout, r.stdout + r.stderr
    saved = tmp_path / "saved.json"
    r = rocta("import", "nominals", str(path), *auth, "--mapping", str(mapping), "--dry-run",
              "--save-mapping", str(saved))
    assert json.loads(saved.read_text())["columns"]["Family"] == "surname"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"columns": {"Family": "shoe size"}}))
    r = rocta("import", "nominals", str(path), *auth, "--mapping", str(bad), "--dry-run")
    assert r.returncode == 2 and "bad.json" in r.stderr and "shoe size" in r.stderr and "Traceback" not in r.stderr
    r = rocta("import", "nominals", str(path), *auth, "--mapping", str(tmp_path / "none.json"), "--dry-run")
    assert r.returncode == 2 and "none.json" in r.stderr and "does not exist" in r.stderr


def test_triggers_without_references_are_never_imported_twice(region, tmp_path):
    wb = Workbook()
    sheet = wb.active
    sheet.title = "Referrals"
    sheet.append(["Referrals received - week 47"])
    sheet.append(["Date received", "From", "Officer", "Subject kind", "Proposed name", "Summary", "Grading"])
    sheet.append([serial(days(-3)), "Northmoor Police", "DS Smith", "group", "Canal Firm", "cash runs", "2B P"])
    sheet.append([days(-2), "National Crime Agency", "Officer 12", "nominal", "Jay Ross", "courier", "1A P"])
    path = tmp_path / "referrals.xlsx"
    wb.save(path)
    plan, outcome = imports.run(region, "triggers", read(path, "triggers"), today=TODAY)
    assert plan.problems == [] and len(outcome.created) == 2, plan.to_json()["problems"]
    listed = region.read(triggers.listing)
    assert {t["source_name"] for t in listed} == {"NMP", "NCA"}
    plan, outcome = imports.run(region, "triggers", read(path, "triggers"), today=TODAY)
    assert outcome.created == [] and len(plan.skipped) == 2
    assert all("already imported" in why for _row, why in plan.skipped)


def test_imported_duplicates_are_found_for_the_analyst(region, tmp_path):
    ws = region
    ws.write("n", registers.create_nominal, {"surname": "Kilic", "forenames": "Burak", "date_of_birth": "1990-07-04",
                                             "marking": "OFFICIAL"})
    plan, outcome = imports.run(ws, "nominals", read(force_return(tmp_path / "r.xlsx", ROWS)), today=TODAY)
    assert outcome.committed and len(outcome.created) == 3
    assert [(p["a"]["name"], p["b"]["name"]) for p in outcome.duplicates] == [("KILIC, Burak", "KILIÇ, Burak")]


def test_mapping_file_problems_are_named(region, tmp_path):
    data = read(force_return(tmp_path / "r.xlsx", ROWS))
    with pytest.raises(ValidationError, match="no column 'Nope'"):
        imports.mapping_from_file({"columns": {"Nope": "surname"}}, "nominals", data.headers, "m.json")
    with pytest.raises(ValidationError, match="is for groups"):
        imports.mapping_from_file({"kind": "groups", "columns": {}}, "nominals", data.headers, "m.json")
