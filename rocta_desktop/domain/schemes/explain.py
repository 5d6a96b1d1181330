"""Words for a result: the headline, what is unknown, an answer as a person reads it. Used by the
screens and by printed packs alike."""

from __future__ import annotations

from .expressions import format_interval
from .model import Scheme
from .scoring import Answer, Result


def headline(result: Result) -> str:
    """'Risk score 11.7 · Moderate · P3' or, with unknowns, the range it could take."""
    scheme = result.scheme
    calc = scheme.calculation(scheme.outcome.score)
    parts = [f"{calc.title} {format_interval(result.score, calc.digits)}", result.band_label]
    if result.priority_label:
        parts.append(f"priority {result.priority_label}")
    return " \u00b7 ".join(parts)


def unknown_note(result: Result) -> str:
    if not result.unknown_count:
        return "Every factor is answered."
    parts = []
    if result.unknown:
        parts.append(f"{len(result.unknown)} unknown")
    if result.unanswered:
        parts.append(f"{len(result.unanswered)} not answered yet")
    effect = ("the band cannot change whatever they turn out to be" if result.determined
              else "the result could be anywhere in the range shown")
    return f"{' and '.join(parts)}: {effect}."


def answer_text(scheme: Scheme, factor_id: str, answer: Answer | None) -> str:
    factor = scheme.factor(factor_id)
    if answer is None or not answer.given:
        return "not answered"
    if answer.unknown:
        return "unknown"
    if answer.level is not None:
        return factor.level(answer.level).label
    if answer.selected is not None:
        return ", ".join(factor.option(k).label for k in answer.selected) or "none of these"
    return f"{answer.number:g}"
