"""Four eyes: nobody approves what they wrote, submitted or changed."""

from __future__ import annotations

from collections.abc import Iterable

from .errors import PermissionDenied

#: actions on a record that do not make someone its author (looking at it; returning it for changes)
NOT_AUTHORSHIP = ("record.view", "assessment.return", "disruption.return", "permission.denied")


def check_four_eyes(approver_id: int | None, contributors: Iterable[int | None], reference: str) -> None:
    """Refuse an approval by anyone who created, changed or submitted the record (any answer, any
    rationale, the result): another supervisor must review it."""
    if approver_id in set(contributors):
        raise PermissionDenied(f"you wrote, changed or submitted {reference}: another supervisor must review it")
