"""The floors hold (issue #23): the import-linter contracts in pyproject.toml (domain -> store ->
services -> exchange -> gui; no Qt below the GUI, no SQL in the domain, no store in the GUI, GUI
features independent of each other), and no module imports itself round a circle."""

from __future__ import annotations

import re
from pathlib import Path

import grimp
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]


def test_the_import_linter_contracts_are_kept(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert lint_imports(no_cache=True) == 0, "run lint-imports for the broken contract"


def test_no_module_imports_itself_round_a_circle():
    graph = grimp.build_graph("rocta_desktop", exclude_type_checking_imports=True)
    circles = set()
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            if not imported.startswith("rocta_desktop") or imported == module:
                continue
            chain = graph.find_shortest_chain(importer=imported, imported=module)
            if chain:
                circle = (module, *chain)
                start = circle.index(min(circle[:-1]))
                circles.add(" -> ".join((*circle[start:-1], *circle[:start], circle[start])))
    assert not circles, "\n".join(sorted(circles))


PACKAGE = ROOT / "rocta_desktop"


def test_imports_leave_bulk_sql_to_the_store():
    """The spreadsheet importer (services/imports/) writes through store/bulk.py: no SQL text of its
    own, and nothing borrowed from the demo generator."""
    offences = []
    for path in sorted((PACKAGE / "services" / "imports").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        for pattern in (r"from sqlalchemy import [^\n]*\btext\b", r"\binsert_sql\b", r"\bdemo\b",
                        r"(?i)\"(?:INSERT INTO|SELECT max)"):
            for match in re.finditer(pattern, source):
                line = source.count("\n", 0, match.start()) + 1
                offences.append(f"{path.relative_to(ROOT)}:{line}: {match.group()}")
    assert not offences, "\n".join(offences)


def test_every_noqa_says_why():
    """A `# noqa` in the application carries its reason on the same line (`# noqa: B008 - why`);
    a whole-file `# ruff: noqa` is only for generated code, which says so on the next line."""
    unexplained = []
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if "noqa" not in line:
                continue
            where = f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
            if re.match(r"#\s*ruff:\s*noqa\b", line.strip()):
                if number != 1 or len(lines) < 2 or "generated" not in lines[1].lower():
                    unexplained.append(where)
                continue
            reason = re.search(r"#\s*noqa(?::\s*[A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)?\s*(.*)$", line)
            if reason is None or len(reason.group(1).strip(" -—:")) < 8:
                unexplained.append(where)
    assert not unexplained, "\n".join(unexplained)


#: the only places a screen calls the workspace's `write` itself: the runner; a `FormDialog`'s
#: `submit`, which `FormDialog.run_submit` runs through the runner; and the best-effort note that a
#: sensitive record was viewed (gui/security.py `note_view`: a failure there must not stop the view)
_WRITES_ALLOWED_IN = {"submit", "note_view"}


def test_every_save_from_a_screen_goes_through_the_runner():
    """No screen writes to the workspace by itself (`self.ws.write(...)` with its own try/except):
    saves go through `gui/ops.Runner` (busy state, problems under their fields, failures shown one
    way). Found by walking every GUI module's syntax tree."""
    import ast
    gui = Path(__file__).parents[1] / "rocta_desktop" / "gui"
    found = []
    for path in sorted(gui.rglob("*.py")):
        if path.name == "ops.py" or "forms" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))

        def visit(node: ast.AST, where: str, path: Path = path) -> None:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                where = node.name
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "write"
                    and ast.unparse(node.func.value).split(".")[-1] in ("ws", "workspace")
                    and where not in _WRITES_ALLOWED_IN):
                found.append(f"{path.relative_to(gui)}:{node.lineno} in {where}(): {ast.unparse(node)[:80]}")
            for child in ast.iter_child_nodes(node):
                visit(child, where)
        visit(tree, "<module>")
    assert found == [], "\n".join(found)
