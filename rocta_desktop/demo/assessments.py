"""Fictional assessments for the demo workspace: approved MoRiLE (and for some groups OCGM)
assessments made through the real services, a few re-assessments, reviews falling due and
overdue, and work in progress (drafts, awaiting approval), so every assessment screen has
something to show."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy import select

from ..domain import clock
from ..domain.schemes import FactorKind, Scheme, builtin_schemes, pick
from ..domain.subjects import SubjectStatus
from ..services import assessments
from ..services.workspace import Workspace
from ..store.models import Group


def _answers(scheme: Scheme, severity: float, rng: random.Random) -> dict[str, Any]:
    """Answers around a severity (0 = trivial, 1 = the worst), with the odd unknown."""
    out: dict[str, Any] = {}
    for f in scheme.factors:
        if f.unknown_allowed and rng.random() < 0.06:
            out[f.id] = {"unknown": True, "rationale": "No reporting on this yet."}
            continue
        jitter = min(1.0, max(0.0, severity + rng.uniform(-0.25, 0.25)))
        if f.kind is FactorKind.LEVEL:
            out[f.id] = f.levels[min(len(f.levels) - 1, int(jitter * len(f.levels)))].key
        elif f.kind is FactorKind.MULTI:
            out[f.id] = [o.key for o in f.options if rng.random() < 0.1 + 0.3 * jitter]
        else:
            out[f.id] = int(f.minimum + (min(f.maximum, 60) - f.minimum) * jitter)
    return out


def generate(analyst: Workspace, supervisor: Workspace, *, groups: int = 40, seed: int = 1,
             today: dt.date | None = None) -> dict[str, int]:
    """Assess up to `groups` live groups. `analyst` writes, `supervisor` approves (a different
    person, as the rules require)."""
    rng = random.Random(seed)
    today = today or clock.today()
    morile = pick(builtin_schemes(), "morile-reference")
    ocgm = pick(builtin_schemes(), "ocgm-reference")
    ids = analyst.read(lambda s: list(s.scalars(select(Group.id).where(Group.status == SubjectStatus.ACTIVE.value)
                                                .order_by(Group.id).limit(groups))))
    counts = {"approved": 0, "in progress": 0}
    for n, gid in enumerate(ids):
        severity = rng.random()
        plan = [(morile, severity)]
        if n % 2 == 0:  # both methods; every fifth pair disagrees on purpose
            plan.append((ocgm, 1 - severity if n % 5 == 0 else severity))
        for scheme, sev in plan:
            approved_on = today - dt.timedelta(days=rng.randint(20, 420))
            created = analyst.write("assessment.start", assessments.start, gid, scheme.ref, today=approved_on)
            analyst.write("assessment.save", assessments.save, created.id, _answers(scheme, sev, rng),
                          summary="Demo assessment (fictional).")
            if n % 9 == 8:  # left as work in progress
                if n % 2:
                    analyst.write("assessment.submit", assessments.submit, created.id)
                counts["in progress"] += 1
                continue
            analyst.write("assessment.submit", assessments.submit, created.id)
            supervisor.write("assessment.approve", assessments.approve, created.id, "Demo approval.",
                             today=approved_on)
            counts["approved"] += 1
    return counts
