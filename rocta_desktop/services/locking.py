"""The workspace folder's lock and its key files on disk: the advisory lock a re-key holds
exclusively (and opening holds shared), the pending key file of a re-key in progress, durable
renames, and unlocking a key file with the refusals said as sign-in errors."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from ..store.keyslots import BadCredentials, KeyFile, KeyFileError, Unlocked, _fsync_dir
from .folders import SignInError, WorkspaceError, keys_path

PENDING_KEYS_NAME = "keyslots.rekey.json"


def pending_keys_path(folder: Path) -> Path:
    """The new key file of a re-key in progress (present only while one is, or was interrupted)."""
    return Path(folder) / PENDING_KEYS_NAME


def load_keyfile(folder: Path) -> KeyFile:
    try:
        return KeyFile.load(keys_path(folder))
    except KeyFileError as exc:
        raise WorkspaceError(str(exc)) from None


@contextlib.contextmanager
def folder_lock(folder: Path, *, exclusive: bool, wait: float = 30.0) -> Iterator[bool]:
    """An advisory lock on the workspace folder: a re-key holds it exclusively while it changes the
    key; opening holds it shared, so nobody reads a key file that is about to stop working. Released
    by the kernel if the process dies. Yields whether the lock is exclusive."""
    try:
        import fcntl
    except ImportError:  # no advisory locks on this platform: the database's own locks still apply
        yield exclusive
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # a folder we may not open: whatever follows meets the same refusal and says so
        yield exclusive
        return
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WorkspaceError(f"the key of the workspace {folder} is being changed in another window; "
                                         "try again when that has finished") from None
                time.sleep(0.05)
        yield exclusive
    finally:
        os.close(fd)  # releases the lock


def replace_file(source: Path, target: Path) -> None:
    """Rename over `target` in one step, made durable (the folder is synced)."""
    os.replace(source, target)
    _fsync_dir(Path(target).parent)


def unlock_keyfile(keyfile: KeyFile, unlock: Callable[[KeyFile], Unlocked]) -> Unlocked:
    try:
        return unlock(keyfile)
    except BadCredentials as exc:
        raise SignInError(str(exc)) from None
    except KeyFileError as exc:
        raise WorkspaceError(str(exc)) from None
