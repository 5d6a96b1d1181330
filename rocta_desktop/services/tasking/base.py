"""What the parts of tasking share: reference prefixes, the committed statuses, `Created`."""

from __future__ import annotations

from dataclasses import dataclass

from ...domain.tasking import TaskStatus

REQUEST_PREFIX = "TSK"
MEETING_PREFIX = "TCG"
#: Requests that carry committed work (accepted and not yet closed): the demand on their owner.
COMMITTED = (TaskStatus.ACCEPTED, TaskStatus.ALLOCATED, TaskStatus.IN_PROGRESS, TaskStatus.REVIEW)


@dataclass(frozen=True)
class Created:
    id: int
    reference: str
