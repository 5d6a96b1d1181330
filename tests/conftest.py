"""Shared fixtures: real encrypted workspaces in temp folders, with a cheap KDF.

The Argon2id cost is a parameter (store/keyslots.py); tests use the test cost so a suite that
creates hundreds of workspaces fits CI's time. Production cost is exercised in bench/.
"""

from __future__ import annotations

import os

os.environ["ROCTA_KDF_COST"] = "test"
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
import time_machine

from rocta_desktop.services.workspace import Workspace
from tests.dates import NOW

ADMIN = "admin"
ADMIN_PASSWORD = "Sup3r-Secret-2026!"


@pytest.fixture(autouse=True)
def frozen_clock():
    """Every test runs on the suite's TODAY (tests/dates.py): the clock starts at 10:00 local and
    ticks, so timestamps still order. `frozen_clock.move_to(...)` / `.shift(...)` move it."""
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


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


TEAM_PASSWORD = "Correct-Horse-Battery-9"


@pytest.fixture
def team(workspace):
    """An analyst and two supervisors added to `workspace`; `team.open(name)` signs one in (a
    second Workspace on the same folder, closed after the test)."""
    from rocta_desktop.services import users

    opened: list[Workspace] = []

    class Team:
        names = {"ana": "analyst", "sam": "supervisor", "sue": "supervisor"}

        def open(self, username: str) -> Workspace:
            ws = Workspace.open(workspace.path, username, TEAM_PASSWORD)
            opened.append(ws)
            return ws

    for name, role in Team.names.items():
        with workspace.operation("test.user") as uow:
            # cleared to SECRET: tests of other things see everything; need-to-know tests lower it
            users.add_user(uow, name, TEAM_PASSWORD, role, display_name=name.capitalize(), clearance="SECRET")
    try:
        yield Team()
    finally:
        for ws in opened:
            ws.close()
