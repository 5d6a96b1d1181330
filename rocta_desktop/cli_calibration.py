"""`rocta calibration create|submit|list|close|report`: calibration exercises (issue #25) from the
command line, the same services as the Calibration screen. Registered by `cli.build_parser`, which
passes the helpers it shares (so this module never imports `cli` back)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

EXIT_OK = 0


def add_commands(sub: Any, *, auth: Callable[[argparse.ArgumentParser], None], parser_class: type,
                 open_ws: Callable[[argparse.Namespace], Any],
                 emit: Callable[[argparse.Namespace, dict[str, Any], Callable[[], str]], None],
                 error: type) -> None:
    p = sub.add_parser("calibration", help="calibration exercises: several analysts assess one case blind; "
                                           "agreement (Krippendorff's alpha) per factor and overall")
    csub = p.add_subparsers(dest="calibration_action", required=True, parser_class=parser_class)

    def _id(ws: Any, ref: str) -> int:
        from .services import calibration
        return ws.read(calibration.exercise_id_for, ref)

    def create(args: argparse.Namespace) -> int:
        from .services import calibration, reports
        scenario = args.scenario
        if args.scenario_file:
            scenario = Path(args.scenario_file).read_text(encoding="utf-8")
        if bool(args.subject) == bool(scenario):
            raise error("give the case: --subject REF or --scenario TEXT (or --scenario-file FILE), not both")
        with open_ws(args) as ws:
            subject_id = ws.read(reports.subject_id_for, args.subject) if args.subject else None
            made = ws.write("calibration.create", calibration.create, title=args.title, scheme_ref=args.scheme,
                            analysts=args.analyst, subject_id=subject_id, scenario=scenario, marking=args.marking)
        emit(args, {"ok": True, "id": made.id, "reference": made.reference},
             lambda: f"Calibration exercise {made.reference} set to {', '.join(args.analyst)}: each answers blind "
                     f"(rocta calibration submit {args.path} {made.reference} --answers FILE)")
        return EXIT_OK

    def submit(args: argparse.Namespace) -> int:
        from .services import calibration
        try:
            raw = json.loads(Path(args.answers).read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise error(f"{args.answers}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
        with open_ws(args) as ws:
            ident = _id(ws, args.exercise)
            ws.write("calibration.save", calibration.save_answers, ident, raw)
            state = None if args.save_only else ws.write("calibration.submit", calibration.submit, ident)
        data = {"ok": True, "exercise": args.exercise, "submitted": state is not None, **(state or {})}
        emit(args, data, lambda: (f"Answers saved to {args.exercise} (not submitted)" if state is None else
                                  f"Answers submitted to {args.exercise}: {state['submitted']} of {state['of']} "
                                  + ("analysts; the results are shown" if state["closed"] else
                                     "analysts so far; nobody sees the answers until all have submitted")))
        return EXIT_OK

    def listing(args: argparse.Namespace) -> int:
        from .services import calibration
        with open_ws(args) as ws:
            rows = ws.read(calibration.listing)
        emit(args, {"exercises": rows}, lambda: "\n".join(
            f"{r['reference']:<16} {r['status'].value:<7} {r['submitted']}/{r['analysts']} submitted  "
            f"{r['scheme']:<22} {r['case']['reference'] or 'scenario':<16} {r['title']}" for r in rows)
            or "No calibration exercises you may see.")
        return EXIT_OK

    def close(args: argparse.Namespace) -> int:
        from .services import calibration
        with open_ws(args) as ws:
            ws.write("calibration.close", calibration.close, _id(ws, args.exercise), args.note)
        emit(args, {"ok": True, "exercise": args.exercise, "closed": True},
             lambda: f"{args.exercise} closed: its results are shown")
        return EXIT_OK

    def report(args: argparse.Namespace) -> int:
        from .services import calibration
        with open_ws(args) as ws:
            ident = _id(ws, args.exercise)
            data = ws.read(calibration.export_data, ident)
            if args.out:
                from .exchange import calibration as files
                try:
                    done = files.export(ws, ident, args.out)
                except ValueError as exc:
                    raise error(str(exc)) from None
                data["written"] = {"path": str(done.path), "sha256": done.sha256, "marking": done.marking.value}
        emit(args, data, lambda: _text(data))
        return EXIT_OK

    q = csub.add_parser("create", help="set an exercise (supervisors): a subject or a written scenario, a scheme, "
                                       "the analysts")
    auth(q)
    q.add_argument("--title", required=True)
    q.add_argument("--scheme", required=True, help="scheme id or id@version (rocta scheme list)")
    q.add_argument("--subject", help="the subject's reference (e.g. OCG-2026-0001)")
    q.add_argument("--scenario", help="a short written case instead of a subject")
    q.add_argument("--scenario-file", help="the written case, from a file")
    q.add_argument("--analyst", action="append", required=True, metavar="USER", help="an analyst (repeat: two or more)")
    q.add_argument("--marking", choices=["OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET"],
                   help="the exercise's marking (at least the subject's)")
    q.set_defaults(func=create)

    q = csub.add_parser("submit", help="answer an exercise set to you, from an answers file (as rocta score reads)")
    auth(q)
    q.add_argument("exercise", help="the exercise (CAL-...)")
    q.add_argument("--answers", required=True, help="answers JSON: {factor: level | [options] | number | "
                                                    "{\"unknown\": true} | {\"level\": ..., \"rationale\": ...}}")
    q.add_argument("--save-only", action="store_true", help="save as a draft without submitting")
    q.set_defaults(func=submit)

    q = csub.add_parser("list", help="the exercises you may see")
    auth(q)
    q.set_defaults(func=listing)

    q = csub.add_parser("close", help="close an exercise before everyone has submitted (supervisors; with a note)")
    auth(q)
    q.add_argument("exercise")
    q.add_argument("--note", help="why it closes without the analysts who have not submitted")
    q.set_defaults(func=close)

    q = csub.add_parser("report", help="the results of a closed exercise: agreement per factor and overall, "
                                       "spread, tendencies, guidance beside the factors that drift")
    auth(q)
    q.add_argument("exercise")
    q.add_argument("--out", help="also write the results to FILE.json or FILE.xlsx (marked, audited)")
    q.set_defaults(func=report)


def _fmt(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.3f}"


def _text(data: dict[str, Any]) -> str:
    lines = [f"{data['reference']} {data['title']} ({data['marking']}) \u2014 {data['scheme']}",
             f"Analysts: {', '.join(data['analysts'])}"
             + (f" (did not submit: {', '.join(data['not_submitted'])})" if data["not_submitted"] else ""),
             f"Krippendorff's alpha (ordinal): {_fmt(data['alpha'])} \u2014 {data['verdict']}", "",
             f"{'Factor':<40} {'alpha':>6}  spread"]
    for f in data["factors"]:
        lines.append(f"{f['title'][:40]:<40} {_fmt(f['alpha']):>6}  {f['spread']}" + ("  DRIFTS" if f["drifts"] else ""))
    drifting = [f for f in data["factors"] if f["drifts"]]
    if drifting:
        lines += ["", "Where analysts drift, and what the guidance says:"]
        for f in sorted(drifting, key=lambda f: f["alpha"] if f["alpha"] is not None else 2):
            lines.append(f"- {f['title']}: " + "; ".join(f"{k} {v}" for k, v in f["answers"].items()))
            lines += [f"    {g}" for g in f["guidance"].splitlines()]
    lines += ["", "Each analyst against the group:"]
    lines += [f"- {t['analyst']}: {t['tendency']} (their result {t['result']})" for t in data["tendencies"]]
    if data.get("written"):
        lines += ["", f"Written to {data['written']['path']} ({data['written']['marking']})"]
    return "\n".join(lines)
