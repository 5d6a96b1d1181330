"""Calibration exercises (issue #25): several analysts assess the same case blind, and the unit sees
how far they agree, factor by factor and overall, who drifts which way, and what the scheme's
guidance says where they drift.

Agreement is Krippendorff's alpha (the `krippendorff` package), ordinal, over *units*: each factor
answered with a level is one unit, each option of a factor with options (tick or no tick) is one,
and a number factor is one. An answer's value is its position on its own factor's scale, from 0
(the first level) to 1 (the last), so that every factor counts alike; "unknown" is a missing
value, never the bottom of the scale ("unknown is not none").

With one case, a factor is (usually) one unit, and alpha for one unit alone says nothing. So the
factor's agreement is its share of the whole: `1 - Do(factor) / De(exercise)`, the factor's observed
disagreement against the disagreement the whole exercise would show by chance, with the same ordinal
metric. The overall alpha is exactly `krippendorff.alpha` of the whole table, and is the weighted
mean of the factors' figures (checked by the tests). 0.8 is the usual floor for firm conclusions,
0.667 for tentative ones.
"""

from __future__ import annotations

import enum
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .schemes.model import Direction, Factor, FactorKind, Scheme
from .schemes.scoring import Answer, score

FIRM, TENTATIVE = 0.8, 0.667
#: how far (in scale units, 0..1) an analyst's mean difference from the others makes a tendency
TENDENCY_THRESHOLD = 0.1


class ExerciseStatus(enum.Enum):
    OPEN = "open"          # analysts answer; nobody sees anyone else's answers
    CLOSED = "closed"      # everyone submitted (or the supervisor closed it): results are shown

    @property
    def label(self) -> str:
        return {"open": "Open: answers being collected", "closed": "Closed: results shown"}[self.value]


class AnswerStatus(enum.Enum):
    INVITED = "invited"
    DRAFT = "draft"
    SUBMITTED = "submitted"

    @property
    def label(self) -> str:
        return {"invited": "Not started", "draft": "Draft", "submitted": "Submitted"}[self.value]


@dataclass(frozen=True)
class Unit:
    """One column of the reliability table: a factor, or one option of a factor with options."""
    factor: str
    option: str | None = None

    @property
    def key(self) -> str:
        return self.factor if self.option is None else f"{self.factor}:{self.option}"


def units(scheme: Scheme) -> list[Unit]:
    out: list[Unit] = []
    for f in scheme.factors:
        if f.kind is FactorKind.MULTI:
            out.extend(Unit(f.id, o.key) for o in f.options)
        else:
            out.append(Unit(f.id))
    return out


def position(factor: Factor, answer: Answer | None, option: str | None = None) -> float | None:
    """Where an answer sits on its factor's scale, 0 (first level) to 1 (last); None when unknown
    or not given. A factor with options: 1 if `option` is ticked, 0 if not."""
    if answer is None or answer.unknown or not answer.given:
        return None
    if factor.kind is FactorKind.LEVEL:
        keys = [lv.key for lv in factor.levels]
        if answer.level not in keys:
            return None
        return keys.index(answer.level) / (len(keys) - 1) if len(keys) > 1 else 0.0
    if factor.kind is FactorKind.MULTI:
        return 1.0 if option in (answer.selected or ()) else 0.0
    if answer.number is None:
        return None
    span = factor.maximum - factor.minimum
    return (answer.number - factor.minimum) / span if span else 0.0


def reliability_table(scheme: Scheme, answers: Mapping[str, Mapping[str, Answer]]) -> list[list[float]]:
    """Analysts (rows, in the order given) by units (columns, `units(scheme)`); NaN where missing:
    what `krippendorff.alpha` takes as `reliability_data`."""
    cols = units(scheme)
    return [[_nan(position(scheme.factor(u.factor), per.get(u.factor), u.option)) for u in cols]
            for per in answers.values()]


def _nan(v: float | None) -> float:
    return math.nan if v is None else v


def alpha(table: Sequence[Sequence[float]]) -> float | None:
    """Krippendorff's alpha, ordinal, of a reliability table (None when it is undefined: fewer than
    two pairable answers, or every answer the same value)."""
    import krippendorff
    import numpy as np
    data = np.array(table, dtype=float)
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    values = data[:, pairable]
    values = values[~np.isnan(values)]
    if values.size < 2 or len(set(values.tolist())) < 2:
        return None
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal"))


def _ordinal_distances(counts: Mapping[float, int]) -> dict[tuple[float, float], float]:
    """Krippendorff's ordinal metric over the values present: the squared number of values from
    c to k, each end counted half."""
    order = sorted(counts)
    out = {}
    for i, c in enumerate(order):
        for k in order[i:]:
            between = sum(counts[g] for g in order if c <= g <= k)
            d = (between - (counts[c] + counts[k]) / 2) ** 2
            out[(c, k)] = out[(k, c)] = d
    return out


@dataclass(frozen=True)
class Disagreement:
    """Observed disagreement per unit (summed over its pairs, Krippendorff's weighting), the number
    of pairable values per unit, and the expected disagreement of the whole table."""
    observed: dict[int, float]   # unit index -> sum over ordered pairs of delta / (m_u - 1)
    pairable: dict[int, int]     # unit index -> m_u (values in units with at least two)
    expected: float              # De
    n: int                       # pairable values in all


def disagreement(table: Sequence[Sequence[float]]) -> Disagreement | None:
    columns = list(zip(*table, strict=True)) if table else []
    kept = {i: [v for v in col if not math.isnan(v)] for i, col in enumerate(columns)}
    kept = {i: vs for i, vs in kept.items() if len(vs) >= 2}
    counts = Counter(v for vs in kept.values() for v in vs)
    n = sum(counts.values())
    if n < 2 or len(counts) < 2:
        return None
    delta = _ordinal_distances(counts)
    expected = sum(counts[c] * counts[k] * delta[(c, k)] for c in counts for k in counts) / (n * (n - 1))
    observed = {}
    for i, vs in kept.items():
        m = len(vs)
        observed[i] = sum(delta[(a, b)] for x, a in enumerate(vs) for y, b in enumerate(vs) if x != y) / (m - 1)
    return Disagreement(observed, {i: len(vs) for i, vs in kept.items()}, expected, n)


def alpha_from(d: Disagreement, unit_indexes: Sequence[int] | None = None) -> float | None:
    """1 - Do/De over some units (all by default): over all, Krippendorff's alpha itself."""
    idx = [i for i in (unit_indexes if unit_indexes is not None else d.observed) if i in d.observed]
    m = sum(d.pairable[i] for i in idx)
    if not idx or m == 0 or d.expected == 0:
        return None
    return 1 - (sum(d.observed[i] for i in idx) / m) / d.expected


def verdict(value: float | None) -> str:
    if value is None:
        return "not measurable"
    if value >= FIRM:
        return "good agreement"
    if value >= TENTATIVE:
        return "tentative agreement"
    return "poor agreement"


# ------------------------------------------------------------------ the results of an exercise

@dataclass(frozen=True)
class FactorResult:
    factor: str
    title: str
    section: str
    kind: str
    alpha: float | None                     # the factor's agreement (see module docstring)
    answered: int                           # analysts who gave an answer (not unknown)
    unknown: int                            # analysts who said unknown
    answers: dict[str, str]                 # analyst -> the answer in words
    spread: str                             # lowest to highest answer, in words
    steps: float | None                     # levels between the lowest and highest answer (levels)
    distribution: dict[str, int]            # answer in words -> how many gave it
    higher: tuple[str, ...]                 # analysts above the group on this factor
    lower: tuple[str, ...]
    guidance: str                           # the factor's guidance, and each given level's
    drifts: bool                            # poor agreement, or answers two or more levels apart

    def to_json(self) -> dict[str, Any]:
        return {"factor": self.factor, "title": self.title, "section": self.section, "kind": self.kind,
                "alpha": self.alpha, "verdict": verdict(self.alpha), "answered": self.answered,
                "unknown": self.unknown, "answers": self.answers, "spread": self.spread, "steps": self.steps,
                "distribution": self.distribution, "higher": list(self.higher), "lower": list(self.lower),
                "drifts": self.drifts, "guidance": self.guidance}


@dataclass(frozen=True)
class Tendency:
    analyst: str
    mean_difference: float | None           # scale units (0..1): + answers more serious than the others
    tendency: str                           # "higher", "lower", "in line" or "not measurable"
    higher_on: tuple[str, ...]              # factor titles where they stood above everyone else's median
    lower_on: tuple[str, ...]
    score: str                              # their answers' headline score, band and priority

    def to_json(self) -> dict[str, Any]:
        return {"analyst": self.analyst, "mean_difference": self.mean_difference, "tendency": self.tendency,
                "higher_on": list(self.higher_on), "lower_on": list(self.lower_on), "result": self.score}


@dataclass(frozen=True)
class Results:
    scheme: str
    analysts: tuple[str, ...]
    alpha: float | None
    factors: tuple[FactorResult, ...]
    tendencies: tuple[Tendency, ...]
    table: list[list[float]] = field(repr=False)
    unit_keys: tuple[str, ...] = ()

    @property
    def most_disagreement(self) -> list[FactorResult]:
        """Factors from least to most agreement (unmeasurable ones last), those that drift first."""
        return sorted(self.factors, key=lambda f: (not f.drifts, f.alpha if f.alpha is not None else 2.0,
                                                   -(f.steps or 0)))

    def to_json(self) -> dict[str, Any]:
        return {"scheme": self.scheme, "analysts": list(self.analysts), "alpha": self.alpha,
                "verdict": verdict(self.alpha), "level_of_measurement": "ordinal",
                "factors": [f.to_json() for f in self.factors],
                "most_disagreement": [f.factor for f in self.most_disagreement if f.drifts],
                "tendencies": [t.to_json() for t in self.tendencies],
                "reliability_data": {"units": list(self.unit_keys),
                                     "rows": [[None if math.isnan(v) else v for v in row] for row in self.table]}}


def answer_words(factor: Factor, answer: Answer | None) -> str:
    if answer is None or not answer.given:
        return "not answered"
    if answer.unknown:
        return "unknown"
    if factor.kind is FactorKind.LEVEL:
        level = factor.level(answer.level or "")
        return level.label if level else str(answer.level)
    if factor.kind is FactorKind.MULTI:
        return ", ".join(factor.option(k).label for k in answer.selected or () if factor.option(k)) or "none"
    return f"{answer.number:g}"


def _median(values: list[float]) -> float:
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def _seriousness(factor: Factor, p: float) -> float | None:
    """An answer's position in the direction of harm: more serious is higher."""
    if factor.direction is Direction.RAISES:
        return p
    if factor.direction is Direction.LOWERS:
        return 1 - p
    return None


def _factor_positions(factor: Factor, answers: Mapping[str, Mapping[str, Answer]]) -> dict[str, float]:
    """Each analyst's position on a factor (a factor with options: the share of its options ticked,
    weighted by the options' weights)."""
    out = {}
    for who, per in answers.items():
        a = per.get(factor.id)
        if factor.kind is FactorKind.MULTI:
            if a is None or a.unknown or not a.given:
                continue
            total = sum(o.weight for o in factor.options) or 1.0
            out[who] = sum(o.weight for o in factor.options if o.key in (a.selected or ())) / total
        else:
            p = position(factor, a)
            if p is not None:
                out[who] = p
    return out


def results(scheme: Scheme, answers: Mapping[str, Mapping[str, Answer]],
            guidance: Mapping[str, Mapping[str, Any]] | None = None) -> Results:
    """The results of an exercise: `answers` maps each analyst (a display name) to their answers.
    `guidance` (domain/guidance.py `for_factor` texts by factor id) adds worked examples to the
    guidance shown beside the factors that drift."""
    names = tuple(answers)
    table = reliability_table(scheme, answers)
    cols = units(scheme)
    overall = alpha(table)
    d = disagreement(table)
    section_of = {f.id: s.title for s in scheme.sections for f in s.factors}
    factors: list[FactorResult] = []
    for f in scheme.factors:
        idx = [i for i, u in enumerate(cols) if u.factor == f.id]
        fa = alpha_from(d, idx) if d is not None else None
        given = {who: per.get(f.id) for who, per in answers.items()}
        words = {who: answer_words(f, a) for who, a in given.items()}
        unknown = sum(1 for a in given.values() if a is not None and a.unknown)
        positions = _factor_positions(f, answers)
        answered = len(positions)
        spread, steps = _spread(f, given, positions)
        dist = Counter(w for w in words.values())
        higher, lower = [], []
        if len(positions) >= 3:
            for who, p in positions.items():
                others = [q for w, q in positions.items() if w != who]
                med = _median(others)
                if p > med + 1e-9 and p > max(others) - 1e-9:
                    higher.append(who)
                elif p < med - 1e-9 and p < min(others) + 1e-9:
                    lower.append(who)
        drifts = (fa is not None and fa < TENTATIVE) or (steps is not None and steps >= 2)
        text = _guidance_text(f, given, (guidance or {}).get(f.id))
        factors.append(FactorResult(f.id, f.title, section_of[f.id], f.kind.value, fa, answered, unknown, words,
                                    spread, steps, dict(dist), tuple(higher), tuple(lower), text, drifts))
    tendencies = [_tendency(scheme, who, answers) for who in names]
    return Results(scheme.ref, names, overall, tuple(factors), tuple(tendencies), table, tuple(u.key for u in cols))


def _spread(f: Factor, given: Mapping[str, Answer | None], positions: Mapping[str, float]) -> tuple[str, float | None]:
    if not positions:
        return "no answers", None
    if f.kind is FactorKind.LEVEL:
        keys = [lv.key for lv in f.levels]
        idx = sorted(keys.index(a.level) for a in given.values() if a is not None and a.level in keys)
        lo, hi = f.levels[idx[0]], f.levels[idx[-1]]
        return (lo.label if lo == hi else f"{lo.label} to {hi.label}"), float(idx[-1] - idx[0])
    if f.kind is FactorKind.NUMBER:
        nums = sorted(a.number for a in given.values() if a is not None and a.number is not None and not a.unknown)
        return (f"{nums[0]:g}" if nums[0] == nums[-1] else f"{nums[0]:g} to {nums[-1]:g}"), None
    chosen = [set(a.selected or ()) for a in given.values() if a is not None and a.given and not a.unknown]
    every = set.intersection(*chosen) if chosen else set()
    some = set.union(*chosen) - every if chosen else set()
    labels = {o.key: o.label for o in f.options}
    parts = []
    if every:
        parts.append("all ticked " + ", ".join(labels[k] for k in sorted(every, key=list(labels).index)))
    if some:
        parts.append("only some ticked " + ", ".join(labels[k] for k in sorted(some, key=list(labels).index)))
    return "; ".join(parts) or "none ticked by anyone", None


def _guidance_text(f: Factor, given: Mapping[str, Answer | None], extra: Mapping[str, Any] | None) -> str:
    """The scheme's guidance for the factor and for each level (or option) somebody chose, with the
    worked examples of the shipped guidance where there are any."""
    extra = extra or {}
    lines = [t for t in (f.guidance, extra.get("guidance", "")) if t]
    if f.kind is FactorKind.LEVEL:
        chosen = [lv for lv in f.levels if any(a is not None and a.level == lv.key for a in given.values())]
        for lv in chosen:
            example = (extra.get("examples") or {}).get(lv.key, "")
            text = " ".join(t for t in (lv.guidance, f"Example: {example}" if example else "") if t)
            lines.append(f"{lv.label}: {text}" if text else lv.label)
    elif f.kind is FactorKind.MULTI:
        for o in f.options:
            example = (extra.get("examples") or {}).get(o.key, "")
            text = " ".join(t for t in (o.guidance, f"Example: {example}" if example else "") if t)
            if text:
                lines.append(f"{o.label}: {text}")
    elif extra.get("example"):
        lines.append(f"Example: {extra['example']}")
    return "\n".join(lines)


def _tendency(scheme: Scheme, who: str, answers: Mapping[str, Mapping[str, Answer]]) -> Tendency:
    diffs, higher_on, lower_on = [], [], []
    for f in scheme.factors:
        positions = _factor_positions(f, answers)
        if who not in positions or len(positions) < 2:
            continue
        mine = _seriousness(f, positions[who])
        others = [_seriousness(f, q) for w, q in positions.items() if w != who]
        if mine is None:
            continue
        diff = mine - _median([o for o in others if o is not None])
        diffs.append(diff)
        if diff > 1e-9:
            higher_on.append(f.title)
        elif diff < -1e-9:
            lower_on.append(f.title)
    mean = sum(diffs) / len(diffs) if diffs else None
    if mean is None:
        word = "not measurable"
    elif mean > TENDENCY_THRESHOLD:
        word = "higher"
    elif mean < -TENDENCY_THRESHOLD:
        word = "lower"
    else:
        word = "in line"
    result = score(scheme, answers[who])
    from .schemes.expressions import format_interval
    words = f"{format_interval(result.score)} {result.band_label}"
    if result.priority_label:
        words += f", {result.priority_label}"
    return Tendency(who, None if mean is None else round(mean, 3), word, tuple(higher_on), tuple(lower_on), words)
