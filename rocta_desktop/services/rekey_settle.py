"""Settling an interrupted re-key at sign-in: which of the two key files (the current one and the
re-key's pending one) is the database's key now."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..store.engine import opens_with
from ..store.keyslots import BadCredentials, KeyFile, KeyFileError, Unlocked
from .folders import SignInError, WorkspaceError, db_path, keys_path
from .locking import pending_keys_path, replace_file


def settle(folder: Path, keyfile: KeyFile,
           unlock: Callable[[KeyFile], Unlocked]) -> tuple[KeyFile, Unlocked]:
    """A re-key was interrupted (its process died; we hold the folder's lock). The database is under
    the old key (the re-key never committed: its journal is played back) or the new one (it did).
    Whichever key of the two files these credentials unlock and that opens the database wins: the
    new key file replaces the old one, or the unused new one is deleted."""
    pending_path = pending_keys_path(folder)
    files = [keyfile]
    try:
        files.append(KeyFile.load(pending_path))
    except KeyFileError:
        pass  # cannot happen with an atomic write; an unreadable one is no candidate
    candidates: list[tuple[KeyFile, Unlocked]] = []
    refusal: Exception | None = None
    for kf in files:
        try:
            candidates.append((kf, unlock(kf)))
        except (BadCredentials, KeyFileError) as exc:
            refusal = refusal or exc
    if not candidates:
        raise (SignInError(str(refusal)) if isinstance(refusal, BadCredentials) else
               WorkspaceError(str(refusal)))
    for kf, key in candidates:
        if not opens_with(db_path(folder), key.key):
            continue
        if kf is keyfile:
            pending_path.unlink(missing_ok=True)  # the re-key never happened: the old key stays
        else:
            replace_file(pending_path, keys_path(folder))
            kf = KeyFile.load(keys_path(folder))
        return kf, key
    raise SignInError("an administrator changed the workspace's key and the change did not finish; an "
                      "administrator must sign in first (your password may have been reset)")
