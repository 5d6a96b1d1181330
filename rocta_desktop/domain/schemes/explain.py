"""Words for a result: the headline, what is unknown, an answer as a person reads it. Used by the
screens and by printed packs alike."""

from __future__ import annotations

from collections.abc import Callable

from .expressions import Binary, Call, Name, Node, Num, Unary, format_interval, format_number
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


def count(n: int, noun: str) -> str:
    """'1 month', '3 months'."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _span(labels: tuple[str, ...] | list[str]) -> str:
    """'Low', 'Low to Very high': the first and last of what a result could be, as the headline says it."""
    return " to ".join(dict.fromkeys((labels[0], labels[-1]))) if labels else "none"


def explained_steps(result: Result) -> list[tuple[str, str]]:
    """How the result was reached, in the scheme's own words: each total with what it adds up (by
    title, with its value), each band and what put the result in it, each matrix and what it gives.
    Never the scheme's internal names (harm_subtotal, risk_band) a person did not write."""
    scheme = result.scheme
    values = result.values

    def title(ident: str) -> str:
        found = scheme.factor(ident) or scheme.calculation(ident) or scheme.band_set(ident) or scheme.matrix(ident)
        return found.title if found is not None else ident.replace("_", " ")

    def words(node: Node, parent: int = 0) -> str:
        if isinstance(node, Num):
            return format_number(node.value)
        if isinstance(node, Name):
            return f"{title(node.name)} ({format_interval(values[node.name])})"
        if isinstance(node, Unary):
            return "\u2212" + words(node.operand, 4)
        if isinstance(node, Binary):
            rank = _PRECEDENCE[node.op]
            text = f"{words(node.left, rank)} {_SHOWN.get(node.op, node.op)} {words(node.right, rank + 1)}"
            return f"({text})" if rank < parent else text
        if isinstance(node, Call):
            text = _call_words(node, words)
            return f"({text})" if parent and node.function not in _ATOMIC_CALLS else text
        return "?"

    steps = []
    for calc in scheme.calculations:
        steps.append((calc.title, f"{words(calc.node)} = {format_interval(values[calc.id], calc.digits)}"))
    for band_set in scheme.bands:
        calc = scheme.calculation(band_set.of)
        value = format_interval(values[band_set.of], calc.digits if calc is not None else None)
        thresholds = ", ".join(f"{b.label} from {b.start:g}" for b in band_set.bands)
        steps.append((band_set.title, f"{title(band_set.of)} {value} falls in "
                                      f"{_span([b.label for b in result.bands[band_set.id]])} ({thresholds})"))
    for matrix in scheme.matrices:
        rows = _span([b.label for b in result.bands[matrix.rows]])
        columns = _span([b.label for b in result.bands[matrix.columns]])
        steps.append((matrix.title, f"{title(matrix.rows)} {rows} with {title(matrix.columns)} {columns} gives "
                                    f"{_span(result.matrices[matrix.id])}"))
    return steps


_ATOMIC_CALLS = {"lookup"}   # read as one phrase wherever they stand
#: the operators as the expression language binds them, and as a person reads them
_PRECEDENCE = {"<": 1, "<=": 1, ">": 1, ">=": 1, "==": 1, "!=": 1, "+": 2, "-": 2, "*": 3, "/": 3}
_SHOWN = {"*": "\u00d7", "/": "\u00f7", "-": "\u2212", "<=": "\u2264", ">=": "\u2265", "!=": "\u2260"}


def _call_words(node: Call, words: Callable[..., str]) -> str:
    """A function of the expression language in words (`domain/schemes/expressions.FUNCTIONS`)."""
    f, args = node.function, node.args
    if f == "lookup":
        return f"the points for {words(args[1])}"
    shown = [words(a) for a in args]
    if f == "round":
        digits = int(args[1].value) if len(args) > 1 and isinstance(args[1], Num) else 0
        places = "a whole number" if digits == 0 else count(digits, "decimal place")
        return f"{shown[0]}, rounded to {places}"
    if f in ("min", "max") and len(shown) > 1:
        return f"the {'lower' if f == 'min' else 'higher'} of {', '.join(shown[:-1])} and {shown[-1]}"
    if f in ("min", "max"):
        return shown[0]
    if f == "sum":
        return " + ".join(shown)
    if f == "clamp":
        return f"{shown[0]}, kept between {shown[1]} and {shown[2]}"
    if f == "if":
        return f"{shown[1]} if {shown[0]}, otherwise {shown[2]}"
    return f"{f}({', '.join(shown)})"
