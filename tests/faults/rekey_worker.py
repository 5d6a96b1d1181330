"""A process that re-keys a workspace and is killed (SIGKILL) on the way.

    python -m tests.faults.rekey_worker WORKSPACE STEP [DELAY]

STEP says where the process kills itself: backup (while the backup is written), pending (the new
key file written, the database not yet touched), during (DELAY seconds into PRAGMA rekey, from
another thread: the statement releases the GIL), rekeyed (the database re-encrypted, the new key
file not yet in place), promoted (the new key file in place, the audit event not yet written),
or loop (re-key again and again until killed from outside). It prints "ready" before it starts.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from pathlib import Path

os.environ.setdefault("ROCTA_KDF_COST", "test")

from tests.faults.worker import PASSWORD


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def main() -> None:
    from rocta_desktop.services import backup, rekey
    from rocta_desktop.services.workspace import Workspace
    path, step = Path(sys.argv[1]), sys.argv[2]
    delay = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
    original_rekey, original_replace = rekey.rekey_file, rekey.replace_file

    if step == "backup":
        original_backup = backup.create_backup

        def create_backup(ws, target):
            threading.Timer(delay, die).start()
            original_backup(ws, target)
            die()
        backup.create_backup = create_backup
    elif step in ("pending", "during"):
        def rekey_file(db, old, new, *, before):
            def then() -> None:
                before()
                if step == "pending":
                    die()
                threading.Timer(delay, die).start()
            original_rekey(db, old, new, before=then)
            if step == "during":  # finished before the timer: the kill lands just after
                time.sleep(5)
        rekey.rekey_file = rekey_file
    elif step == "rekeyed":
        def rekey_file(*args, **kwargs):
            original_rekey(*args, **kwargs)
            die()
        rekey.rekey_file = rekey_file
    elif step == "promoted":
        def replace_file(*args):
            original_replace(*args)
            die()
        rekey.replace_file = replace_file

    ws = Workspace.open(path, "admin", PASSWORD)
    print("ready", flush=True)
    while True:
        rekey.rekey_database(ws, PASSWORD)
        if step != "loop":
            break
    ws.close()
    print("finished", flush=True)


if __name__ == "__main__":
    main()
