"""The Excel return: real workbook read back with openpyxl and with LibreOffice, markings,
typed cells, filters, validation, and no formula injection."""

import csv
import datetime as dt
import os
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from rocta_desktop.domain.errors import NotFound, ValidationError
from rocta_desktop.domain.tables import parse_period
from rocta_desktop.exchange.xlsx_export import write_report
from rocta_desktop.services import assessments, collection, reference_data, registers, returns, triggers
from rocta_desktop.store.models import Agency, Force
from tests.dates import TODAY, add_months, iso, last_full_quarter
from tests.domain.test_schemes import MORILE_ANSWERS, OCGM_ANSWERS

Q_START, Q_END, QUARTER = last_full_quarter()

HOSTILE = ["=HYPERLINK(\"http://x\",\"click\")", "+SUM(A1:A2)", "-2+3", "@SUM(1)", "\tTabbed", "\rReturn"]


@pytest.fixture
def region(workspace, team):
    sam = team.open("sam")
    with workspace.operation("test") as uow:
        nmp = reference_data.create(uow, Force, {"code": "NMP", "name": "Northmoor Police"})
        evc = reference_data.create(uow, Force, {"code": "EVC", "name": "Eastvale Constabulary"})
        nca = reference_data.create(uow, Agency, {"code": "NCA", "name": "National Crime Agency"})
        harbour = registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL-SENSITIVE",
                                               "management_level": "regional", "lead_force_id": nmp}).id
        registers.create_group(uow, {"name": HOSTILE[0], "marking": "OFFICIAL", "management_level": "local",
                                     "lead_force_id": evc, "description": HOSTILE[1]})
        registers.create_nominal(uow, {"surname": "Secretson", "forenames": "Sam", "marking": "SECRET",
                                       "lead_force_id": evc})
    for ref, answers in (("morile-reference", MORILE_ANSWERS), ("ocgm-reference", OCGM_ANSWERS)):
        a = workspace.write("a", assessments.start, harbour, ref)
        workspace.write("a", assessments.save, a.id, answers)
        workspace.write("a", assessments.submit, a.id)
        sam.write("a", assessments.approve, a.id, today=TODAY)
    # two in the last full quarter (one per force), one a month before it
    for day, force in ((Q_START + dt.timedelta(days=36), nmp), (Q_START - dt.timedelta(days=30), nmp),
                       (Q_START + dt.timedelta(days=4), evc)):
        workspace.write("t", triggers.create, {
            "received_on": day.isoformat(), "force_id": force, "officer": HOSTILE[3], "subject_kind": "group",
            "proposed_name": "New Firm", "summary": "s", "source_evaluation": "2", "intel_assessment": "B",
            "handling_code": "P"}, today=TODAY)
    workspace.write("c", collection.create, {"question": "Who moves the cash?", "owner": "DI Khan",
                                             "due_on": iso(-24), "agency_ids": [nca]}, today=TODAY)
    return {"harbour": harbour}


def export(workspace, tmp_path, **kw):
    report = workspace.read(returns.build_return, produced_by="Admin User (admin)", today=TODAY, **kw)
    return report, write_report(report, tmp_path / "return.xlsx")


def test_workbook_has_typed_cells_filters_validation_and_markings(workspace, region, tmp_path):
    report, path = export(workspace, tmp_path, period=QUARTER)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Cover", "Subjects", "Triggers", "Collection gaps", "Tasking", "Disruptions", "Outcomes"]
    assert report.marking.value == "SECRET" and wb.properties.subject == "SECRET"  # the highest row
    cover = {r[0]: r[1] for r in wb["Cover"].iter_rows(min_row=4, values_only=True) if r and r[0]}
    assert cover["Protective marking"] == "SECRET" and cover["Period"] == QUARTER
    assert cover["Period start"] == dt.datetime.combine(Q_START, dt.time()) and cover["Subjects: rows"] == 3
    subjects = wb["Subjects"]
    for ws in wb.worksheets:
        assert ws.oddHeader.center.text == "SECRET" and ws.oddFooter.center.text == "SECRET"
    assert subjects.freeze_panes == "A2" and subjects.auto_filter.ref == "A1:U4"
    header = [c.value for c in subjects[1]]
    rows = {r[0]: dict(zip(header, r)) for r in subjects.iter_rows(min_row=2, values_only=True)}
    harbour = next(r for r in rows.values() if r["Name"] == "Harbour Crew")
    assert harbour["MoRiLE risk score"] == 11.7 and harbour["MoRiLE band"] == "Moderate"
    assert harbour["Priority"] == "P3" and harbour["OCGM score"] == 70 and harbour["OCGM band"] == "Band A"
    assert harbour["Methods disagree"] == "yes" and harbour["Next review"] == dt.datetime.combine(add_months(TODAY, 3), dt.time())
    assert isinstance(harbour["MoRiLE approved"], dt.datetime)  # a real date, not text
    date_col = header.index("Next review") + 1
    assert subjects.cell(row=2 + list(rows).index(next(k for k, v in rows.items() if v is harbour)),
                         column=date_col).number_format == "dd/mm/yyyy"
    validated = {str(dv.sqref).split(":")[0][:-1]: dv.formula1 for dv in subjects.data_validations.dataValidation}
    assert validated["B"] == '"group,nominal,vulnerability"' and '"P1,P2,P3,P4"' in validated.values()
    assert subjects.column_dimensions["C"].width == 30
    triggers_sheet = wb["Triggers"]
    received = [r[1] for r in triggers_sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(received) == [dt.datetime.combine(Q_START + dt.timedelta(days=d), dt.time()) for d in (4, 36)]  # not the month before
    gaps = list(wb["Collection gaps"].iter_rows(min_row=2, values_only=True))
    assert gaps[0][0].startswith("IR-") and gaps[0][6] == 24


def test_period_and_force_filters(workspace, region, tmp_path):
    report = workspace.read(returns.build_return, period=QUARTER, force="nmp", today=TODAY)
    subjects, trig = report.tables[0], report.tables[1]
    assert [r[2] for r in subjects.rows] == ["Harbour Crew"]
    assert [r[1] for r in trig.rows] == [Q_START + dt.timedelta(days=36)]
    assert report.marking.value == "OFFICIAL-SENSITIVE"
    with pytest.raises(ValidationError, match="not a period"):
        workspace.read(returns.build_return, period="Q3 2026")
    with pytest.raises(NotFound, match="no force with code 'XYZ'"):
        workspace.read(returns.build_return, force="xyz")
    assert parse_period("2026-Q4") == (dt.date(2026, 10, 1), dt.date(2026, 12, 31), "2026-Q4")  # pure: no clock
    assert parse_period("2024-02")[1] == dt.date(2024, 2, 29)
    assert parse_period(None, dt.date(2026, 2, 1))[2] == "2025-Q4"
    assert parse_period(None)[2] == QUARTER  # the default: the last full quarter


def test_no_formula_injection(workspace, region, tmp_path):
    _, path = export(workspace, tmp_path, period=str(Q_START.year))
    wb = load_workbook(path)
    names = [c for c in wb["Subjects"]["C"]]
    hostile = next(c for c in names if c.value == HOSTILE[0])
    assert hostile.data_type == "s" and hostile.quotePrefix
    officers = {c.value: c for c in wb["Triggers"]["D"][1:]}
    assert officers[HOSTILE[3]].data_type == "s"
    raw = wb["Subjects"]
    assert not any(c.data_type == "f" for row in raw.iter_rows() for c in row)


def soffice():
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and os.environ.get("CI"):
        pytest.fail("LibreOffice (libreoffice-calc) must be installed in CI: dev.sh installs it")
    if found is None:
        pytest.skip("LibreOffice is not installed here")
    return found


def test_libreoffice_reads_the_same_values(workspace, region, tmp_path):
    exe = soffice()
    _, path = export(workspace, tmp_path, period=str(Q_START.year))
    out = tmp_path / "csv"
    filt = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    r = subprocess.run([exe, profile, "--headless", "--convert-to", filt, "--outdir", str(out), str(path)],
                       capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, r.stderr
    with open(out / "return-Subjects.csv", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    wb = load_workbook(path)
    expected = [[("" if v is None else v) for v in r] for r in wb["Subjects"].iter_rows(values_only=True)]
    assert rows[0] == expected[0]
    by_ref = {r[0]: r for r in rows[1:]}
    for row in expected[1:]:
        got = by_ref[row[0]]
        for want, seen in zip(row, got):
            if isinstance(want, dt.datetime):
                assert dt.datetime.strptime(seen, "%m/%d/%Y") == want
            elif isinstance(want, (int, float)):
                assert float(seen) == pytest.approx(want)
            else:
                assert seen == want  # hostile text arrives as the text typed, never evaluated
    assert HOSTILE[0] in by_ref[next(k for k in by_ref if by_ref[k][2] == HOSTILE[0])][2]


def test_cli_export_is_audited(workspace, region, tmp_path):
    from sqlalchemy import text

    from tests.cli.test_cli import rocta
    from tests.conftest import ADMIN_PASSWORD
    workspace.close()
    out = tmp_path / "r.xlsx"
    r = rocta("export", "return", str(workspace.path), "--user", "admin", "--out", str(out), "--period", QUARTER,
              "--json", env={"ROCTA_PASSWORD": ADMIN_PASSWORD})
    assert r.returncode == 0, r.stderr
    assert '"marking": "SECRET"' in r.stdout and out.exists()
    bad = rocta("export", "return", str(workspace.path), "--user", "admin", "--out", str(tmp_path / "r.csv"),
                env={"ROCTA_PASSWORD": ADMIN_PASSWORD})
    assert bad.returncode == 2 and "name it .xlsx" in bad.stderr
    import hashlib
    import json

    from rocta_desktop.services.workspace import Workspace
    with Workspace.open(workspace.path, "admin", ADMIN_PASSWORD) as again, again.reader() as s:
        eid, summary, changes = s.execute(text("SELECT id, summary, changes FROM audit_events "
                                               "WHERE action = 'export.return'")).one()
        confirmed = s.execute(text("SELECT changes FROM audit_events WHERE action = 'file.written'")).scalar()
    assert "r.xlsx (SECRET; 3 Subjects, 2 Triggers, 1 Collection gaps, 0 Tasking, 0 Disruptions, 0 Outcomes" in summary
    # the intent names the file's digest (committed before the rename), then its landing is confirmed
    assert json.loads(changes)["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert json.loads(confirmed)["intent"] == eid


def test_tasking_disruption_and_outcome_sheets(workspace, team, tmp_path):
    """Requests raised in the period (or still open), approved disruptions in the period with the
    ROCU's role, and one row per outcome: read back from the written workbook."""
    from rocta_desktop.services import impact, tasking
    today = TODAY
    sam = team.open("sam")
    with workspace.operation("test") as uow:
        nmp = reference_data.create(uow, Force, {"code": "NMP", "name": "Northmoor Police"})
        rocu = reference_data.create(uow, Agency, {"code": "ROCU", "name": "Regional Unit", "kind": "ROCU"})
        nca = reference_data.create(uow, Agency, {"code": "NCA", "name": "National Crime Agency"})
        crew = registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL", "management_level":
                                            "regional", "lead_force_id": nmp}).id
    workspace.write("t", tasking.create_request, {"subject_id": crew, "objective": "Map the supply route",
                                                  "requester": "DI Moss", "four_p": "pursue", "priority": "P2",
                                                  "due_date": today - dt.timedelta(days=1), "effort_hours": 40},
                    today=today)

    def disruption(day, lead, agencies, outcomes, marking="OFFICIAL", approve=True):
        did, _ = workspace.write("d", impact.create, {
            "subject_id": crew, "occurred_on": day, "four_p": "pursue", "tactic": "warrant", "grade": "major",
            "lead_agency_id": lead, "agency_ids": agencies, "outcomes": outcomes, "marking": marking}, today=today)
        if approve:
            workspace.write("d", impact.submit, did)
            sam.write("d", impact.approve, did)
    disruption(today, nca, [rocu], [{"kind": "arrests", "quantity": 3},
                                    {"kind": "drugs", "quantity": 2.5, "unit": "kg", "detail": "cocaine"}],
               marking="OFFICIAL-SENSITIVE")
    disruption(today, rocu, [], [{"kind": "cash", "quantity": 12000}])
    disruption(today, nca, [], [{"kind": "arrests", "quantity": 9}], approve=False)  # a draft: not reported
    disruption(dt.date(today.year - 1, 6, 1), rocu, [], [])  # outside the period

    report, path = export(workspace, tmp_path, period=str(today.year))
    wb = load_workbook(path)
    assert wb.sheetnames == ["Cover", "Subjects", "Triggers", "Collection gaps", "Tasking", "Disruptions", "Outcomes"]
    assert report.marking.value == "OFFICIAL-SENSITIVE"  # the highest row, from the disruptions sheet

    def rows(sheet):
        header = [c.value for c in wb[sheet][1]]
        return [dict(zip(header, r)) for r in wb[sheet].iter_rows(min_row=2, values_only=True)]
    [task] = rows("Tasking")
    assert (task["Objective"], task["Priority"], task["Status"], task["Effort (hours)"], task["Overdue"]) == (
        "Map the supply route", "P2", "Proposed", 40, "Yes")
    from rocta_desktop.domain.impact import OutcomeKind as K
    found = {d["ROCU role"]: d for d in rows("Disruptions")}
    assert set(found) == {"Contributed", "Led"}  # the draft and last year's are not reported
    assert found["Contributed"]["Outcomes"] == f"{K.ARRESTS.label} 3; {K.DRUGS.label} 2.5 kg (cocaine)"
    assert found["Contributed"]["Lead agency"] == "NCA" and found["Contributed"]["Contributing agencies"] == "ROCU"
    assert found["Led"]["Outcomes"] == f"{K.CASH.label} 12000"
    assert sorted((o["Outcome"], o["Quantity"], o["Unit"]) for o in rows("Outcomes")) == sorted(
        [(K.ARRESTS.label, 3, None), (K.DRUGS.label, 2.5, "kg"), (K.CASH.label, 12000, None)])
    assert wb["Outcomes"].cell(row=2, column=6).data_type == "n"  # quantities are numbers
    sheet_for_force = workspace.read(returns.build_return, period=str(today.year), force="NMP", today=today)
    assert [len(t.rows) for t in sheet_for_force.tables[3:]] == [1, 2, 3]


def test_no_record_content_is_staged_in_temporary_files(workspace, region, tmp_path, monkeypatch):
    """openpyxl's write-only sheets would stage rows in plain-text temporary files; ours stay in memory."""
    import openpyxl.worksheet._writer as sheet_writer

    def refuse(*_a, **_k):
        raise AssertionError("openpyxl tried to stage sheet content in a temporary file")
    monkeypatch.setattr(sheet_writer, "create_temporary_file", refuse)
    before = set(os.listdir(tempfile_dir := __import__("tempfile").gettempdir()))
    report, path = export(workspace, tmp_path, period=QUARTER)
    assert not {f for f in set(os.listdir(tempfile_dir)) - before if f.startswith("openpyxl")}
    wb = load_workbook(path)
    assert wb["Subjects"].freeze_panes == "A2" and wb["Subjects"].max_row == 4  # still a whole, correct workbook
    assert wb["Cover"].oddHeader.center.text == "SECRET"
