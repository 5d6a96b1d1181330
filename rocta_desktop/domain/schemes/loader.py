"""Reading a scheme file and refusing a malformed one with the exact place and reason.

The place is a path into the JSON (`sections[1].factors[0].levels[2].value`) or, for text that is
not JSON at all, the line and column. Everything is checked at load: unknown keys (typos), ids,
ordering of levels where a factor raises harm, expressions (parsed, names resolved, no cycles),
band thresholds, complete matrices, and a dry run with every answer unknown so a division that can
hit zero is found before any analyst uses the scheme.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...domain.errors import RoctaError
from .expressions import FUNCTIONS, ExpressionError, Interval, StepTable, evaluate, names, parse, tables
from .model import (
    Band,
    BandSet,
    Calculation,
    Direction,
    Factor,
    FactorKind,
    Level,
    Matrix,
    Option,
    Outcome,
    Scheme,
    Section,
)

FORMAT = 1
SUBJECT_KINDS = ("group", "nominal", "vulnerability")
_ID = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
_SCHEME_ID = re.compile(r"^[a-z][a-z0-9-]{1,47}$")
_VERSION = re.compile(r"^\d{1,4}(\.\d{1,4}){0,2}$")


class SchemeError(RoctaError):
    """A scheme that cannot be used: `source` (file), `where` (path or line/column), `reason`."""

    def __init__(self, source: str, where: str, reason: str):
        self.source, self.where, self.reason = source, where, reason
        super().__init__(f"{source}: {where}: {reason}" if where else f"{source}: {reason}")


class _Reader:
    def __init__(self, source: str):
        self.source = source

    def fail(self, where: str, reason: str) -> SchemeError:
        return SchemeError(self.source, where, reason)

    def obj(self, value: Any, where: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict:
        if not isinstance(value, dict):
            raise self.fail(where, f"must be an object {{...}}, not {_kind(value)}")
        for key in required:
            if key not in value:
                raise self.fail(where, f"{key!r} is missing")
        for key in value:
            if key not in required and key not in optional:
                allowed = ", ".join(repr(k) for k in (*required, *optional))
                raise self.fail(f"{where}.{key}" if where else key, f"is not a known key here (known: {allowed})")
        return value

    def text(self, value: Any, where: str, *, empty: bool = False) -> str:
        if not isinstance(value, str) or (not empty and not value.strip()):
            raise self.fail(where, "must be non-empty text" if not empty else "must be text")
        return value.strip()

    def number(self, value: Any, where: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise self.fail(where, f"must be a number, not {_kind(value)}")
        return float(value)

    def ident(self, value: Any, where: str, seen: dict[str, str] | None = None) -> str:
        text = self.text(value, where)
        if not _ID.match(text):
            raise self.fail(where, f"{text!r} is not a valid id: use lower-case letters, digits and '_', "
                                   "starting with a letter")
        if text in FUNCTIONS:
            raise self.fail(where, f"{text!r} is the name of a function")
        if seen is not None:
            if text in seen:
                raise self.fail(where, f"id {text!r} is already used at {seen[text]}")
            seen[text] = where
        return text

    def array(self, value: Any, where: str, *, minimum: int = 1) -> list:
        if not isinstance(value, list):
            raise self.fail(where, f"must be a list [...], not {_kind(value)}")
        if len(value) < minimum:
            raise self.fail(where, f"must have at least {minimum} entr{'y' if minimum == 1 else 'ies'}")
        return value

    def enum(self, value: Any, where: str, allowed: tuple[str, ...]) -> str:
        if value not in allowed:
            raise self.fail(where, f"{value!r} is not one of {', '.join(repr(a) for a in allowed)}")
        return value


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(value), "a number" if isinstance(value, (int, float)) else type(value).__name__)


def load_text(text: str, source: str = "scheme") -> Scheme:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SchemeError(source, f"line {exc.lineno}, column {exc.colno}", f"not valid JSON: {exc.msg}") from None
    scheme = _build(_Reader(source), data)
    return _with_text(scheme, text)


def load_file(path: str | Path) -> Scheme:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SchemeError(str(path), "", "the file does not exist") from None
    except OSError as exc:
        raise SchemeError(str(path), "", f"cannot be read: {exc.strerror}") from None
    if len(raw) > 2_000_000:
        raise SchemeError(path.name, "", "is larger than 2 MB: not a scheme file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SchemeError(path.name, f"byte {exc.start}", "is not UTF-8 text") from None
    return load_text(text, path.name)


def _with_text(scheme: Scheme, text: str) -> Scheme:
    from dataclasses import replace
    return replace(scheme, text=text, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())


def _build(r: _Reader, data: Any) -> Scheme:
    top = r.obj(data, "", ("format", "id", "version", "title", "method", "applies_to", "sections",
                           "calculations", "outcome"),
                ("notice", "description", "lookups", "bands", "matrices"))
    if top["format"] != FORMAT:
        raise r.fail("format", f"this version of ROCTA Desktop reads scheme format {FORMAT}, not {top['format']!r}")
    scheme_id = r.text(top["id"], "id")
    if not _SCHEME_ID.match(scheme_id):
        raise r.fail("id", f"{scheme_id!r} is not a valid scheme id: lower-case letters, digits and '-'")
    version = r.text(top["version"], "version")
    if not _VERSION.match(version):
        raise r.fail("version", f"{version!r} is not a version number like 1, 1.2 or 1.2.3")
    applies = r.array(top["applies_to"], "applies_to")
    for i, kind in enumerate(applies):
        r.enum(kind, f"applies_to[{i}]", SUBJECT_KINDS)

    seen: dict[str, str] = {}
    sections = tuple(_section(r, s, f"sections[{i}]", seen)
                     for i, s in enumerate(r.array(top["sections"], "sections")))
    factors = {f.id: f for s in sections for f in s.factors}

    lookups: dict[str, StepTable] = {}
    raw_lookups = top.get("lookups", {})
    if not isinstance(raw_lookups, dict):
        raise r.fail("lookups", f"must be an object {{...}}, not {_kind(raw_lookups)}")
    for name, table in raw_lookups.items():
        where = f"lookups.{name}"
        r.ident(name, where, seen)
        steps = []
        for j, step in enumerate(r.array(table, where)):
            pair = r.array(step, f"{where}[{j}]", minimum=2)
            if len(pair) != 2:
                raise r.fail(f"{where}[{j}]", "must be a pair [from, value]")
            steps.append((r.number(pair[0], f"{where}[{j}][0]"), r.number(pair[1], f"{where}[{j}][1]")))
        for j in range(1, len(steps)):
            if steps[j][0] <= steps[j - 1][0]:
                raise r.fail(f"{where}[{j}][0]", "steps must be in ascending order of 'from'")
        lookups[name] = StepTable(tuple(steps))

    calculations: list[Calculation] = []
    available = set(factors)
    raw_calcs = r.array(top["calculations"], "calculations")
    all_calc_ids = {c.get("id") for c in raw_calcs if isinstance(c, dict)}
    for i, c in enumerate(raw_calcs):
        where = f"calculations[{i}]"
        c = r.obj(c, where, ("id", "title", "expression"), ("digits",))
        calc_id = r.ident(c["id"], f"{where}.id", seen)
        expression = r.text(c["expression"], f"{where}.expression")
        try:
            node = parse(expression)
        except ExpressionError as exc:
            raise r.fail(f"{where}.expression", str(exc)) from None
        for name, col in names(node):
            if name not in available:
                later = " (it is defined later: order the calculations so each uses only earlier ones)" \
                    if name in all_calc_ids else ""
                raise r.fail(f"{where}.expression", f"at column {col}: unknown name {name!r}{later}")
        for table, col in tables(node):
            if table not in lookups:
                raise r.fail(f"{where}.expression", f"at column {col}: unknown lookup table {table!r}")
        digits = c.get("digits")
        if digits is not None and (isinstance(digits, bool) or not isinstance(digits, int) or not 0 <= digits <= 6):
            raise r.fail(f"{where}.digits", "must be a whole number from 0 to 6")
        calculations.append(Calculation(calc_id, r.text(c["title"], f"{where}.title"), expression, node, digits))
        available.add(calc_id)
    calc_ids = {c.id for c in calculations}

    bands = tuple(_band_set(r, b, f"bands[{i}]", seen, calc_ids)
                  for i, b in enumerate(r.array(top.get("bands", []), "bands", minimum=0)))
    band_ids = {b.id: b for b in bands}
    matrices = tuple(_matrix(r, m, f"matrices[{i}]", seen, band_ids)
                     for i, m in enumerate(r.array(top.get("matrices", []), "matrices", minimum=0)))

    o = r.obj(top["outcome"], "outcome", ("score", "band"), ("priority", "confidence", "low_confidence"))
    _ref(r, o["score"], "outcome.score", calc_ids, "calculation")
    _ref(r, o["band"], "outcome.band", set(band_ids), "band set")
    if o.get("priority") is not None:
        _ref(r, o["priority"], "outcome.priority", {m.id for m in matrices}, "matrix")
    low: tuple[str, ...] = ()
    if o.get("confidence") is not None:
        _ref(r, o["confidence"], "outcome.confidence", set(factors), "factor")
        conf = factors[o["confidence"]]
        low_keys = r.array(o.get("low_confidence", []), "outcome.low_confidence", minimum=0)
        for j, key in enumerate(low_keys):
            if conf.level(key) is None:
                raise r.fail(f"outcome.low_confidence[{j}]", f"{key!r} is not a level of {conf.id!r}")
        low = tuple(low_keys)
    outcome = Outcome(o["score"], o["band"], o.get("priority"), o.get("confidence"), low)

    scheme = Scheme(
        id=scheme_id, version=version, title=r.text(top["title"], "title"),
        notice=r.text(top.get("notice", ""), "notice", empty=True),
        method=r.text(top["method"], "method"),
        description=r.text(top.get("description", ""), "description", empty=True),
        applies_to=frozenset(applies), sections=sections, calculations=tuple(calculations),
        lookups=lookups, bands=bands, matrices=matrices, outcome=outcome)
    _dry_run(r, scheme)
    return scheme


def _ref(r: _Reader, value: Any, where: str, known: set[str], what: str) -> None:
    if value not in known:
        raise r.fail(where, f"{value!r} is not a {what} of this scheme (known: {', '.join(sorted(known)) or 'none'})")


def _section(r: _Reader, s: Any, where: str, seen: dict[str, str]) -> Section:
    s = r.obj(s, where, ("id", "title", "factors"), ("guidance",))
    section_id = r.ident(s["id"], f"{where}.id", seen)
    factors = tuple(_factor(r, f, f"{where}.factors[{i}]", seen)
                    for i, f in enumerate(r.array(s["factors"], f"{where}.factors")))
    return Section(section_id, r.text(s["title"], f"{where}.title"),
                   r.text(s.get("guidance", ""), f"{where}.guidance", empty=True), factors)


def _factor(r: _Reader, f: Any, where: str, seen: dict[str, str]) -> Factor:
    f = r.obj(f, where, ("id", "title", "type"),
              ("guidance", "direction", "levels", "options", "combine", "minimum", "maximum", "unknown_allowed"))
    factor_id = r.ident(f["id"], f"{where}.id", seen)
    kind = FactorKind(r.enum(f["type"], f"{where}.type", tuple(k.value for k in FactorKind)))
    direction = Direction(r.enum(f.get("direction", "raises"), f"{where}.direction", tuple(d.value for d in Direction)))
    unknown_allowed = f.get("unknown_allowed", True)
    if not isinstance(unknown_allowed, bool):
        raise r.fail(f"{where}.unknown_allowed", "must be true or false")
    common = dict(id=factor_id, title=r.text(f["title"], f"{where}.title"), kind=kind,
                  guidance=r.text(f.get("guidance", ""), f"{where}.guidance", empty=True),
                  direction=direction, unknown_allowed=unknown_allowed)
    wrong = {FactorKind.LEVEL: ("options", "combine", "minimum", "maximum"),
             FactorKind.MULTI: ("levels", "minimum", "maximum"),
             FactorKind.NUMBER: ("levels", "options", "combine")}[kind]
    for key in wrong:
        if key in f:
            raise r.fail(f"{where}.{key}", f"is not used by a factor of type {kind.value!r}")
    if kind is FactorKind.LEVEL:
        levels = _keyed(r, f.get("levels"), f"{where}.levels", lambda d, w: Level(
            d["key"], r.text(d["label"], f"{w}.label"), r.number(d["value"], f"{w}.value"),
            r.text(d.get("guidance", ""), f"{w}.guidance", empty=True)), ("key", "label", "value"), minimum=2)
        _check_order(r, [lv.value for lv in levels], direction, f"{where}.levels")
        return Factor(**common, levels=tuple(levels))
    if kind is FactorKind.MULTI:
        options = _keyed(r, f.get("options"), f"{where}.options", lambda d, w: Option(
            d["key"], r.text(d["label"], f"{w}.label"), r.number(d["weight"], f"{w}.weight"),
            r.text(d.get("guidance", ""), f"{w}.guidance", empty=True)), ("key", "label", "weight"), minimum=1)
        for i, o in enumerate(options):
            if o.weight < 0:
                raise r.fail(f"{where}.options[{i}].weight", "must not be negative")
        combine = r.enum(f.get("combine", "sum"), f"{where}.combine", ("sum", "max"))
        if direction is not Direction.RAISES:
            raise r.fail(f"{where}.direction", "a multi-select factor always raises the score")
        return Factor(**common, options=tuple(options), combine=combine)
    for key in ("minimum", "maximum"):
        if key not in f:
            raise r.fail(where, f"{key!r} is missing (a number factor needs a range, so an unknown answer has one)")
    low = r.number(f["minimum"], f"{where}.minimum")
    high = r.number(f["maximum"], f"{where}.maximum")
    if high <= low:
        raise r.fail(f"{where}.maximum", "must be greater than the minimum")
    return Factor(**common, minimum=low, maximum=high)


def _keyed(r: _Reader, items: Any, where: str, make: Callable[[dict, str], Any], required: tuple[str, ...],
           *, minimum: int) -> list:
    if items is None:
        raise r.fail(where, "is missing")
    out, keys = [], {}
    for i, d in enumerate(r.array(items, where, minimum=minimum)):
        w = f"{where}[{i}]"
        d = r.obj(d, w, required, ("guidance",))
        key = r.text(d["key"], f"{w}.key")
        if not _ID.match(key):
            raise r.fail(f"{w}.key", f"{key!r} is not a valid key: lower-case letters, digits and '_'")
        if key in keys:
            raise r.fail(f"{w}.key", f"key {key!r} is already used at {keys[key]}")
        keys[key] = w
        out.append(make(d, w))
    return out


def _check_order(r: _Reader, values: list[float], direction: Direction, where: str) -> None:
    for i in range(1, len(values)):
        if direction is Direction.RAISES and values[i] < values[i - 1]:
            raise r.fail(f"{where}[{i}].value", "levels of a factor that raises the score must be listed "
                                                "from least to most serious (values must not go down)")
        if direction is Direction.LOWERS and values[i] > values[i - 1]:
            raise r.fail(f"{where}[{i}].value", "levels of a factor that lowers the score must not go up")


def _band_set(r: _Reader, b: Any, where: str, seen: dict[str, str], calc_ids: set[str]) -> BandSet:
    b = r.obj(b, where, ("id", "title", "of", "bands"))
    band_id = r.ident(b["id"], f"{where}.id", seen)
    _ref(r, b["of"], f"{where}.of", calc_ids, "calculation")
    bands, labels = [], set()
    for i, d in enumerate(r.array(b["bands"], f"{where}.bands", minimum=2)):
        w = f"{where}.bands[{i}]"
        d = r.obj(d, w, ("label", "from"), ("review_months", "guidance"))
        label = r.text(d["label"], f"{w}.label")
        if label in labels:
            raise r.fail(f"{w}.label", f"label {label!r} is used twice")
        labels.add(label)
        start = r.number(d["from"], f"{w}.from")
        if bands and start <= bands[-1].start:
            raise r.fail(f"{w}.from", "bands must be listed from lowest to highest, each starting above the last")
        months = d.get("review_months")
        if months is not None and (isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 60):
            raise r.fail(f"{w}.review_months", "must be a whole number of months from 1 to 60")
        bands.append(Band(label, start, i + 1, months, r.text(d.get("guidance", ""), f"{w}.guidance", empty=True)))
    return BandSet(band_id, r.text(b["title"], f"{where}.title"), b["of"], tuple(bands))


def _matrix(r: _Reader, m: Any, where: str, seen: dict[str, str], band_sets: dict[str, BandSet]) -> Matrix:
    m = r.obj(m, where, ("id", "title", "rows", "columns", "outcomes", "cells"))
    matrix_id = r.ident(m["id"], f"{where}.id", seen)
    _ref(r, m["rows"], f"{where}.rows", set(band_sets), "band set")
    _ref(r, m["columns"], f"{where}.columns", set(band_sets), "band set")
    outcomes = [r.text(o, f"{where}.outcomes[{i}]") for i, o in enumerate(r.array(m["outcomes"], f"{where}.outcomes"))]
    if len(set(outcomes)) != len(outcomes):
        raise r.fail(f"{where}.outcomes", "lists an outcome twice")
    rows, cols = band_sets[m["rows"]], band_sets[m["columns"]]
    cells_in = r.obj(m["cells"], f"{where}.cells", tuple(b.label for b in rows.bands))
    cells: dict[tuple[str, str], str] = {}
    for row in rows.bands:
        w = f"{where}.cells.{row.label}"
        line = r.obj(cells_in[row.label], w, tuple(c.label for c in cols.bands))
        for col in cols.bands:
            value = line[col.label]
            if value not in outcomes:
                raise r.fail(f"{w}.{col.label}", f"{value!r} is not one of the outcomes {outcomes}")
            cells[(row.label, col.label)] = value
    return Matrix(matrix_id, r.text(m["title"], f"{where}.title"), m["rows"], m["columns"], tuple(outcomes), cells)


def _dry_run(r: _Reader, scheme: Scheme) -> None:
    """Evaluate every calculation with every answer unknown: whatever a user answers lies inside
    these ranges, so an error that can happen at all (division by zero) shows up here."""
    values = {f.id: Interval(*f.value_range) for f in scheme.factors}
    for i, calc in enumerate(scheme.calculations):
        try:
            result = evaluate(calc.node, values, scheme.lookups)
        except ExpressionError as exc:
            raise r.fail(f"calculations[{i}].expression", f"{exc} (for some possible answers)") from None
        if not (math.isfinite(result.lo) and math.isfinite(result.hi)):
            raise r.fail(f"calculations[{i}].expression", "can give a number too large to use")
        values[calc.id] = result
