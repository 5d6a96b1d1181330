"""`rocta`: the command line, and the way automation and tests drive the application.

Exit codes: 0 success; 1 refused or failed (wrong credentials, not permitted, checks failed);
2 bad usage or bad input (arguments, values, a path that is not a workspace).
Passwords come from --password-file (a file, or - for standard input), the ROCTA_PASSWORD
environment variable, or an interactive prompt; never from a command-line argument.
"""

from __future__ import annotations

import argparse
import datetime as dt
import enum
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from . import __version__
from .domain.errors import Conflict, NotFound, PermissionDenied, RoctaError, ValidationError

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_USAGE):
        super().__init__(message)
        self.code = code


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        raise CliError(f"{self.prog}: {message}", EXIT_USAGE)


# ------------------------------------------------------------------ output

def _jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(type(value).__name__)


def _emit(args: argparse.Namespace, data: dict[str, Any], text: Callable[[], str]) -> None:
    if getattr(args, "json", False):
        print(json.dumps(data, default=_jsonable, ensure_ascii=False, indent=1))
    else:
        print(text())


# ------------------------------------------------------------------ secrets

def _read_secret_file(path: str, what: str) -> str:
    try:
        raw = sys.stdin.readline() if path == "-" else Path(path).read_text(encoding="utf-8").splitlines()[0]
    except FileNotFoundError:
        raise CliError(f"{what} file {path} does not exist") from None
    except IndexError:
        raise CliError(f"{what} file {path} is empty") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"cannot read {what} file {path}: {exc}") from None
    return raw.rstrip("\r\n")


def _password(args: argparse.Namespace, *, file_attr: str = "password_file", env: str = "ROCTA_PASSWORD",
              prompt: str = "Password: ", confirm: bool = False) -> str:
    path = getattr(args, file_attr, None)
    if path:
        return _read_secret_file(path, "password")
    if os.environ.get(env):
        return os.environ[env]
    if not sys.stdin.isatty():
        raise CliError(f"no password given: use --{file_attr.replace('_', '-')} or set {env}")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Repeat password: ") != first:
        raise CliError("the two passwords do not match")
    return first


def _username(args: argparse.Namespace) -> str:
    user = args.user or os.environ.get("ROCTA_USER")
    if user:
        return user
    if not sys.stdin.isatty():
        raise CliError("no username given: use --user or set ROCTA_USER")
    return input("Username: ")


def _open(args: argparse.Namespace):
    from .services.workspace import Workspace

    def confirm(state) -> bool:
        print(f"Upgrading workspace schema {state.current} -> {state.head} (a backup is taken first)",
              file=sys.stderr)
        return True

    if getattr(args, "recovery_key_file", None):
        key = _read_secret_file(args.recovery_key_file, "recovery key")
        return Workspace.open_with_recovery(Path(args.path), key, confirm_migration=confirm)
    username, password = _username(args), _password(args)
    args.signin_password = password  # `users rekey` keeps the administrator's own slot with it
    return Workspace.open(Path(args.path), username, password, confirm_migration=confirm)


# ------------------------------------------------------------------ commands

def cmd_init(args: argparse.Namespace) -> int:
    from .services.workspace import Workspace
    user = _username(args)
    password = _password(args, confirm=True)
    ws, recovery = Workspace.create(Path(args.path), user, password, display_name=args.display_name,
                                    name=args.name, prefix=args.prefix, server_url=args.server)
    try:
        data = {"path": str(ws.path), "name": ws.name, "administrator": ws.actor.username,
                "recovery_key": recovery, "root_fingerprint": ws.root_fingerprint()}
    finally:
        ws.close()
    _emit(args, data, lambda: (
        f"Created workspace {data['path']} ({data['name']}); administrator: {data['administrator']}\n\n"
        f"RECOVERY KEY (shown once; print it and lock it away):\n\n    {recovery}\n\n"
        "Anyone holding this key can open the workspace. It is the only way in if every password is lost.\n\n"
        f"WORKSPACE FINGERPRINT (write it down with the recovery key; `rocta verify` shows it, and it must "
        f"match):\n\n    {data['root_fingerprint']}"))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from . import demo
    from .domain.users import Role
    from .services import users
    from .services.workspace import Workspace
    path = Path(args.path)
    user = args.user or os.environ.get("ROCTA_USER") or "admin"
    password = _password(args, confirm=False)
    ws, recovery = Workspace.create(path, user, password, display_name="Demo Administrator",
                                    name=args.name or "Demo Region (fictional)", prefix=args.prefix,
                                    server_url=args.server)
    try:
        with ws.operation("user.create", "demo users") as uow:
            # the analyst is cleared to OFFICIAL-SENSITIVE, so the demo shows need to know at work
            for name, role, display, clearance in (("supervisor", Role.SUPERVISOR, "Demo Supervisor", "SECRET"),
                                                   ("analyst", Role.ANALYST, "Demo Analyst", "OFFICIAL-SENSITIVE")):
                if name != ws.actor.username:
                    users.add_user(uow, name, password, role, display, temporary=False,  # demo accounts
                                   clearance=clearance)
        counts = demo.generate(ws, groups=args.groups, nominals=args.nominals,
                               vulnerabilities=args.vulnerabilities, seed=args.seed)
        if user != "supervisor":  # the analyst does the work (so the analyst's home has some), a supervisor approves
            from contextlib import nullcontext

            from .demo import assessments as demo_assessments
            from .demo import impact as demo_impact
            from .demo import intel as demo_intel
            from .demo import tasking as demo_tasking
            with Workspace.open(path, "supervisor", password) as supervisor, \
                    (nullcontext(ws) if user == "analyst" else Workspace.open(path, "analyst", password)) as analyst:
                made = demo_assessments.generate(analyst, supervisor, groups=min(40, args.groups), seed=args.seed)
                counts["assessments"] = sum(made.values())
                counts.update(demo_tasking.generate(analyst, supervisor, seed=args.seed))
                counts.update(demo_impact.generate(analyst, supervisor, seed=args.seed))
                counts.update(demo_intel.generate(analyst, seed=args.seed))
    except BaseException:
        ws.close()
        raise
    ws.close()
    data = {"path": str(path), "administrator": user, "users": [user, "supervisor", "analyst"],
            "recovery_key": recovery, "counts": counts}
    _emit(args, data, lambda: (
        f"Demo workspace {path}: " + ", ".join(f"{v} {k}" for k, v in counts.items()) +
        f"\nUsers (same password): {user} (administrator, SECRET), supervisor (SECRET), analyst (cleared to "
        f"OFFICIAL-SENSITIVE)\nRecovery key: {recovery}"))
    return EXIT_OK


def cmd_info(args: argparse.Namespace) -> int:
    from .services import maintenance
    with _open(args) as ws:
        data = maintenance.info(ws)

    def text() -> str:
        lines = [f"{k}: {v}" for k, v in data.items() if k not in ("subjects", "files")]
        for kind, by_status in sorted(data["subjects"].items()):
            lines.append(f"{kind}: " + ", ".join(f"{n} {s}" for s, n in sorted(by_status.items())))
        lines += [f"file {k}: {v:,} bytes" for k, v in data["files"].items()]
        return "\n".join(lines)
    _emit(args, data, text)
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from .services import maintenance
    with _open(args) as ws:
        checks = maintenance.verify(ws, witnesses=[Path(w) for w in args.witness or ()])
    ok = all(c.ok for c in checks)
    data = {"ok": ok, "checks": [{"name": c.name, "ok": c.ok, "details": c.details, "notes": c.notes}
                                 for c in checks]}

    def text() -> str:
        lines = []
        for c in checks:
            lines.append(f"[{'ok' if c.ok else 'FAIL'}] {c.name}")
            lines += [f"       {d}" for d in c.details]
            lines += [f"       note: {n}" for n in c.notes]
        lines.append("Workspace verified: no problems found." if ok else "Problems found (see above).")
        return "\n".join(lines)
    _emit(args, data, text)
    return EXIT_OK if ok else EXIT_FAIL


def cmd_users(args: argparse.Namespace) -> int:
    from .services import users
    if args.users_action == "rekey":
        args.path = args.path or args.workspace
        if not args.path:
            raise CliError("name the workspace: rocta users rekey PATH (or --workspace PATH)")
    with _open(args) as ws:
        action = args.users_action
        if action == "list":
            with ws.reader() as s:
                rows = users.list_users(s)
            _emit(args, {"users": rows}, lambda: "\n".join(
                f"{r['username']:<20} {r['role']:<14} {r['clearance']:<19} {'active' if r['active'] else 'DISABLED':<9} "
                f"{r['display_name']}" for r in rows))
            return EXIT_OK
        if action == "rekey" or (action == "disable" and args.rekey):
            from .services import rekey
            if action == "disable":
                with ws.operation("user.disable") as uow:
                    users.disable_user(uow, args.username)
            result = rekey.rekey_database(ws, getattr(args, "signin_password", None))
            data = {"ok": True, "action": action, "temporary_passwords": result.temporary_passwords,
                    "recovery_key": result.recovery_key, "backup": str(result.backup),
                    "backups_under_the_old_key": [str(p) for p in result.old_backups]}
            _emit(args, data, lambda: _rekey_text(args, result))
            return EXIT_OK
        if action == "recovery-key":
            with ws.operation("workspace.new_recovery_key") as uow:
                key = users.new_recovery_key(uow)
            _emit(args, {"recovery_key": key, "note": users.RECOVERY_REPLACED},
                  lambda: f"NEW RECOVERY KEY (print it and lock it away):\n\n    {key}\n\n{users.RECOVERY_REPLACED}")
            return EXIT_OK
        needs_password = action in ("add", "enable", "reset-password")
        new_password = _password(args, file_attr="new_password_file", env="ROCTA_NEW_PASSWORD",
                                 prompt=f"New password for {args.username}: ", confirm=True) if needs_password else None
        with ws.operation(f"user.{action}") as uow:
            if action == "add":
                users.add_user(uow, args.username, new_password, args.role, args.display_name,
                               clearance=args.clearance or "OFFICIAL-SENSITIVE")
            elif action == "disable":
                users.disable_user(uow, args.username)
            elif action == "enable":
                users.enable_user(uow, args.username, new_password)
            elif action == "reset-password":
                users.reset_password(uow, args.username, new_password)
            elif action == "set-role":
                users.set_role(uow, args.username, args.role)
            elif action == "set-clearance":
                users.set_clearance(uow, args.username, args.clearance)
    _emit(args, {"ok": True, "action": action, "username": args.username},
          lambda: f"{action}: {args.username}: done")
    return EXIT_OK


def _rekey_text(args: argparse.Namespace, result: Any) -> str:
    lines = ([f"{args.username} disabled."] if args.users_action == "disable" else [])
    lines += ["Database re-keyed: no earlier copy of the key file opens it now.",
              f"Backup taken first: {result.backup}", ""]
    if result.temporary_passwords:
        lines.append("TEMPORARY PASSWORDS (shown once; give each in person; they must change it at sign-in):")
        lines += [f"    {name:<20} {password}" for name, password in sorted(result.temporary_passwords.items())]
        lines.append("")
    lines += ["NEW RECOVERY KEY (the old one no longer works; print it and lock it away):", "",
              f"    {result.recovery_key}"]
    if result.old_backups:
        lines += ["", f"{len(result.old_backups)} backup(s) in the backups folder were made before the re-key and still "
                      "open with the old key: keep them offline, or delete them once you have checked the workspace."]
    return "\n".join(lines)


def _scheme_source(args: argparse.Namespace) -> list:
    """Shipped schemes, plus the workspace's own when --workspace is given."""
    from .domain.schemes import builtin_schemes
    if not getattr(args, "workspace", None):
        return list(builtin_schemes())
    from .services import assessments
    args.path = args.workspace
    with _open(args) as ws:
        return ws.read(assessments.available_schemes, include_retired=True)


def _pick_scheme(args: argparse.Namespace):
    from .domain.schemes import load_file, pick
    if getattr(args, "scheme_file", None):
        return load_file(args.scheme_file)
    found = pick(_scheme_source(args), args.scheme)
    if found is None:
        raise CliError(f"no scheme {args.scheme!r}; try 'rocta scheme list'", EXIT_USAGE)
    return found


def _describe_scheme(scheme) -> str:
    lines = [f"{scheme.ref}  {scheme.title}", f"method: {scheme.method}; applies to: {', '.join(sorted(scheme.applies_to))}"]
    if scheme.notice:
        lines.append(scheme.notice)
    for section in scheme.sections:
        lines.append(f"\n[{section.id}] {section.title}")
        for f in section.factors:
            extra = "" if f.unknown_allowed else " (must be answered)"
            lines.append(f"  {f.id}: {f.title} [{f.kind.value}, {f.direction.value}]{extra}")
            lines += [f"      {lv.key:<20} {lv.value:>7g}  {lv.label}" for lv in f.levels]
            lines += [f"      {o.key:<20} {o.weight:>7g}  {o.label}" for o in f.options]
            if f.kind.value == "number":
                lines.append(f"      {f.minimum:g} to {f.maximum:g}")
    lines.append("\ncalculations:")
    lines += [f"  {c.id} = {c.expression}" for c in scheme.calculations]
    for b in scheme.bands:
        lines.append(f"band {b.id} of {b.of}: " + ", ".join(f"{x.label} from {x.start:g}" for x in b.bands))
    for m in scheme.matrices:
        lines.append(f"matrix {m.id}: {m.rows} x {m.columns} -> {', '.join(m.outcomes)}")
    o = scheme.outcome
    lines.append(f"outcome: score {o.score}, band {o.band}" + (f", priority {o.priority}" if o.priority else ""))
    lines.append(f"sha256: {scheme.sha256}")
    return "\n".join(lines)


def cmd_scheme(args: argparse.Namespace) -> int:
    from .domain.schemes import load_file
    action = args.scheme_action
    if action == "list":
        schemes = _scheme_source(args)
        rows = [{"ref": s.ref, "id": s.id, "version": s.version, "method": s.method, "title": s.title,
                 "applies_to": sorted(s.applies_to), "sha256": s.sha256} for s in schemes]
        _emit(args, {"schemes": rows}, lambda: "\n".join(
            f"{r['ref']:<28} {r['method']:<8} {r['title']}" for r in rows))
    elif action == "show":
        scheme = _pick_scheme(args)
        _emit(args, json.loads(scheme.text), lambda: _describe_scheme(scheme))
    elif action == "check":
        scheme = load_file(args.file)
        _emit(args, {"ok": True, "ref": scheme.ref, "sha256": scheme.sha256},
              lambda: f"{args.file}: {scheme.ref} is a valid scheme ({len(scheme.factors)} factors)")
    elif action == "import":
        from .services import assessments
        args.path = args.workspace
        with _open(args) as ws:
            ref = ws.write("scheme.import", assessments.import_scheme, Path(args.file))
        _emit(args, {"ok": True, "ref": ref}, lambda: f"imported {ref}")
    return EXIT_OK


def cmd_score(args: argparse.Namespace) -> int:
    """Score answers with a scheme and print the whole result as JSON."""
    from .domain.schemes import score_json
    scheme = _pick_scheme(args)
    try:
        raw = Path(args.answers).read_text(encoding="utf-8") if args.answers != "-" else sys.stdin.read()
    except OSError as exc:
        raise CliError(f"cannot read answers {args.answers}: {exc.strerror}", EXIT_USAGE) from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise CliError(f"{args.answers}: line {exc.lineno}, column {exc.colno}: not valid JSON: {exc.msg}",
                       EXIT_USAGE) from None
    result = score_json(scheme, data)
    print(json.dumps(result.to_json(), ensure_ascii=False, indent=1))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from .exchange.exports import export_return
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise CliError(f"{out}: the return is an Excel workbook: name it .xlsx", EXIT_USAGE)
    if not out.parent.is_dir():
        raise CliError(f"{out.parent}: no such folder", EXIT_USAGE)
    with _open(args) as ws:
        from .domain.markings import Marking
        report, delivered = export_return(ws, out, period=args.period, force=args.force,
                                          ceiling=Marking.parse(args.ceiling) if args.ceiling else None)
    counts = delivered.counts
    data = {"ok": True, "file": str(out), "marking": report.marking.value, "rows": counts, "sha256": delivered.sha256}
    cover = dict(report.cover)
    if "Ceiling" in cover:
        data["ceiling"], data["left_out_above_ceiling"] = cover["Ceiling"], cover["Rows above the ceiling left out"]
    _emit(args, data, lambda: f"Wrote {out} ({report.marking.value}): " +
          ", ".join(f"{n} {k.lower()}" for k, n in counts.items()) +
          (f"; {data['left_out_above_ceiling']} rows above {data['ceiling']} left out" if "ceiling" in data else ""))
    return EXIT_OK


def _read_json(path: str, what: str) -> Any:
    p = Path(path)
    if not p.is_file():
        raise CliError(f"{p}: the {what} does not exist" if not p.exists() else f"{p}: the {what} is a folder",
                       EXIT_USAGE)
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CliError(f"{p.name}: the {what} is not JSON ({exc})", EXIT_USAGE) from None


def _where(p: dict[str, Any]) -> str:
    return f"{p['sheet']}!{p['column']}{p['row']}" if p["column"] else f"{p['sheet']} row {p['row']}"


def cmd_import(args: argparse.Namespace) -> int:
    """Validate a spreadsheet and import it (all or nothing unless --valid-only)."""
    from .exchange import xlsx_import
    from .services import imports
    content = _read_json(args.mapping, "mapping file") if args.mapping else None
    settings = content if isinstance(content, dict) else {}
    data = xlsx_import.read_for_import(args.file, args.kind, sheet=args.sheet or settings.get("sheet"),
                                       header_row=args.header_row or settings.get("header_row"))
    mapping, left_out = (imports.mapping_from_file(content, args.kind, data.headers, Path(args.mapping).name)
                         if content is not None else (None, ()))
    args.path = args.workspace
    with _open(args) as ws:
        plan, outcome = imports.run(ws, args.kind, data, mapping=mapping, left_out=left_out, dry_run=args.dry_run,
                                    valid_only=args.valid_only)
    if args.save_mapping:
        Path(args.save_mapping).write_text(json.dumps(imports.mapping_file(args.kind, data, plan.mapping), indent=1,
                                                      ensure_ascii=False), encoding="utf-8")
    report = plan.to_json()
    if args.dry_run:
        print(json.dumps(report, default=_jsonable, ensure_ascii=False, indent=1))
        return EXIT_OK if not plan.problems else EXIT_FAIL
    said = [f"  note: {n}" for n in report["notes"]] + [f"  {_where(w)}: {w['message']}" for w in report["warnings"]]
    report.update(imported=len(outcome.created), committed=outcome.committed)
    if not outcome.committed:
        lines = [f"Nothing imported: {len(plan.bad_rows)} rows of {plan.total} have problems "
                 "(use --valid-only to import the others):"]
        lines += [f"  {_where(p)}: {p['message']}" for p in report["problems"][:50]]
        _emit(args, report, lambda: "\n".join(lines + said))
        return EXIT_FAIL
    report["possible_duplicates"] = outcome.duplicates
    dupes = (f"\n{len(outcome.duplicates)} possible duplicates of records already here: rocta duplicates "
             f"{args.workspace} --kind {imports.KIND_OF[args.kind].value}" if outcome.duplicates else "")
    _emit(args, report, lambda: "\n".join([f"Imported {len(outcome.created)} {args.kind} from {data.source}; "
                                            f"{outcome.skipped} already present; {outcome.refused_rows} rows left "
                                            f"out.{dupes}"] + said))
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from .exchange.exports import export_report
    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise CliError(f"{out}: a report is a PDF: name it .pdf", EXIT_USAGE)
    if not out.parent.is_dir():
        raise CliError(f"{out.parent}: no such folder", EXIT_USAGE)
    with _open(args) as ws:
        data, _ = export_report(ws, args.report_kind, out, subject=getattr(args, "subject", None),
                                top=getattr(args, "top", 10), period=getattr(args, "period", None))
    _emit(args, {"ok": True, "file": str(out), "marking": data.marking.value},
          lambda: f"Wrote {out} ({data.marking.value})")
    return EXIT_OK


def cmd_chart(args: argparse.Namespace) -> int:
    """The link chart around a group, nominal or vulnerability, written by the file's extension: GraphML,
    a PDF, PNG or SVG picture of its page (marked top and bottom), or an i2 spreadsheet (.xlsx); marked
    with the highest marking of what it shows; the export audited."""
    from .exchange.chart_export import FORMATS, export_chart
    out = Path(args.out)
    if out.suffix.lower() not in FORMATS:
        raise CliError(f"{out}: a chart is written as GraphML, PDF, PNG, SVG or an i2 spreadsheet: name it "
                       ".graphml, .pdf, .png, .svg or .xlsx", EXIT_USAGE)
    if not out.parent.is_dir():
        raise CliError(f"{out.parent}: no such folder", EXIT_USAGE)
    with _open(args) as ws:
        chart, delivered = export_chart(ws, args.reference, out, depth=args.depth, layout_as=args.layout,
                                        saved=args.saved)
    people = [{"reference": k.reference, "name": k.label, "degree": k.degree, "betweenness": k.betweenness,
               "groups": list(k.groups), "why": list(k.reasons)} for k in chart.key_people]
    _emit(args, {"ok": True, "file": str(out), "format": FORMATS[out.suffix.lower()], "marking": chart.marking.value,
                 "start": chart.start, "depth": chart.depth, "layout": chart.layout_name, "counts": chart.counts,
                 "left_out": dict(chart.left_out), "sha256": delivered.sha256, "key_people": people},
          lambda: "\n".join([f"Wrote {out} ({chart.marking.value}): {len(chart.nodes)} records, "
                             f"{len(chart.edges)} links around {chart.title}"
                             + (f", as saved layout {chart.layout_name!r} arranges it" if chart.layout_name else "")]
                            + (["Key people:"] if people else [])
                            + [f"  {p['reference']:<16} {p['name'][:40]:<40} {' '.join(p['why'])}" for p in people[:10]]))
    return EXIT_OK


def cmd_restrict(args: argparse.Namespace) -> int:
    """Limit a record to named people and teams (or lift the limit)."""
    from .services import access
    with _open(args) as ws:
        kind, ident = ws.read(access.record_by_reference, args.reference)
        if args.lift:
            ws.write("record.unrestrict", access.unrestrict, kind, ident)
            data = {"ok": True, "reference": args.reference.upper(), "restricted": False}
        else:
            if not args.reason:
                raise CliError("say why the record is restricted: --reason TEXT")
            ws.write("record.restrict", access.restrict, kind, ident, args.reason, users=args.allow or (),
                     teams=args.team or ())
            data = {"ok": True, "reference": args.reference.upper(), "restricted": True,
                    **ws.read(access.restriction_of, kind, ident)}
    _emit(args, data, lambda: f"{data['reference']}: " + (
        "restriction lifted" if not data["restricted"] else
        f"restricted to {', '.join(data['users'] + [f'team {t}' for t in data['teams']])} ({data['reason']})"))
    return EXIT_OK


def cmd_teams(args: argparse.Namespace) -> int:
    from .services import access
    with _open(args) as ws:
        if args.teams_action == "add":
            ws.write("team.create", access.create_team, args.name, args.member or ())
        elif args.teams_action in ("join", "leave"):
            for user in args.member or ():
                ws.write("team.members", access.set_team_member, args.name, user, args.teams_action == "join")
        rows = ws.read(access.teams)
    _emit(args, {"teams": rows}, lambda: "\n".join(f"{t['name']}: {', '.join(t['members']) or '(nobody)'}"
                                                     for t in rows) or "no teams")
    return EXIT_OK


def cmd_exchange(args: argparse.Namespace) -> int:
    """Cards, partners and packages between the region's workspaces."""
    from .services import packages
    action = args.exchange_action
    if action == "import":
        args.path = args.workspace
        if not args.path:
            raise CliError("name the workspace: --workspace PATH")
    with _open(args) as ws:
        if action == "card":
            card = ws.write("exchange.card", packages.make_card)
            Path(args.out).write_text(json.dumps(card, indent=1))
            _emit(args, card, lambda: f"Card of {card['name']} written to {args.out}\n"
                                      f"Fingerprint (read it out to the partner): {card['fingerprint']}")
            return EXIT_OK
        if action == "partner":
            if args.partner_action == "list":
                rows = ws.read(packages.partners)
                _emit(args, {"partners": rows}, lambda: "\n".join(
                    f"{r['name']:<28} {r['workspace_id']}  ceiling {r['ceiling']:<18} sent {r['last_sent']:>3}  "
                    f"received {r['last_received']:>3}  {r['fingerprint']}" for r in rows) or "no partners yet")
                return EXIT_OK
            try:
                card = json.loads(Path(args.card).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CliError(f"cannot read the card {args.card}: {exc}") from None
            info = ws.write("exchange.partner", packages.add_partner, card, ceiling=args.ceiling)
            _emit(args, info, lambda: f"Partner {info['name']} registered; nothing above {info['ceiling']} is sent to "
                                      f"them.\nCompare this fingerprint with them by phone: {info['fingerprint']}")
            return EXIT_OK
        if action == "export":
            from .domain.markings import Marking
            subjects = [r for r in (args.subjects or "").replace(",", " ").split() if r] or None
            info = packages.export_package(ws, args.to, Path(args.out), since_last=not args.all, subjects=subjects,
                                           ceiling=Marking.parse(args.ceiling) if args.ceiling else None)
            _emit(args, info, lambda: f"Package {info['seq']} for {info['partner']} written to {info['file']} "
                                      f"({info['marking']}; nothing above {info['ceiling']}): "
                                      + ", ".join(f"{n} {k}" for k, n in info["counts"].items() if n))
            return EXIT_OK
        if action == "import":
            report = packages.import_package(ws, Path(args.file), dry_run=args.dry_run)
            data = report.to_json()
            _emit(args, data, lambda: (("Dry run (nothing changed): " if args.dry_run else "Imported: ")
                                       + f"package {data['seq']} from {data['partner']} ({data['marking']}); new: "
                                       + (", ".join(f"{n} {k}" for k, n in data["new"].items()) or "none")
                                       + f"; updated: {sum(data['updated'].values())}; unchanged: {data['unchanged']}; "
                                       + f"conflicts: {len(data['conflicts'])}; likely duplicates: "
                                       + f"{len(data['likely_duplicates'])} (rocta duplicates)"
                                       + "".join(f"\n  merge: {m}" for m in data["merges"])
                                       + "".join(f"\n  merge not made: {m}" for m in data["merges_not_applied"])))
            return EXIT_OK
        if action == "conflicts":
            if args.resolve is not None:
                value = json.loads(args.value) if args.value is not None else None
                ws.write("exchange.conflict", packages.resolve_conflict, args.resolve, args.take, value)
            rows = ws.read(packages.conflicts)
            _emit(args, {"conflicts": rows}, lambda: "\n".join(
                f"#{r['id']} {r['reference']} {r['field']}: here {r['local']!r}, {r['partner']} {r['incoming']!r} "
                f"({r['incoming_by']})" for r in rows) or "no open conflicts")
            return EXIT_OK
    raise CliError(f"unknown exchange action {action}")


def _pair_line(p: dict[str, Any]) -> str:
    a, b = p["a"], p["b"]
    later = " (decide later)" if p["decision"] == "later" else ""
    return (f"{p['score']:3d}  {a['reference']} {a['name']}  <->  {b['reference']} {b['name']}{later}\n"
            f"     {'; '.join(p['reasons'])}")


def cmd_duplicates(args: argparse.Namespace) -> int:
    """Possible duplicates (ranked, with reasons), or an analyst's decision on one pair."""
    from .services import duplicates
    with _open(args) as ws:
        if args.not_same or args.later:
            a, b = args.not_same or args.later
            decision = "not_same" if args.not_same else "later"
            ws.write("duplicates.decide", duplicates.decide, a, b, decision)
            _emit(args, {"ok": True, "pair": [a.upper(), b.upper()], "decision": decision},
                  lambda: f"{a.upper()} and {b.upper()}: " + ("not the same (never suggested again)"
                                                              if decision == "not_same" else "decide later"))
            return EXIT_OK
        found = ws.read(duplicates.candidates, args.kind, limit=args.limit)
    st = found["stats"]
    _emit(args, found, lambda: "\n".join(
        [f"{len(found['pairs'])} possible duplicate {args.kind} pairs among {st['records']} records "
         f"({st['compared']:,} comparisons in {st['blocks']:,} blocks instead of {st['all_pairs']:,}; "
         f"{st['seconds']} s)"] + [_pair_line(p) for p in found["pairs"]]))
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    """Search everything, as Ctrl+K does: results grouped by kind, with why each matched."""
    from .services import search
    with _open(args) as ws:
        found = ws.read(search.search, args.text, limit_per_kind=args.limit)
    lines = []
    for kind, hits in found.items():
        lines.append(f"{search.KINDS[kind]} ({len(hits)})")
        lines += [f"  {h['reference']:<20} {h['title'][:60]:<60} {h['marking']:<18} {h['why']}"
                  + (f": {h['detail']}" if h["detail"] else "") for h in hits]
    _emit(args, {"text": args.text, "results": found},
          lambda: "\n".join(lines) or f"Nothing you may see matches {args.text!r}.")
    return EXIT_OK


def cmd_assess_prefill(args: argparse.Namespace) -> int:
    """The answers a scheme takes from the register for a subject, with where each came from."""
    from .services import prefill
    with _open(args) as ws:
        result = ws.read(prefill.suggestions, args.reference, args.scheme)
    _emit(args, result, lambda: "\n".join(
        [f"{result['subject']}, {result['scheme']}: {len(result['suggestions'])} answers from the register"
         + ("" if result["has_rules"] else " (this scheme takes nothing from the register)")]
        + [f"  {s['title']}: {s['answer']}  <- {s['source']}" for s in result["suggestions"]]))
    return EXIT_OK


def cmd_merge(args: argparse.Namespace) -> int:
    """Merge OTHER into KEEP (undone with rocta unmerge)."""
    from .services import duplicates
    with _open(args) as ws:
        result = ws.write("merge", duplicates.merge, args.keep, args.other)
    moved = ", ".join(f"{n} {what}" for what, n in result["moved"].items()) or "nothing to move"
    _emit(args, result, lambda: f"{result['other']} merged into {result['keep']} as {result['reference']} "
                                f"({moved}; marked {result['marking']}). Undo: rocta unmerge {args.path} "
                                f"{result['reference']}")
    return EXIT_OK


def cmd_unmerge(args: argparse.Namespace) -> int:
    from .services import duplicates
    with _open(args) as ws:
        if args.merge is None:
            rows = ws.read(duplicates.merges)
            _emit(args, {"merges": rows}, lambda: "\n".join(
                f"{m['reference']}  {m['other']} -> {m['keep']}  {m['merged_at']:%Y-%m-%d %H:%M}"
                + ("  (undone)" if m["undone_at"] else "") for m in rows) or "no merges")
            return EXIT_OK
        result = ws.write("unmerge", duplicates.unmerge, args.merge)
    _emit(args, result, lambda: "\n".join([f"{result['reference']} undone: {result['other']} and {result['keep']} "
                                            "are separate records again"] + [f"  not restored: {x}"
                                                                            for x in result["left"]]))
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from .services import backup
    with _open(args) as ws:
        info = backup.create_backup(ws, Path(args.out))
    data = {"ok": True, "file": str(info.path), "bytes": info.size, "schema": info.schema}
    _emit(args, data, lambda: f"Backup written and verified: {info.path} ({info.size:,} bytes)")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from .services import backup, maintenance
    folder = backup.restore_backup(Path(args.file), Path(args.to))
    data: dict[str, Any] = {"ok": True, "restored_to": str(folder)}
    if args.user or os.environ.get("ROCTA_USER") or args.recovery_key_file:
        args.path = str(folder)
        with _open(args) as ws:
            checks = maintenance.verify(ws)
        data["verified"] = all(c.ok for c in checks)
        data["checks"] = [{"name": c.name, "ok": c.ok, "details": c.details} for c in checks]
    _emit(args, data, lambda: f"Restored to {folder}" + (
        "" if "verified" not in data else "; verify: " + ("no problems found" if data["verified"] else "PROBLEMS")))
    return EXIT_OK if data.get("verified", True) else EXIT_FAIL


# ------------------------------------------------------------------ parser

def _auth(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", help="workspace folder (e.g. region.rocta)")
    p.add_argument("--user", help="username (or ROCTA_USER)")
    p.add_argument("--password-file", help="file whose first line is the password, or - for stdin "
                                           "(or set ROCTA_PASSWORD)")
    p.add_argument("--recovery-key-file", help="open with the recovery key read from this file instead")
    p.add_argument("--json", action="store_true", help="machine-readable output")


SERVER_HELP = ("put the workspace on a PostgreSQL server (postgresql://host[:port]/database?sslmode=verify-full"
               "&sslrootcert=CA.pem): an empty database owned by the administrator's server role, whose password "
               "is the administrator's; PATH becomes this computer's profile of it")


def cmd_server_migrate(args: argparse.Namespace) -> int:
    from .services import server
    before, after = server.migrate_server(Path(args.path), _username(args), _password(args))
    _emit(args, {"path": args.path, "from": before, "to": after},
          lambda: f"Server schema {before} -> {after}" if before != after else f"Server schema already at {after}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="rocta", description="ROCTA Desktop command line")
    parser.add_argument("--version", action="version", version=f"rocta {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("init", help="create a new encrypted workspace")
    p.add_argument("path")
    p.add_argument("--user", help="first administrator's username")
    p.add_argument("--display-name")
    p.add_argument("--name", help="workspace name (default: folder name)")
    p.add_argument("--prefix", help="origin prefix for references across the region, e.g. NMP (NMP/OCG-2026-0001)")
    p.add_argument("--server", metavar="URL", help=SERVER_HELP)
    p.add_argument("--password-file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("server", help="the regional server mode (PostgreSQL): a workspace on a server, its upgrades")
    ssub = p.add_subparsers(dest="server_command", required=True, parser_class=_Parser)
    q = ssub.add_parser("init", help="create a workspace on a PostgreSQL server (as rocta init --server)")
    q.add_argument("server", metavar="URL", help=SERVER_HELP)
    q.add_argument("path", help="this computer's profile of it (a new folder)")
    q.add_argument("--admin", dest="user", help="the first administrator: the database owner's role")
    q.add_argument("--display-name")
    q.add_argument("--name", help="workspace name (default: folder name)")
    q.add_argument("--prefix", help="origin prefix for references across the region, e.g. NMP")
    q.add_argument("--password-file")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_init)
    q = ssub.add_parser("migrate", help="upgrade the server's schema to this version (as the database's owner)")
    _auth(q)
    q.set_defaults(func=cmd_server_migrate)

    p = sub.add_parser("demo", help="create a workspace filled with a fictional demo region")
    p.add_argument("path")
    p.add_argument("--prefix", help="origin prefix for references across the region, e.g. NMP")
    p.add_argument("--server", metavar="URL", help=SERVER_HELP)
    p.add_argument("--groups", type=int, default=60)
    p.add_argument("--nominals", type=int, default=400)
    p.add_argument("--vulnerabilities", type=int, default=None)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--user", help="administrator username (default admin)")
    p.add_argument("--name")
    p.add_argument("--password-file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("info", help="describe a workspace")
    _auth(p)
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("verify", help="integrity, foreign-key, cipher, key-file, signed audit trail and head checks")
    _auth(p)
    p.add_argument("--witness", action="append", metavar="FILE",
                   help="also check the trail reaches the audit head this file carries (a backup, a return, "
                        "an exchange package or an audit-head.json); may be repeated")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("users", help="manage accounts (administrators only)")
    usub = p.add_subparsers(dest="users_action", required=True, parser_class=_Parser)
    for name, helptext in (("list", "list accounts"), ("add", "add an account"),
                           ("disable", "disable an account and remove its key slot"),
                           ("enable", "re-enable an account with a new password"),
                           ("reset-password", "set a new password (user must change it)"),
                           ("set-role", "change an account's role"),
                           ("set-clearance", "change the highest marking an account may see"),
                           ("recovery-key", "replace the recovery key"),
                           ("rekey", "re-encrypt the database with a new key: no old key file opens it; "
                                     "other users get temporary passwords, and a new recovery key")):
        q = usub.add_parser(name, help=helptext)
        _auth(q)
        if name == "rekey":  # the workspace may also be named with --workspace
            q._actions[[a.dest for a in q._actions].index("path")].nargs = "?"
            q.add_argument("--workspace", help="workspace folder (instead of PATH)")
        if name not in ("list", "recovery-key", "rekey"):
            q.add_argument("username")
        if name == "disable":
            q.add_argument("--rekey", action="store_true",
                           help="then re-key the database, so no old copy of their key slot opens it")
        if name in ("add", "set-role"):
            q.add_argument("--role", required=(name == "set-role"), default="analyst",
                           choices=["analyst", "supervisor", "administrator"])
        if name == "add":
            q.add_argument("--display-name")
        if name in ("add", "set-clearance"):
            q.add_argument("--clearance", required=(name == "set-clearance"),
                           choices=["OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET"],
                           help="the highest marking they may see (default for a new account: OFFICIAL-SENSITIVE)")
        if name in ("add", "enable", "reset-password"):
            q.add_argument("--new-password-file", help="file with the new password (or ROCTA_NEW_PASSWORD)")
        q.set_defaults(func=cmd_users)

    p = sub.add_parser("import", help="import groups, nominals, trigger reports or disruptions (as drafts) "
                                      "from a spreadsheet")
    p.add_argument("kind", choices=["groups", "nominals", "triggers", "disruptions"])
    p.add_argument("file", help=".xlsx, .xls or .ods")
    p.add_argument("--workspace", required=True, help="workspace folder")
    p.add_argument("--sheet", help="sheet name (default: the first visible sheet; a hidden sheet only by name)")
    p.add_argument("--header-row", type=int, metavar="N",
                   help="the row holding the column headers (default: found, past any title rows)")
    p.add_argument("--mapping", metavar="FILE.json",
                   help='columns to fields: {"columns": {"Forename(s)": "forenames", "G": null, ...}} '
                        "(the file --save-mapping or the import screen's Save mapping writes)")
    p.add_argument("--save-mapping", metavar="FILE.json", help="write the mapping used, to edit and reuse")
    p.add_argument("--dry-run", action="store_true", help="validate only and print the report as JSON")
    p.add_argument("--valid-only", action="store_true", help="import the valid rows even if others have problems")
    p.add_argument("--user")
    p.add_argument("--password-file")
    p.add_argument("--recovery-key-file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("report", help="printed reports (PDF): assessment pack, T&CG pack, threat profile")
    rsub = p.add_subparsers(dest="report_kind", required=True, parser_class=_Parser)
    q = rsub.add_parser("pack", help="the assessment pack of one subject")
    _auth(q)
    q.add_argument("subject", help="the subject's reference, e.g. OCG-2026-0001")
    q.add_argument("--out", required=True, help="the PDF to write")
    q.set_defaults(func=cmd_report)
    q = rsub.add_parser("tcg", help="the T&CG pack: priority list, changes, decisions, capacity, top subjects")
    _auth(q)
    q.add_argument("--top", type=int, default=10, help="subject packs for the top N threats (default 10)")
    q.add_argument("--out", required=True, help="the PDF to write")
    q.set_defaults(func=cmd_report)
    q = rsub.add_parser("profile", help="the regional threat profile for a period")
    _auth(q)
    q.add_argument("--period", help="2026-Q3, 2026-09, 2026 or a range (default: last full quarter)")
    q.add_argument("--out", required=True, help="the PDF to write")
    q.set_defaults(func=cmd_report)

    p = sub.add_parser("restrict", help="limit a record to named people and teams (need to know), or lift it")
    _auth(p)
    p.add_argument("reference", help="OCG-/NOM-/VUL- subject, ASM- assessment, TRG- trigger, IR- requirement, DSR-")
    p.add_argument("--reason", help="why (e.g. the operation); required to restrict")
    p.add_argument("--allow", action="append", metavar="USER", help="a person who may see it (repeatable)")
    p.add_argument("--team", action="append", metavar="TEAM", help="a team whose members may see it (repeatable)")
    p.add_argument("--lift", action="store_true", help="lift the restriction instead")
    p.set_defaults(func=cmd_restrict)

    p = sub.add_parser("exchange", help="one regional picture: workspace cards, partners and exchange packages")
    xsub = p.add_subparsers(dest="exchange_action", required=True, parser_class=_Parser)
    q = xsub.add_parser("card", help="write this workspace's card (its id, prefix and public keys) for partners")
    _auth(q)
    q.add_argument("--out", required=True, help="the card file to write (.json)")
    q.set_defaults(func=cmd_exchange)
    q = xsub.add_parser("partner", help="register a partner from its card, or list partners")
    q.add_argument("partner_action", choices=["add", "list"])
    _auth(q)
    q.add_argument("card", nargs="?", help="the partner's card (for add)")
    q.add_argument("--ceiling", default="OFFICIAL-SENSITIVE", choices=["OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET"],
                   help="nothing marked above this is ever sent to them (default OFFICIAL-SENSITIVE)")
    q.set_defaults(func=cmd_exchange)
    q = xsub.add_parser("export", help="write the next package for a partner (encrypted to them, signed by you)")
    _auth(q)
    q.add_argument("--to", required=True, help="the partner: its workspace id (as on its card) or its name")
    q.add_argument("--out", required=True, help="the package file to write (.roctapkg)")
    q.add_argument("--ceiling", choices=["OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET"],
                   help="send nothing above this (never above the partner's own ceiling)")
    which = q.add_mutually_exclusive_group()
    which.add_argument("--since-last", action="store_true", help="what changed since the last package to them (default)")
    which.add_argument("--all", action="store_true", help="everything they may receive")
    q.add_argument("--subjects", help="only these subjects (references, comma or space separated) and what hangs off them")
    q.set_defaults(func=cmd_exchange)
    q = xsub.add_parser("import", help="check and merge a package from a partner (all or nothing)")
    q.add_argument("file")
    q.add_argument("--workspace", required=True)
    q.add_argument("--user", help="username (or ROCTA_USER)")
    q.add_argument("--password-file")
    q.add_argument("--recovery-key-file")
    q.add_argument("--dry-run", action="store_true", help="say what would change; change nothing")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_exchange)
    q = xsub.add_parser("conflicts", help="fields changed here and at a partner since the last exchange")
    _auth(q)
    q.add_argument("--resolve", type=int, metavar="ID", help="settle this conflict")
    q.add_argument("--take", choices=["local", "incoming", "value"], default="local")
    q.add_argument("--value", help="the combined value (JSON) with --take value")
    q.set_defaults(func=cmd_exchange)

    p = sub.add_parser("teams", help="teams records can be restricted to (administrators manage them)")
    tsub = p.add_subparsers(dest="teams_action", required=True, parser_class=_Parser)
    for name, helptext in (("list", "list teams and members"), ("add", "create a team"),
                           ("join", "add members to a team"), ("leave", "remove members from a team")):
        q = tsub.add_parser(name, help=helptext)
        _auth(q)
        if name != "list":
            q.add_argument("name")
            q.add_argument("--member", action="append", metavar="USER")
        q.set_defaults(func=cmd_teams)

    p = sub.add_parser("duplicates", help="possible duplicate nominals or groups, ranked with their reasons")
    _auth(p)
    p.add_argument("--kind", choices=["nominal", "group"], default="nominal")
    p.add_argument("--limit", type=int, default=500, help="at most this many pairs (default 500)")
    decide = p.add_mutually_exclusive_group()
    decide.add_argument("--not-same", nargs=2, metavar=("REF", "REF"),
                        help="these two are different people (or groups): never suggest them again")
    decide.add_argument("--later", nargs=2, metavar=("REF", "REF"), help="decide this pair later")
    p.set_defaults(func=cmd_duplicates)

    p = sub.add_parser("search", help="search everything: references, names, aliases, identifiers, dates of "
                                      "birth, operation names and free text, grouped by kind")
    _auth(p)
    p.add_argument("text", help="what to look for (a reference, name, PNC ID, phone, vehicle, 28/11/1990, words)")
    p.add_argument("--limit", type=int, default=25, help="at most this many of each kind (default 25)")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("assess", help="assessments: the answers a scheme takes from the register")
    asub = p.add_subparsers(dest="action", required=True, parser_class=_Parser)
    q = asub.add_parser("prefill", help="the answers a scheme takes from the register for a subject, with sources")
    _auth(q)
    q.add_argument("reference", help="the subject's reference (e.g. OCG-2026-0001)")
    q.add_argument("--scheme", required=True, help="scheme id or id@version (rocta scheme list)")
    q.set_defaults(func=cmd_assess_prefill)

    p = sub.add_parser("merge", help="merge OTHER into KEEP: links, memberships, identifiers, aliases, "
                                     "assessments and history move; undone with unmerge")
    _auth(p)
    p.add_argument("keep", help="the record kept (reference)")
    p.add_argument("other", help="the record merged into it and archived (reference)")
    p.set_defaults(func=cmd_merge)

    p = sub.add_parser("unmerge", help="undo a merge exactly: both records as they were")
    _auth(p)
    p.add_argument("merge", help="the merge (MRG-..., as rocta merge or rocta merges printed it)")
    p.set_defaults(func=cmd_unmerge)

    p = sub.add_parser("merges", help="list the merges made here, newest first")
    _auth(p)
    p.set_defaults(func=cmd_unmerge, merge=None)

    p = sub.add_parser("chart", help="the link chart around a group, nominal or vulnerability (members, "
                                     "associates, linked groups, vulnerabilities; marked), as GraphML, PDF, PNG, "
                                     "SVG or an i2 spreadsheet, by the file's extension")
    _auth(p)
    p.add_argument("reference", help="the record the chart starts from (OCG-..., NOM-..., VUL-...)")
    p.add_argument("--out", required=True, help="the file to write: .graphml (Gephi, yEd), .pdf, .png or .svg (the "
                                                "chart's page, marked top and bottom) or .xlsx (Entities and Links "
                                                "sheets for i2 Analyst's Notebook)")
    p.add_argument("--saved", metavar="NAME", help="arranged as the layout saved with the record under this name "
                                                   "(its depth, positions, hidden kinds and filters)")
    p.add_argument("--depth", type=int, choices=[1, 2], default=1, help="steps from the record (default 1)")
    p.add_argument("--layout", choices=["network", "structure"],
                   help="positions stored in the file: network (spring) or structure (layered by role; "
                        "the default for a group)")
    p.set_defaults(func=cmd_chart)

    p = sub.add_parser("backup", help="write one verified backup file (encrypted database and key slots)")
    _auth(p)
    p.add_argument("--out", required=True, help="the backup file (.roctabackup)")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="bring a backup back into a new workspace folder (and verify it)")
    p.add_argument("file", help="a .roctabackup file")
    p.add_argument("--to", required=True, help="a new folder for the restored workspace")
    p.add_argument("--user", help="sign in afterwards to verify it (or ROCTA_USER)")
    p.add_argument("--password-file")
    p.add_argument("--recovery-key-file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("export", help="write files for others: the return to regional tasking")
    esub = p.add_subparsers(dest="export_kind", required=True, parser_class=_Parser)
    q = esub.add_parser("return", help="the Excel return to regional tasking")
    _auth(q)
    q.add_argument("--out", required=True, help="the workbook to write (.xlsx)")
    q.add_argument("--period", help="2026-Q3, 2026-09, 2026 or 2026-07-01..2026-09-30 (default: last full quarter)")
    q.add_argument("--force", help="only this force's subjects and referrals (force code)")
    q.add_argument("--ceiling", choices=["OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET"],
                   help="leave out every row marked above this (for recipients cleared lower); the cover says "
                        "how many")
    q.set_defaults(func=cmd_export)

    p = sub.add_parser("scheme", help="assessment schemes: list, show, check a file, import into a workspace")
    ssub = p.add_subparsers(dest="scheme_action", required=True, parser_class=_Parser)
    for name, helptext in (("list", "list schemes (shipped, and the workspace's with --workspace)"),
                           ("show", "show a scheme's factors, calculations, bands and matrices"),
                           ("check", "check a scheme file and say exactly what is wrong"),
                           ("import", "import a checked scheme file into a workspace")):
        q = ssub.add_parser(name, help=helptext)
        if name == "show":
            q.add_argument("scheme", help="ID or ID@VERSION")
            q.add_argument("--scheme-file", help="show this file instead")
        if name in ("check", "import"):
            q.add_argument("file")
        _workspace_options(q, required=(name == "import"))
        q.add_argument("--json", action="store_true")
        q.set_defaults(func=cmd_scheme)

    p = sub.add_parser("score", help="score an answers file with a scheme; prints the result as JSON")
    p.add_argument("--scheme", help="ID or ID@VERSION (newest version when omitted)")
    p.add_argument("--scheme-file", help="a scheme file instead of a shipped or imported scheme")
    p.add_argument("--answers", required=True, help="answers JSON file, or - for stdin")
    _workspace_options(p, required=False)
    p.set_defaults(func=cmd_score)

    from .cli_calibration import add_commands as add_calibration  # issue #25: rocta calibration ...
    add_calibration(sub, auth=_auth, parser_class=_Parser, open_ws=_open, emit=_emit, error=CliError)
    return parser


def _workspace_options(p: argparse.ArgumentParser, *, required: bool) -> None:
    p.add_argument("--workspace", required=required, help="workspace folder (for its imported schemes)")
    p.add_argument("--user", help="username (or ROCTA_USER)")
    p.add_argument("--password-file", help="file with the password, or - for stdin (or ROCTA_PASSWORD)")
    p.add_argument("--recovery-key-file", help="open with the recovery key read from this file instead")


def main(argv: Sequence[str] | None = None) -> int:
    from .domain.schemes import SchemeError
    from .exchange.xlsx_import import SpreadsheetError
    from .services.folders import MigrationDeclined, SignInError, WorkspaceError  # light: no database layer
    args = None
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        return args.func(args)
    except CliError as exc:
        return _fail(args, str(exc), exc.code)
    except SchemeError as exc:
        return _fail(args, f"scheme rejected: {exc}", EXIT_USAGE)
    except SpreadsheetError as exc:
        return _fail(args, f"spreadsheet refused: {exc}", EXIT_USAGE)
    except ValidationError as exc:
        return _fail(args, "invalid input: " + "; ".join(str(p) for p in exc.problems), EXIT_USAGE)
    except (WorkspaceError, NotFound) as exc:
        return _fail(args, str(exc), EXIT_USAGE)
    except (SignInError, PermissionDenied, Conflict, MigrationDeclined) as exc:
        return _fail(args, str(exc), EXIT_FAIL)
    except RoctaError as exc:
        return _fail(args, str(exc), EXIT_FAIL)
    except KeyboardInterrupt:
        return _fail(args, "interrupted", EXIT_FAIL)
    except OSError as exc:  # a file or folder the command was given cannot be read or written
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        return _fail(args, f"{exc.strerror or exc}{where}", EXIT_FAIL)
    except Exception as exc:
        return _fail(args, f"unexpected error ({type(exc).__name__}): {exc}", EXIT_FAIL)


def _fail(args: argparse.Namespace | None, message: str, code: int) -> int:
    print(f"rocta: error: {message}", file=sys.stderr)
    if args is not None and getattr(args, "json", False):
        print(json.dumps({"ok": False, "error": message, "exit_code": code}))
    return code


if __name__ == "__main__":
    sys.exit(main())
