"""Threat subjects (organised crime groups, nominals, vulnerabilities): vocabulary and rules."""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from . import clock
from .errors import Problem, ValidationError
from .markings import Marking


class SubjectKind(enum.Enum):
    GROUP = "group"
    NOMINAL = "nominal"
    VULNERABILITY = "vulnerability"

    @property
    def prefix(self) -> str:
        return {"group": "OCG", "nominal": "NOM", "vulnerability": "VUL"}[self.value]

    @property
    def label(self) -> str:
        return {"group": "Organised crime group", "nominal": "Nominal",
                "vulnerability": "Vulnerability"}[self.value]


class SubjectStatus(enum.Enum):
    PROPOSED = "proposed"
    ACTIVE = "active"
    ARCHIVED = "archived"


#: Allowed status changes. Archiving always needs a reason; so does reinstating.
STATUS_TRANSITIONS: dict[SubjectStatus, frozenset[SubjectStatus]] = {
    SubjectStatus.PROPOSED: frozenset({SubjectStatus.ACTIVE, SubjectStatus.ARCHIVED}),
    SubjectStatus.ACTIVE: frozenset({SubjectStatus.ARCHIVED}),
    SubjectStatus.ARCHIVED: frozenset({SubjectStatus.ACTIVE}),
}


class ManagementLevel(enum.Enum):
    LOCAL = "local"
    REGIONAL = "regional"
    NATIONAL = "national"


class ReachScope(enum.Enum):
    LOCAL = "local"
    CROSS_FORCE = "cross-force"
    REGIONAL = "regional"
    NATIONAL = "national"
    INTERNATIONAL = "international"


class MemberRole(enum.Enum):
    PRINCIPAL = "principal"
    SIGNIFICANT = "significant"
    PERIPHERAL = "peripheral"
    ENABLER = "enabler"

    @property
    def label(self) -> str:
        return {"enabler": "enabler / facilitator"}.get(self.value, self.value)


class VulnerabilityCategory(enum.Enum):
    PLACE = "place"
    SECTOR = "sector"
    COMMODITY_ROUTE = "commodity route"
    COHORT = "cohort"


class IdentifierKind(enum.Enum):
    PNC_ID = "PNC ID"
    CRO = "CRO number"
    PASSPORT = "passport"
    NI_NUMBER = "NI number"
    PHONE = "phone"
    VEHICLE = "vehicle"
    OTHER = "other"


class NominalFlag(enum.Enum):
    FIREARMS = "firearms"
    VIOLENCE = "violence"
    WEAPONS = "weapons"
    DRUGS = "drugs"
    ESCAPE_RISK = "escape risk"
    SELF_HARM = "self harm"


class AliasKind(enum.Enum):
    ALIAS = "alias"
    NICKNAME = "nickname"


# ---------------------------------------------------------------- references

_REF_RE = re.compile(r"^(?:([A-Z0-9]{2,8})/)?(OCG|NOM|VUL)-(\d{4})-(\d{4,})$")
_PREFIX_RE = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")


def validate_prefix(text: str | None) -> str | None:
    """An origin prefix (2-8 capital letters and digits, a letter first, e.g. NMP), or None."""
    if text is None or not str(text).strip():
        return None
    value = str(text).strip().upper()
    if not _PREFIX_RE.match(value):
        raise ValidationError(Problem("prefix", f"{text!r}: use 2-8 letters and digits, a letter first (e.g. NMP)"))
    return value


def format_reference(kind: SubjectKind, year: int, number: int, prefix: str | None = None) -> str:
    """`OCG-2026-0001` (or `NMP/OCG-2026-0001` with an origin prefix); the serial widens past 9999
    rather than wrapping."""
    return f"{prefix + '/' if prefix else ''}{kind.prefix}-{year:04d}-{number:04d}"


def parse_reference(ref: str) -> tuple[SubjectKind, int, int]:
    m = _REF_RE.match(ref.strip().upper())
    if not m:
        raise ValueError(f"{ref!r} is not a subject reference (expected e.g. OCG-2026-0001 or NMP/OCG-2026-0001)")
    kind = next(k for k in SubjectKind if k.prefix == m.group(2))
    return kind, int(m.group(3)), int(m.group(4))


def reference_origin(ref: str) -> str | None:
    """The origin prefix a reference carries (NMP in NMP/OCG-2026-0001), or None."""
    m = _REF_RE.match(ref.strip().upper())
    return m.group(1) if m else None


# ---------------------------------------------------------------- names

# Latin letters that carry no combining accent, so NFKD leaves them alone
_FOLD = str.maketrans({"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ß": "ss",
                       "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "þ": "th", "ð": "d"})


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # Unicode category Cc, except tab and newline


def normalise_name(text: str) -> str:
    """Case- and accent-insensitive form used for search and duplicate matching."""
    if text.isascii():  # nothing to decompose or fold: the common case, five times faster
        return " ".join(text.lower().replace("-", " ").replace("'", "").split())
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().replace("-", " ").replace("'", "").split())


# ---------------------------------------------------------------- parsing helpers

EARLIEST_DOB = dt.date(1900, 1, 1)
_PNC_RE = re.compile(r"^(\d{2}|\d{4})/\d{1,7}[A-Z]$")
MAX_NAME = 200
MAX_TEXT = 20_000


def parse_date(value: Any, field: str) -> dt.date | None:
    """A date from a `date`, a `datetime` or an ISO `YYYY-MM-DD` string; '' or None is no date."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    uk = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if uk:
        day, month, year = (int(g) for g in uk.groups())
    elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        year, month, day = (int(g) for g in text.split("-"))
    else:
        raise ValidationError(Problem(field, f"{text!r} is not a date; use DD/MM/YYYY or YYYY-MM-DD"))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValidationError(Problem(field, f"{text} is not a real date")) from None


def parse_enum(enum_cls: type[enum.Enum], value: Any, field: str) -> Any:
    if isinstance(value, enum_cls):
        return value
    if enum_cls is Marking and isinstance(value, str):
        try:
            return Marking.parse(value)
        except ValueError as exc:
            raise ValidationError(Problem(field, str(exc))) from None
    for member in enum_cls:
        if isinstance(value, str) and value.strip().lower() in (member.value.lower(), member.name.lower()):
            return member
    allowed = ", ".join(str(m.value) for m in enum_cls)
    raise ValidationError(Problem(field, f"{value!r} is not allowed; choose one of: {allowed}"))


class _Checker:
    """Collects every problem with a record before raising, so a form can mark all fields at once."""

    def __init__(self, data: Mapping[str, Any]):
        self.data = data
        self.clean: dict[str, Any] = {}
        self.problems: list[Problem] = []

    def has(self, field: str) -> bool:
        return field in self.data

    def text(self, field: str, *, required: bool = False, max_len: int = MAX_NAME,
             label: str | None = None) -> None:
        if field not in self.data:
            if required:
                self.problems.append(Problem(field, f"{label or field} is required"))
            return
        value = self.data[field]
        value = "" if value is None else str(value).strip()
        if required and not value:
            self.problems.append(Problem(field, f"{label or field} is required"))
        elif len(value) > max_len:
            self.problems.append(Problem(field, f"is {len(value)} characters; at most {max_len} allowed"))
        elif _CONTROL.search(value):
            self.problems.append(Problem(field, "contains control characters"))
        else:
            self.clean[field] = value or None

    def choice(self, field: str, enum_cls: type[enum.Enum], *, required: bool = False) -> None:
        if field not in self.data or self.data[field] in (None, ""):
            if required:
                self.problems.append(Problem(field, f"{field} is required"))
            elif field in self.data:
                self.clean[field] = None
            return
        try:
            self.clean[field] = parse_enum(enum_cls, self.data[field], field)
        except ValidationError as exc:
            self.problems.extend(exc.problems)

    def date(self, field: str, *, earliest: dt.date | None = None, not_future: bool = False,
             today: dt.date | None = None) -> None:
        if field not in self.data:
            return
        try:
            value = parse_date(self.data[field], field)
        except ValidationError as exc:
            self.problems.extend(exc.problems)
            return
        today = today or clock.today()
        if value is not None and not_future and value > today:
            self.problems.append(Problem(field, f"{value.isoformat()} is in the future"))
        elif value is not None and earliest and value < earliest:
            self.problems.append(Problem(field, f"{value.isoformat()} is before {earliest.isoformat()}"))
        else:
            self.clean[field] = value

    def flag(self, field: str) -> None:
        if field in self.data:
            v = self.data[field]
            if isinstance(v, str):
                v = v.strip().lower() in ("1", "y", "yes", "true")
            self.clean[field] = bool(v)

    def string_list(self, field: str, *, max_len: int = MAX_NAME) -> None:
        if field not in self.data:
            return
        values = self.data[field] or []
        if isinstance(values, str):
            values = [v for v in re.split(r"[;\n]", values)]
        out: list[str] = []
        for v in values:
            v = str(v).strip()
            if len(v) > max_len:
                self.problems.append(Problem(field, f"{v[:20]}... is longer than {max_len} characters"))
            elif v and normalise_name(v) not in {normalise_name(o) for o in out}:
                out.append(v)
        self.clean[field] = out

    def unknown_fields(self, allowed: set[str]) -> None:
        for field in self.data:
            if field not in allowed:
                self.problems.append(Problem(field, "is not a field of this record"))

    def done(self) -> dict[str, Any]:
        if self.problems:
            raise ValidationError(self.problems)
        return self.clean


COMMON_FIELDS = {"marking", "lead_force_id", "owner_unit_id", "notes"}
GROUP_FIELDS = COMMON_FIELDS | {"name", "nicknames", "management_level", "reach_scope", "lro_name",
                                "description"}
NOMINAL_FIELDS = COMMON_FIELDS | {"surname", "forenames", "aliases", "date_of_birth", "gender",
                                  "nationality", "flags", "description"}
VULNERABILITY_FIELDS = COMMON_FIELDS | {"name", "category", "location", "description"}


def _common(c: _Checker, *, creating: bool) -> None:
    """The fields every kind has. A field a record cannot be without (here the marking; each
    kind's name and class below) is required when creating, and when an edit gives it: an edit may
    leave it out, never blank it."""
    c.choice("marking", Marking, required=creating or c.has("marking"))
    c.text("notes", max_len=MAX_TEXT)
    for fk in ("lead_force_id", "owner_unit_id"):
        if c.has(fk):
            v = c.data[fk]
            if v in (None, ""):
                c.clean[fk] = None
            elif isinstance(v, int) and not isinstance(v, bool):
                c.clean[fk] = v
            else:
                c.problems.append(Problem(fk, f"{v!r} is not a record id"))


def validate_group(data: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    c = _Checker(data)
    c.unknown_fields(GROUP_FIELDS)
    _common(c, creating=creating)
    c.text("name", required=creating or c.has("name"), label="Group name")
    c.string_list("nicknames")
    c.choice("management_level", ManagementLevel, required=creating or c.has("management_level"))
    c.choice("reach_scope", ReachScope)
    c.text("lro_name", label="Lead Responsible Officer")
    c.text("description", max_len=MAX_TEXT)
    return c.done()


def validate_nominal(data: Mapping[str, Any], *, creating: bool,
                     today: dt.date | None = None) -> dict[str, Any]:
    c = _Checker(data)
    c.unknown_fields(NOMINAL_FIELDS)
    _common(c, creating=creating)
    c.text("surname", required=creating or c.has("surname"), label="Surname")
    c.text("forenames")
    c.string_list("aliases")
    c.date("date_of_birth", earliest=EARLIEST_DOB, not_future=True, today=today)
    c.text("gender", max_len=40)
    c.text("nationality", max_len=80)
    c.text("description", max_len=MAX_TEXT)
    if c.has("flags"):
        flags = []
        for f in c.data["flags"] or []:
            try:
                flags.append(parse_enum(NominalFlag, f, "flags"))
            except ValidationError as exc:
                c.problems.extend(exc.problems)
        c.clean["flags"] = sorted(set(flags), key=lambda f: f.value)
    return c.done()


def validate_vulnerability(data: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    c = _Checker(data)
    c.unknown_fields(VULNERABILITY_FIELDS)
    _common(c, creating=creating)
    c.text("name", required=creating or c.has("name"), label="Vulnerability name")
    c.choice("category", VulnerabilityCategory, required=creating or c.has("category"))
    c.text("location")
    c.text("description", max_len=MAX_TEXT)
    return c.done()


def validate_identifier(kind: Any, value: Any) -> tuple[IdentifierKind, str]:
    k = parse_enum(IdentifierKind, kind, "identifier kind")
    v = "" if value is None else str(value).strip().upper() if k is IdentifierKind.PNC_ID else str(value).strip()
    if not v:
        raise ValidationError(Problem("identifier", "a value is required"))
    if len(v) > 100:
        raise ValidationError(Problem("identifier", "is longer than 100 characters"))
    if k is IdentifierKind.PNC_ID and not _PNC_RE.match(v):
        raise ValidationError(Problem("identifier", f"{v!r} is not a PNC ID (expected e.g. 12/345678A)"))
    return k, v


def check_status_change(current: SubjectStatus, new: SubjectStatus, reason: str | None) -> None:
    if new == current:
        raise ValidationError(Problem("status", f"the record is already {current.value}"))
    if new not in STATUS_TRANSITIONS[current]:
        raise ValidationError(Problem("status", f"cannot go from {current.value} to {new.value}"))
    if new is SubjectStatus.ARCHIVED or current is SubjectStatus.ARCHIVED:
        if not (reason or "").strip():
            raise ValidationError(Problem("reason", f"a reason is required to {'archive' if new is SubjectStatus.ARCHIVED else 'reinstate'} a record"))
