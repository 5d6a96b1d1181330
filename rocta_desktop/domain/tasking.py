"""Tasking (NIM): the life of a tasking request, who may move it where, T&CG decisions, and the
order of the priority list. Pure rules over plain values: no Qt, no SQL."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import PermissionDenied, Problem, ValidationError
from .users import Permission


class TaskStatus(enum.Enum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    ALLOCATED = "allocated"
    IN_PROGRESS = "in_progress"
    REVIEW = "review"
    CLOSED = "closed"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return {"in_progress": "In progress"}.get(self.value, self.value.capitalize())

    @property
    def open(self) -> bool:
        return self not in (TaskStatus.CLOSED, TaskStatus.DECLINED)


#: The board's columns, left to right (Ctrl+Right / Ctrl+Left follow this order; declined is last).
BOARD_ORDER: tuple[TaskStatus, ...] = (
    TaskStatus.PROPOSED, TaskStatus.ACCEPTED, TaskStatus.ALLOCATED, TaskStatus.IN_PROGRESS,
    TaskStatus.REVIEW, TaskStatus.CLOSED, TaskStatus.DECLINED)

S = TaskStatus
#: Allowed moves. Forward one step, back one step for rework, decline from proposed (or from
#: accepted before work starts), re-propose a declined request, reopen a closed one into review.
TRANSITIONS: dict[TaskStatus, frozenset[TaskStatus]] = {
    S.PROPOSED: frozenset({S.ACCEPTED, S.DECLINED}),
    S.ACCEPTED: frozenset({S.ALLOCATED, S.PROPOSED, S.DECLINED}),
    S.ALLOCATED: frozenset({S.IN_PROGRESS, S.ACCEPTED}),
    S.IN_PROGRESS: frozenset({S.REVIEW, S.ALLOCATED}),
    S.REVIEW: frozenset({S.CLOSED, S.IN_PROGRESS}),
    S.CLOSED: frozenset({S.REVIEW}),
    S.DECLINED: frozenset({S.PROPOSED}),
}

#: Moves only a supervisor (Permission.APPROVE) makes: the T&CG's decisions and their reversal.
SUPERVISOR_MOVES: frozenset[tuple[TaskStatus, TaskStatus]] = frozenset({
    (S.PROPOSED, S.ACCEPTED), (S.PROPOSED, S.DECLINED), (S.ACCEPTED, S.DECLINED), (S.ACCEPTED, S.PROPOSED),
    (S.DECLINED, S.PROPOSED), (S.REVIEW, S.CLOSED), (S.CLOSED, S.REVIEW)})


@dataclass(frozen=True)
class MoveFacts:
    """What the rules need to know about a request and the person moving it."""
    permissions: frozenset[Permission]
    has_owner: bool
    outcome: str | None
    decline_reason: str | None = None


def check_move(current: TaskStatus, target: TaskStatus, facts: MoveFacts) -> None:
    """Raise (PermissionDenied or ValidationError naming the field to fill) unless the move is allowed."""
    if current is target:
        raise ValidationError(Problem("status", f"the request is already {current.label.lower()}"))
    if target not in TRANSITIONS[current]:
        allowed = ", ".join(t.label.lower() for t in BOARD_ORDER if t in TRANSITIONS[current])
        raise ValidationError(Problem("status", f"a {current.label.lower()} request cannot move to "
                                                f"{target.label.lower()} (it can move to: {allowed})"))
    if Permission.EDIT_RECORDS not in facts.permissions:
        raise PermissionDenied("you may not change tasking requests")
    if (current, target) in SUPERVISOR_MOVES and Permission.APPROVE not in facts.permissions:
        verb = {S.ACCEPTED: "accepts", S.DECLINED: "declines", S.CLOSED: "closes",
                S.PROPOSED: "re-opens for T&CG", S.REVIEW: "reopens"}[target]
        raise PermissionDenied(f"only a supervisor {verb} a tasking request")
    if target is S.ALLOCATED and not facts.has_owner:
        raise ValidationError(Problem("owner", "allocate it to an owner (unit, force or agency) first"))
    if target is S.CLOSED and not (facts.outcome or "").strip():
        raise ValidationError(Problem("outcome", "say what the outcome was before closing the request"))
    if target is S.DECLINED and not (facts.decline_reason or "").strip():
        raise ValidationError(Problem("rationale", "give the reason for declining"))


def neighbour(status: TaskStatus, step: int) -> TaskStatus | None:
    """The column `step` places right (+1) or left (-1) of `status` on the board, or None at an edge."""
    i = BOARD_ORDER.index(status) + step
    return BOARD_ORDER[i] if 0 <= i < len(BOARD_ORDER) else None


class Decision(enum.Enum):
    ACCEPT = "accept"
    DECLINE = "decline"
    DEFER = "defer"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def done(self) -> str:
        """The decision as made (a T&CG's record): Accepted, Declined, Deferred."""
        return {"accept": "Accepted", "decline": "Declined", "defer": "Deferred"}[self.value]

    @property
    def target(self) -> TaskStatus | None:
        """Where the decision moves a proposed request (defer leaves it proposed for the next T&CG)."""
        return {"accept": S.ACCEPTED, "decline": S.DECLINED, "defer": None}[self.value]


class MeetingKind(enum.Enum):
    STRATEGIC = "strategic"
    TACTICAL = "tactical"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class MeetingLevel(enum.Enum):
    REGIONAL = "regional"
    FORCE = "force"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class ActionStatus(enum.Enum):
    OPEN = "open"
    DONE = "done"

    @property
    def label(self) -> str:
        return self.value.capitalize()


# ------------------------------------------------------------------ priority list

PRIORITIES = ("P1", "P2", "P3", "P4")


class RangeRule(enum.Enum):
    """How the priority list ranks a result left as a range by unknown answers ("P4 to P1",
    a risk score of 12-30): the region chooses; the midpoint unless it says otherwise."""
    LOWER = "lower"
    MIDPOINT = "midpoint"
    UPPER = "upper"

    @property
    def label(self) -> str:
        return {"lower": "its least urgent end (what is known for sure)", "midpoint": "its midpoint",
                "upper": "its most urgent end (the worst case)"}[self.value]


DEFAULT_RANGE_RULE = RangeRule.MIDPOINT


def priority_span(priority: str | None) -> tuple[int, int] | None:
    """(most urgent, least urgent) of a priority or a range ("P4 to P3" -> (3, 4)); None when none."""
    found = [int(d) for d in re.findall(r"P([1-9])", (priority or "").upper()) if 1 <= int(d) <= len(PRIORITIES)]
    return (min(found), max(found)) if found else None


def needs_intelligence(priority: str | None) -> bool:
    """A range that straddles a priority boundary: more intelligence would settle where it stands."""
    span = priority_span(priority)
    return span is not None and span[0] != span[1]


def priority_rank(priority: str | None, rule: RangeRule = DEFAULT_RANGE_RULE) -> float:
    """P1 -> 1 ... P4 -> 4; a range by the region's rule (its most urgent end, least urgent end or
    midpoint: "P4 to P1" is 2.5 at its midpoint); anything else (none, unknown text) after P4."""
    span = priority_span(priority)
    if span is None:
        return len(PRIORITIES) + 1
    return {RangeRule.UPPER: span[0], RangeRule.LOWER: span[1], RangeRule.MIDPOINT: (span[0] + span[1]) / 2}[rule]


def priority_bucket(priority: str | None, rule: RangeRule = DEFAULT_RANGE_RULE) -> int:
    """The one priority (1-4) a result counts under, or 5 for none: a midpoint between two counts
    under the more urgent."""
    return int(priority_rank(priority, rule))


def _point(score: tuple[float | None, float | None] | None, rule: RangeRule) -> float | None:
    lo, hi = score or (None, None)
    if lo is None or hi is None:
        return hi if lo is None else lo
    return {RangeRule.UPPER: hi, RangeRule.LOWER: lo, RangeRule.MIDPOINT: (lo + hi) / 2}[rule]


def _desc(value: float | None) -> float:
    return -value if value is not None else float("inf")


def rank_key(priority: str | None, morile: tuple[float | None, float | None] | None,
             ocgm: tuple[float | None, float | None] | None, reference: str,
             rule: RangeRule = DEFAULT_RANGE_RULE) -> tuple:
    """Sort key of the priority list: subjects with an approved assessment first; then priority
    (P1 best); then the higher MoRiLE risk score; then the higher OCGM score; then the reference.
    A priority or score left as a range by unknown answers ranks by the region's rule (`rule`), the
    worst case breaking a tie."""
    assessed = morile is not None or ocgm is not None
    return (0 if assessed else 1, priority_rank(priority, rule), _desc(_point(morile, rule)),
            _desc((morile or (None, None))[1]), _desc(_point(ocgm, rule)), _desc((ocgm or (None, None))[1]),
            reference)


class Change(enum.Enum):
    NEW = "new"
    UP = "up"
    DOWN = "down"
    ARCHIVED = "archived"
    SAME = "same"

    @property
    def label(self) -> str:
        return {"same": ""}.get(self.value, self.value.capitalize())


def changes(previous: Iterable[str], current: Iterable[str]) -> dict[str, Change]:
    """Compare two ranked lists of references (best first). Each reference in `current` is new
    (not in `previous`), up, down or the same; each in `previous` but no longer in `current` is
    archived (dropped off the list of active subjects). Up and down compare positions among the
    subjects on both lists, so a new entry or a dropped one does not move everyone below it."""
    before_all = list(dict.fromkeys(previous))
    now = list(dict.fromkeys(current))
    present, was = set(now), set(before_all)
    before = {ref: i for i, ref in enumerate(r for r in before_all if r in present)}
    after = {ref: i for i, ref in enumerate(r for r in now if r in was)}
    out: dict[str, Change] = {}
    for ref in now:
        if ref not in before:
            out[ref] = Change.NEW
        elif after[ref] < before[ref]:
            out[ref] = Change.UP
        elif after[ref] > before[ref]:
            out[ref] = Change.DOWN
        else:
            out[ref] = Change.SAME
    for ref in before_all:
        if ref not in present:
            out[ref] = Change.ARCHIVED
    return out
