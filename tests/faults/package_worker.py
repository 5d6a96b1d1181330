"""Import one exchange package into a workspace (killed at some moment by the test).

    python -m tests.faults.package_worker WORKSPACE PACKAGE
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("ROCTA_KDF_COST", "test")


def main() -> None:
    from rocta_desktop.services import packages
    from rocta_desktop.services.workspace import Workspace
    ws = Workspace.open(Path(sys.argv[1]), "admin", "Fault-tolerance-2026")
    print("ready", flush=True)
    packages.import_package(ws, Path(sys.argv[2]))
    print("done", flush=True)


if __name__ == "__main__":
    main()
