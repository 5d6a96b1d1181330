"""Exchange packages: one regional picture built from terminals that never share a network.

A workspace's **card** (`card`) carries its id, name, origin prefix, its age (X25519) public key and
the public half of its root signing key; an administrator registers a partner from its card once
(`add_partner`; the fingerprint is read out by phone to compare).

A **package** (`.roctapkg`) is one file:

    ROCTAPKG 1\\n
    <one line of JSON, in the clear: the sender's signed audit-trail head, a witness of how far its
     trail had come, and nothing about the records>\\n
    <age ciphertext, encrypted to the partner's public key, of:
        one line of JSON {"manifest", "signature", "certificates"}\\n
        the payload (JSON)>

The manifest names sender and recipient workspaces, the sequence number (per partner), the marking
(the highest of everything in it), counts and the payload's SHA-256; the sending person signs it with
their key and the package carries their certificate chain up to the sender's root key (which the
recipient holds from the card). Packages are numbered per partner: a package already imported is
refused as a replay, and one that skips a number says which is missing.

What travels: reference data (by code), subjects with their aliases, identifiers, crime types,
reach, memberships, links and associations, vulnerability links (who exploits which vulnerability,
with the link's own marking, dates, grading and source), approved assessments with their scheme
text, trigger reports, requirements with responses, tasking requests, approved disruptions with
outcomes, and 4P plans; only what the sender may see, nothing marked above the partner's ceiling,
no restricted record and nothing of one (its assessments, disruptions, plans, tasking, trigger
reports and links stay behind with it). Every record keeps its UUID and origin. Importing is all
or nothing, audited per record with where it came from, and merges by UUID: a field changed on both
sides since the last exchange with that partner goes to the conflict queue; approved assessments are
never overwritten (another origin's version joins the history). The baseline of a record is what was
last exchanged: either what was received from the partner (a digest of each field, settled at import:
`ExchangeBaseline`) or, when newer, what was last sent to them, which is the record as it was when that
package was read: each package sent keeps only the UUIDs it carried and how far the audit trail had
come (`ExchangeSent`), and the trail gives back each field's value then (the "before" of its first
change since). A vulnerability link is known by its two records: one already held is
left as it is, like a membership.

Speed (a package of 10,000 subjects): records are read as columns through the Core connection
(`_read`, which adds the need-to-know criteria the ORM's hook would add), never one ORM object
each, children in one statement per table, JSON columns and times as their text; the payload is
written and read with orjson (any valid JSON of the same values will do: its bytes are checked by
their SHA-256, never re-encoded), and age encrypts it on a thread; what was sent is one row, whatever
its size. New rows go in through the store's bulk path (store/bulk.py), the subjects' rows
written by a thread while their audit events and baselines are worked out; each event's changes
are encoded once, for its hash and for storing (services/chain.py); existence checks look only at
records held before the package.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import String, func, select, text, type_coerce
from sqlalchemy.orm import Session

from ..bulk import no_cyclic_gc
from ..domain import clock
from ..domain.errors import Conflict, NotFound, PermissionDenied, Problem, RoctaError, ValidationError
from ..domain.markings import Marking, highest
from ..domain.subjects import normalise_name, reference_origin
from ..domain.users import Permission, Role
from ..store.models import (
    Agency,
    Assessment,
    AuditEvent,
    CrimeType,
    Disruption,
    DisruptionAgency,
    DisruptionOutcome,
    ExchangeBaseline,
    ExchangeConflict,
    ExchangePartner,
    ExchangeSent,
    Force,
    FourPPlan,
    Group,
    GroupCrimeType,
    GroupLink,
    GroupMember,
    IntelRequirement,
    Merge,
    Nominal,
    NominalAssociation,
    NominalIdentifier,
    PlanAction,
    RequirementAgency,
    RequirementResponse,
    RequirementSubject,
    Restriction,
    SchemeDefinition,
    Subject,
    SubjectAlias,
    TaskingRequest,
    TriggerReport,
    Unit,
    User,
    UserCertificate,
    Vulnerability,
    VulnerabilityLink,
    WorkspaceMeta,
)
from ..store.models.subjects import GroupReach
from ..store.signing import PublicKey, canonical, certificate_message, fingerprint
from . import access, audit, head, trust
from .permissions import require

MAGIC = b"ROCTAPKG 1\n"
CARD_FORMAT = "rocta-card"
MAX_PACKAGE_BYTES = 4 * 1024 ** 3
MAX_HEADER_BYTES = 1_000_000
IDENTITY_KEY, RECIPIENT_KEY = "exchange.identity", "exchange.recipient"


class PackageError(RoctaError):
    """A package refused: what is wrong with it, said plainly. Nothing was changed."""


# ------------------------------------------------------------------ identity, card, partners

def _meta(session: Session, key: str) -> str | None:
    return session.scalar(select(WorkspaceMeta.value).where(WorkspaceMeta.key == key))


def _ensure_identity(uow: Any) -> str:
    """This workspace's age key pair (made once; the secret half lives in the encrypted database)."""
    import pyrage
    recipient = _meta(uow.session, RECIPIENT_KEY)
    if recipient:
        return recipient
    identity = pyrage.x25519.Identity.generate()
    from .workspace import set_meta
    set_meta(uow.session, IDENTITY_KEY, str(identity))
    set_meta(uow.session, RECIPIENT_KEY, str(identity.to_public()))
    audit.record(uow.session, uow.actor, action="exchange.identity", entity_type="workspace",
                 summary="exchange key pair made (packages for this workspace are encrypted to it)",
                 changes={"recipient": str(identity.to_public())})
    return str(identity.to_public())


def make_card(uow: Any) -> dict[str, Any]:
    """The workspace's card, to give to partners once (on paper or removable media)."""
    require(uow.actor, Permission.MANAGE_USERS)
    s = uow.session
    root = _meta(s, "root_key_id")
    if not root:
        raise Conflict("this workspace was made before signing roots: it cannot exchange packages until it is "
                       "re-created or an administrator's key is made its root")
    public = s.scalar(select(UserCertificate.public_key).where(UserCertificate.key_id == root).limit(1))
    recipient = _ensure_identity(uow)
    from .references import origin_prefix
    card = {"format": CARD_FORMAT, "version": 1, "workspace_id": _meta(s, "workspace_id"), "name": _meta(s, "name"),
            "prefix": origin_prefix(s), "recipient": recipient, "root_key_id": root, "root_public_key": public,
            "fingerprint": fingerprint(PublicKey.from_b64(public).raw)}
    uow.describe("exchange.card", f"workspace card written (fingerprint {card['fingerprint']})")
    return card


def _check_card(card: Any) -> dict[str, Any]:
    if not isinstance(card, dict) or card.get("format") != CARD_FORMAT or card.get("version") != 1:
        raise ValidationError(Problem("card", "this is not a ROCTA workspace card"))
    for name in ("workspace_id", "name", "recipient", "root_key_id", "root_public_key"):
        if not isinstance(card.get(name), str) or not card[name].strip():
            raise ValidationError(Problem("card", f"the card has no {name.replace('_', ' ')}"))
    try:
        public = PublicKey.from_b64(card["root_public_key"])
    except ValueError:
        raise ValidationError(Problem("card", "the card's root key is not a public key")) from None
    if public.id != card["root_key_id"]:
        raise ValidationError(Problem("card", "the card's root key does not match its id (altered)"))
    if not card["recipient"].startswith("age1"):
        raise ValidationError(Problem("card", "the card's encryption key is not an age public key"))
    return card


def add_partner(uow: Any, card: Any, *, ceiling: Marking | str = Marking.OFFICIAL_SENSITIVE) -> dict[str, Any]:
    """Register a partner workspace from its card (administrators). Returns what to compare by phone."""
    require(uow.actor, Permission.MANAGE_USERS)
    card = _check_card(card)
    s = uow.session
    if card["workspace_id"] == _meta(s, "workspace_id"):
        raise Conflict("that is this workspace's own card")
    ceiling = ceiling if isinstance(ceiling, Marking) else Marking.parse(ceiling)
    existing = s.scalar(select(ExchangePartner).where(ExchangePartner.workspace_id == card["workspace_id"]))
    if existing is not None:
        if existing.root_key_id != card["root_key_id"] or existing.recipient != card["recipient"]:
            raise Conflict(f"{existing.name} is already registered with other keys: a changed card must be "
                           "checked with them first (remove the partner to register it again)")
        existing.name, existing.prefix, existing.ceiling, existing.active = card["name"], card.get("prefix"), \
            ceiling.value, True
        partner = existing
    else:
        partner = ExchangePartner(workspace_id=card["workspace_id"], name=card["name"][:120], prefix=card.get("prefix"),
                                  root_key_id=card["root_key_id"], root_public_key=card["root_public_key"],
                                  recipient=card["recipient"], ceiling=ceiling.value, active=True, last_sent_seq=0,
                                  last_sent_event=0, last_received_seq=0)
        s.add(partner)
    s.flush()
    fp = fingerprint(PublicKey.from_b64(card["root_public_key"]).raw)
    uow.describe("exchange.partner", f"partner {partner.name} registered (fingerprint {fp}; nothing above "
                                     f"{ceiling.value} is sent to them)", partner)
    return {"id": partner.id, "name": partner.name, "workspace_id": partner.workspace_id, "fingerprint": fp,
            "ceiling": ceiling.value}


def partners(session: Session) -> list[dict[str, Any]]:
    return [{"id": p.id, "name": p.name, "workspace_id": p.workspace_id, "prefix": p.prefix, "ceiling": p.ceiling,
             "active": p.active, "last_sent": p.last_sent_seq, "last_received": p.last_received_seq,
             "fingerprint": fingerprint(PublicKey.from_b64(p.root_public_key).raw)}
            for p in session.scalars(select(ExchangePartner).order_by(ExchangePartner.name))]


def _partner(session: Session, ref: str | int) -> ExchangePartner:
    q = select(ExchangePartner)
    found = session.scalar(q.where(ExchangePartner.id == ref)) if isinstance(ref, int) else session.scalar(
        q.where((ExchangePartner.workspace_id == str(ref)) | (func.lower(ExchangePartner.name) == str(ref).lower())))
    if found is None:
        raise NotFound(f"no partner {ref!r}: register its card first (rocta exchange partner add)")
    return found


# ------------------------------------------------------------------ values and digests

def _plain(value: Any) -> Any:
    if hasattr(value, "value") and not isinstance(value, (str, int, float)):
        return value.value
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _json(value: Any) -> Any:
    """What orjson writes for a value it has no form of."""
    if isinstance(value, RawJSON):
        return orjson.Fragment(value.text)
    return _json_module(value)


def _json_module(value: Any) -> Any:
    """What the json module writes for a value it has no form of."""
    if isinstance(value, RawJSON):
        return value.decoded()
    plain = _plain(value)
    if plain is value:
        raise TypeError(f"{type(value).__name__} cannot go into a package")
    return plain


def digest(value: Any) -> str:
    """A short fingerprint of a field's value, the same at every terminal (values are plain: text,
    numbers, lists of them)."""
    return hashlib.sha256(repr(_plain(value)).encode("utf-8")).hexdigest()[:16]


_PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})
_CACHED_TYPES = frozenset({int, bool})   # not float: 0.0 and -0.0 are one key, two digests


_KNOWN_DIGESTS: dict[tuple[type, Any], str] = {}   # (type, value) -> digest, for integers and booleans
_KNOWN_TEXT_DIGESTS: dict[str, str] = {}           # text -> digest, for short text (a status, a code...)
_KNOWN_LIST_DIGESTS: dict[tuple[str, ...], str] = {}   # short lists of text (flags) -> digest
_NONE_DIGEST = hashlib.sha256(b"None").hexdigest()[:16]


def _digest_of(v: Any) -> str:
    """`digest`, with the digests of values that repeat (short text, integers, booleans) kept."""
    cls = v.__class__
    if cls is str:
        found = _KNOWN_TEXT_DIGESTS.get(v)
        if found is None:
            found = hashlib.sha256(repr(v).encode("utf-8")).hexdigest()[:16]
            if len(v) <= 64 and len(_KNOWN_TEXT_DIGESTS) < 200_000:
                _KNOWN_TEXT_DIGESTS[v] = found
        return found
    if v is None:
        return _NONE_DIGEST
    if cls in _CACHED_TYPES:   # keyed by type too: 1 and True are equal keys in a dict but not one digest
        found = _KNOWN_DIGESTS.get((cls, v))
        if found is None:
            found = hashlib.sha256(repr(v).encode("utf-8")).hexdigest()[:16]
            if len(_KNOWN_DIGESTS) < 200_000:
                _KNOWN_DIGESTS[cls, v] = found
        return found
    if cls is list and len(v) < 16 and all(x.__class__ is str for x in v):   # a nominal's flags: alike on most
        key = tuple(v)
        found = _KNOWN_LIST_DIGESTS.get(key)
        if found is None:
            found = hashlib.sha256(repr(v).encode("utf-8")).hexdigest()[:16]
            if len(_KNOWN_LIST_DIGESTS) < 10_000:
                _KNOWN_LIST_DIGESTS[key] = found
        return found
    return hashlib.sha256(repr(v if cls in _PLAIN_TYPES else _plain(v)).encode("utf-8")).hexdigest()[:16]


def digests(values: dict[str, Any]) -> dict[str, str]:
    """`digest` of each value (a record's fields at once: tens of thousands of records in a package).
    Text, numbers and None are their own plain form, so they skip `_plain`; a marking, a status, a
    force or an empty field repeats on most records, so each such value is hashed once."""
    return _fields_digests(values, tuple(values))


def _fields_digests(row: dict[str, Any], fields: tuple[str, ...]) -> dict[str, str]:
    """`digests` of the `fields` of `row` (a record as a package carries it; a missing field is None)."""
    out = {}
    known = _KNOWN_TEXT_DIGESTS
    sha = hashlib.sha256
    for k in fields:
        v = row.get(k)
        if v.__class__ is str:   # most fields: inline (tens of thousands of records)
            found = known.get(v)
            if found is None:
                found = sha(repr(v).encode("utf-8")).hexdigest()[:16]
                if len(v) <= 64 and len(known) < 200_000:
                    known[v] = found
            out[k] = found
        elif v is None:
            out[k] = _NONE_DIGEST
        else:
            out[k] = _digest_of(v)
    return out


SUBJECT_FIELDS = ("name", "marking", "status", "status_reason", "lead_force", "owner_unit", "description", "notes")
KIND_FIELDS = {"group": ("management_level", "reach_scope", "lro_name"),
               "nominal": ("surname", "forenames", "date_of_birth", "gender", "nationality", "flags"),
               "vulnerability": ("category", "location")}
_SUBJECT_FKS = {"lead_force": ("lead_force_id", "force"), "owner_unit": ("owner_unit_id", "unit")}
TRIGGER_FIELDS = ("received_on", "force", "agency", "officer", "subject_kind", "subject", "proposed_name", "summary",
                  "grounds", "source_evaluation", "intel_assessment", "handling_code", "handling_conditions",
                  "marking", "status", "decision_reason", "decided_on")
REQUIREMENT_FIELDS = ("question", "themes", "priority", "owner", "owner_unit", "due_on", "status", "status_reason",
                      "marking")
TASKING_FIELDS = ("subject", "objective", "requester", "owner_unit", "owner_force", "owner_agency", "four_p", "priority",
                  "due_date", "effort_hours", "status", "outcome", "decline_reason", "marking")


# ------------------------------------------------------------------ collecting what to send

_MERGED = ("subjects", "triggers", "requirements", "tasking")   # what is merged field by field: `ExchangeSent`


@dataclass
class Collected:
    payload: dict[str, Any]
    markings: list[Marking] = field(default_factory=list)
    high_water: int = 0
    sent: list[str] = field(default_factory=list)   # the UUIDs of the records merged field by field (`_MERGED`)

    def counts(self) -> dict[str, int]:
        return {k: len(v) for k, v in self.payload.items() if isinstance(v, (list, RawJSONArray))}


def _reference(session: Session) -> tuple[dict[str, dict[int, str]], dict[str, list[dict[str, Any]]]]:
    """The reference data, read once: each table's codes by id (for the records naming them) and
    its rows as a package carries them."""
    forces = session.execute(select(Force.id, Force.code, Force.name)).all()
    agencies = session.execute(select(Agency.id, Agency.code, Agency.name, Agency.kind)).all()
    units = session.execute(select(Unit.id, Unit.code, Unit.name, Unit.force_id, Unit.agency_id, Unit.capacity_threats,
                                   Unit.capacity_hours)).all()
    crimes = session.execute(select(CrimeType.id, CrimeType.code, CrimeType.name)).all()
    codes = {"force": {r[0]: r[1] for r in forces}, "agency": {r[0]: r[1] for r in agencies},
             "unit": {r[0]: r[1] for r in units}, "crime": {r[0]: r[1] for r in crimes}}
    rows = {"forces": [{"code": code, "name": name} for _i, code, name in forces],
            "agencies": [{"code": code, "name": name, "kind": kind} for _i, code, name, kind in agencies],
            "units": [{"code": code, "name": name, "force": codes["force"].get(force_id),
                       "agency": codes["agency"].get(agency_id), "capacity_threats": threats, "capacity_hours": hours}
                      for _i, code, name, force_id, agency_id, threats, hours in units],
            "crime_types": [{"code": code, "name": name} for _i, code, name in crimes]}
    return codes, rows


def _restricted(session: Session) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for kind, ident in session.execute(select(Restriction.entity_type, Restriction.entity_id),
                                       execution_options=access.unfiltered()):
        out.setdefault(kind, set()).add(ident)
    return out


def _changed_since(session: Session, event_id: int) -> dict[str, set[int]]:
    """The records touched by events after `event_id`, by audit entity type."""
    out: dict[str, set[int]] = {}
    for etype, eid in session.execute(select(AuditEvent.entity_type, AuditEvent.entity_id).where(
            AuditEvent.id > event_id, AuditEvent.entity_id.is_not(None)).distinct()):
        out.setdefault(etype, set()).add(eid)
    return out


#: above this many ids, rows are read whole and picked in Python (an IN list that long would be
#: slower, and past SQLite's limit on bound variables)
_IN_LIMIT = 5000


def _trail_mark(session: Session) -> int:
    """How far the audit trail has come: its newest event's number (whoever may read that event)."""
    from .chain import head as chain_head
    newest = chain_head(session)
    return newest[0] if newest else 0


def _iso(value: Any) -> Any:
    """A date or time as a package carries it (the ISO text `_plain` gives)."""
    return value if value is None or value.__class__ is str else value.isoformat()


def _stamp(value: str | None) -> str | None:
    """A time as stored (`2026-11-25T01:59:18.123456Z`, store/models/base.py `UTCDateTime`) as the
    package carries it: the ISO text of the aware datetime (`2026-11-25T01:59:18.123456+00:00`; no
    fraction when it is zero), without making the datetime."""
    if value is None:
        return None
    if len(value) == 27 and value[26] == "Z" and value[19] == ".":
        return (value[:19] if value.endswith(".000000Z") else value[:26]) + "+00:00"
    return dt.datetime.fromisoformat(value).isoformat()


class RawJSON:
    """A JSON column's stored text, carried into the payload as it is (`encode_payload` writes it
    in place, unparsed): an assessment's answers and result are not decoded only to be encoded
    again."""
    __slots__ = ("text",)

    def __init__(self, text: str | bytes):
        self.text = text

    def decoded(self) -> Any:
        return _loads(self.text)

    def __eq__(self, other: object) -> bool:
        return self.decoded() == (other.decoded() if isinstance(other, RawJSON) else other)

    def __repr__(self) -> str:   # its whole content, as a list's or a dict's repr shows theirs
        return f"{type(self).__name__}({self.text!r})"

    __hash__ = None  # type: ignore[assignment]


class RawJSONArray(RawJSON):
    """A JSON array made whole by the database (a package's subjects, `_subject_arrays_in_background`),
    carried as its UTF-8 text like `RawJSON`: the arrays of its parts (one per kind) joined into one.
    Its length is the number of items in it; iterating decodes them."""
    __slots__ = ("count",)

    def __init__(self, parts: Iterable[bytes], count: int):
        pieces: list[Any] = [b"["]
        for p in parts:
            if p != b"[]":   # its items, without its brackets, after a comma if others came before
                pieces += [b","] * (len(pieces) > 1) + [memoryview(p)[1:-1]]
        super().__init__(b"".join([*pieces, b"]"]))   # one copy
        self.count = count

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Any:
        return iter(self.decoded())


def _raw_json(value: Any) -> Any:
    """A JSON column read as its text, kept as its text (`RawJSON`); a server's driver may hand
    the value decoded, kept as it is."""
    return RawJSON(value) if value.__class__ is str else value


def _loads(value: Any) -> Any:
    """A JSON column read as its text (`type_coerce(column, String)`), decoded (orjson; the json
    module for what orjson refuses, such as NaN; or its UTF-8 bytes, `RawJSONArray`). A server's
    driver may hand the value decoded."""
    if value.__class__ is not str and value.__class__ is not bytes:
        return value
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError:
        return json.loads(value)


def _visible(session: Session, stmt: Any, *models: Any) -> Any:
    """`stmt` with the need-to-know criteria of each of `models` (every protected table it reads),
    as the ORM's hook would add them (services/access.py `visible`): a Core statement, which the
    hook does not see."""
    policy = access.policy(session)
    if policy is not None:
        for model in models:
            stmt = stmt.where(access.visible(model, policy))
    return stmt


def _read(session: Session, stmt: Any, *models: Any) -> Any:
    """Rows of `stmt` through the session's Core connection: no ORM handling of each row (a package
    reads tens of thousands), with the need-to-know criteria of `models` (`_visible`)."""
    result = session.connection().execute(_visible(session, stmt, *models))
    try:
        # no column converts its value (text, numbers; JSON and times are read as text): the
        # driver's tuples as they are, without a Row made around each (a third of a package's
        # reading time); any converting column and they go through SQLAlchemy's rows as usual
        processors = getattr(getattr(result, "_metadata", None), "_processors", None)
        if processors is not None and not any(processors) and getattr(result, "cursor", None) is not None:
            return result.cursor.fetchall()
        return result.all()   # fetched at once (row by row costs a call each)
    finally:
        result.close()


def _for_ids(session: Session, stmt: Any, column: Any, ids: set[int] | None, model: Any) -> Any:
    """Rows of `stmt` (reading `model`'s table, with its need-to-know criteria) whose `column` is
    one of `ids` (all rows when `ids` is None)."""
    if ids is None:
        return _read(session, stmt, model)
    if not ids:
        return []
    if len(ids) <= _IN_LIMIT:
        return _read(session, stmt.where(column.in_(sorted(ids))), model)
    key = stmt.selected_columns[0]
    assert key.key == column.key, "the first selected column is the one filtered on"
    return [r for r in _read(session, stmt, model) if r[0] in ids]


def _in_chunks(session: Session, make: Callable[[list[Any]], Any], values: Iterable[Any], *,
               scalars: bool = False, unfiltered: bool = True) -> list[Any]:
    """Rows of `make(part)` for `values` a few thousand at a time (an IN list of every value of a
    package would pass SQLite's limit on bound variables). Unfiltered unless said: these are the
    checks an import makes before writing (what is already here, whoever may see it)."""
    values = list(dict.fromkeys(values))
    options = access.unfiltered() if unfiltered else {}
    out: list[Any] = []
    for start in range(0, len(values), _IN_LIMIT):
        result = session.execute(make(values[start:start + _IN_LIMIT]), execution_options=options)
        out += result.scalars().all() if scalars else [tuple(r) for r in result]
    return out


_SUBJECT_TABLES = {"subjects": ("id", "kind", "reference", "name", "name_norm", "marking", "status", "status_reason",
                                "lead_force_id", "owner_unit_id", "description", "notes", "created_by_id", "created_at",
                                "updated_at", "archived_at", "uuid", "origin"),
                   "groups": ("id", "management_level", "reach_scope", "lro_name"),
                   "nominals": ("id", "surname", "forenames", "date_of_birth", "gender", "nationality", "flags"),
                   "vulnerabilities": ("id", "category", "location")}


def _grouped(rows: Iterable[Any]) -> dict[Any, list[Any]]:
    """Rows by their first value, each as the tuple of the rest, in the order read."""
    out: dict[Any, list[Any]] = {}
    get = out.get
    for r in rows:
        found = get(r[0])
        if found is None:
            out[r[0]] = found = []
        found.append(r[1:])
    return out


_SUBJECT_COLUMNS = (Subject.id, Subject.uuid, Subject.origin, Subject.kind, Subject.reference, Subject.name,
                    type_coerce(Subject.marking, String), type_coerce(Subject.status, String), Subject.status_reason,
                    Subject.lead_force_id, Subject.owner_unit_id, Subject.description, Subject.notes,
                    type_coerce(Subject.created_at, String))


# A subject as a package carries it, made by SQLite (json_object) in one statement per kind: the
# same keys and values as `collect`'s loop makes in Python (tests/services/test_exchange.py compares
# the two), for a third of the time. Its children are lists in the order they were added (aliases,
# identifiers) or sorted (flags, crime types, reach: by code, as Python's `sorted` orders text);
# `created_at` is the ISO text `_stamp` gives, or NULL when stored otherwise than `UTCDateTime`
# stores it (then the row's `odd` column has it, for `_stamp`).
_STAMP = ("CASE WHEN length(subjects.created_at) = 27 AND substr(subjects.created_at, 27, 1) = 'Z' "
          "AND substr(subjects.created_at, 20, 1) = '.' THEN (CASE WHEN substr(subjects.created_at, 20) = '.000000Z' "
          "THEN substr(subjects.created_at, 1, 19) ELSE substr(subjects.created_at, 1, 26) END) || '+00:00' END")
_JSON_COMMON = (
    "'uuid', subjects.uuid, 'origin', subjects.origin, 'kind', subjects.kind, 'reference', subjects.reference, "
    "'name', subjects.name, 'marking', subjects.marking, 'status', subjects.status, "
    "'status_reason', subjects.status_reason, "
    "'lead_force', (SELECT f.code FROM forces f WHERE f.id = subjects.lead_force_id), "
    "'owner_unit', (SELECT u.code FROM units u WHERE u.id = subjects.owner_unit_id), "
    "'description', subjects.description, 'notes', subjects.notes, 'created_at', " + _STAMP + ", "
    "'aliases', (SELECT jsonb_group_array(json_array(a.kind, a.alias) ORDER BY a.id) FROM subject_aliases a "
    "WHERE a.subject_id = subjects.id)")
_JSON_KIND = {
    "group": ("groups", "'management_level', groups.management_level, 'reach_scope', groups.reach_scope, "
                        "'lro_name', groups.lro_name, "
                        "'crime_types', (SELECT jsonb_group_array(c.code ORDER BY c.code) FROM group_crime_types gc "
                        "JOIN crime_types c ON c.id = gc.crime_type_id WHERE gc.group_id = subjects.id), "
                        "'reach', (SELECT jsonb_group_array(f.code ORDER BY f.code) FROM group_reach r "
                        "JOIN forces f ON f.id = r.force_id WHERE r.group_id = subjects.id)"),
    "nominal": ("nominals", "'surname', nominals.surname, 'forenames', nominals.forenames, "
                            "'date_of_birth', nominals.date_of_birth, 'gender', nominals.gender, "
                            "'nationality', nominals.nationality, "
                            "'flags', (SELECT jsonb_group_array(x.value ORDER BY x.value) FROM json_each("
                            "CASE WHEN nominals.flags = '[]' THEN NULL WHEN json_type(nominals.flags) = 'array' "
                            "THEN nominals.flags END) x), "
                            "'identifiers', (SELECT jsonb_group_array(json_array(i.kind, i.value) ORDER BY i.id) "
                            "FROM nominal_identifiers i WHERE i.nominal_id = subjects.id)"),
    "vulnerability": ("vulnerabilities", "'category', vulnerabilities.category, "
                                         "'location', vulnerabilities.location"),
}


def _json_in_sql(session: Session) -> bool:
    """Whether subjects are made into JSON by the database (`_JSON_KIND`): SQLite 3.45 or later
    (an aggregate's own ORDER BY, 3.44; JSONB, 3.45). A server's are made in Python (`collect`)."""
    if session.get_bind().dialect.name != "sqlite":
        return False
    version = session.connection().connection.driver_connection.execute("SELECT sqlite_version()").fetchone()[0]
    return tuple(int(x) for x in version.split(".")[:2]) >= (3, 45)


#: a subject's `created_at` when `_STAMP` cannot give its ISO text (stored otherwise than the
#: application stores times; `_stamp` then makes it)
_ODD = f"CASE WHEN subjects.created_at IS NOT NULL AND ({_STAMP}) IS NULL THEN subjects.created_at END"


def _of_kind(kind: str, *columns: Any) -> Any:
    """A statement of `columns` from the subjects of `kind`, joined to that kind's own table."""
    from sqlalchemy import column, table
    own = table(_JSON_KIND[kind][0], column("id"))
    return select(*columns).select_from(Subject).outerjoin(own, own.c.id == Subject.id).where(Subject.kind == kind)


def _subject_json_rows(session: Session, where: Any | None) -> list[Any]:
    """Subjects as (id, uuid, marking, JSON text, odd `created_at`), one statement per kind."""
    from sqlalchemy import literal_column
    rows: list[Any] = []
    for kind, (_name, extra) in _JSON_KIND.items():
        stmt = _of_kind(kind, Subject.id, Subject.uuid, type_coerce(Subject.marking, String),
                        literal_column(f"json_object({_JSON_COMMON}, {extra})"), literal_column(_ODD))
        if where is not None:
            stmt = stmt.where(where)
        rows += _read(session, stmt, Subject)
    return rows


def _subject_keys(session: Session, where: Any | None) -> list[Any]:
    """Subjects as (id, uuid, marking): what a package needs of each when the database makes
    their JSON as whole arrays (`_subject_arrays_in_background`)."""
    stmt = select(Subject.id, Subject.uuid, type_coerce(Subject.marking, String))
    return list(_read(session, stmt if where is None else stmt.where(where), Subject))


#: the newest event of the audit trail, whoever may read it (a Core statement: no need-to-know
#: criteria): every change is audited in its own transaction, so two reads that give the same
#: number read the same records
_NEWEST_EVENT = select(func.max(AuditEvent.id))


def _subject_arrays_in_background(session: Session, hidden: set[int]) -> Callable[[], Any] | None:
    """Every subject this reader may see, `hidden` ones aside, as one JSON array per kind made by
    SQLite on a connection of its own, on a thread: (the newest audit event that connection saw,
    [(array text, items, items with an odd time), ...]). SQLite makes an aggregate in one step, with Python's lock let go
    the whole time, so the arrays are made on the second core while `collect` reads everything
    else (measured: 47 ms of the export's 110 ms of reading). The caller checks that both
    connections read the same moment (`_NEWEST_EVENT`) before using them. None where this cannot
    be done (a session not bound to an engine)."""
    from sqlalchemy import Engine, literal_column
    engine = session.get_bind()
    if not isinstance(engine, Engine):
        return None
    statements = []
    for kind, (_name, extra) in _JSON_KIND.items():
        # as bytes: the text is not decoded, only joined to the others and written (UTF-8 as stored)
        stmt = _of_kind(kind, literal_column(f"CAST(json_group_array(json_object({_JSON_COMMON}, {extra})) AS BLOB)"),
                        func.count(), literal_column(f"count({_ODD})"))
        if hidden:
            stmt = stmt.where(Subject.id.not_in(sorted(hidden)))
        statements.append(_visible(session, stmt, Subject))

    def made() -> tuple[int | None, list[tuple[bytes, int, int]]]:
        with engine.connect() as conn:
            mark = conn.execute(_NEWEST_EVENT).scalar()
            return mark, [tuple(conn.execute(stmt).one()) for stmt in statements]
    return _in_background(made, name="rocta-package-subjects")


def _subject_rows(session: Session, where: Any | None, as_json: bool = False) -> list[Any]:
    """Subjects with their kind's own columns, as rows (no ORM object per record); as JSON made by
    the database when `as_json` (`_subject_json_rows`)."""
    if as_json:
        return _subject_json_rows(session, where)
    g, n, v = Group.__table__, Nominal.__table__, Vulnerability.__table__
    stmt = (select(*_SUBJECT_COLUMNS, type_coerce(g.c.management_level, String), type_coerce(g.c.reach_scope, String),
                   g.c.lro_name, n.c.surname, n.c.forenames, type_coerce(n.c.date_of_birth, String), n.c.gender,
                   n.c.nationality, type_coerce(n.c.flags, String), type_coerce(v.c.category, String), v.c.location)
            .select_from(Subject).outerjoin(g, g.c.id == Subject.id).outerjoin(n, n.c.id == Subject.id)
            .outerjoin(v, v.c.id == Subject.id))
    if where is not None:
        stmt = stmt.where(where)
    return list(_read(session, stmt, Subject))


def _subjects_in_python(session: Session, chosen: dict[int, Any], ids: set[int] | None,
                        codes: dict[str, dict[int, str]]) -> list[dict[str, Any]]:
    """The chosen subjects (`_subject_rows`' rows) as a package carries them, made here: with their
    aliases, identifiers, crime types and reach, each child table read in one statement."""
    aliases = _grouped(_for_ids(session, select(SubjectAlias.subject_id, type_coerce(SubjectAlias.kind, String),
                                                SubjectAlias.alias).order_by(SubjectAlias.id),
                                SubjectAlias.subject_id, ids, SubjectAlias))
    identifiers = _grouped(_for_ids(session, select(NominalIdentifier.nominal_id,
                                                    type_coerce(NominalIdentifier.kind, String),
                                                    NominalIdentifier.value).order_by(NominalIdentifier.id),
                                    NominalIdentifier.nominal_id, ids, NominalIdentifier))
    crimes = _grouped(_for_ids(session, select(GroupCrimeType.group_id, GroupCrimeType.crime_type_id),
                               GroupCrimeType.group_id, ids, GroupCrimeType))
    reach = _grouped(_for_ids(session, select(GroupReach.group_id, GroupReach.force_id), GroupReach.group_id, ids,
                              GroupReach))
    force, unit, crime = codes["force"], codes["unit"], codes["crime"]
    subjects: list[dict[str, Any]] = []
    flags_of: dict[Any, list[Any]] = {}   # a nominal's flags as read (their text) -> sorted: most are alike
    for sid in sorted(chosen):
        (_id, uuid, origin, kind, reference, name, marking, status, status_reason, lead_force_id, owner_unit_id,
         description, notes, created_at, management_level, reach_scope, lro_name, surname, forenames, dob, gender,
         nationality, flags, category, location) = chosen[sid]
        row = {"uuid": uuid, "origin": origin, "kind": kind, "reference": reference, "name": name,
               "marking": marking, "status": status, "status_reason": status_reason,
               "lead_force": force.get(lead_force_id), "owner_unit": unit.get(owner_unit_id),
               "description": description, "notes": notes, "created_at": _stamp(created_at),
               "aliases": [[k, a] for k, a in aliases.get(sid, ())]}
        if kind == "nominal":
            sorted_flags = flags_of.get(flags) if flags.__class__ is str else None
            if sorted_flags is None:
                sorted_flags = sorted(_loads(flags) or [])
                if flags.__class__ is str:
                    flags_of[flags] = sorted_flags
            row["surname"], row["forenames"], row["date_of_birth"], row["gender"], row["nationality"] = \
                surname, forenames, _iso(dob), gender, nationality
            row["flags"] = list(sorted_flags)
            row["identifiers"] = [[k, v] for k, v in identifiers.get(sid, ())]
        elif kind == "group":
            row["management_level"], row["reach_scope"], row["lro_name"] = management_level, reach_scope, lro_name
            row["crime_types"] = sorted([crime[c] for (c,) in crimes.get(sid, ())])
            row["reach"] = sorted([force[f] for (f,) in reach.get(sid, ())])
        elif kind == "vulnerability":
            row["category"], row["location"] = category, location
        subjects.append(row)
    return subjects


def collect(session: Session, *, since_event: int = 0, subject_refs: Iterable[str] | None = None) -> Collected:
    """Everything this reader may see (the session carries the clearance and ceiling) that changed
    since `since_event` (0: everything), or only the named subjects and what hangs off them. Restricted
    records never travel, nor anything of a subject that does not (its assessments, disruptions,
    plans, tasking, trigger reports, links).

    Rows are read as columns through the Core connection (`_read`: each statement gets the
    need-to-know criteria of the tables it reads, as the ORM's hook would add them), never as one
    ORM object per record, and children are read in one statement per table. JSON columns and times
    are read as their text and decoded here (orjson; a time's text turned into its ISO form).

    On a terminal, the subjects of a whole package are made into JSON by SQLite on a thread
    while the rest is read (`_subject_arrays_in_background`)."""
    restricted = _restricted(session)
    as_json = _json_in_sql(session)
    hidden = restricted.get("subject", set())
    arrays = (_subject_arrays_in_background(session, hidden)
              if as_json and not since_event and subject_refs is None and len(hidden) <= _IN_LIMIT else None)
    try:
        return _collect(session, since_event, subject_refs, restricted, as_json, arrays)
    except BaseException:
        if arrays is not None:
            with contextlib.suppress(BaseException):
                arrays()   # its connection back in the pool before the error goes on
        raise


def _settled_arrays(session: Session, arrays: Callable[[], Any], chosen: dict[int, Any]) -> RawJSONArray | None:
    """The subjects' arrays made on the thread (`_subject_arrays_in_background`), if they are of
    the records this session read (`_subject_keys`' rows, `chosen`): the same moment of the audit
    trail, as many subjects, none with a time SQLite cannot write (`_ODD`). None: make them here."""
    mark, parts = arrays()
    if mark != session.connection().execute(_NEWEST_EVENT).scalar():
        return None
    if sum(n for _made, n, _odd in parts) != len(chosen) or any(odd for _made, _n, odd in parts):
        return None
    return RawJSONArray([made for made, _n, _odd in parts], len(chosen))


def _collect(session: Session, since_event: int, subject_refs: Iterable[str] | None,
             restricted: dict[str, set[int]], as_json: bool, arrays: Callable[[], Any] | None) -> Collected:
    """`collect`, with the restrictions read and the subjects' arrays (`arrays`) on their way or not."""
    codes, reference_rows = _reference(session)
    hidden = restricted.get("subject", set())
    high_water = _trail_mark(session)
    changed = _changed_since(session, since_event) if since_event else None
    where = None
    wanted_ids: set[int] = set()
    if subject_refs is not None:
        where = Subject.reference.in_([r.strip().upper() for r in subject_refs])
    elif changed is not None:
        wanted_ids = set().union(*(changed.get(k, set()) for k in ("group", "nominal", "vulnerability")))
        links = changed.get("vulnerability_link", set())   # a link is its own record: its two subjects go again
        if links:
            for pair in _in_chunks(session, lambda part: select(VulnerabilityLink.vulnerability_id,
                                                                VulnerabilityLink.exploiter_id)
                                   .where(VulnerabilityLink.id.in_(part)), sorted(links), unfiltered=False):
                wanted_ids.update(pair)
        where = Subject.id.in_(sorted(wanted_ids)) if len(wanted_ids) <= _IN_LIMIT else None
    # with the arrays on their way, only what the package needs of each subject is read here
    def subject_rows(where_: Any | None) -> list[Any]:
        return _subject_keys(session, where_) if arrays is not None else _subject_rows(session, where_, as_json)
    rows = subject_rows(where)
    if changed is not None and subject_refs is None and where is None:
        rows = [r for r in rows if r[0] in wanted_ids]
    chosen = {r[0]: r for r in rows if r[0] not in hidden}
    # memberships, links and associations of the chosen ones bring their counterparts along
    pairs: dict[str, list[Any]] = {"members": [], "links": [], "associations": [], "exploits": []}
    if chosen:
        scoped = None if (changed is None and subject_refs is None) else set(chosen)
        pair_tables = (
            ("members", select(GroupMember.group_id, GroupMember.nominal_id, type_coerce(GroupMember.role, String),
                               type_coerce(GroupMember.since, String), GroupMember.notes).order_by(GroupMember.id),
             GroupMember.group_id, GroupMember.nominal_id, GroupMember),
            ("links", select(GroupLink.group_a_id, GroupLink.group_b_id, GroupLink.nature).order_by(GroupLink.id),
             GroupLink.group_a_id, GroupLink.group_b_id, GroupLink),
            ("associations", select(NominalAssociation.nominal_a_id, NominalAssociation.nominal_b_id,
                                    NominalAssociation.nature).order_by(NominalAssociation.id),
             NominalAssociation.nominal_a_id, NominalAssociation.nominal_b_id, NominalAssociation),
            ("exploits", select(VulnerabilityLink.vulnerability_id, VulnerabilityLink.exploiter_id,
                                VulnerabilityLink.nature, type_coerce(VulnerabilityLink.date_from, String),
                                type_coerce(VulnerabilityLink.date_to, String),
                                type_coerce(VulnerabilityLink.source_evaluation, String),
                                type_coerce(VulnerabilityLink.intel_assessment, String),
                                type_coerce(VulnerabilityLink.handling_code, String),
                                VulnerabilityLink.handling_conditions, VulnerabilityLink.source,
                                type_coerce(VulnerabilityLink.marking, String)).order_by(VulnerabilityLink.id),
             VulnerabilityLink.vulnerability_id, VulnerabilityLink.exploiter_id, VulnerabilityLink))
        for name, stmt, a, b, model in pair_tables:
            if scoped is None:
                found = _read(session, stmt, model)
            elif len(scoped) <= _IN_LIMIT:
                ids = sorted(scoped)
                found = _read(session, stmt.where(a.in_(ids) | b.in_(ids)), model)
            else:
                found = [r for r in _read(session, stmt, model) if r[0] in scoped or r[1] in scoped]
            pairs[name] = list(found)
        extra = {i for rows_ in pairs.values() for r in rows_ for i in (r[0], r[1])}
        missing = extra - set(chosen) - hidden
        if missing:
            for r in (subject_rows(Subject.id.in_(sorted(missing))) if len(missing) <= _IN_LIMIT
                      else [r for r in subject_rows(None) if r[0] in missing]):
                chosen[r[0]] = r
    uuid_of = {i: r[1] for i, r in chosen.items()}
    out: dict[str, Any] = {"subjects": [], "members": [], "links": [], "associations": [], "vulnerability_links": [],
                           "assessments": [], "schemes": [], "triggers": [], "requirements": [], "tasking": [],
                           "disruptions": [], "plans": [], "merges": []}
    chosen_uuids = set(uuid_of.values())
    seen_markings: set[str] = set()   # the markings of what travels (each once)
    # a full package reads its children's tables whole (an IN list of every subject costs more to
    # build and bind than the rows it would leave out); only the chosen subjects' rows are used
    ids = set(chosen) if changed is not None or subject_refs is not None else None
    force, unit = codes["force"], codes["unit"]
    for g, n, role, since, member_notes in pairs["members"]:
        if g in uuid_of and n in uuid_of:
            out["members"].append({"group": uuid_of[g], "nominal": uuid_of[n], "role": role, "since": since,
                                   "notes": member_notes})
    for a, b, nature in pairs["links"]:
        if a in uuid_of and b in uuid_of:
            out["links"].append({"a": uuid_of[a], "b": uuid_of[b], "nature": nature})
    for a, b, nature in pairs["associations"]:
        if a in uuid_of and b in uuid_of:
            out["associations"].append({"a": uuid_of[a], "b": uuid_of[b], "nature": nature})
    for (vid, xid, nature, date_from, date_to, source_evaluation, intel_assessment, handling_code,
         handling_conditions, source, marking) in pairs["exploits"]:
        if vid in uuid_of and xid in uuid_of:
            out["vulnerability_links"].append({
                "vulnerability": uuid_of[vid], "exploiter": uuid_of[xid], "nature": nature, "date_from": date_from,
                "date_to": date_to, "source_evaluation": source_evaluation, "intel_assessment": intel_assessment,
                "handling_code": handling_code, "handling_conditions": handling_conditions, "source": source,
                "marking": marking})
            seen_markings.add(marking)
    names = dict(_read(session, select(User.id, User.display_name)))
    # the subjects whose children may travel: those this reader sees, restricted ones aside
    if changed is None and subject_refs is None:   # a full package: that is every subject chosen
        subject_uuid = uuid_of
    else:
        subject_uuid = {i: u for i, u in _read(session, select(Subject.id, Subject.uuid), Subject) if i not in hidden}
    in_scope = set(chosen) if (changed is not None or subject_refs is not None) else None

    def wanted(ident: int, etype: str, subject_id: int | None = None) -> bool:
        if ident in restricted.get(etype, set()) or subject_id in hidden:
            return False
        if subject_refs is not None:
            return subject_id in chosen
        if changed is not None:
            return ident in changed.get(etype, set()) or (subject_id is not None and subject_id in (in_scope or ()))
        return True

    A = Assessment
    scheme_ids: set[int] = set()
    for (aid, subject_id, scheme_row_id, uuid, origin, reference, method, scheme_id, scheme_version, engine_version,
         answers, summary, result, score_min, score_max, band, band_level, priority, unknown_count, confidence,
         marking, created_by_id, created_at, reviewed_by_id, reviewed_at, review_comment, next_review) in \
            _read(session, select(A.id, A.subject_id, A.scheme_row_id, A.uuid, A.origin, A.reference, A.method,
                                  A.scheme_id, A.scheme_version, A.engine_version, type_coerce(A.answers, String),
                                  A.summary, type_coerce(A.result, String), A.score_min, A.score_max, A.band,
                                  A.band_level, A.priority, A.unknown_count, A.confidence,
                                  type_coerce(A.marking, String), A.created_by_id, type_coerce(A.created_at, String),
                                  A.reviewed_by_id, type_coerce(A.reviewed_at, String), A.review_comment,
                                  type_coerce(A.next_review, String))
                  .where(A.status == "approved").order_by(A.id), A):
        if not wanted(aid, "assessment", subject_id) or subject_id not in subject_uuid:
            continue
        scheme_ids.add(scheme_row_id)
        out["assessments"].append({
            "uuid": uuid, "origin": origin, "reference": reference, "subject": subject_uuid[subject_id],
            "method": method, "scheme_id": scheme_id, "scheme_version": scheme_version,
            "engine_version": engine_version, "answers": _raw_json(answers), "summary": summary,
            "result": _raw_json(result),
            "score_min": score_min, "score_max": score_max, "band": band, "band_level": band_level,
            "priority": priority, "unknown_count": unknown_count, "confidence": confidence,
            "marking": marking, "created_by": names.get(created_by_id), "created_at": _stamp(created_at),
            "reviewed_by": names.get(reviewed_by_id), "reviewed_at": _stamp(reviewed_at),
            "review_comment": review_comment, "next_review": next_review})
        seen_markings.add(marking)
    if scheme_ids:
        for d in session.scalars(select(SchemeDefinition).where(SchemeDefinition.id.in_(sorted(scheme_ids)))
                                 .order_by(SchemeDefinition.id)):
            out["schemes"].append({"scheme_id": d.scheme_id, "version": d.version, "method": d.method,
                                   "title": d.title, "sha256": d.sha256, "definition": d.definition})
    T = TriggerReport
    for (tid, subject_id, uuid, origin, reference, received_on, force_id, agency_id, officer, subject_kind,
         proposed_name, summary, grounds, source_evaluation, intel_assessment, handling_code, handling_conditions,
         marking, status, decision_reason, decided_on) in _read(session,
            select(T.id, T.subject_id, T.uuid, T.origin, T.reference, type_coerce(T.received_on, String), T.force_id,
                   T.agency_id, T.officer, T.subject_kind, T.proposed_name, T.summary, T.grounds,
                   type_coerce(T.source_evaluation, String), type_coerce(T.intel_assessment, String),
                   type_coerce(T.handling_code, String), T.handling_conditions, type_coerce(T.marking, String),
                   type_coerce(T.status, String), T.decision_reason, type_coerce(T.decided_on, String))
            .order_by(T.id), T):
        if not wanted(tid, "trigger", subject_id):
            continue
        out["triggers"].append({
            "uuid": uuid, "origin": origin, "reference": reference, "received_on": received_on,
            "force": force.get(force_id), "agency": codes["agency"].get(agency_id), "officer": officer,
            "subject_kind": subject_kind, "subject": subject_uuid.get(subject_id), "proposed_name": proposed_name,
            "summary": summary, "grounds": grounds, "source_evaluation": source_evaluation,
            "intel_assessment": intel_assessment, "handling_code": handling_code,
            "handling_conditions": handling_conditions, "marking": marking, "status": status,
            "decision_reason": decision_reason, "decided_on": decided_on})
        seen_markings.add(marking)
    R, X = IntelRequirement, RequirementResponse
    linked = _grouped(_read(session, select(RequirementSubject.requirement_id, RequirementSubject.subject_id)
                            .order_by(RequirementSubject.id), RequirementSubject))
    req_agencies = _grouped(_read(session, select(RequirementAgency.requirement_id, RequirementAgency.agency_id),
                                  RequirementAgency))
    responses = _grouped(_read(session,
        select(X.requirement_id, X.uuid, X.origin, X.agency_id, type_coerce(X.received_on, String),
               type_coerce(X.source_evaluation, String), type_coerce(X.intel_assessment, String),
               type_coerce(X.handling_code, String), X.handling_conditions, X.summary, type_coerce(X.answers, String),
               type_coerce(X.marking, String)).order_by(X.id), X))
    for (rid, uuid, origin, reference, question, themes, priority, owner, owner_unit_id, due_on, status,
         status_reason, marking) in _read(session,
            select(R.id, R.uuid, R.origin, R.reference, R.question, R.themes, type_coerce(R.priority, String), R.owner,
                   R.owner_unit_id, type_coerce(R.due_on, String), type_coerce(R.status, String), R.status_reason,
                   type_coerce(R.marking, String)).order_by(R.id), R):
        its_subjects = [s for (s,) in linked.get(rid, ())]
        if not wanted(rid, "requirement", its_subjects[0] if its_subjects else None):
            continue
        answered = responses.get(rid, ())
        out["requirements"].append({
            "uuid": uuid, "origin": origin, "reference": reference, "question": question, "themes": themes,
            "priority": priority, "owner": owner, "owner_unit": unit.get(owner_unit_id),
            "due_on": due_on, "status": status, "status_reason": status_reason,
            "marking": marking, "subjects": [subject_uuid[i] for i in its_subjects if i in subject_uuid],
            "agencies": sorted(codes["agency"][a] for (a,) in req_agencies.get(rid, ())),
            "responses": [{"uuid": x_uuid, "origin": x_origin, "agency": codes["agency"].get(agency_id),
                           "received_on": received_on, "source_evaluation": source_evaluation,
                           "intel_assessment": intel_assessment, "handling_code": handling_code,
                           "handling_conditions": handling_conditions, "summary": x_summary,
                           "answers": answers, "marking": x_marking}
                          for (x_uuid, x_origin, agency_id, received_on, source_evaluation, intel_assessment,
                               handling_code, handling_conditions, x_summary, answers, x_marking) in answered]})
        seen_markings.add(marking)
        seen_markings.update(x[-1] for x in answered)
    K = TaskingRequest
    for (kid, subject_id, uuid, origin, reference, objective, requester, owner_unit_id, owner_force_id,
         owner_agency_id, four_p, priority, due_date, effort_hours, status, outcome, decline_reason, marking) in \
            _read(session, select(K.id, K.subject_id, K.uuid, K.origin, K.reference, K.objective, K.requester,
                                   K.owner_unit_id, K.owner_force_id, K.owner_agency_id,
                                   type_coerce(K.four_p, String), K.priority, type_coerce(K.due_date, String),
                                   K.effort_hours, type_coerce(K.status, String), K.outcome, K.decline_reason,
                                   type_coerce(K.marking, String)).order_by(K.id), K):
        if not wanted(kid, "tasking", subject_id):
            continue
        out["tasking"].append({
            "uuid": uuid, "origin": origin, "reference": reference, "subject": subject_uuid.get(subject_id),
            "objective": objective, "requester": requester, "owner_unit": unit.get(owner_unit_id),
            "owner_force": force.get(owner_force_id), "owner_agency": codes["agency"].get(owner_agency_id),
            "four_p": four_p, "priority": priority, "due_date": due_date,
            "effort_hours": effort_hours, "status": status, "outcome": outcome,
            "decline_reason": decline_reason, "marking": marking})
        seen_markings.add(marking)
    D, DO = Disruption, DisruptionOutcome
    d_agencies = _grouped(_read(session, select(DisruptionAgency.disruption_id, DisruptionAgency.agency_id),
                                DisruptionAgency))
    d_outcomes = _grouped(_read(session, select(DO.disruption_id, type_coerce(DO.kind, String), DO.quantity, DO.unit,
                                                 DO.detail).order_by(DO.id), DO))
    for (did, subject_id, uuid, origin, reference, occurred_on, four_p, tactic, grade, lead_agency_id, operation,
         narrative, marking, reviewed_by_id, reviewed_at) in _read(
            session, select(D.id, D.subject_id, D.uuid, D.origin, D.reference, type_coerce(D.occurred_on, String),
                   type_coerce(D.four_p, String), D.tactic, type_coerce(D.grade, String), D.lead_agency_id,
                   D.operation, D.narrative, type_coerce(D.marking, String), D.reviewed_by_id,
                   type_coerce(D.reviewed_at, String))
            .where(D.status == "approved").order_by(D.id), D):
        if not wanted(did, "disruption", subject_id) or subject_id not in subject_uuid:
            continue
        out["disruptions"].append({
            "uuid": uuid, "origin": origin, "reference": reference, "subject": subject_uuid[subject_id],
            "occurred_on": occurred_on, "four_p": four_p, "tactic": tactic, "grade": grade,
            "lead_agency": codes["agency"].get(lead_agency_id), "operation": operation, "narrative": narrative,
            "marking": marking, "approved_by": names.get(reviewed_by_id), "approved_at": _stamp(reviewed_at),
            "agencies": sorted(codes["agency"][a] for (a,) in d_agencies.get(did, ())),
            "outcomes": [{"kind": kind, "quantity": quantity, "unit": o_unit, "detail": detail}
                         for kind, quantity, o_unit, detail in d_outcomes.get(did, ())]})
        seen_markings.add(marking)
    P, PA = FourPPlan, PlanAction
    actions = _grouped(_read(session, select(PA.plan_id, PA.uuid, PA.origin, type_coerce(PA.four_p, String), PA.text,
                                             PA.owner, type_coerce(PA.due_on, String),
                                             type_coerce(PA.status, String)).order_by(PA.id), PA))
    for pid, subject_id, owner, owner_unit_id, owner_agency_id, marking in _read(
            session, select(P.id, P.subject_id, P.owner, P.owner_unit_id, P.owner_agency_id,
                            type_coerce(P.marking, String)).order_by(P.id), P):
        if subject_id not in chosen and (changed is not None or subject_refs is not None):
            continue
        if subject_id not in subject_uuid:
            continue
        out["plans"].append({"subject": subject_uuid[subject_id], "owner": owner,
                             "owner_unit": unit.get(owner_unit_id),
                             "owner_agency": codes["agency"].get(owner_agency_id), "marking": marking,
                             "actions": [{"uuid": a_uuid, "origin": a_origin, "four_p": four_p, "text": a_text,
                                          "owner": a_owner, "due_on": due_on, "status": a_status}
                                         for a_uuid, a_origin, four_p, a_text, a_owner, due_on, a_status
                                         in actions.get(pid, ())]})
        seen_markings.add(marking)
    for m in session.scalars(select(Merge).order_by(Merge.id)):
        if m.keep_uuid in chosen_uuids and m.other_uuid in chosen_uuids:
            out["merges"].append({"uuid": m.uuid, "origin": m.origin, "kind": m.kind, "keep": m.keep_uuid,
                                  "other": m.other_uuid, "merged_at": _plain(m.merged_at),
                                  "undone": m.undone_at is not None})
    # the subjects last: their arrays have been made meanwhile, if they were on their way
    if as_json:
        whole = _settled_arrays(session, arrays, chosen) if arrays is not None else None
        if whole is not None:
            out["subjects"] = whole
            seen_markings.update(r[2] for r in chosen.values())
        else:   # one row each, made by the database (the JSON read now if only the keys were)
            made_rows = chosen if arrays is None else {r[0]: r for r in _subject_json_rows(session, None)
                                                       if r[0] in chosen}
            for sid in sorted(made_rows):
                _id, _uuid, marking, made, odd = made_rows[sid]
                out["subjects"].append(RawJSON(made) if odd is None else {**_loads(made), "created_at": _stamp(odd)})
                seen_markings.add(marking)
    else:
        out["subjects"] = _subjects_in_python(session, chosen, ids, codes)
        seen_markings.update(r[6] for r in chosen.values())
    out["reference"] = reference_rows
    sent = [uuid_of[i] for i in sorted(chosen)] + [r["uuid"] for kind in _MERGED[1:] for r in out[kind]]
    return Collected(out, sorted((Marking(m) for m in seen_markings), key=lambda m: m.rank), high_water, sent)


# ------------------------------------------------------------------ the package file

def _chain(session: Session, key_id: str) -> list[dict[str, Any]]:
    """The certificates from the signer's key up to the root, for the recipient to check."""
    chain, seen = [], set()
    current = key_id
    while current and current not in seen:
        seen.add(current)
        row = session.scalars(select(UserCertificate).where(UserCertificate.key_id == current)
                              .order_by(UserCertificate.id.desc())).first()
        if row is None:
            break
        cert = trust.parse_certificate(row.cert) or {}
        chain.append({"cert": row.cert, "sig": row.cert_sig, "public_key": row.public_key})
        issuer = cert.get("issuer")
        if issuer == current:
            break
        # an issuer's administrator certificate, if it has one (for a rotation: its own earlier one)
        current = issuer
    return chain


@dataclass
class Package:
    manifest: dict[str, Any]
    payload: dict[str, Any]
    partner_id: int
    size: int
    #: the payload was read by orjson (valid JSON through and through: no NaN, no integer beyond
    #: 64 bits), not by the json module's wider reading
    plain_json: bool = True


def encode_payload(payload: dict[str, Any]) -> bytes:
    """The payload as JSON (UTF-8, compact): orjson, a tenth of the json module's time for a
    package of ten thousand subjects. Its bytes are checked by their SHA-256 (in the signed
    manifest), not re-encoded anywhere, so any valid JSON of the same values will do, and a reader
    reads packages made either way. A value orjson cannot write exactly (an integer beyond 64 bits)
    sends the payload through the json module, as before."""
    try:
        return orjson.dumps(payload, default=_json)
    except orjson.JSONEncodeError:
        return json.dumps(payload, separators=(",", ":"), ensure_ascii=False, default=_json_module).encode("utf-8")


def decode_payload(data: bytes) -> Any:
    """A payload's JSON (orjson; the json module for what orjson refuses, such as NaN)."""
    return _decode_payload(data)[0]


def _decode_payload(data: bytes) -> tuple[Any, bool]:
    """(the payload, whether orjson read it)."""
    try:
        return orjson.loads(data), True
    except orjson.JSONDecodeError:
        return json.loads(data), False


def encode(header: dict[str, Any], inner: bytes, recipient: str) -> bytes:
    return b"".join(_encoded(header, inner, recipient))


def _encoded(header: dict[str, Any], inner: bytes, recipient: str) -> tuple[bytes, bytes]:
    """A package file's two parts: what it shows in the clear (the format's mark, `header`) and
    `inner` encrypted to `recipient` (age)."""
    import pyrage
    return MAGIC + canonical(header) + b"\n", pyrage.encrypt(inner, [pyrage.x25519.Recipient.from_str(recipient)])


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _sealed(header: dict[str, Any], inner: bytes, recipient: str) -> tuple[tuple[bytes, bytes], str]:
    """The package file's parts (`_encoded`: written one after the other, never joined into one
    more copy of ten megabytes) and the SHA-256 of the whole, for the record of the file written."""
    parts = _encoded(header, inner, recipient)
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
    return parts, digest.hexdigest()


def _write_parts(path: Path, parts: Iterable[bytes]) -> None:
    """`parts` one after the other into a new file only its owner may read."""
    import os
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:
        for part in parts:
            f.write(part)


def package_head(path: Path) -> dict[str, Any] | None:
    """The sender's audit head a package carries in the clear (a witness; `rocta verify --witness`)."""
    try:
        with open(path, "rb") as f:
            if f.read(len(MAGIC)) != MAGIC:
                return None
            header = json.loads(f.readline(MAX_HEADER_BYTES))
    except (OSError, ValueError):
        return None
    found = header.get("audit_head") if isinstance(header, dict) else None
    return found if isinstance(found, dict) else None


def _in_background(fn: Callable[..., Any], *args: Any, name: str = "rocta-package-seal") -> Callable[[], Any]:
    """Start `fn(*args)` on a thread (work that releases the GIL: age encryption, an SQLite
    aggregate); the callable returned waits for it and gives its result (or raises its error)."""
    import threading
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = fn(*args)
        except BaseException as exc:   # handed to the caller's thread
            outcome["error"] = exc
    worker = threading.Thread(target=run, name=name, daemon=True)
    worker.start()

    def result() -> Any:
        worker.join()
        if "error" in outcome:
            raise outcome["error"]
        return outcome["value"]
    return result


def _without_cyclic_gc(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Run `fn` with Python's cyclic garbage collector paused (rocta_desktop/bulk.py): a package of
    ten thousand records is hundreds of thousands of dicts and lists alive until the end, and in a
    process already holding much (the application, several workspaces) each collection rescans it
    all with nothing to free."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with no_cyclic_gc():
            return fn(*args, **kwargs)
    return wrapper


@_without_cyclic_gc
def export_package(ws: Any, partner_ref: str | int, out: Path, *, ceiling: Marking | None = None,
                   since_last: bool = True, subjects: Iterable[str] | None = None,
                   progress: Callable[[str, float], None] | None = None) -> dict[str, Any]:
    """Write the next package for a partner; its intent (with the sequence number) is committed
    before the file lands, so no number is ever used twice."""
    from . import files
    progress = progress or (lambda _what, _fraction: None)
    require(ws.actor, Permission.EDIT_RECORDS)
    with ws.reader() as s:
        partner = _partner(s, partner_ref)
        pid, seq, since = partner.id, partner.last_sent_seq + 1, partner.last_sent_event if since_last else 0
        to_ws, recipient, partner_name = partner.workspace_id, partner.recipient, partner.name
        top = min(Marking(partner.ceiling), ceiling or Marking.SECRET, ws.actor.clearance or Marking.SECRET,
                  key=lambda m: m.rank)
        me = {"workspace_id": _meta(s, "workspace_id"), "name": _meta(s, "name")}
        chain = _chain(s, ws._signer.key_id)
    progress("Collecting records", 0.1)
    collected = ws.read_at(top, collect, since_event=since, subject_refs=subjects)
    payload = encode_payload(collected.payload)
    digesting = _in_background(_sha256, payload)   # hashlib lets go of the GIL: meanwhile the records are freed
    counts, high_water, markings = collected.counts(), collected.high_water, collected.markings
    sent = "\n".join(collected.sent)
    del collected
    marking = highest(markings, Marking.OFFICIAL)
    progress("Signing and encrypting", 0.5)
    manifest = {"format": "roctapkg", "version": 1, "from": me["workspace_id"], "from_name": me["name"],
                "to": to_ws, "seq": seq, "created": clock.now().isoformat(timespec="seconds"),
                "sender": {"username": ws.actor.username, "display_name": ws.actor.display_name,
                           "key_id": ws._signer.key_id},
                "marking": marking.value, "ceiling": top.value, "since_event": since,
                "counts": counts, "payload_sha256": digesting(), "audit_head": head.read_head(ws.path)}
    signature = ws._signer.sign(b"rocta-package|" + canonical(manifest))
    inner = canonical({"manifest": manifest, "signature": signature, "certificates": chain}) + b"\n" + payload
    del payload
    sealed = _in_background(_sealed, {"audit_head": manifest["audit_head"]}, inner, recipient)
    del inner   # the thread holds it
    parts, data_sha256 = sealed()

    def also(uow: Any) -> None:  # in the intent's transaction: the number is used, what was sent is kept
        p = uow.session.get(ExchangePartner, pid)
        p.last_sent_seq, p.last_sent_event = seq, high_water
        uow.session.add(ExchangeSent(partner_id=pid, seq=seq, high_water=high_water, entities=sent))
    progress("Writing the file", 0.8)
    delivered = files.deliver(ws, action="exchange.export", what=f"package {seq} for {partner_name}", target=Path(out),
                              produce=lambda p: _write_parts(p, parts), marking=marking, counts=counts,
                              details={"partner": partner_name, "seq": seq, "ceiling": top.value}, also=also,
                              sha256=data_sha256)
    progress("Done", 1.0)
    return {"file": str(delivered.path), "partner": partner_name, "seq": seq, "marking": marking.value,
            "ceiling": top.value, "counts": counts, "bytes": delivered.size, "sha256": delivered.sha256}


# ------------------------------------------------------------------ reading and checking a package

def open_package(session: Session, path: Path, identity: str) -> Package:
    """Decrypt and check a package against this workspace and its registered partners. Every refusal
    is a PackageError saying what is wrong; nothing is written here."""
    import pyrage
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PackageError(f"{path} cannot be read ({exc.strerror or exc})") from None
    if size > MAX_PACKAGE_BYTES:
        raise PackageError(f"{path.name} is {size:,} bytes: larger than any package this version reads")
    raw = path.read_bytes()
    if not raw.startswith(MAGIC):
        raise PackageError(f"{path.name} is not a ROCTA exchange package")
    end = raw.find(b"\n", len(MAGIC))
    if end < 0 or end - len(MAGIC) > MAX_HEADER_BYTES:
        raise PackageError(f"{path.name} is damaged (its header is cut short)")
    try:
        inner = pyrage.decrypt(raw[end + 1:], [pyrage.x25519.Identity.from_str(identity)])
    except Exception:
        raise PackageError(f"{path.name} cannot be opened with this workspace's key: it was made for another "
                           "workspace, or it was damaged or cut short on the way") from None
    split = inner.find(b"\n")
    try:
        envelope = json.loads(inner[:split])
        manifest, signature, chain = envelope["manifest"], envelope["signature"], envelope["certificates"]
        if not isinstance(manifest, dict) or not isinstance(chain, list):
            raise ValueError("structure")
        payload_bytes = inner[split + 1:]
    except (ValueError, KeyError, TypeError):
        raise PackageError(f"{path.name} is damaged (its contents cannot be read)") from None
    here = _meta(session, "workspace_id")
    if manifest.get("to") != here:
        raise PackageError(f"{path.name} is addressed to workspace {manifest.get('to')}, not this one")
    partner = session.scalar(select(ExchangePartner).where(ExchangePartner.workspace_id == manifest.get("from")))
    if partner is None or not partner.active:
        raise PackageError(f"{path.name} comes from {manifest.get('from_name') or manifest.get('from')}, which is not a "
                           "registered partner: register its card first")
    if hashlib.sha256(payload_bytes).hexdigest() != manifest.get("payload_sha256"):
        raise PackageError(f"{path.name} has been altered (its contents do not match their checksum)")
    sender_key = _check_chain(chain, partner, manifest.get("from"))
    if sender_key is None or sender_key.id != (manifest.get("sender") or {}).get("key_id") or \
            not sender_key.verify(signature, b"rocta-package|" + canonical(manifest)):
        raise PackageError(f"{path.name} is not signed by a person whose key goes back to {partner.name}'s root key "
                           f"({fingerprint(PublicKey.from_b64(partner.root_public_key).raw)}): it was altered or "
                           "re-signed")
    seq = manifest.get("seq")
    if not isinstance(seq, int) or seq <= partner.last_received_seq:
        raise PackageError(f"{path.name} is package {seq} from {partner.name}, which was already imported "
                           f"(the last imported is {partner.last_received_seq}): nothing was changed")
    if seq != partner.last_received_seq + 1:
        missing = partner.last_received_seq + 1
        raise PackageError(f"{path.name} is package {seq} from {partner.name}, but package {missing}"
                           f"{'' if seq == missing + 1 else f' to {seq - 1}'} has not been imported: import the "
                           "packages in order")
    try:
        payload, plain_json = _decode_payload(payload_bytes)
        if not isinstance(payload, dict):
            raise ValueError("not an object")
    except ValueError:
        raise PackageError(f"{path.name} is damaged (its records cannot be read)") from None
    return Package(manifest, payload, partner.id, size, plain_json)


def _check_chain(chain: list[Any], partner: ExchangePartner, workspace_id: str) -> PublicKey | None:
    """The sender's public key if its certificate chain goes back to the partner's root key."""
    if not chain:
        return None
    try:
        entries = [(trust.parse_certificate(c["cert"]), c["sig"], PublicKey.from_b64(c["public_key"])) for c in chain]
    except (KeyError, TypeError, ValueError):
        return None
    by_key = {pk.id: (cert, sig, pk) for cert, sig, pk in entries if cert}
    first = entries[0]
    cert, sig, key = first
    if cert is None or cert.get("workspace") != workspace_id or cert.get("key_id") != key.id or not cert.get("active"):
        return None
    seen: set[str] = set()
    current = (cert, sig)
    while True:
        c, s = current
        issuer = c.get("issuer")
        if issuer in seen:
            return None
        seen.add(issuer)
        if issuer == c.get("key_id"):  # self-signed: must be the partner's root
            ok = issuer == partner.root_key_id and PublicKey.from_b64(partner.root_public_key).verify(
                s, certificate_message(workspace_id, c))
            return key if ok else None
        found = by_key.get(issuer)
        if found is None:
            return None
        icert, isig, ikey = found
        if not ikey.verify(s, certificate_message(workspace_id, c)):
            return None
        admin = icert.get("role") == Role.ADMINISTRATOR.value and icert.get("active")
        own = icert.get("user_id") == c.get("user_id") and icert.get("username") == c.get("username")
        if not (admin or own):
            return None
        current = (icert, isig)


# ------------------------------------------------------------------ merging what arrived

@dataclass
class ImportReport:
    partner: str
    seq: int
    marking: str
    new: dict[str, list[str]] = field(default_factory=dict)
    updated: dict[str, list[str]] = field(default_factory=dict)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    unchanged: int = 0
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)
    merges_not_applied: list[str] = field(default_factory=list)
    committed: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"partner": self.partner, "seq": self.seq, "marking": self.marking, "committed": self.committed,
                "new": {k: len(v) for k, v in self.new.items()}, "updated": {k: len(v) for k, v in self.updated.items()},
                "conflicts": self.conflicts, "unchanged": self.unchanged, "likely_duplicates": self.duplicates,
                "merges": self.merges, "merges_not_applied": self.merges_not_applied,
                "new_references": {k: v[:50] for k, v in self.new.items()}}


class _Merge:
    """Applies one package inside one unit of work (or plans it, for a dry run)."""

    def __init__(self, uow: Any, pkg: Package, *, dry_run: bool):
        self.uow, self.s, self.pkg, self.dry = uow, uow.session, pkg, dry_run
        self.partner = self.s.get(ExchangePartner, pkg.partner_id)
        m = pkg.manifest
        self.report = ImportReport(self.partner.name, m["seq"], m.get("marking", "OFFICIAL"))
        self.by = f"{m['sender'].get('display_name')} ({m['sender'].get('username')}) at {self.partner.name}"
        self.when = m.get("created")
        self._load()

    def _load(self) -> None:
        """The partner and its baselines as ORM objects (again after an undone merge, which clears
        the session)."""
        self.partner = self.s.get(ExchangePartner, self.pkg.partner_id)
        self.baselines = {b.entity_uuid: b for b in self.s.scalars(
            select(ExchangeBaseline).where(ExchangeBaseline.partner_id == self.partner.id))}
        self.mark = _trail_mark(self.s)   # baselines settled now are newer than any package sent so far
        self._sent: dict[str, int] | None = None
        self._befores: dict[tuple[str, int], dict[str, Any]] = {}
        self.codes = {"force": dict(self.s.execute(select(Force.code, Force.id)).all()),
                      "agency": dict(self.s.execute(select(Agency.code, Agency.id)).all()),
                      "unit": dict(self.s.execute(select(Unit.code, Unit.id)).all()),
                      "crime": dict(self.s.execute(select(CrimeType.code, CrimeType.id)).all())}
        self._code_of: dict[str, tuple[int, dict[int, str]]] = {}   # `code_of`'s maps, by kind
        self.subject_ids: dict[str, int] = {}
        self.new_subjects: set[int] = set()   # ids of the subjects this package brought
        self.notes: list[str] = []
        self.merges_seen: set[str] = set()

    # -------------------------------------------------------------- helpers
    def code_of(self, kind: str, ident: int | None) -> str | None:
        """The code of the force, agency, unit or crime type (`kind`) numbered `ident` here. Its map
        is made once, and again only when codes have been added since (a package's reference data
        adds them before its records; none is ever taken away)."""
        made = self._code_of.get(kind)
        if made is None or made[0] != len(self.codes[kind]):
            made = self._code_of[kind] = (len(self.codes[kind]), {v: c for c, v in self.codes[kind].items()})
        return made[1].get(ident)

    def package_value(self, kind: str, ident: int | None) -> str | None:
        """What a package carries for a record's id here: a subject's UUID (whoever may see it), or
        the code of a force, agency, unit or crime type (`code_of`)."""
        if kind != "subject":
            return self.code_of(kind, ident)
        return self.s.scalar(select(Subject.uuid).where(Subject.id == ident),
                             execution_options=access.unfiltered()) if ident else None

    def _json_text(self, value: Any) -> str:
        """A JSON column's text for a value of the payload: orjson when the payload was read by
        orjson (so it holds no NaN nor integer beyond 64 bits, which orjson would write otherwise
        than the json module), else the json module, as before."""
        if self.pkg.plain_json:
            try:
                return orjson.dumps(value).decode("utf-8")
            except orjson.JSONEncodeError:
                pass
        return json.dumps(value)

    def note(self, bucket: dict[str, list[str]], kind: str, ref: str) -> None:
        bucket.setdefault(kind, []).append(ref)

    def code_id(self, kind: str, code: str | None) -> int | None:
        if code is None:
            return None
        found = self.codes[kind].get(code)
        if found is None:
            raise PackageError(f"the package names {kind} {code!r}, which neither it nor this workspace defines")
        return found

    def baseline(self, uuid: str, values: dict[str, Any], base: dict[str, str] | None = None) -> None:
        """What the partner and we now agree the record was (`base`, with `values` settled now)."""
        if self.dry:
            return
        digested = {**(base or {}), **digests(values)}
        row = self.baselines.get(uuid)
        if row is None:
            row = self.baselines[uuid] = ExchangeBaseline(partner_id=self.partner.id, entity_uuid=uuid,
                                                          digests=digested, at_event=self.mark)
            self.s.add(row)
        else:
            row.digests, row.at_event = digested, self.mark

    # -------------------------------------------------------------- baselines
    def sent_marks(self) -> dict[str, int]:
        """UUID -> how far our audit trail had come when the newest package to this partner that
        carried the record was read (read once, when an update first needs it)."""
        if self._sent is None:
            self._sent = {}
            for high_water, entities in self.s.execute(
                    select(ExchangeSent.high_water, ExchangeSent.entities)
                    .where(ExchangeSent.partner_id == self.partner.id).order_by(ExchangeSent.seq)):
                self._sent.update(dict.fromkeys(entities.split("\n"), high_water))
        return self._sent

    def befores(self, entity_type: str, marks: dict[int, int]) -> None:
        """For each record (id -> mark), the value each column had before its first change after
        the mark, from the audit trail (every change is in it, with its before and after): kept
        for `as_of`. One statement per chunk of records."""
        wanted = {i: m for i, m in marks.items() if (entity_type, i) not in self._befores}
        for i in wanted:
            self._befores[entity_type, i] = {}
        if not wanted:
            return
        low = min(wanted.values())
        for ident, event_id, changes in _in_chunks(self.s, lambda part: select(
                AuditEvent.entity_id, AuditEvent.id, AuditEvent.changes).where(
                AuditEvent.entity_type == entity_type, AuditEvent.entity_id.in_(part), AuditEvent.id > low)
                .order_by(AuditEvent.id), sorted(wanted)):
            if event_id <= wanted[ident] or not isinstance(changes, dict):
                continue
            firsts = self._befores[entity_type, ident]
            for column, change in changes.items():
                if column not in firsts and isinstance(change, dict) and "before" in change:
                    firsts[column] = change["before"]

    def as_of(self, entity_type: str, entity_id: int, mark: int, local: dict[str, Any],
              fks: dict[str, tuple[str, str]]) -> dict[str, Any]:
        """The record's fields (as a package carries them) as they were when the trail was at
        `mark`: as now, but for the columns changed since, which had their first change's before."""
        self.befores(entity_type, {entity_id: mark})
        firsts = self._befores[entity_type, entity_id]
        was = dict(local)
        for name in local:
            column, kind = fks.get(name, (name, ""))
            if column not in firsts:
                continue
            value = firsts[column]
            if kind:
                value = self.package_value(kind, value)
            elif name == "flags":
                value = sorted(value or [])
            was[name] = value
        return was

    def base_of(self, uuid: str, then: Callable[[int], dict[str, Any]]) -> dict[str, str]:
        """The digests of the record as the partner and we last agreed it: what we last received
        from them (settled at import) or, when newer, what we last sent them (`then(mark)`: the
        record as it was when that package was read)."""
        held = self.baselines.get(uuid)
        mark = self.sent_marks().get(uuid)
        if mark is None or (held is not None and held.at_event >= mark):
            return held.digests if held is not None else {}
        return digests(then(mark))

    def merge_fields(self, kind: str, uuid: str, reference: str, local: dict[str, Any], incoming: dict[str, Any],
                     apply: Callable[[str, Any], None], then: Callable[[int], dict[str, Any]]) -> bool:
        """Field by field against the baseline: their change only is applied, ours only is kept, both
        is a conflict. Returns whether anything was applied."""
        base = self.base_of(uuid, then)
        applied = False
        settled: dict[str, Any] = {}
        for name, value in incoming.items():
            mine = local.get(name)
            d_in, d_mine, d_base = digest(value), digest(mine), base.get(name)
            if d_in == d_mine:
                settled[name] = value
                continue
            if d_base is not None and d_in == d_base:
                continue  # only we changed it since the last exchange: ours stands
            if (d_base is not None and d_mine == d_base) or mine in (None, "", []):
                if not self.dry:
                    apply(name, value)
                applied = True
                settled[name] = value
                continue
            self.report.conflicts.append({"entity": kind, "reference": reference, "field": name,
                                          "local": _plain(mine), "incoming": _plain(value)})
            if not self.dry:
                self.s.add(ExchangeConflict(partner_id=self.partner.id, package_seq=self.report.seq, entity_type=kind,
                                            entity_uuid=uuid, reference=reference, field=name, local_value=_plain(mine),
                                            incoming_value=_plain(value), incoming_by=self.by, incoming_at=self.when,
                                            status="open"))
            settled[name] = value  # the next package compares against what they sent now
        self.baseline(uuid, settled, base)
        return applied

    def unique_reference(self, model: Any, reference: str) -> str:
        taken = self.s.scalar(select(model.id).where(model.reference == reference),
                              execution_options=access.unfiltered())
        if taken is None:
            return reference
        prefix = self.partner.prefix or f"X{self.partner.id}"
        candidate = reference if reference_origin(reference) else f"{prefix}/{reference}"
        n = 1
        while self.s.scalar(select(model.id).where(model.reference == candidate),
                            execution_options=access.unfiltered()) is not None:
            n += 1
            candidate = f"{prefix}{n}/{reference.split('/')[-1]}"
        return candidate

    # -------------------------------------------------------------- reference data
    def reference_data(self, data: dict[str, Any]) -> None:
        for row in data.get("forces", []):
            if row["code"] not in self.codes["force"]:
                self.note(self.report.new, "force", row["code"])
                if not self.dry:
                    f = Force(code=row["code"], name=row["name"], active=True)
                    self.s.add(f)
                    self.s.flush()
                    self.codes["force"][f.code] = f.id
                else:
                    self.codes["force"][row["code"]] = -1
        for row in data.get("agencies", []):
            if row["code"] not in self.codes["agency"]:
                self.note(self.report.new, "agency", row["code"])
                if not self.dry:
                    a = Agency(code=row["code"], name=row["name"], kind=row.get("kind") or "OTHER", active=True)
                    self.s.add(a)
                    self.s.flush()
                    self.codes["agency"][a.code] = a.id
                else:
                    self.codes["agency"][row["code"]] = -1
        for row in data.get("crime_types", []):
            if row["code"] not in self.codes["crime"]:
                self.note(self.report.new, "crime type", row["code"])
                if not self.dry:
                    c = CrimeType(code=row["code"], name=row["name"])
                    self.s.add(c)
                    self.s.flush()
                    self.codes["crime"][c.code] = c.id
                else:
                    self.codes["crime"][row["code"]] = -1
        for row in data.get("units", []):
            if row["code"] not in self.codes["unit"]:
                self.note(self.report.new, "unit", row["code"])
                if not self.dry:
                    u = Unit(code=row["code"], name=row["name"], force_id=self.code_id("force", row.get("force")),
                             agency_id=self.code_id("agency", row.get("agency")),
                             capacity_threats=row.get("capacity_threats") or 0,
                             capacity_hours=row.get("capacity_hours") or 0, active=True)
                    self.s.add(u)
                    self.s.flush()
                    self.codes["unit"][u.code] = u.id
                else:
                    self.codes["unit"][row["code"]] = -1

    # -------------------------------------------------------------- subjects
    def _local_subject_fields(self, s: Subject) -> dict[str, Any]:
        d = {"name": s.name, "marking": s.marking.value, "status": s.status.value, "status_reason": s.status_reason,
             "lead_force": self.code_of("force", s.lead_force_id), "owner_unit": self.code_of("unit", s.owner_unit_id),
             "description": s.description, "notes": s.notes}
        for name in KIND_FIELDS.get(s.kind, ()):
            d[name] = _plain(getattr(s, name))
        if s.kind == "nominal":
            d["flags"] = sorted(d["flags"] or [])
        return d

    def subjects(self, rows: list[dict[str, Any]]) -> None:
        existing = {u: (i, k) for u, i, k in _in_chunks(
            self.s, lambda part: select(Subject.uuid, Subject.id, Subject.kind).where(Subject.uuid.in_(part)),
            [r["uuid"] for r in rows])}
        new_rows = [r for r in rows if r["uuid"] not in existing]
        if len(existing) > 1:   # what the records held here were when last sent: one read per kind
            marks, by_kind = self.sent_marks(), {}
            for u, (i, k) in existing.items():
                mark, held = marks.get(u), self.baselines.get(u)
                if mark is not None and (held is None or held.at_event < mark):
                    by_kind.setdefault(k, {})[i] = mark
            for k, wanted in by_kind.items():
                self.befores(k, wanted)
        for r in rows:
            if r["uuid"] in existing:
                sid, _kind = existing[r["uuid"]]
                self.subject_ids[r["uuid"]] = sid
                self._update_subject(sid, r)
        if new_rows:
            self._insert_subjects(new_rows)
        self._children(rows)

    def _update_subject(self, sid: int, r: dict[str, Any]) -> None:
        s = self.s.get(Subject, sid)
        if s is None:  # restricted or above the importer's clearance here: leave it, say so
            self.notes.append(f"{r['reference']} is restricted or above your clearance here: not updated")
            return
        incoming = {k: r.get(k) for k in (*SUBJECT_FIELDS, *KIND_FIELDS.get(r["kind"], ()))}
        if r["kind"] == "nominal":
            incoming["flags"] = sorted(incoming.get("flags") or [])

        def apply(name: str, value: Any) -> None:
            from ..domain.subjects import ManagementLevel, NominalFlag, ReachScope, SubjectStatus, VulnerabilityCategory
            if name == "lead_force":
                s.lead_force_id = self.code_id("force", value)
            elif name == "owner_unit":
                s.owner_unit_id = self.code_id("unit", value)
            elif name == "marking":
                s.marking = Marking(value)
            elif name == "status":
                s.status = SubjectStatus(value)
            elif name == "management_level":
                s.management_level = ManagementLevel(value)
            elif name == "reach_scope":
                s.reach_scope = ReachScope(value) if value else None
            elif name == "category":
                s.category = VulnerabilityCategory(value)
            elif name == "flags":
                s.flags = [NominalFlag(f).value for f in value or []]   # stored as their values, as an edit stores them
            elif name == "date_of_birth":
                s.date_of_birth = dt.date.fromisoformat(value) if value else None
            else:
                setattr(s, name, value)
            if name in ("name", "surname", "forenames"):
                s.name_norm = normalise_name(s.name)
        local = self._local_subject_fields(s)
        if self.merge_fields(r["kind"], r["uuid"], s.reference, local, incoming, apply,
                             lambda mark: self.as_of(s.kind, s.id, mark, local, _SUBJECT_FKS)):
            self.note(self.report.updated, r["kind"], s.reference)
            if not self.dry:
                self.uow.describe("exchange.import", f"{s.reference} updated from {self.partner.name} "
                                                     f"(package {self.report.seq})", s)
        else:
            self.report.unchanged += 1

    def _insert_subjects(self, rows: list[dict[str, Any]]) -> None:
        """New subjects through the store's bulk path, parents before children (an exchange of ten
        thousand subjects; the ORM would take seconds). The writer thread writes the rows while
        their audit events and baselines are worked out."""
        taken = set(_in_chunks(self.s, lambda part: select(Subject.reference).where(Subject.reference.in_(part)),
                               [r["reference"] for r in rows], scalars=True))
        refs = {}
        for r in rows:  # only a reference already in use here needs the sender's prefix added
            refs[r["uuid"]] = (self.unique_reference(Subject, r["reference"])
                               if r["reference"] in taken and not self.dry else r["reference"])
            self.note(self.report.new, r["kind"], refs[r["uuid"]])
        self._duplicates(rows)
        if self.dry:   # stand-in ids (below any real one), so the plan counts what joins the new records
            for n, r in enumerate(rows, start=1):
                self.subject_ids[r["uuid"]] = -n - len(self.new_subjects)
            self.new_subjects.update(self.subject_ids[r["uuid"]] for r in rows)
            return
        from ..domain.subjects import normalise_name as norm
        from ..store import bulk
        next_id = (self.s.execute(text("SELECT max(id) FROM subjects")).scalar() or 0) + 1
        now = clock.now().strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        out: dict[str, list[tuple]] = {t: [] for t in ("subjects", "groups", "nominals", "vulnerabilities")}
        partner_ws, force, unit = self.partner.workspace_id, self.codes["force"], self.codes["unit"]
        flags_json: dict[tuple[Any, ...], str] = {}   # a nominal's flags as stored: alike on most
        for r in rows:
            sid = next_id
            next_id += 1
            self.subject_ids[r["uuid"]] = sid
            self.new_subjects.add(sid)
            lead, owner = r.get("lead_force"), r.get("owner_unit")
            out["subjects"].append((sid, r["kind"], refs[r["uuid"]], r["name"], norm(r["name"]), r["marking"],
                                    r["status"], r.get("status_reason"),
                                    None if lead is None else force.get(lead) or self.code_id("force", lead),
                                    None if owner is None else unit.get(owner) or self.code_id("unit", owner),
                                    r.get("description"), r.get("notes"),
                                    None, now, now, None, r["uuid"], r.get("origin") or partner_ws))
            if r["kind"] == "group":
                out["groups"].append((sid, r["management_level"], r.get("reach_scope"), r.get("lro_name")))
            elif r["kind"] == "nominal":
                flags = r.get("flags") or []
                if flags.__class__ is list and all(f.__class__ is str for f in flags):
                    key = tuple(flags)
                    flags_text = flags_json.get(key)
                    if flags_text is None:
                        flags_text = flags_json[key] = json.dumps(flags)
                else:
                    flags_text = json.dumps(flags)
                out["nominals"].append((sid, r["surname"], r.get("forenames"), r.get("date_of_birth"), r.get("gender"),
                                        r.get("nationality"), flags_text))
            else:
                out["vulnerabilities"].append((sid, r["category"], r.get("location")))
        self.s.flush()
        with bulk.Writer(self.s.connection()) as writer:
            for table, data in out.items():
                writer.put(table, _SUBJECT_TABLES[table], data)
            # meanwhile: each record's audit event and baseline (Python, while SQLite writes)
            # (the changes go as their canonical text, written without a dict per field: chain.py)
            from .chain import canonical_created
            events, baselines = [], []
            summary_tail = f"received from {self.partner.name} (package {self.report.seq}; by {self.by})"
            package, sender = self.report.seq, self.partner.name
            fields_of = {kind: (*SUBJECT_FIELDS, *extra) for kind, extra in KIND_FIELDS.items()}
            held = self.baselines
            for r in rows:
                kind, uuid = r["kind"], r["uuid"]
                fields = fields_of.get(kind) or SUBJECT_FIELDS
                ref = refs[uuid]
                created = {}
                for k in fields:
                    v = r.get(k)
                    if v is not None and v != "" and v != []:
                        created[k] = v if v.__class__ in _PLAIN_TYPES else _plain(v)
                events.append({"action": "exchange.import", "entity_type": kind, "entity_id": self.subject_ids[uuid],
                               "entity_ref": ref, "summary": f"{kind} {ref} {summary_tail}",
                               "changes_text": canonical_created({"uuid": uuid, "origin": r.get("origin"),
                                                                  "package": package, "from": sender}, created)})
                if uuid not in held:
                    baselines.append((uuid, _fields_digests(r, fields)))
        audit.record_many(self.s, self.uow.actor, events)
        self._bulk_baselines(baselines)

    def _bulk_baselines(self, items: list[tuple[str, dict[str, str]]]) -> None:
        """Baselines (entity UUID, digests) for records this package brought."""
        from types import SimpleNamespace

        from ..store import bulk
        fresh = [(self.partner.id, u, d) for u, d in items if u not in self.baselines]
        bulk.insert_many(self.s.connection(), ExchangeBaseline.__tablename__,
                         ("partner_id", "entity_uuid", "digests", "at_event"),
                         [(p, u, _digests_json(d), self.mark) for p, u, d in fresh])
        for p, u, d in fresh:
            self.baselines[u] = SimpleNamespace(partner_id=p, entity_uuid=u, digests=d, at_event=self.mark)

    def _duplicates(self, rows: list[dict[str, Any]]) -> None:
        """For a dry run (nothing is stored to score): new people and groups whose normalised name
        is already here under another identity. A real import scores them after it is committed."""
        names = {normalise_name(r["name"]): r for r in rows if r["kind"] in ("nominal", "group")}
        if not names or not self.dry:
            return
        incoming = {r["uuid"] for r in rows}
        for ref, norm, uuid in _in_chunks(self.s, lambda part: select(Subject.reference, Subject.name_norm,
                                                                      Subject.uuid).where(Subject.name_norm.in_(part)),
                                          list(names), unfiltered=False):
            if uuid not in incoming:
                self.report.duplicates.append({"incoming": names[norm]["reference"], "existing": ref,
                                               "why": "the same name"})

    def _children(self, rows: list[dict[str, Any]]) -> None:
        """Aliases, identifiers, crime types and reach: what the package adds is added (nothing is
        taken away: a removal at one terminal is not a removal everywhere). A record new in this
        package has none yet: only those already here are looked up."""
        if self.dry:
            return
        from ..domain.subjects import AliasKind, IdentifierKind
        from ..store import bulk
        held = [self.subject_ids[r["uuid"]] for r in rows
                if r["uuid"] in self.subject_ids and self.subject_ids[r["uuid"]] not in self.new_subjects]

        def have(*columns: Any) -> set[tuple]:
            return set(_in_chunks(self.s, lambda part: select(*columns).where(columns[0].in_(part)), held))
        have_alias = have(SubjectAlias.subject_id, SubjectAlias.kind, SubjectAlias.alias_norm)
        have_ident = have(NominalIdentifier.nominal_id, NominalIdentifier.kind, NominalIdentifier.value)
        have_crime = have(GroupCrimeType.group_id, GroupCrimeType.crime_type_id)
        have_reach = have(GroupReach.group_id, GroupReach.force_id)
        aliases, idents, crimes, reaches = [], [], [], []
        alias_kinds = {k.value: k for k in AliasKind}
        ident_kinds = {k.value: k for k in IdentifierKind}
        for r in rows:
            sid = self.subject_ids.get(r["uuid"])
            if sid is None:
                continue
            for kind, alias in r.get("aliases", []):
                norm = normalise_name(alias)
                key = (sid, alias_kinds.get(kind) or AliasKind(kind), norm)
                if key not in have_alias:
                    have_alias.add(key)
                    aliases.append((sid, kind, alias, norm))
            for kind, value in r.get("identifiers", []):
                key = (sid, ident_kinds.get(kind) or IdentifierKind(kind), value)
                if key not in have_ident:
                    have_ident.add(key)
                    idents.append((sid, kind, value))
            for code in r.get("crime_types", []):
                key = (sid, self.code_id("crime", code))
                if key not in have_crime:
                    have_crime.add(key)
                    crimes.append(key)
            for code in r.get("reach", []):
                key = (sid, self.code_id("force", code))
                if key not in have_reach:
                    have_reach.add(key)
                    reaches.append(key)
        conn = self.s.connection()
        bulk.insert_many(conn, "subject_aliases", ("subject_id", "kind", "alias", "alias_norm"), aliases)
        bulk.insert_many(conn, "nominal_identifiers", ("nominal_id", "kind", "value"), idents)
        bulk.insert_many(conn, "group_crime_types", ("group_id", "crime_type_id"), crimes)
        bulk.insert_many(conn, "group_reach", ("group_id", "force_id"), reaches)

    def _resolve(self, uuids: Iterable[str]) -> None:
        """The ids here of subjects the package names but does not carry (one query for all)."""
        wanted = {u for u in uuids if u not in self.subject_ids}
        self.subject_ids.update(_in_chunks(self.s, lambda part: select(Subject.uuid, Subject.id)
                                           .where(Subject.uuid.in_(part)), wanted))

    def _pairs_held(self, columns: tuple[Any, Any], pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
        """Which of these (a, b) pairs are already recorded here: only pairs of two records held
        before this package can be (unfiltered: a pair this reader may not see is still there)."""
        old = {a for p in pairs for a in p if a not in self.new_subjects and not any(x in self.new_subjects for x in p)}
        if not old:
            return set()
        a, b = columns
        rows = _in_chunks(self.s, lambda part: select(a, b).where(a.in_(part) | b.in_(part)), sorted(old))
        return {(x, y) for x, y in rows}

    def pairs(self, payload: dict[str, Any]) -> None:
        """Memberships, links and associations between subjects both here."""
        from ..store import bulk
        self._resolve(u for m in payload.get("members", []) for u in (m["group"], m["nominal"]))
        self._resolve(u for x in (*payload.get("links", []), *payload.get("associations", [])) for u in (x["a"], x["b"]))
        sid = self.subject_ids.get
        candidates_m = [(sid(m["group"]), sid(m["nominal"]), m) for m in payload.get("members", [])]
        candidates_m = [(g, n, m) for g, n, m in candidates_m if g is not None and n is not None]
        members = self._pairs_held((GroupMember.group_id, GroupMember.nominal_id),
                                   [(g, n) for g, n, _m in candidates_m])
        rows_m, rows_l, rows_a = [], [], []
        for g, n, m in candidates_m:
            if (g, n) in members:
                continue
            members.add((g, n))
            rows_m.append((g, n, m["role"], m.get("since"), m.get("notes")))
        for what, a_col, b_col, out in (
                ("links", GroupLink.group_a_id, GroupLink.group_b_id, rows_l),
                ("associations", NominalAssociation.nominal_a_id, NominalAssociation.nominal_b_id, rows_a)):
            found = [(sid(x["a"]), sid(x["b"]), x) for x in payload.get(what, [])]
            found = [(a, b, x) for a, b, x in found if a is not None and b is not None]
            held = {frozenset(p) for p in self._pairs_held((a_col, b_col), [(a, b) for a, b, _x in found])}
            for a, b, x in found:
                if frozenset((a, b)) in held:
                    continue
                held.add(frozenset((a, b)))
                out.append((a, b, x.get("nature")))
        for what, rows in (("membership", rows_m), ("link", rows_l), ("association", rows_a)):
            self.report.new.setdefault(what, []).extend(f"{r[0]}-{r[1]}" for r in rows)
            if not self.report.new[what]:
                del self.report.new[what]
        if self.dry or not (rows_m or rows_l or rows_a):
            return
        conn = self.s.connection()
        bulk.insert_many(conn, "group_members", ("group_id", "nominal_id", "role", "since", "notes"), rows_m)
        bulk.insert_many(conn, "group_links", ("group_a_id", "group_b_id", "nature"), rows_l)
        bulk.insert_many(conn, "nominal_associations", ("nominal_a_id", "nominal_b_id", "nature"), rows_a)
        audit.record_many(self.s, self.uow.actor, [{
            "action": "exchange.import", "entity_type": "partner", "entity_id": self.partner.id,
            "entity_ref": self.partner.name,
            "summary": (f"from {self.partner.name} (package {self.report.seq}): {len(rows_m)} memberships, "
                        f"{len(rows_l)} links between groups, {len(rows_a)} associations between people"),
            "changes": {"memberships": [[r[0], r[1], r[2]] for r in rows_m[:1000]],
                        "links": [list(r[:2]) for r in rows_l[:1000]],
                        "associations": [list(r[:2]) for r in rows_a[:1000]]}}])

    def vulnerability_links(self, rows: list[dict[str, Any]]) -> None:
        """Which groups and nominals exploit which vulnerabilities, between subjects both here. A
        link is identified by its two records: one already here is left as it is (like a
        membership); a new one is written with its own marking, grading and source, each with its
        own audit event (entity `vulnerability_link`, like one recorded here) saying where it came
        from. A link the package carries that is not valid here refuses the package."""
        from ..domain.network import validate_exploitation
        from ..store import bulk
        if not rows:
            return
        self._resolve(u for x in rows for u in (x["vulnerability"], x["exploiter"]))
        sid = self.subject_ids.get
        found = [(sid(x["vulnerability"]), sid(x["exploiter"]), x) for x in rows]
        found = [(v, e, x) for v, e, x in found if v is not None and e is not None]
        held = self._pairs_held((VulnerabilityLink.vulnerability_id, VulnerabilityLink.exploiter_id),
                                [(v, e) for v, e, _x in found])
        fresh = []
        for v, e, x in found:
            if (v, e) in held:
                continue
            held.add((v, e))
            try:
                clean = validate_exploitation(x)
            except ValidationError as exc:
                raise PackageError(f"the package's link of {x['exploiter']} to vulnerability {x['vulnerability']} is "
                                   f"not valid here ({'; '.join(str(p) for p in exc.problems)})") from None
            fresh.append((v, e, clean, x))
        self.report.new.setdefault("vulnerability link", []).extend(f"{v}-{e}" for v, e, _c, _x in fresh)
        if not self.report.new["vulnerability link"]:
            del self.report.new["vulnerability link"]
        if self.dry or not fresh:
            return
        refs = dict(_in_chunks(self.s, lambda part: select(Subject.id, Subject.reference).where(Subject.id.in_(part)),
                               sorted({i for v, e, _c, _x in fresh for i in (v, e)})))
        next_id = (self.s.execute(text("SELECT max(id) FROM vulnerability_links")).scalar() or 0) + 1
        now = clock.now().strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        values, events = [], []
        for v, e, c, _x in fresh:
            row = {"nature": c["nature"], "date_from": _iso(c["date_from"]), "date_to": _iso(c["date_to"]),
                   "source_evaluation": _plain(c["source_evaluation"]), "intel_assessment": _plain(c["intel_assessment"]),
                   "handling_code": _plain(c["handling_code"]), "handling_conditions": c["handling_conditions"],
                   "source": c["source"], "marking": c["marking"].value}
            values.append((next_id, v, e, *row.values(), None, now))
            events.append({"action": "exchange.import", "entity_type": "vulnerability_link", "entity_id": next_id,
                           "entity_ref": f"link {next_id}",
                           "summary": (f"{refs.get(v)} exploited by {refs.get(e)} ({c['nature'] or 'exploits'}; "
                                       f"{row['marking']}) received from {self.partner.name} "
                                       f"(package {self.report.seq}; by {self.by})"),
                           "changes": {"package": self.report.seq, "from": self.partner.name,
                                       "vulnerability": {"before": None, "after": refs.get(v)},
                                       "exploiter": {"before": None, "after": refs.get(e)},
                                       **{k: {"before": None, "after": val} for k, val in row.items()
                                          if val is not None}}})
            next_id += 1
        bulk.insert_many(self.s.connection(), "vulnerability_links",
                         ("id", "vulnerability_id", "exploiter_id", "nature", "date_from", "date_to", "source_evaluation",
                     "intel_assessment", "handling_code", "handling_conditions", "source", "marking",
                     "created_by_id", "created_at"), values)
        audit.record_many(self.s, self.uow.actor, events)

    def subject_id(self, uuid: str | None) -> int | None:
        if uuid is None:
            return None
        if uuid not in self.subject_ids:
            found = self.s.scalar(select(Subject.id).where(Subject.uuid == uuid), execution_options=access.unfiltered())
            if found is None:
                if self.dry:
                    return -1
                raise PackageError(f"the package refers to subject {uuid}, which it does not carry and this workspace "
                                   "does not hold")
            self.subject_ids[uuid] = found
        return self.subject_ids[uuid]

    # -------------------------------------------------------------- records by UUID, generically
    def _coerce(self, model: Any, column: str, value: Any) -> Any:
        from sqlalchemy import Date

        from ..store.models.base import EnumText, UTCDateTime
        kind = model.__table__.c[column].type
        if value is None:
            return None
        if isinstance(kind, EnumText):
            return kind.enum_cls(value)
        if isinstance(kind, UTCDateTime):
            return dt.datetime.fromisoformat(value)
        if isinstance(kind, Date):
            return dt.date.fromisoformat(value)
        return value

    def _local(self, obj: Any, fields: tuple[str, ...], fks: dict[str, tuple[str, str]]) -> dict[str, Any]:
        out = {}
        for name in fields:
            if name in fks:
                column, kind = fks[name]
                out[name] = self.package_value(kind, getattr(obj, column))
            else:
                out[name] = _plain(getattr(obj, name))
        return out

    def _set(self, obj: Any, model: Any, name: str, value: Any, fks: dict[str, tuple[str, str]]) -> None:
        if name in fks:
            column, kind = fks[name]
            setattr(obj, column, self.subject_id(value) if kind == "subject" else self.code_id(kind, value))
        else:
            setattr(obj, name, self._coerce(model, name, value))

    def records(self, kind: str, model: Any, rows: list[dict[str, Any]], fields: tuple[str, ...],
                fks: dict[str, tuple[str, str]], *, immutable: bool = False,
                extra: Callable[[Any, dict[str, Any], bool], None] | None = None) -> None:
        for r in rows:
            obj = self.s.scalar(select(model).where(model.uuid == r["uuid"]), execution_options=access.unfiltered())
            if obj is not None:
                if immutable:
                    self.report.unchanged += 1
                    continue
                if self.s.scalar(select(model.id).where(model.id == obj.id)) is None:  # restricted or above clearance
                    self.notes.append(f"{obj.reference} is restricted or above your clearance here: not updated")
                    continue
                local = self._local(obj, fields, fks)
                incoming = {f: r.get(f) for f in fields}
                changed = self.merge_fields(kind, r["uuid"], obj.reference, local, incoming,
                                            lambda n, v, o=obj: self._set(o, model, n, v, fks),
                                            lambda mark, o=obj, was=local: self.as_of(
                                                model.__audit_type__, o.id, mark, was, fks))
                if extra is not None:
                    extra(obj, r, False)
                if changed:
                    self.note(self.report.updated, kind, obj.reference)
                    if not self.dry:
                        self.uow.describe("exchange.import", f"{obj.reference} updated from {self.partner.name} "
                                                             f"(package {self.report.seq})", obj)
                else:
                    self.report.unchanged += 1
                continue
            reference = self.unique_reference(model, r["reference"]) if not self.dry else r["reference"]
            self.note(self.report.new, kind, reference)
            if self.dry:
                for f in fields:  # a reference the package cannot resolve is refused in the dry run too
                    if f in fks and fks[f][1] != "subject":
                        self.code_id(fks[f][1], r.get(f))
                continue
            obj = model(uuid=r["uuid"], origin=r.get("origin") or self.partner.workspace_id, reference=reference)
            for f in fields:
                self._set(obj, model, f, r.get(f), fks)
            if extra is not None:
                extra(obj, r, True)
            self.s.add(obj)
            self.s.flush()
            self.uow.describe("exchange.import", f"{kind} {reference} received from {self.partner.name} "
                                                 f"(package {self.report.seq}; by {self.by})", obj)
            self.baseline(r["uuid"], {f: r.get(f) for f in fields})

    # -------------------------------------------------------------- the kinds of record
    def assessments(self, rows: list[dict[str, Any]], schemes: list[dict[str, Any]]) -> None:
        known = {(d.scheme_id, d.version, d.sha256): d.id for d in self.s.scalars(select(SchemeDefinition))}
        for d in schemes:
            key = (d["scheme_id"], d["version"], d["sha256"])
            if key not in known and not self.dry:
                if hashlib.sha256(d["definition"].encode("utf-8")).hexdigest() != d["sha256"]:
                    raise PackageError(f"the package's scheme {d['scheme_id']}@{d['version']} does not match its checksum")
                row = SchemeDefinition(scheme_id=d["scheme_id"], version=d["version"], method=d["method"],
                                       title=d["title"], sha256=d["sha256"], definition=d["definition"],
                                       builtin=False, active=False)
                self.s.add(row)
                self.s.flush()
                known[key] = row.id
        by_ref = {(d["scheme_id"], d["version"]): (d["scheme_id"], d["version"], d["sha256"]) for d in schemes}
        held = set(_in_chunks(self.s, lambda part: select(Assessment.uuid).where(Assessment.uuid.in_(part)),
                              [r["uuid"] for r in rows], scalars=True))
        fresh = []
        for r in rows:
            if r["uuid"] in held:
                self.report.unchanged += 1  # approved assessments are never overwritten
                continue
            held.add(r["uuid"])
            fresh.append(r)
        if self.dry:
            for r in fresh:
                self.note(self.report.new, "assessment", r["reference"])
            return
        if fresh:
            self._insert_assessments(fresh, {k: known[v] for k, v in by_ref.items() if v in known})

    def _insert_assessments(self, rows: list[dict[str, Any]], scheme_rows: dict[tuple[str, str], int]) -> None:
        """New approved assessments through the store's bulk path (a package of ten thousand subjects
        carries thousands): each a new version after the latest here for its subject and method,
        each with its own audit event saying where it came from and who wrote and approved it there
        (the fields as the ORM's capture records a new record)."""
        from ..store import bulk
        from ..store.models.base import UTCDateTime
        stamp = UTCDateTime().process_bind_param
        stored = self._json_text
        taken = set(_in_chunks(self.s, lambda part: select(Assessment.reference).where(Assessment.reference.in_(part)),
                               [r["reference"] for r in rows], scalars=True))
        mine: set[str] = set()
        self._resolve(r["subject"] for r in rows)
        sids = {r["subject"]: self.subject_id(r["subject"]) for r in rows}
        latest: dict[tuple[int, str], tuple[int, int]] = {}   # (subject, method) -> (version, id)
        for sid, method, version, aid in _in_chunks(
                self.s, lambda part: select(Assessment.subject_id, Assessment.method, Assessment.version, Assessment.id)
                .where(Assessment.subject_id.in_(part)), sorted({i for i in sids.values() if i not in self.new_subjects})):
            if (sid, method) not in latest or version > latest[sid, method][0]:
                latest[sid, method] = (version, aid)
        next_id = (self.s.execute(text("SELECT max(id) FROM assessments")).scalar() or 0) + 1
        now = stamp(clock.now(), None)
        values, events = [], []
        tail = f"received from {self.partner.name} (package {self.report.seq})"
        for r in rows:
            reference = r["reference"]
            if reference in taken or reference in mine:
                reference, n = self.unique_reference(Assessment, reference), 1
                while reference in mine:   # taken by one of this package's own (a reference already prefixed)
                    n += 1
                    reference = f"{self.partner.prefix or f'X{self.partner.id}'}{n}/{r['reference'].split('/')[-1]}"
            mine.add(reference)
            self.note(self.report.new, "assessment", reference)
            sid = sids[r["subject"]]
            version, previous = latest.get((sid, r["method"]), (0, None))
            latest[sid, r["method"]] = (version + 1, next_id)
            reviewed_at = dt.datetime.fromisoformat(r["reviewed_at"]) if r.get("reviewed_at") else None
            row = {"uuid": r["uuid"], "origin": r.get("origin") or self.partner.workspace_id, "reference": reference,
                   "subject_id": sid, "scheme_row_id": scheme_rows[(r["scheme_id"], r["scheme_version"])],
                   "method": r["method"], "scheme_id": r["scheme_id"], "scheme_version": r["scheme_version"],
                   "engine_version": r["engine_version"], "version": version + 1, "previous_id": previous,
                   "status": "approved", "marking": Marking(r["marking"]).value, "answers": r["answers"],
                   "summary": r.get("summary"), "score_min": r.get("score_min"), "score_max": r.get("score_max"),
                   "band": r.get("band"), "band_level": r.get("band_level"), "priority": r.get("priority"),
                   "unknown_count": r.get("unknown_count") or 0, "confidence": r.get("confidence"),
                   "reviewed_at": reviewed_at and reviewed_at.astimezone(dt.UTC).isoformat(),
                   "review_comment": (f"Approved at {self.partner.name} by {r.get('reviewed_by')}"
                                      + (f": {r['review_comment']}" if r.get("review_comment") else "")),
                   "next_review": dt.date.fromisoformat(r["next_review"]).isoformat() if r.get("next_review") else None}
            values.append((next_id, *(stored(v) if k == "answers" else v for k, v in row.items()
                                      if k != "reviewed_at"),
                           stored(r["result"]), stamp(dt.datetime.fromisoformat(r["created_at"]), None), now,
                           reviewed_at and stamp(reviewed_at, None)))
            events.append({"action": "exchange.import", "entity_type": "assessment", "entity_id": next_id,
                           "entity_ref": reference,
                           "summary": (f"assessment {reference} {tail}: written by {r.get('created_by')}, "
                                       f"approved by {r.get('reviewed_by')} there"),
                           "changes": {k: {"before": None, "after": v} for k, v in row.items() if v is not None}})
            next_id += 1
        columns = ("id", *(k for k in row if k != "reviewed_at"), "result", "created_at", "updated_at", "reviewed_at")
        bulk.insert_many(self.s.connection(), "assessments", columns, values)
        audit.record_many(self.s, self.uow.actor, events)

    def requirements(self, rows: list[dict[str, Any]]) -> None:
        def extra(obj: IntelRequirement, r: dict[str, Any], new: bool) -> None:
            if self.dry:
                return
            if new:
                self.s.add(obj)
                self.s.flush()
            have_s = set(self.s.scalars(select(RequirementSubject.subject_id).where(
                RequirementSubject.requirement_id == obj.id), execution_options=access.unfiltered()))
            for u in r.get("subjects", []):
                sid = self.subject_id(u)
                if sid not in have_s:
                    self.s.add(RequirementSubject(requirement_id=obj.id, subject_id=sid))
            have_a = set(self.s.scalars(select(RequirementAgency.agency_id).where(
                RequirementAgency.requirement_id == obj.id), execution_options=access.unfiltered()))
            for code in r.get("agencies", []):
                aid = self.code_id("agency", code)
                if aid not in have_a:
                    self.s.add(RequirementAgency(requirement_id=obj.id, agency_id=aid))
            have_r = set(self.s.scalars(select(RequirementResponse.uuid).where(
                RequirementResponse.requirement_id == obj.id), execution_options=access.unfiltered()))
            for x in r.get("responses", []):
                if x["uuid"] in have_r:
                    continue
                resp = RequirementResponse(uuid=x["uuid"], origin=x.get("origin") or self.partner.workspace_id,
                                           requirement_id=obj.id, agency_id=self.code_id("agency", x["agency"]),
                                           received_on=dt.date.fromisoformat(x["received_on"]),
                                           source_evaluation=self._coerce(RequirementResponse, "source_evaluation",
                                                                          x["source_evaluation"]),
                                           intel_assessment=self._coerce(RequirementResponse, "intel_assessment",
                                                                         x["intel_assessment"]),
                                           handling_code=self._coerce(RequirementResponse, "handling_code",
                                                                      x["handling_code"]),
                                           handling_conditions=x.get("handling_conditions"), summary=x["summary"],
                                           answers=self._coerce(RequirementResponse, "answers", x["answers"]),
                                           marking=Marking(x["marking"]))
                self.s.add(resp)
        self.records("requirement", IntelRequirement, rows, REQUIREMENT_FIELDS, {"owner_unit": ("owner_unit_id", "unit")},
                     extra=extra)

    def disruptions(self, rows: list[dict[str, Any]]) -> None:
        from ..domain.impact import DisruptionStatus

        def extra(obj: Disruption, r: dict[str, Any], new: bool) -> None:
            if not new or self.dry:
                return
            obj.status = DisruptionStatus.APPROVED
            obj.review_comment = f"Approved at {self.partner.name} by {r.get('approved_by')}"
            obj.reviewed_at = dt.datetime.fromisoformat(r["approved_at"]) if r.get("approved_at") else None
            for code in r.get("agencies", []):
                self._later.append(("agency", obj, code))
            for o in r.get("outcomes", []):
                self._later.append(("outcome", obj, o))
        self._later: list[tuple[str, Any, Any]] = []
        fields = ("subject", "occurred_on", "four_p", "tactic", "grade", "lead_agency", "operation", "narrative",
                  "marking")
        self.records("disruption", Disruption, rows, fields, {"subject": ("subject_id", "subject"),
                                                              "lead_agency": ("lead_agency_id", "agency")},
                     immutable=True, extra=extra)
        for what, obj, value in self._later:
            if what == "agency":
                self.s.add(DisruptionAgency(disruption_id=obj.id, agency_id=self.code_id("agency", value)))
            else:
                self.s.add(DisruptionOutcome(disruption_id=obj.id, kind=self._coerce(DisruptionOutcome, "kind",
                                                                                     value["kind"]),
                                             quantity=value["quantity"], unit=value.get("unit"),
                                             detail=value.get("detail")))

    def plans(self, rows: list[dict[str, Any]]) -> None:
        for r in rows:
            sid = self.subject_id(r["subject"])
            plan = self.s.scalar(select(FourPPlan).where(FourPPlan.subject_id == sid),
                                 execution_options=access.unfiltered()) if sid and sid > 0 else None
            if plan is None:
                self.note(self.report.new, "4P plan", r["subject"][:8])
                if self.dry:
                    continue
                plan = FourPPlan(subject_id=sid, owner=r["owner"], owner_unit_id=self.code_id("unit", r.get("owner_unit")),
                                 owner_agency_id=self.code_id("agency", r.get("owner_agency")),
                                 marking=Marking(r["marking"]))
                self.s.add(plan)
                self.s.flush()
            have = set(self.s.scalars(select(PlanAction.uuid).where(PlanAction.plan_id == plan.id))) if plan.id else set()
            for a in r.get("actions", []):
                if a["uuid"] in have or self.dry:
                    continue
                self.s.add(PlanAction(uuid=a["uuid"], origin=a.get("origin") or self.partner.workspace_id,
                                      plan_id=plan.id, four_p=self._coerce(PlanAction, "four_p", a["four_p"]),
                                      text=a["text"], owner=a["owner"],
                                      due_on=dt.date.fromisoformat(a["due_on"]) if a.get("due_on") else None,
                                      status=self._coerce(PlanAction, "status", a["status"])))

    # -------------------------------------------------------------- merges made at the partner
    def _merge_words(self, m: dict[str, Any]) -> str:
        refs = dict(self.s.execute(select(Subject.uuid, Subject.reference).where(
            Subject.uuid.in_([m["keep"], m["other"]])), execution_options=access.unfiltered()).all())
        return f"{refs.get(m['other'], m['other'][:8])} into {refs.get(m['keep'], m['keep'][:8])}"

    def unmerges(self, rows: list[dict[str, Any]]) -> None:
        """Merges the partner has undone that were made here too: undone first, so that the
        records' own changes in the package land on the separated records."""
        from . import duplicates
        undone = [m for m in rows if m.get("undone")]
        if not undone:
            return
        here = {u: (i, gone) for u, i, gone in self.s.execute(
            select(Merge.uuid, Merge.id, Merge.undone_at.is_not(None)).where(Merge.uuid.in_([m["uuid"] for m in undone])))}
        changed = False
        for m in undone:
            if m["uuid"] not in here or here[m["uuid"]][1]:
                continue
            words = self._merge_words(m)
            if self.dry:
                self.report.merges.append(f"undo the merge of {words}")
                continue
            try:
                done = duplicates.unmerge(self.uow, here[m["uuid"]][0], why=f" as {self.partner.name} undid it")
            except (Conflict, PermissionDenied, NotFound) as exc:
                self.report.merges_not_applied.append(f"undo of the merge of {words}: {exc}")
                continue
            changed = True
            self.report.merges.append(f"merge of {done['other']} into {done['keep']} undone ({done['reference']})")
        if changed:
            self._load()

    def merges(self, rows: list[dict[str, Any]], *, final: bool) -> None:
        """Merges made at the partner of two records both held here: the same merge is made here,
        with its own record of what moved (so it can be undone here too), keeping the partner's UUID.
        Made before the package's records land (so what they add lands on the record kept, and an
        undo here undoes just the merge), and at the end for records the package has just brought."""
        from . import duplicates
        todo = [m for m in rows if not m.get("undone") and m["uuid"] not in self.merges_seen]
        if not todo:
            return
        known = set(self.s.scalars(select(Merge.uuid).where(Merge.uuid.in_([m["uuid"] for m in todo]))))
        changed = False
        for m in todo:
            if m["uuid"] in known:
                self.merges_seen.add(m["uuid"])
                continue
            ids = dict(self.s.execute(select(Subject.uuid, Subject.id).where(Subject.uuid.in_([m["keep"], m["other"]])),
                                      execution_options=access.unfiltered()).all())
            if len(ids) < 2 and not final:
                continue   # one of them arrives in this package: merged at the end
            self.merges_seen.add(m["uuid"])
            words = self._merge_words(m)
            if len(ids) < 2 and not self.dry:
                self.report.merges_not_applied.append(f"merge of {words}: not both records are held here")
                continue
            if self.dry:
                self.report.merges.append(f"merge {words}")
                continue
            try:
                done = duplicates.merge(self.uow, ids[m["keep"]], ids[m["other"]], uuid=m["uuid"],
                                        origin=m.get("origin") or self.partner.workspace_id,
                                        why=f" as merged at {self.partner.name}")
            except (Conflict, PermissionDenied, ValidationError, NotFound) as exc:
                self.report.merges_not_applied.append(f"merge of {words}: {exc}")
                continue
            changed = True
            self.report.merges.append(f"{done['other']} merged into {done['keep']} ({done['reference']})")
        if changed:
            self._load()

    # -------------------------------------------------------------- the whole package
    def run(self) -> ImportReport:
        p = self.pkg.payload
        self.unmerges(p.get("merges", []))
        self.merges(p.get("merges", []), final=False)
        self.reference_data(p.get("reference", {}))
        self.subjects(p.get("subjects", []))
        self.pairs(p)
        self.vulnerability_links(p.get("vulnerability_links", []))
        self.assessments(p.get("assessments", []), p.get("schemes", []))
        self.records("trigger", TriggerReport, p.get("triggers", []), TRIGGER_FIELDS,
                     {"force": ("force_id", "force"), "agency": ("agency_id", "agency"),
                      "subject": ("subject_id", "subject")})
        self.requirements(p.get("requirements", []))
        self.records("tasking", TaskingRequest, p.get("tasking", []), TASKING_FIELDS,
                     {"subject": ("subject_id", "subject"), "owner_unit": ("owner_unit_id", "unit"),
                      "owner_force": ("owner_force_id", "force"), "owner_agency": ("owner_agency_id", "agency")})
        self.disruptions(p.get("disruptions", []))
        self.plans(p.get("plans", []))
        self.merges(p.get("merges", []), final=True)
        return self.report


_JSON_FORMATS: dict[tuple[str, ...], str] = {}


def _digests_json(d: dict[str, str]) -> str:
    """A record's digests as the JSON text `json.dumps` gives, from a format made once per set of
    field names (names are identifiers and digests hexadecimal: nothing to escape)."""
    keys = tuple(d)
    fmt = _JSON_FORMATS.get(keys)
    if fmt is None:
        if not all(k.isidentifier() for k in keys) or len(_JSON_FORMATS) > 100:
            return json.dumps(d)
        fmt = _JSON_FORMATS[keys] = "{" + ", ".join(f'"{k}": "%s"' for k in keys) + "}"
    return fmt % tuple(d.values())


def _identity(session: Session) -> str:
    identity = _meta(session, IDENTITY_KEY)
    if not identity:
        raise PackageError("this workspace has no exchange key yet: an administrator makes its card first "
                           "(rocta exchange card), and partners send packages to that")
    return identity


@_without_cyclic_gc
def import_package(ws: Any, path: Path, *, dry_run: bool = False, find_duplicates: bool = True) -> ImportReport:
    """Check a package, then merge it in one unit of work (or, with `dry_run`, say what it would do
    and change nothing). A package already imported, out of order, tampered with, for another
    workspace or from an unregistered partner is refused with what is wrong. Once committed, the
    people and groups it brought are scored against those already here (`likely_duplicates`; a
    read after the import, which `find_duplicates=False` leaves to the caller)."""
    require(ws.actor, Permission.EDIT_RECORDS)
    with ws.reader() as s:
        pkg = open_package(s, path, _identity(s))
    marking = Marking(pkg.manifest.get("marking", "OFFICIAL"))
    clearance = ws.actor.clearance or Marking.SECRET
    if marking.rank > clearance.rank:
        raise PermissionDenied(f"the package is marked {marking.value}; you are cleared to {clearance.value}: someone "
                               "cleared for it must import it")
    if dry_run:  # a read-only session: nothing of a dry run can be kept
        from types import SimpleNamespace
        with ws.reader() as s:
            return _Merge(SimpleNamespace(session=s, actor=ws.actor), pkg, dry_run=True).run()
    with ws.operation("exchange.import") as uow:
        merge = _Merge(uow, pkg, dry_run=False)
        report = merge.run()
        partner = uow.session.get(ExchangePartner, pkg.partner_id)
        if partner.last_received_seq != pkg.manifest["seq"] - 1:  # another import got there first
            raise PackageError(f"package {pkg.manifest['seq']} from {partner.name} was imported meanwhile")
        partner.last_received_seq = pkg.manifest["seq"]
        audit.record(uow.session, uow.actor, action="exchange.import", entity_type="partner", entity_id=partner.id,
                     entity_ref=partner.name,
                     summary=(f"package {pkg.manifest['seq']} from {partner.name} imported: "
                              + ", ".join(f"{len(v)} new {k}" for k, v in report.new.items())
                              + (f"; {sum(len(v) for v in report.updated.values())} updated" if report.updated else "")
                              + (f"; {len(report.conflicts)} conflicts queued" if report.conflicts else "")),
                     changes={"seq": pkg.manifest["seq"], "marking": marking.value, "sender": pkg.manifest["sender"],
                              "counts": pkg.manifest.get("counts"), "their_audit_head": pkg.manifest.get("audit_head"),
                              "notes": merge.notes[:100]})
        uow.touch("subjects", "group", "nominal", "vulnerability", "assessment", "trigger", "requirement", "tasking",
                  "disruption", "conflict")
        report.committed = True
    if find_duplicates:
        report.duplicates = likely_duplicates(ws, report)
    return report


def likely_duplicates(ws: Any, report: ImportReport) -> list[dict[str, Any]]:
    """Pairs of a person or group the package brought with one already here (scored, with reasons),
    for the Duplicates screen."""
    from . import duplicates
    out: list[dict[str, Any]] = []
    for kind in duplicates.KINDS:
        if report.new.get(kind):
            out += ws.read(duplicates.for_references, kind, report.new[kind])["pairs"]
    return out


# ------------------------------------------------------------------ conflicts and provenance

def conflicts(session: Session, *, status: str = "open") -> list[dict[str, Any]]:
    """The conflict queue, as this reader may see it (a conflict on a record they may not see is absent)."""
    names = dict(session.execute(select(ExchangePartner.id, ExchangePartner.name)).all())
    rows = list(session.scalars(select(ExchangeConflict).where(ExchangeConflict.status == status)
                                .order_by(ExchangeConflict.id)))
    visible: set[str] = set()
    for model in set(_CONFLICT_MODELS.values()):
        uuids = [c.entity_uuid for c in rows if _CONFLICT_MODELS.get(c.entity_type) is model]
        if uuids:
            visible.update(session.scalars(select(model.uuid).where(model.uuid.in_(uuids))))
    return [{"id": c.id, "partner": names.get(c.partner_id), "package": c.package_seq, "entity": c.entity_type,
             "reference": c.reference, "field": c.field, "local": c.local_value, "incoming": c.incoming_value,
             "incoming_by": c.incoming_by, "incoming_at": c.incoming_at, "status": c.status,
             "resolution": c.resolution}
            for c in rows if c.entity_uuid in visible]


_CONFLICT_MODELS = {"group": Subject, "nominal": Subject, "vulnerability": Subject, "trigger": TriggerReport,
                    "requirement": IntelRequirement, "tasking": TaskingRequest}
_CONFLICT_FKS = {"lead_force": ("lead_force_id", "force"), "owner_unit": ("owner_unit_id", "unit"),
                 "force": ("force_id", "force"), "agency": ("agency_id", "agency"),
                 "owner_force": ("owner_force_id", "force"), "owner_agency": ("owner_agency_id", "agency"),
                 "subject": ("subject_id", "subject")}


def resolve_conflict(uow: Any, conflict_id: int, take: str, value: Any = None) -> None:
    """Settle a conflict: keep ours (`local`), take theirs (`incoming`), or write a combined `value`."""
    require(uow.actor, Permission.EDIT_RECORDS)
    s = uow.session
    c = s.get(ExchangeConflict, conflict_id)
    if c is None or c.status != "open":
        raise NotFound(f"no open conflict #{conflict_id}")
    if take not in ("local", "incoming", "value"):
        raise ValidationError(Problem("take", "choose local, incoming or value"))
    chosen = {"local": c.local_value, "incoming": c.incoming_value, "value": value}[take]
    model = _CONFLICT_MODELS[c.entity_type]
    obj = s.scalar(select(model).where(model.uuid == c.entity_uuid))
    if obj is None:
        raise NotFound(f"{c.reference} is not there (or you may not see it)")
    if take != "local":
        merge = object.__new__(_Merge)
        merge.s, merge.dry = s, False
        merge.codes = {"force": dict(s.execute(select(Force.code, Force.id)).all()),
                       "agency": dict(s.execute(select(Agency.code, Agency.id)).all()),
                       "unit": dict(s.execute(select(Unit.code, Unit.id)).all())}
        merge.subject_ids = {}
        target = type(obj) if c.entity_type in ("group", "nominal", "vulnerability") else model
        if c.field in _CONFLICT_FKS:
            merge._set(obj, target, c.field, chosen, _CONFLICT_FKS)
        else:
            column = c.field if c.field in target.__table__.c else c.field
            setattr(obj, c.field, merge._coerce(target, column, chosen) if column in target.__table__.c else chosen)
            if c.field in ("name", "surname", "forenames") and isinstance(obj, Subject):
                obj.name_norm = normalise_name(obj.name)
    c.status, c.resolution, c.resolved_by_id, c.resolved_at = "resolved", {"take": take, "value": _plain(chosen)}, \
        uow.actor.user_id, clock.now()
    uow.describe("exchange.conflict", f"conflict on {c.reference} {c.field} settled: {take} "
                                      f"({_plain(chosen)!r})"[:300], c)
    uow.touch("conflict", c.entity_type)


def provenance(session: Session, entity_type: str, entity_id: int) -> dict[str, Any]:
    """Where a record came from, and when each field last changed where (from the audit trail:
    edits here, and what arrived in packages)."""
    model = _CONFLICT_MODELS.get(entity_type) or {"assessment": Assessment, "disruption": Disruption}.get(entity_type)
    obj = session.get(model, entity_id) if model else None
    if obj is None:
        raise NotFound(f"no {entity_type} #{entity_id}")
    here = _meta(session, "workspace_id")
    partners_by_ws = dict(session.execute(select(ExchangePartner.workspace_id, ExchangePartner.name)).all())
    origin = obj.origin
    fields: dict[str, dict[str, Any]] = {}
    for e in audit.events_for(session, entity_type, entity_id):
        where = "here"
        if e["action"] == "exchange.import":
            where = (e.get("changes") or {}).get("from") or "a partner"
            if where == "a partner":
                m = e["summary"].split(" from ", 1)
                where = m[1].split(" (")[0] if len(m) > 1 else where
        for name in (e.get("changes") or {}):
            if name in ("uuid", "origin", "package", "from"):
                continue
            fields[name] = {"where": where, "when": e["at"], "who": e["username"]}
    return {"uuid": obj.uuid, "origin": origin,
            "origin_name": "this workspace" if origin == here else partners_by_ws.get(origin, origin),
            "fields": fields}
