"""A result as readable HTML: headline, how each number was reached, what is unknown, and the
answers with their rationale. Every piece of user text is escaped."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from ...domain.schemes import Answer, Result
from ...domain.schemes.explain import answer_text, count, explained_steps, headline, unknown_note
from ...domain.schemes.expressions import format_interval


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
