"""Leak check: after a full session (create, record, assess, import, export, print, back up, the
main window opened and closed), search every file the application wrote (workspace, WAL, temp
folders, settings, logs, backups) for the names used: only the intended exports may hold them."""

from __future__ import annotations

import tempfile
from pathlib import Path

from openpyxl import Workbook
from PySide6.QtCore import QSettings

from rocta_desktop.domain.subjects import SubjectKind
from rocta_desktop.exchange.pdf.pack import build_pack
from rocta_desktop.exchange.xlsx_export import write_report
from rocta_desktop.exchange.xlsx_import import read_sheet
from rocta_desktop.gui.errors import write_crash_log
from rocta_desktop.gui.main_window import MainWindow
from rocta_desktop.services import assessments, backup, imports, reference_data, registers, reports, returns, users
from rocta_desktop.services.workspace import Workspace
from rocta_desktop.store.models import Force
from tests.conftest import ADMIN, ADMIN_PASSWORD, TEAM_PASSWORD
from tests.domain.test_schemes import MORILE_ANSWERS

SECRET_NAMES = ["Quixotic", "Zebedee", "Harbourmaster Syndicate", "Ōkubo"]


def holds_a_name(path: Path) -> list[str]:
    data = path.read_bytes()
    found = []
    for name in SECRET_NAMES:
        for encoding in ("utf-8", "utf-16-le"):
            if name.encode(encoding) in data or name.upper().encode(encoding) in data:
                found.append(name)
    return sorted(set(found))


def test_nothing_with_record_content_is_left_in_plaintext(qtbot, tmp_path, monkeypatch):
    home, temp, work, out = (tmp_path / d for d in ("home", "tmp", "work", "exports"))
    for d in (home, temp, work, out):
        d.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local/share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / ".config"))

    ws, _key = Workspace.create(work / "leak.rocta", ADMIN, ADMIN_PASSWORD)
    with ws.operation("t") as uow:
        users.add_user(uow, "sam", TEAM_PASSWORD, "supervisor")
        reference_data.create(uow, Force, {"code": "NMP", "name": "Northmoor Police"})
        group = registers.create_group(uow, {"name": "Harbourmaster Syndicate", "marking": "OFFICIAL-SENSITIVE",
                                             "management_level": "regional"}).id
        nid = registers.create_nominal(uow, {"surname": "Quixotic", "forenames": "Zebedee", "marking": "SECRET"}).id
        registers.add_member(uow, group, nid, "principal")
    sam = Workspace.open(ws.path, "sam", TEAM_PASSWORD)
    a = ws.write("a", assessments.start, group, "morile-reference")
    ws.write("a", assessments.save, a.id, {**MORILE_ANSWERS, "physical": {"level": "critical",
                                                                         "rationale": "Zebedee Quixotic armed"}})
    ws.write("a", assessments.submit, a.id)
    sam.write("a", assessments.approve, a.id)
    source = tmp_path / "incoming.xlsx"   # the file someone sent: theirs, not ours
    wb = Workbook()
    wb.active.append(["Surname", "Forenames"])
    wb.active.append(["Ōkubo", "Ken"])
    wb.save(source)
    imports.run(ws, "nominals", read_sheet(source))
    write_report(ws.read(returns.build_return, period="2026"), out / "return.xlsx")
    build_pack(ws.read(reports.assessment_pack, group), out / "pack.pdf", produced_by="admin")
    build_pack(ws.read(reports.assessment_pack, group), None, produced_by="admin")   # the preview, in memory
    backup.create_backup(ws, out / "weekly")
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.show()
    window.open_record(SubjectKind.GROUP, group)
    window.close()
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:  # a crash log is written: stack frames, never record content
        write_crash_log(type(exc), exc, exc.__traceback__, home / "logs")
    sam.close()
    ws.close()

    intended = {out / "return.xlsx", out / "pack.pdf", source}
    written = [p for root in (home, temp, work, out) for p in root.rglob("*") if p.is_file()]
    assert any(p.name == "workspace.db" for p in written) and any(p.suffix == ".roctabackup" for p in written)
    assert any(p.suffix == ".log" for p in written) and any(p.suffix == ".ini" for p in written)
    leaks = {str(p.relative_to(tmp_path)): holds_a_name(p) for p in written if p not in intended and holds_a_name(p)}
    assert leaks == {}, leaks
    assert holds_a_name(out / "return.xlsx") == []  # the xlsx is zipped: names are inside, compressed
    print(f"\nleak check: {len(written)} files searched for {len(SECRET_NAMES)} names in 2 encodings; "
          "leaks outside the intended exports: 0")
