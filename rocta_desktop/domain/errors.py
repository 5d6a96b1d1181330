"""Errors the domain and services raise with a message an analyst can act on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: which field, and what to do about it."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class RoctaError(Exception):
    """Base of every error the application reports to a user (never a crash)."""


class ValidationError(RoctaError):
    """Input that cannot be saved. Carries every problem found, each naming its field."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))

    def for_field(self, field: str) -> list[str]:
        return [p.message for p in self.problems if p.field == field]


class NotFound(RoctaError):
    pass


class PermissionDenied(RoctaError):
    pass


class AccountEnded(PermissionDenied):
    """The signed-in person's account no longer allows this session at all (disabled, its key
    replaced, or changed outside the application since sign-in): the window must sign out."""


class Conflict(RoctaError):
    """The change conflicts with the current state (e.g. duplicate username, archived record)."""


class EditConflict(Conflict):
    """Someone else changed the same fields of a record after this editor loaded it: saving would
    silently undo their change. `changes`: who, when and what, for the editor to show."""

    def __init__(self, message: str, changes: list[dict]):
        super().__init__(message)
        self.changes = changes
