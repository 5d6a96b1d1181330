"""Shared fixtures: real encrypted workspaces in temp folders, with a cheap KDF.

The Argon2id cost is a parameter (store/keyslots.py); tests use the test cost so a suite that
creates hundreds of workspaces fits CI's time. Production cost is exercised in bench/.
"""

from __future__ import annotations

import os

os.environ["ROCTA_KDF_COST"] = "test"
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from rocta_desktop.services.workspace import Workspace  # noqa: E402

ADMIN = "admin"
ADMIN_PASSWORD = "Sup3r-Secret-2026!"


@pytest.fixture
def ws_path(tmp_path: Path) -> Path:
    return tmp_path / "region.rocta"


@pytest.fixture
def workspace(ws_path: Path):
    """A new workspace signed in as its first administrator; closed after the test."""
    ws, recovery = Workspace.create(ws_path, ADMIN, ADMIN_PASSWORD, display_name="Admin User",
                                    name="Test Region")
    ws.recovery_key = recovery  # only for tests to reach
    try:
        yield ws
    finally:
        ws.close()


def snapshot_files(folder: Path) -> dict[str, bytes]:
    """Every file below a folder with its bytes, to prove an operation changed nothing."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
