"""Tasking (NIM): the priority list, tasking requests on the board, T&CG meetings, and capacity
against demand.

- The priority list ranks every active subject by its latest approved assessments (the domain's
  `rank_key`: priority, MoRiLE risk score, OCGM score, reference; unassessed last) and marks what
  changed since the last T&CG's frozen snapshot (new, up, down, archived).
- A tasking request moves along the board only as `domain.tasking.check_move` allows; each move is
  an ORM change, so the audit trail records it with who, when, before and after.
- A T&CG meeting freezes the priority list when it is opened; its decisions move the requests in
  the same unit of work; once finalised, the meeting and its decisions never change (the service
  refuses, and triggers in migration 0004 refuse too).

The package, along the seams: `priority` (the priority list and the regional summary), `request`
(the board), `meeting` (T&CG meetings) and `capacity` (capacity against demand); `base` holds what
they share. Every name the rest of the code uses is here, as `tasking.X`.
"""

from __future__ import annotations

from .base import (
    COMMITTED,
    MEETING_PREFIX,
    REQUEST_PREFIX,
    Created,
)
from .capacity import (
    capacity_and_demand,
)
from .meeting import (
    add_action,
    create_meeting,
    finalise,
    get_meeting,
    meetings,
    record_decision,
    set_action_status,
    update_meeting,
)
from .priority import (
    PriorityFilter,
    changes_since_last_meeting,
    last_meeting,
    priority_list,
    priority_view,
    region_changes,
    region_summary,
    score_text,
)
from .request import (
    BoardFilter,
    board,
    create_request,
    default_priority,
    get_request,
    move,
    requests,
    update_request,
)

__all__ = [
    "BoardFilter", "COMMITTED", "Created", "MEETING_PREFIX", "PriorityFilter", "REQUEST_PREFIX", "add_action",
    "board", "capacity_and_demand", "changes_since_last_meeting", "create_meeting", "create_request",
    "default_priority", "finalise", "get_meeting", "get_request", "last_meeting", "meetings", "move",
    "priority_list", "priority_view", "record_decision", "region_changes", "region_summary", "requests",
    "score_text", "set_action_status", "update_meeting", "update_request",
]
