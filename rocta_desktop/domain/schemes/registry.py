"""The schemes shipped with the application (`resources/schemes/*.json`).

A ROCU's own controlled schemes are imported into the workspace (services/assessments.py) so they
travel encrypted with the assessments that use them; this module only knows the shipped files.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

from .loader import load_file
from .model import Scheme


def schemes_folder() -> Path:
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[3]))
    return base / "resources" / "schemes"


@functools.cache
def builtin_schemes() -> tuple[Scheme, ...]:
    """Every shipped scheme, sorted by id then version. A malformed shipped file is a packaging
    error and raises SchemeError naming it."""
    found = [load_file(p) for p in sorted(schemes_folder().glob("*.json"))]
    return tuple(sorted(found, key=lambda s: (s.id, version_key(s.version))))


def version_key(version: str) -> tuple[int, ...]:
    parts = [int(p) for p in version.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


def split_ref(ref: str) -> tuple[str, str | None]:
    """'morile-reference@1.0' -> ('morile-reference', '1.0'); without '@' the version is None."""
    scheme_id, _, version = ref.strip().partition("@")
    return scheme_id, (version or None)


def pick(schemes: tuple[Scheme, ...] | list[Scheme], ref: str) -> Scheme | None:
    """The scheme `id@version`, or the newest version of `id`."""
    scheme_id, version = split_ref(ref)
    matching = [s for s in schemes if s.id == scheme_id and (version is None or s.version == version)]
    return max(matching, key=lambda s: version_key(s.version)) if matching else None
