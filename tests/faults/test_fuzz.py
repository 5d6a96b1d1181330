"""Fuzzing the two parsers that take files from outside: the spreadsheet importer and the scheme
loader. Whatever comes in, the answer is a clear error or a clean result: never a crash, never a
partial write. Budget: a fixed number of examples per run (hypothesis)."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from rocta_desktop.domain.errors import ValidationError
from rocta_desktop.domain.schemes import SchemeError, load_text
from rocta_desktop.exchange.xlsx_import import SheetData
from rocta_desktop.services import imports
from tests.domain.test_schemes import _minimal

HOSTILE_TEXT = st.one_of(
    st.text(max_size=40), st.sampled_from(["=1+2", "+cmd", "@SUM(A1)", "\x00\x07", "𝕏" * 30, "'; DROP TABLE x;--",
                                          "31/02/2026", "1990-13-01", "OCG-2026-0001", "NOM-9999-99999", "x" * 5000,
                                          "arrests 3; cash 12000; drugs 2.5 kg cocaine", "drugs 1e999 kg", "pursue",
                                          "major", "NCA; ROCU", "cash £1,000.5 (notes)"]))
CELL = st.one_of(st.none(), HOSTILE_TEXT, st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                 st.dates(dt.date(1800, 1, 1), dt.date(2200, 1, 1)), st.booleans())
HEADERS = ["Surname", "Forenames", "DOB", "Aliases", "PNC ID", "Force", "Marking", "Group", "Role", "Reference",
           "Status", "Flags"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(CELL, min_size=12, max_size=12), min_size=1, max_size=25),
       kind=st.sampled_from(["nominals", "groups", "triggers", "disruptions"]))
def test_importer_never_crashes_and_never_half_writes(workspace, rows, kind):
    headers = HEADERS if kind != "triggers" else ["Received", "From", "Officer", "Subject kind", "Proposed name",
                                                  "Summary", "Grading", "Reference", "Marking", "Grounds",
                                                  "Subject", "Conditions"]
    if kind == "groups":
        headers = ["Group name", *HEADERS[1:]]
    if kind == "disruptions":
        headers = ["Subject", "Date", "4P", "Tactic", "Impact", "Lead", "Contributing agencies", "Operation",
                   "Narrative", "Outcomes", "Marking", "Notes"]
        with workspace.reader() as s:
            seeded = s.execute(text("SELECT count(*) FROM agencies WHERE code = 'NCA'")).scalar()
        if not seeded:  # a subject and agencies the random rows can name (the first group is OCG-<year>-0001)
            from rocta_desktop.services import reference_data, registers
            from rocta_desktop.store.models import Agency
            with workspace.operation("fuzz.seed") as uow:
                for code in ("NCA", "ROCU"):
                    reference_data.create(uow, Agency, {"code": code, "name": code})
                registers.create_group(uow, {"name": "Fuzz Firm", "marking": "OFFICIAL", "management_level": "local"})
    data = SheetData("fuzz.xlsx", "Sheet", headers, [list(r) for r in rows])
    counted = ("subjects", "trigger_reports", "disruptions")
    with workspace.reader() as s:
        before = tuple(s.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in counted)
    try:
        _plan, outcome = imports.run(workspace, kind, data)
    except ValidationError:  # a mapping the importer cannot use: said plainly, nothing written
        outcome = None
    with workspace.reader() as s:
        after = tuple(s.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in counted)
    created = len(outcome.created) if outcome else 0
    if outcome is None or not outcome.committed:
        assert after == before
    else:
        assert sum(after) - sum(before) == created  # exactly what it reported, nothing half-done


def _mutations() -> st.SearchStrategy:
    paths = ["format", "id", "version", "sections", "calculations", "bands", "outcome", "applies_to", "method"]
    values = st.one_of(st.none(), st.integers(), st.text(max_size=20), st.lists(st.integers(), max_size=3),
                       st.dictionaries(st.text(max_size=5), st.integers(), max_size=2), st.booleans())
    return st.lists(st.tuples(st.sampled_from(paths), values), max_size=3)


@settings(max_examples=150, deadline=None)
@given(changes=_mutations(), expression=st.text(max_size=40), raw=st.text(max_size=60))
def test_scheme_loader_only_ever_says_what_is_wrong(changes, expression, raw):
    data = _minimal()
    for key, value in changes:
        data[key] = value
    data.setdefault("calculations", [])
    if isinstance(data["calculations"], list) and data["calculations"] and isinstance(data["calculations"][0], dict):
        data["calculations"][0]["expression"] = expression or data["calculations"][0].get("expression")
    for text_ in (json.dumps(data), raw):
        try:
            load_text(text_, "fuzz.json")
        except SchemeError as exc:
            assert exc.source == "fuzz.json" and exc.reason
