"""One administrator's process changing accounts as fast as it can, beside others doing the same:

    python -m tests.faults.keyfile_worker WORKSPACE ADMIN ROUNDS

Each round adds a user, disables the user added the round before, and changes the administrator's
own password. It prints each account it leaves active or disabled and its final password, so the
test can check that no slot was lost or revived.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("ROCTA_KDF_COST", "test")

START_PASSWORD = "Keyfile-race-2026!"


def main() -> None:
    from rocta_desktop.services import users
    from rocta_desktop.services.workspace import Workspace
    path, admin, rounds = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    password = START_PASSWORD
    ws = Workspace.open(path, admin, password)
    active, disabled = [], []
    try:
        for n in range(rounds):
            name = f"{admin}u{n}"
            ws.write("user.add", users.add_user, name, START_PASSWORD, "analyst")
            active.append(name)
            if n and n % 2:
                ws.write("user.disable", users.disable_user, active[-2])
                disabled.append(active.pop(-2))
            new = f"{START_PASSWORD}{n}"
            ws.write("user.change_password", users.change_own_password, password, new)
            password = new
    finally:
        ws.close()
    print(json.dumps({"admin": admin, "password": password, "active": active, "disabled": disabled}), flush=True)


if __name__ == "__main__":
    main()
