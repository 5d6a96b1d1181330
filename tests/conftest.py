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


# ROCTA_TEST_SERVER=1: the same tests on PostgreSQL (the regional server mode). A throwaway cluster
# (tests/server/cluster.py) starts once per session; each workspace gets its own database, copied
# from a migrated template and owned by the administrator's role, as the server's IT would give it.
ON_SERVER = os.environ.get("ROCTA_TEST_SERVER") == "1"


def pytest_collection_modifyitems(config, items):
    if ON_SERVER:
        skip = pytest.mark.skip(reason="a terminal's encrypted file: not part of a server workspace")
        for item in items:
            if "terminal" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def pg_cluster():
    from tests.server.cluster import Cluster
    cluster = Cluster().start()
    try:
        yield cluster
    finally:
        cluster.stop()


#: the cluster of a server run, for code outside fixtures (the command line's `rocta init|demo`)
SERVER_CLUSTER: list = []


@pytest.fixture(autouse=True, scope="session")
def server_cluster_for_commands(request):
    if ON_SERVER:
        SERVER_CLUSTER.append(request.getfixturevalue("pg_cluster"))
    yield


@pytest.fixture(scope="session")
def pg_template(pg_cluster):
    from tests.server.cluster import migrated_template
    return migrated_template(pg_cluster, ADMIN, ADMIN_PASSWORD)


@pytest.fixture
def server_url(request):
    """A new empty server database for one test, owned by the administrator's role."""
    from tests.server.cluster import ensure_role, new_database
    cluster = request.getfixturevalue("pg_cluster")
    template = request.getfixturevalue("pg_template")
    ensure_role(cluster, ADMIN, ADMIN_PASSWORD)  # roles are the cluster's: an earlier test may have changed it
    return new_database(cluster, template, ADMIN)


@pytest.fixture
def backend(request):
    """Where a test's further workspaces go: `backend()` is None (a file here) or, with
    ROCTA_TEST_SERVER=1, the address of another new server database."""
    def another() -> str | None:
        if not ON_SERVER:
            return None
        from tests.server.cluster import new_database
        return new_database(request.getfixturevalue("pg_cluster"), request.getfixturevalue("pg_template"), ADMIN)
    return another


@pytest.fixture
def workspace(ws_path: Path, request):
    """A new workspace signed in as its first administrator; closed after the test."""
    url = request.getfixturevalue("server_url") if ON_SERVER else None
    ws, recovery = Workspace.create(ws_path, ADMIN, ADMIN_PASSWORD, display_name="Admin User",
                                    name="Test Region", server_url=url)
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
