"""What a workspace folder is, and the errors of opening one: light enough for the start screen,
which must be on screen before the database layer (SQLAlchemy, Alembic, the models) is loaded."""

from __future__ import annotations

import json
from pathlib import Path

from ..domain.errors import RoctaError

DB_NAME = "workspace.db"
KEYS_NAME = "keyslots.json"
HEAD_NAME = "audit-head.json"
SERVER_NAME = "server.json"
BACKUPS_DIR = "backups"
WORKSPACE_SUFFIX = ".rocta"
RECOVERY_ACTOR = "recovery-key"


class WorkspaceError(RoctaError):
    """The path is not a usable workspace: missing, not a workspace, damaged, or too new."""


class SignInError(RoctaError):
    """Credentials refused or account disabled. Files are untouched."""


class MigrationDeclined(RoctaError):
    pass


def db_path(folder: Path) -> Path:
    return Path(folder) / DB_NAME


def keys_path(folder: Path) -> Path:
    return Path(folder) / KEYS_NAME


def server_profile(folder: Path) -> dict | None:
    """A server workspace's profile (its folder holds server.json instead of a database): the
    server's address without any credential, and the id of the workspace it holds. None for a
    workspace on this computer."""
    path = Path(folder) / SERVER_NAME
    if not path.is_file():
        return None
    try:
        profile = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise WorkspaceError(f"{path} cannot be read ({exc}): write it again with rocta server connect") from None
    if not isinstance(profile, dict) or not isinstance(profile.get("url"), str):
        raise WorkspaceError(f"{path} names no server (no \"url\")")
    return profile


def check_folder(folder: Path) -> None:
    folder = Path(folder)
    if not folder.exists():
        raise WorkspaceError(f"{folder} does not exist")
    if not folder.is_dir():
        raise WorkspaceError(f"{folder} is not a ROCTA workspace: a workspace is a folder holding "
                             f"{DB_NAME} and {KEYS_NAME}")
    if server_profile(folder) is not None:
        return  # the server keeps the database and the key file
    if not db_path(folder).is_file():
        raise WorkspaceError(f"{folder} is not a ROCTA workspace: {DB_NAME} is missing")
    if db_path(folder).stat().st_size == 0:
        raise WorkspaceError(f"{db_path(folder)} is empty (0 bytes): the database was lost or never written; "
                             "restore the workspace from a backup")
