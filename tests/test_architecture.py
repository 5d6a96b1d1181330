"""The floors hold (issue #23): the import-linter contracts in pyproject.toml (domain -> store ->
services -> exchange -> gui; no Qt below the GUI, no SQL in the domain, no store in the GUI, GUI
features independent of each other), and no module imports itself round a circle."""

from __future__ import annotations

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
