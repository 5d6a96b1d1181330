"""A result as readable HTML: headline, how each number was reached, what is unknown, and the
answers with their rationale. Every piece of user text is escaped."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape

from ...domain.schemes import Answer, Result
from ...domain.schemes.explain import answer_text, headline, unknown_note
from ...domain.schemes.expressions import (
    Binary,
    Call,
    Name,
    Node,
    Num,
    Unary,
    format_interval,
    format_number,
)


def result_html(result: Result, answers: Mapping[str, Answer], *, summary: str | None = None,
                previous: tuple[str, Mapping[str, Answer]] | None = None) -> str:
    """`previous`: (reference, answers) of the approved version a re-assessment follows: shown beside
    each answer, and the answers that changed marked, for the supervisor to compare."""
    scheme = result.scheme
    out = [f"<h3>{escape(headline(result))}</h3>",
           f"<p>{escape(unknown_note(result))}</p>"]
    if result.low_confidence:
        out.append("<p><b>Low confidence.</b> Record the intelligence gaps and raise an intelligence "
                   "requirement in the collection plan.</p>")
    if result.review_months:
        out.append(f"<p>Review due {count(result.review_months, 'month')} after approval.</p>")
    if summary:
        out.append(f"<p><b>Summary:</b> {escape(summary)}</p>")
    out.append("<h4>How the result was reached</h4><table cellspacing='0' cellpadding='3'>")
    for title, text in explained_steps(result):
        out.append(f"<tr><td><b>{escape(title)}</b></td><td>{escape(text)}</td></tr>")
    out.append("</table>")
    changed = 0
    if previous is not None:
        changed = sum(answer_text(scheme, f.id, answers.get(f.id)) != answer_text(scheme, f.id, previous[1].get(f.id))
                      for f in scheme.factors)
        out.append(f"<h4>Answers, beside {escape(previous[0])} (the approved version before this one)</h4>"
                   f"<p>{changed} of {len(scheme.factors)} answers changed; changed ones are marked.</p>"
                   "<table cellspacing='0' cellpadding='3'><tr><th align='left'>Factor</th><th align='left'>Now</th>"
                   f"<th align='left'>{escape(previous[0])}</th><th align='left'>Rationale</th></tr>")
    else:
        out.append("<h4>Answers</h4><table cellspacing='0' cellpadding='3'>")
    for section in scheme.sections:
        out.append(f"<tr><td colspan='{4 if previous else 3}'><i>{escape(section.title)}</i></td></tr>")
        for f in section.factors:
            a = answers.get(f.id)
            value = format_interval(result.values[f.id])
            rationale = escape(a.rationale) if a and a.rationale else ""
            now = escape(answer_text(scheme, f.id, a))
            if previous is None:
                out.append(f"<tr><td>{escape(f.title)}</td><td><b>{now}</b> ({value})</td><td>{rationale}</td></tr>")
                continue
            before = escape(answer_text(scheme, f.id, previous[1].get(f.id)))
            mark = " style='background-color:#fff4c2'" if now != before else ""
            tag = " <i>(changed)</i>" if now != before else ""
            out.append(f"<tr{mark}><td>{escape(f.title)}{tag}</td><td><b>{now}</b> ({value})</td><td>{before}</td>"
                       f"<td>{rationale}</td></tr>")
    out.append("</table>")
    if scheme.notice:
        out.append(f"<p><small>{escape(scheme.method)} version {escape(scheme.version)}: "
                   f"{escape(scheme.notice)}</small></p>")
    return "".join(out)


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
