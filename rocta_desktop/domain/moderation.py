"""Moderation figures (issue #25): from each assessment's review history, how often work is returned
for changes, for which factors, and how long approval takes, per analyst and per scheme.

"For which factors" is read from what happened, not guessed: a factor counts for a return when the
analyst changed its answer or its rationale between that return and the next submission, or when
the supervisor's comment names it (its title or id).
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

SUBMIT, RETURN, APPROVE, SAVE = "assessment.submit", "assessment.return", "assessment.approve", "assessment.save"


@dataclass(frozen=True)
class Event:
    action: str
    at: dt.datetime
    comment: str | None = None                 # a return's or approval's comment
    answers: Mapping[str, Any] | None = None   # after a save: the answers as saved


@dataclass(frozen=True)
class History:
    reference: str
    author: str                 # the analyst who wrote it
    scheme: str                 # scheme id (versions of one scheme count together)
    factors: Mapping[str, str]  # factor id -> title
    events: Sequence[Event]
    initial: Mapping[str, Any] = field(default_factory=dict)   # the answers before the first save seen


@dataclass(frozen=True)
class Cycle:
    """One assessment's way through review."""
    reference: str
    author: str
    scheme: str
    submitted: bool
    approved: bool
    returns: tuple[tuple[str, ...], ...]     # per return: the factor titles it led to (or named)
    days_to_approval: float | None           # first submission to approval
    waits: tuple[float, ...]                 # each submission to the supervisor's decision (days)


def _days(a: dt.datetime, b: dt.datetime) -> float:
    return (b - a).total_seconds() / 86400


def _changed(before: Mapping[str, Any], after: Mapping[str, Any]) -> set[str]:
    return {k for k in set(before) | set(after) if before.get(k) != after.get(k)}


def _named(comment: str | None, factors: Mapping[str, str]) -> set[str]:
    text = (comment or "").lower()
    if not text:
        return set()
    return {fid for fid, title in factors.items()
            if title.lower() in text or re.search(rf"\b{re.escape(fid.replace('_', ' '))}\b", text.replace("_", " "))}


def cycle(h: History) -> Cycle:
    answers = dict(h.initial)
    first_submit = approved_at = pending = waiting_since = None
    at_return: dict[str, Any] = {}
    returns: list[tuple[str, ...]] = []
    waits: list[float] = []
    order = list(h.factors)
    for e in sorted(h.events, key=lambda e: e.at):
        if e.action == SAVE and e.answers is not None:
            answers = dict(e.answers)
        elif e.action == SUBMIT:
            first_submit = first_submit or e.at
            if pending is not None:
                ids = _changed(at_return, answers) | pending[1]
                returns.append(tuple(h.factors[f] for f in order if f in ids))
                pending = None
            waiting_since = e.at
        elif e.action in (RETURN, APPROVE):
            if first_submit is not None:
                waits.append(_days(waiting_since, e.at))
            if e.action == RETURN:
                at_return = dict(answers)
                pending = (e.at, _named(e.comment, h.factors))
            else:
                approved_at = e.at
    if pending is not None:  # returned and not yet resubmitted: the factors the comment names
        returns.append(tuple(h.factors[f] for f in order if f in pending[1]))
    days = _days(first_submit, approved_at) if first_submit and approved_at else None
    return Cycle(h.reference, h.author, h.scheme, first_submit is not None, approved_at is not None,
                 tuple(returns), days, tuple(waits))


@dataclass(frozen=True)
class Figures:
    key: str                         # the analyst's name or the scheme id
    submitted: int                   # assessments submitted at least once
    approved: int
    returned: int                    # assessments returned at least once
    returns: int                     # returns in all
    factors: tuple[tuple[str, int], ...]   # factor titles by how many returns led to them, most first
    median_days: float | None        # first submission to approval
    mean_days: float | None
    longest_days: float | None
    mean_wait: float | None          # submission to a supervisor's decision

    @property
    def return_rate(self) -> float | None:
        return self.returned / self.submitted if self.submitted else None

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "submitted": self.submitted, "approved": self.approved, "returned": self.returned,
                "returns": self.returns, "return_rate": self.return_rate,
                "factors": [{"factor": f, "returns": n} for f, n in self.factors],
                "median_days": self.median_days, "mean_days": self.mean_days, "longest_days": self.longest_days,
                "mean_wait_days": self.mean_wait}


def _round(v: float | None) -> float | None:
    return None if v is None else round(v, 1)


def figures(cycles: Iterable[Cycle], by: str) -> list[Figures]:
    """Figures per analyst (`by="author"`) or per scheme (`by="scheme"`), busiest first."""
    groups: dict[str, list[Cycle]] = {}
    for c in cycles:
        if c.submitted:
            groups.setdefault(getattr(c, by), []).append(c)
    out = []
    for key, cs in groups.items():
        days = [c.days_to_approval for c in cs if c.days_to_approval is not None]
        waits = [w for c in cs for w in c.waits]
        factors = Counter(t for c in cs for r in c.returns for t in r)
        out.append(Figures(key, len(cs), sum(c.approved for c in cs), sum(bool(c.returns) for c in cs),
                           sum(len(c.returns) for c in cs), tuple(factors.most_common()),
                           _round(statistics.median(days)) if days else None,
                           _round(statistics.fmean(days)) if days else None, _round(max(days)) if days else None,
                           _round(statistics.fmean(waits)) if waits else None))
    return sorted(out, key=lambda f: (-f.submitted, f.key))
