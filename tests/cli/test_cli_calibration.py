"""`rocta calibration create|submit|report`: an exercise set and answered from the command line, its
results refused while it is open, then shown (and written) with Krippendorff's alpha."""

from __future__ import annotations

import json

import krippendorff
import numpy as np
import openpyxl
import pytest

from rocta_desktop.services import registers, users
from rocta_desktop.services.workspace import Workspace
from tests.cli.test_cli import rocta
from tests.conftest import ADMIN, ADMIN_PASSWORD, TEAM_PASSWORD
from tests.services.test_calibration import ANA, BOB, SUE, raw_positions


@pytest.fixture
def region(ws_path):
    ws, _ = Workspace.create(ws_path, ADMIN, ADMIN_PASSWORD, display_name="Admin User", name="Test Region")
    try:
        for name, role in (("ana", "analyst"), ("bob", "analyst"), ("sue", "supervisor"), ("sam", "supervisor")):
            ws.write("u", users.add_user, name, TEAM_PASSWORD, role, name.capitalize(), temporary=False,
                     clearance="SECRET")
        with ws.operation("t") as uow:
            group = registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL-SENSITIVE",
                                                 "management_level": "regional"})
        return {"path": str(ws_path), "group": ws.read(registers.get_subject, group.id)["reference"]}
    finally:
        ws.close()


def as_user(name: str) -> dict[str, str]:
    return {"ROCTA_USER": name, "ROCTA_PASSWORD": TEAM_PASSWORD}


def test_create_submit_and_report_from_the_command_line(region, tmp_path):
    path = region["path"]
    r = rocta("calibration", "create", path, "--title", "Harbour Crew", "--scheme", "morile-reference",
              "--subject", region["group"], "--analyst", "ana", "--analyst", "bob", "--analyst", "sue", "--json",
              env=as_user("sam"))
    assert r.returncode == 0, r.stderr
    ref = json.loads(r.stdout)["reference"]
    r = rocta("calibration", "create", path, "--title", "x", "--scheme", "morile-reference", "--analyst", "ana",
              "--analyst", "bob", env=as_user("sam"))
    assert r.returncode == 2 and "--subject REF or --scenario" in r.stderr
    for who, answers in (("ana", ANA), ("bob", BOB)):
        f = tmp_path / f"{who}.json"
        f.write_text(json.dumps(answers))
        r = rocta("calibration", "submit", path, ref, "--answers", str(f), "--json", env=as_user(who))
        assert r.returncode == 0, r.stderr
    # still open: nobody sees the answers, the supervisor who set it included
    r = rocta("calibration", "report", path, ref, "--json", env=as_user("sam"))
    assert r.returncode == 1 and "2 of 3 analysts have submitted" in r.stderr
    f = tmp_path / "sue.json"
    f.write_text(json.dumps(SUE))
    r = rocta("calibration", "submit", path, ref, "--answers", str(f), env=as_user("sue"))
    assert r.returncode == 0 and "the results are shown" in r.stdout
    out = tmp_path / "results.xlsx"
    r = rocta("calibration", "report", path, ref, "--json", "--out", str(out), env=as_user("sam"))
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    expected = krippendorff.alpha(reliability_data=np.array([raw_positions(a) for a in (ANA, BOB, SUE)]),
                                  level_of_measurement="ordinal")
    assert data["alpha"] == pytest.approx(expected, abs=1e-12)
    assert data["reference"] == ref and data["analysts"] == ["Ana", "Bob", "Sue"]
    assert data["written"]["marking"] == "OFFICIAL-SENSITIVE" and out.exists()
    assert openpyxl.load_workbook(out).sheetnames == ["Cover", "Factors", "Analysts", "Answers"]
    r = rocta("calibration", "report", path, ref, env=as_user("ana"))
    assert r.returncode == 0 and "Krippendorff's alpha (ordinal)" in r.stdout and "Physical harm" in r.stdout
    assert "Where analysts drift" in r.stdout and "Example:" in r.stdout
    r = rocta("calibration", "list", path, "--json", env=as_user("bob"))
    assert [e["reference"] for e in json.loads(r.stdout)["exercises"]] == [ref]
    # the whole trail (exercise, answers' digests, the export) verifies, and every stored result recomputes
    r = rocta("verify", path, "--user", ADMIN, env={"ROCTA_PASSWORD": ADMIN_PASSWORD})
    assert r.returncode == 0 and "no problems found" in r.stdout, r.stdout + r.stderr
