"""The one review lifecycle of assessments and disruptions (domain/approval.py): submit, then another
supervisor approves or returns with a comment. Each kind adds its own checks around these steps."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..domain.approval import ReviewStep, check_four_eyes, check_step
from ..domain.users import Permission
from ..store.models.base import utcnow
from . import audit
from .permissions import require


def submit(uow: Any, obj: Any) -> None:
    """Send a draft (or work returned for changes) for approval."""
    obj.status = check_step(obj.status, ReviewStep.SUBMIT, obj.reference)
    obj.submitted_by_id, obj.submitted_at = uow.actor.user_id, utcnow()


def check_reviewable(uow: Any, obj: Any, entity_type: str) -> None:
    """A supervisor, work awaiting approval, and nobody who wrote, changed or submitted it (four eyes)."""
    require(uow.actor, Permission.APPROVE)
    check_step(obj.status, ReviewStep.APPROVE, obj.reference)
    check_four_eyes(uow.actor.user_id, {obj.created_by_id, obj.submitted_by_id}
                    | audit.contributors(uow.session, entity_type, obj.id), obj.reference)


def review(uow: Any, obj: Any, entity_type: str, step: ReviewStep, comment: str | None = None, *,
           at: dt.datetime | None = None) -> None:
    """Approve or return (with a comment) work awaiting approval; `at` when approving "as of" a day."""
    check_reviewable(uow, obj, entity_type)
    obj.status = check_step(obj.status, step, obj.reference, comment)
    obj.reviewed_by_id, obj.reviewed_at = uow.actor.user_id, at or utcnow()
    obj.review_comment = (comment or "").strip() or None
