"""One write that meets a full disk or a read-only file, in a process of its own.

    python -m tests.faults.disk_worker WORKSPACE OPERATION FAULT OUT_FOLDER [LIMIT]

OPERATION: import (400 nominals from nominals.xlsx beside the workspace), edit (a register edit),
adduser (an account: the key file and the database), backup, xlsx (the return), pdf (a pack).
FAULT: full (the process's file size limit is set to LIMIT bytes with SIGXFSZ ignored, so every
write past it fails with EFBIG, as on a full disk), fill (the parent fills the disk) or readonly
(the parent makes the files read-only): for those two the process opens the workspace, prints
"ready", waits for a line on standard input, then writes. Prints one JSON line: what the user would be told.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import sys
from pathlib import Path

os.environ.setdefault("ROCTA_KDF_COST", "test")

from tests.faults.worker import PASSWORD


def main() -> None:
    from sqlalchemy import text

    from rocta_desktop.domain.errors import RoctaError
    from rocta_desktop.exchange.pdf.pack import build_pack
    from rocta_desktop.exchange.xlsx_export import write_report
    from rocta_desktop.exchange.xlsx_import import read_sheet
    from rocta_desktop.services import backup, imports, registers, reports, returns, users
    from rocta_desktop.services.workspace import Workspace

    path, op, fault, out = Path(sys.argv[1]), sys.argv[2], sys.argv[3], Path(sys.argv[4])
    limit = int(sys.argv[5]) if len(sys.argv) > 5 else 4096
    ws = Workspace.open(path, "admin", PASSWORD)
    group = ws.read(lambda s: s.execute(text("SELECT id FROM subjects WHERE kind = 'group' LIMIT 1")).scalar())
    sheet = read_sheet(path.parent / "nominals.xlsx") if op == "import" else None
    report = ws.read(returns.build_return, period="2026", produced_by="admin") if op == "xlsx" else None
    pack = ws.read(reports.assessment_pack, group) if op == "pdf" else None
    if op == "pdf":
        build_pack(pack, None, produced_by="admin")  # fonts and layout loaded before the fault

    actions = {
        "import": lambda: imports.run(ws, "nominals", sheet),
        "edit": lambda: ws.write("group.update", registers.update_subject, group,
                                 {"name": "Harbour Crew renamed", "description": "edited " * 400}),
        "adduser": lambda: ws.write("user.create", users.add_user, "newcomer", PASSWORD, "analyst"),
        "backup": lambda: backup.create_backup(ws, out / "weekly"),
        "xlsx": lambda: write_report(report, out / "return.xlsx"),
        "pdf": lambda: build_pack(pack, out / "pack.pdf", produced_by="admin"),
    }
    if fault in ("readonly", "fill"):
        print("ready", flush=True)
        sys.stdin.readline()
    else:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
    try:
        actions[op]()
        result = {"ok": True}
    except RoctaError as exc:
        result = {"ok": False, "type": type(exc).__name__, "message": str(exc),
                  "reason": getattr(exc, "reason", None)}
    except Exception as exc:  # what a user would meet as a crash
        result = {"ok": False, "type": type(exc).__name__, "message": str(exc), "reason": None, "crash": True}
    with contextlib.suppress(Exception):
        ws.close()
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
