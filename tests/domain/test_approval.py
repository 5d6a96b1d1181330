"""The one review lifecycle (domain/approval.py) that assessments and disruptions share."""

from __future__ import annotations

import pytest

from rocta_desktop.domain.approval import (
    TRANSITIONS,
    ApprovalStatus,
    AssessmentStatus,
    DisruptionStatus,
    ReviewStep,
    check_step,
)
from rocta_desktop.domain.errors import Conflict, ValidationError

S = ApprovalStatus


def test_assessments_and_disruptions_share_one_lifecycle():
    assert AssessmentStatus is DisruptionStatus is ApprovalStatus
    assert [s for s in S if s.editable] == [S.DRAFT, S.RETURNED]


@pytest.mark.parametrize("current, step, target", [
    (S.DRAFT, ReviewStep.SUBMIT, S.SUBMITTED), (S.RETURNED, ReviewStep.SUBMIT, S.SUBMITTED),
    (S.SUBMITTED, ReviewStep.APPROVE, S.APPROVED), (S.SUBMITTED, ReviewStep.RETURN, S.RETURNED)])
def test_each_step_leads_where_it_should(current, step, target):
    assert check_step(current, step, "ASM-1", comment="fix the rationale") is target


def test_every_other_step_is_refused_with_what_the_record_is():
    for current in S:
        for step in ReviewStep:
            if step in TRANSITIONS[current]:
                continue
            with pytest.raises(Conflict, match=f"ASM-1 is {current.label.lower()}, not "):
                check_step(current, step, "ASM-1", comment="x")


def test_a_return_needs_a_comment():
    with pytest.raises(ValidationError, match="say what needs to change"):
        check_step(S.SUBMITTED, ReviewStep.RETURN, "DSR-1", comment="  ")
