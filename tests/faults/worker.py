"""A process that repeats one writing operation on a workspace until it is killed (SIGKILL).

    python -m tests.faults.worker WORKSPACE OPERATION

Operations: import (a 400-row nominal sheet, all or nothing), approve (an assessment through
start/save/submit/approve), backup (a backup file). It prints "ready" once it has started writing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("ROCTA_KDF_COST", "test")

PASSWORD = "Fault-tolerance-2026"


def main() -> None:
    from rocta_desktop.exchange.xlsx_import import read_sheet
    from rocta_desktop.services import assessments, backup, imports
    from rocta_desktop.services.workspace import Workspace
    from tests.domain.test_schemes import MORILE_ANSWERS
    path, op = Path(sys.argv[1]), sys.argv[2]
    admin = Workspace.open(path, "admin", PASSWORD)
    sam = Workspace.open(path, "sam", PASSWORD)
    sheet = read_sheet(path.parent / "nominals.xlsx") if op == "import" else None
    group = admin.read(lambda s: s.execute(__import__("sqlalchemy").text(
        "SELECT id FROM subjects WHERE kind = 'group' LIMIT 1")).scalar())
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        if op == "import":
            data = sheet
            # a fresh copy of the rows each time, renamed so every round imports new people
            data.rows = [[f"{r[0]}{n}", *r[1:]] for r in sheet.rows]
            imports.run(admin, "nominals", data)
        elif op == "approve":
            created = admin.write("a", assessments.start, group, "morile-reference")
            admin.write("a", assessments.save, created.id, MORILE_ANSWERS)
            admin.write("a", assessments.submit, created.id)
            sam.write("a", assessments.approve, created.id)
        elif op == "backup":
            backup.create_backup(admin, path.parent / f"b{os.getpid()}-{n}.roctabackup")


if __name__ == "__main__":
    main()
