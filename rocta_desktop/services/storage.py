"""When writing to disk fails: say what is wrong (the disk is full, a file or folder is read-only),
where (the path), and that nothing was changed, instead of "disk I/O error" or a stack trace.

Every write path keeps its all-or-nothing guarantee on its own (a database transaction rolls back,
an export or a backup is written to a temporary name and renamed only when complete, the key file
is replaced atomically); this module only turns the failure into words a user can act on.

SQLite does not pass the operating system's error number on: a failed write is "database or disk
is full" (ENOSPC), "attempt to write a readonly database" (opened read-only), or just "disk I/O
error" (any other failed write: a file made read-only under an open connection, a file size limit
reached). For that last one the files and the disk are looked at to tell which it was.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from ..domain.errors import RoctaError
from ..store.engine import DatabaseError

FULL = "full"
READ_ONLY = "read-only"
OTHER = "other"

LOW_SPACE_BYTES = 16 * 1024 * 1024   # less free space than this after a failed write: the disk is full
_FULL_ERRNOS = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}


class StorageError(RoctaError):
    """A write to disk failed; the message names what is wrong and where."""

    def __init__(self, message: str, *, reason: str, path: Path | None):
        super().__init__(message)
        self.reason = reason
        self.path = path


def _message_of(exc: BaseException) -> str:
    return str(getattr(exc, "orig", None) or exc).lower()


def _writable(path: Path) -> bool:
    """Can this be written? (root passes permission bits, but not an immutable file or a read-only
    file system; both make access() say no)."""
    target = path if path.exists() else path.parent
    try:
        if not os.access(target, os.W_OK):
            return False
        return not (os.statvfs(target).f_flag & os.ST_RDONLY)
    except OSError:
        return True


def _blocked(path: Path) -> Path | None:
    """`path` if it is there and cannot be written; its folder if it is not there and the folder
    cannot be written; else None."""
    if path.exists():
        return None if _writable(path) else path
    return None if _writable(path.parent) else path.parent


def _low_space(path: Path) -> bool:
    target = path if path.exists() else path.parent
    try:
        st = os.statvfs(target)
    except OSError:
        return False
    return st.f_bavail * st.f_frsize < LOW_SPACE_BYTES


def _size_limit_reached(paths: Sequence[Path]) -> bool:
    """A per-process file size limit (ulimit -f) that a file has reached."""
    try:
        import resource
        soft, _hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    except (ImportError, ValueError, OSError):
        return False
    if soft == resource.RLIM_INFINITY:
        return False
    return any(p.is_file() and p.stat().st_size >= soft for p in paths) or soft < LOW_SPACE_BYTES


def diagnose(exc: BaseException, paths: Sequence[Path]) -> tuple[str, Path | None] | None:
    """(reason, path) when `exc` is a failed write to disk, else None."""
    paths = [Path(p) for p in paths]
    if isinstance(exc, OSError):
        named = Path(exc.filename) if exc.filename else None
        if named is not None and named.name.startswith("."):
            named = None  # one of our temporary files: name what the user chose instead
        where = named or (paths[0] if paths else None)
        if exc.errno in _FULL_ERRNOS:
            return FULL, where
        if exc.errno in _READ_ONLY_ERRNOS:
            candidates = ([Path(exc.filename)] if exc.filename else []) + paths
            return READ_ONLY, next((b for b in map(_blocked, candidates) if b is not None), where)
        if exc.errno == errno.EIO:
            return OTHER, where
        return None
    if not isinstance(exc, (DatabaseError, DBAPIError)):
        return None
    text = _message_of(exc)
    if "database or disk is full" in text:
        return FULL, paths[0] if paths else None
    if "readonly database" in text or "read-only" in text or "disk i/o error" in text:
        blocked = next((b for b in map(_blocked, paths) if b is not None), None)
        if blocked is not None:
            return READ_ONLY, blocked
        if "readonly" in text or "read-only" in text:
            return READ_ONLY, paths[0] if paths else None
        if any(_low_space(p) for p in paths) or _size_limit_reached(paths):
            return FULL, paths[0] if paths else None
        return OTHER, paths[0] if paths else None
    return None


def explain(exc: BaseException, paths: Sequence[Path], failed: str, outcome: str) -> StorageError | None:
    """A StorageError for `exc`, or None when it is not a failed write. `failed` says what did not
    happen ("The change was not saved"), `outcome` what that means ("nothing was changed")."""
    found = diagnose(exc, paths)
    if found is None:
        return None
    reason, path = found
    where = str(path) if path is not None else "the workspace folder"
    if reason == FULL:
        limit = isinstance(exc, OSError) and exc.errno == errno.EFBIG
        text = (f"{failed}: the disk is full (there is no room to write {where}"
                + ("; the file reached the largest size allowed" if limit else "") +
                f"). {outcome.capitalize()}: free some space and try again.")
    elif reason == READ_ONLY:
        kind = "folder" if path is not None and path.is_dir() else "file"
        text = (f"{failed}: the {kind} {where} is read-only (it, its folder or the disk cannot be written to). "
                f"{outcome.capitalize()}: make it writable, or choose another place, and try again.")
    else:
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else _message_of(exc)
        text = (f"{failed}: the disk reported an error while writing {where} ({detail}). "
                f"{outcome.capitalize()}: check the disk and try again.")
    return StorageError(text, reason=reason, path=path)


@contextmanager
def writing(paths: Sequence[Path], failed: str, outcome: str) -> Iterator[None]:
    """Turn a failed write inside the block into a StorageError (anything else passes through)."""
    try:
        yield
    except StorageError:
        raise
    except Exception as exc:
        error = explain(exc, paths, failed, outcome)
        if error is None:
            raise
        raise error from None
