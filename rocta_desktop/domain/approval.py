"""Reviewed work: its lifecycle, and four eyes (nobody approves what they wrote, submitted or changed)."""

from __future__ import annotations

import enum
from collections.abc import Iterable

from .errors import Conflict, PermissionDenied, Problem, ValidationError


class ApprovalStatus(enum.Enum):
    """The one lifecycle of reviewed work (assessments, disruptions): drafted, submitted, returned
    for changes or approved by another supervisor (four eyes, below)."""
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"

    @property
    def label(self) -> str:
        return {"draft": "Draft", "submitted": "Awaiting approval", "returned": "Returned for changes",
                "approved": "Approved"}[self.value]

    @property
    def editable(self) -> bool:
        """Its author may still change it (a draft, or returned for changes)."""
        return self in (ApprovalStatus.DRAFT, ApprovalStatus.RETURNED)


class ReviewStep(enum.Enum):
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"


#: where each step leads from where it may be taken
TRANSITIONS: dict[ApprovalStatus, dict[ReviewStep, ApprovalStatus]] = {
    ApprovalStatus.DRAFT: {ReviewStep.SUBMIT: ApprovalStatus.SUBMITTED},
    ApprovalStatus.RETURNED: {ReviewStep.SUBMIT: ApprovalStatus.SUBMITTED},
    ApprovalStatus.SUBMITTED: {ReviewStep.APPROVE: ApprovalStatus.APPROVED, ReviewStep.RETURN: ApprovalStatus.RETURNED},
    ApprovalStatus.APPROVED: {},
}


def check_step(current: ApprovalStatus, step: ReviewStep, reference: str, comment: str | None = None) -> ApprovalStatus:
    """The status `step` leads to from `current`, or why it may not be taken (a return needs a comment)."""
    target = TRANSITIONS[current].get(step)
    if target is None:
        wanted = "awaiting approval" if step is not ReviewStep.SUBMIT else "a draft or returned for changes"
        raise Conflict(f"{reference} is {current.label.lower()}, not {wanted}")
    if step is ReviewStep.RETURN and not (comment or "").strip():
        raise ValidationError(Problem("comment", "say what needs to change"))
    return target


#: the names each kind of reviewed work knows it by
AssessmentStatus = ApprovalStatus
DisruptionStatus = ApprovalStatus

#: actions on a record that do not make someone its author (looking at it; returning it for changes)
NOT_AUTHORSHIP = ("record.view", "assessment.return", "disruption.return", "permission.denied")


def check_four_eyes(approver_id: int | None, contributors: Iterable[int | None], reference: str) -> None:
    """Refuse an approval by anyone who created, changed or submitted the record (any answer, any
    rationale, the result): another supervisor must review it."""
    if approver_id in set(contributors):
        raise PermissionDenied(f"you wrote, changed or submitted {reference}: another supervisor must review it")
