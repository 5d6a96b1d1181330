"""Answers + scheme -> every intermediate total, the final score, band and priority, and how each
number was reached.

Pure and deterministic: the same scheme text and answers always give the same result, whatever the
machine (values are plain floats combined in a fixed order; rounding is explicit and half-up).
An unknown or unanswered factor is never scored as zero: it takes the whole range its answers could
have, and every total, band and priority is reported as the range of what it could be.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem, ValidationError
from .expressions import Interval, evaluate, format_interval, render
from .model import Band, Factor, FactorKind, Scheme

ENGINE_VERSION = "1.0"


@dataclass(frozen=True)
class Answer:
    level: str | None = None
    selected: tuple[str, ...] | None = None
    number: float | None = None
    unknown: bool = False
    rationale: str = ""

    @property
    def given(self) -> bool:
        return self.unknown or self.level is not None or self.selected is not None or self.number is not None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.unknown:
            out["unknown"] = True
        elif self.level is not None:
            out["level"] = self.level
        elif self.selected is not None:
            out["selected"] = list(self.selected)
        elif self.number is not None:
            out["number"] = self.number
        if self.rationale:
            out["rationale"] = self.rationale
        return out


def parse_answers(scheme: Scheme, data: Any) -> dict[str, Answer]:
    """Answers from JSON: `{"factor": {"level": "key", "rationale": "..."}}`, `{"selected": [...]}`,
    `{"number": 12}` or `{"unknown": true}`. Shorthands: "key", [...], 12, null or "unknown".
    Every problem names its factor."""
    if not isinstance(data, dict):
        raise ValidationError(Problem("answers", "must be an object mapping factor ids to answers"))
    problems: list[Problem] = []
    out: dict[str, Answer] = {}
    for factor_id, raw in data.items():
        factor = scheme.factor(factor_id)
        if factor is None:
            problems.append(Problem(factor_id, f"is not a factor of {scheme.ref}"))
            continue
        try:
            out[factor_id] = _answer(factor, raw)
        except ValueError as exc:
            problems.append(Problem(factor_id, str(exc)))
    if problems:
        raise ValidationError(problems)
    return out


def _answer(factor: Factor, raw: Any) -> Answer:
    rationale = ""
    if isinstance(raw, dict):
        extra = set(raw) - {"level", "selected", "number", "unknown", "rationale"}
        if extra:
            raise ValueError(f"unexpected keys {sorted(extra)}")
        rationale = raw.get("rationale") or ""
        if not isinstance(rationale, str):
            raise ValueError("the rationale must be text")
        if raw.get("unknown"):
            raw = None
        elif "level" in raw:
            raw = raw["level"]
        elif "selected" in raw:
            raw = raw["selected"]
            if not isinstance(raw, list):
                raise ValueError("'selected' must be a list of option keys")
        elif "number" in raw:
            raw = raw["number"]
            if raw is None or isinstance(raw, (str, bool)):
                raise ValueError("'number' must be a number")
        else:
            return Answer(rationale=rationale.strip())  # rationale only: not answered yet
    rationale = rationale.strip()
    if raw is None or raw == "unknown":
        if not factor.unknown_allowed:
            raise ValueError(f"{factor.title} must be answered: this scheme does not allow 'unknown' here")
        return Answer(unknown=True, rationale=rationale)
    if factor.kind is FactorKind.LEVEL:
        if not isinstance(raw, str) or factor.level(raw) is None:
            keys = ", ".join(lv.key for lv in factor.levels)
            raise ValueError(f"{raw!r} is not a level of {factor.title} (levels: {keys})")
        return Answer(level=raw, rationale=rationale)
    if factor.kind is FactorKind.MULTI:
        if not isinstance(raw, list) or any(not isinstance(k, str) for k in raw):
            raise ValueError("must be a list of option keys")
        bad = [k for k in raw if factor.option(k) is None]
        if bad:
            raise ValueError(f"{', '.join(map(repr, bad))} {'is' if len(bad) == 1 else 'are'} not "
                             f"an option of {factor.title}")
        order = [o.key for o in factor.options]
        return Answer(selected=tuple(sorted(set(raw), key=order.index)), rationale=rationale)
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise ValueError(f"{raw!r} is not a number")
    if not factor.minimum <= raw <= factor.maximum:
        raise ValueError(f"{raw} is outside {factor.minimum:g}-{factor.maximum:g}")
    return Answer(number=float(raw), rationale=rationale)


def answers_to_json(answers: Mapping[str, Answer]) -> dict[str, Any]:
    return {k: a.to_json() for k, a in sorted(answers.items()) if a.given or a.rationale}


@dataclass(frozen=True)
class Step:
    """One line of 'how the result was reached'."""

    id: str
    title: str
    value: Interval
    text: str


@dataclass(frozen=True)
class Result:
    scheme: Scheme
    values: dict[str, Interval]                  # every factor and calculation
    bands: dict[str, tuple[Band, ...]]           # possible bands, least serious first
    matrices: dict[str, tuple[str, ...]]         # possible outcomes, least serious first
    unknown: tuple[str, ...]                     # factors answered "unknown"
    unanswered: tuple[str, ...]                  # factors not answered yet
    steps: tuple[Step, ...] = field(default=())

    def __repr__(self) -> str:
        return f"Result({self.scheme.ref}, score={self.score}, band={self.band_label!r})"

    @property
    def score(self) -> Interval:
        return self.values[self.scheme.outcome.score]

    @property
    def band(self) -> tuple[Band, ...]:
        return self.bands[self.scheme.outcome.band]

    @property
    def priority(self) -> tuple[str, ...]:
        p = self.scheme.outcome.priority
        return self.matrices[p] if p else ()

    @property
    def determined(self) -> bool:
        """True when the unknown answers cannot change the headline band (and priority)."""
        return len(self.band) == 1 and len(self.priority) <= 1

    @property
    def unknown_count(self) -> int:
        return len(self.unknown) + len(self.unanswered)

    @property
    def band_label(self) -> str:
        return " to ".join(dict.fromkeys((self.band[0].label, self.band[-1].label)))

    @property
    def priority_label(self) -> str:
        if not self.priority:
            return ""
        return " to ".join(dict.fromkeys((self.priority[0], self.priority[-1])))

    @property
    def band_position(self) -> tuple[float, float]:
        """Where the headline band sits between the least (0) and most (1) serious band of the
        scheme: how results of different methods are compared."""
        count = len(self.scheme.band_set(self.scheme.outcome.band).bands)
        return ((self.band[0].level - 1) / (count - 1), (self.band[-1].level - 1) / (count - 1))

    @property
    def review_months(self) -> int | None:
        """Months to the next review: the shortest of the bands the result could be in."""
        months = [b.review_months for b in self.band if b.review_months is not None]
        return min(months) if months else None

    @property
    def low_confidence(self) -> bool:
        outcome = self.scheme.outcome
        return outcome.confidence is not None and self.answers_level(outcome.confidence) in outcome.low_confidence

    def answers_level(self, factor_id: str) -> str | None:
        return self._levels.get(factor_id)

    _levels: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Stable, JSON-serialisable: what is stored with an assessment and printed by `rocta score`."""
        def iv(v: Interval) -> dict[str, float] | float:
            return v.lo if v.exact else {"min": v.lo, "max": v.hi}
        return {
            "scheme": self.scheme.id, "version": self.scheme.version, "engine": ENGINE_VERSION,
            "score": iv(self.score),
            "band": [b.label for b in self.band],
            "priority": list(self.priority),
            "determined": self.determined,
            "review_months": self.review_months,
            "low_confidence": self.low_confidence,
            "unknown": list(self.unknown),
            "unanswered": list(self.unanswered),
            "values": {k: iv(v) for k, v in self.values.items()},
            "bands": {k: [b.label for b in v] for k, v in self.bands.items()},
            "matrices": {k: list(v) for k, v in self.matrices.items()},
            "explanation": [{"id": s.id, "title": s.title, "text": s.text} for s in self.steps],
        }


def score(scheme: Scheme, answers: Mapping[str, Answer]) -> Result:
    values: dict[str, Interval] = {}
    steps: list[Step] = []
    unknown, unanswered, levels = [], [], {}
    for factor in scheme.factors:
        answer = answers.get(factor.id, Answer())
        value, text = _factor_value(factor, answer)
        if answer.unknown:
            unknown.append(factor.id)
        elif not answer.given:
            unanswered.append(factor.id)
        if answer.level is not None:
            levels[factor.id] = answer.level
        values[factor.id] = value
        steps.append(Step(factor.id, factor.title, value, text))
    for calc in scheme.calculations:
        value = evaluate(calc.node, values, scheme.lookups)
        shown = format_interval(value, calc.digits)
        text = f"{render(calc.node)} = {render(calc.node, values)} = {shown}"
        values[calc.id] = value
        steps.append(Step(calc.id, calc.title, value, text))
    bands: dict[str, tuple[Band, ...]] = {}
    for band_set in scheme.bands:
        v = values[band_set.of]
        low, high = band_set.band_for(v.lo), band_set.band_for(v.hi)
        bands[band_set.id] = tuple(b for b in band_set.bands if low.level <= b.level <= high.level)
        thresholds = ", ".join(f"{b.label} from {b.start:g}" for b in band_set.bands)
        which = " to ".join(dict.fromkeys((low.label, high.label)))
        steps.append(Step(band_set.id, band_set.title, v,
                          f"{band_set.of} = {format_interval(v)} falls in {which} ({thresholds})"))
    matrices: dict[str, tuple[str, ...]] = {}
    for matrix in scheme.matrices:
        possible = {matrix.cells[(r.label, c.label)] for r in bands[matrix.rows] for c in bands[matrix.columns]}
        matrices[matrix.id] = tuple(o for o in matrix.outcomes if o in possible)
        rows = " or ".join(b.label for b in bands[matrix.rows])
        cols = " or ".join(b.label for b in bands[matrix.columns])
        steps.append(Step(matrix.id, matrix.title, Interval.of(0),
                          f"{matrix.rows} {rows} \u00d7 {matrix.columns} {cols} gives "
                          f"{' or '.join(matrices[matrix.id])}"))
    return Result(scheme, values, bands, matrices, tuple(unknown), tuple(unanswered), tuple(steps), levels)


def _factor_value(factor: Factor, answer: Answer) -> tuple[Interval, str]:
    if not answer.given or answer.unknown:
        iv = Interval(*factor.value_range)
        state = "unknown" if answer.unknown else "not answered"
        return iv, f"{state}: could be {format_interval(iv)}"
    if factor.kind is FactorKind.LEVEL:
        level = factor.level(answer.level)  # type: ignore[arg-type]
        return Interval.of(level.value), f"{level.label} = {format_interval(Interval.of(level.value))}"
    if factor.kind is FactorKind.MULTI:
        chosen = [factor.option(k) for k in answer.selected or ()]
        weights = [o.weight for o in chosen]  # type: ignore[union-attr]
        total = (sum(weights) if factor.combine == "sum" else max(weights)) if weights else 0.0
        listed = ", ".join(f"{o.label} ({o.weight:g})" for o in chosen) or "none"  # type: ignore[union-attr]
        return Interval.of(float(total)), f"{factor.combine} of {listed} = {format_interval(Interval.of(total))}"
    return Interval.of(answer.number), f"{format_interval(Interval.of(answer.number))}"  # type: ignore[arg-type]


def score_json(scheme: Scheme, data: Any) -> Result:
    return score(scheme, parse_answers(scheme, data))
