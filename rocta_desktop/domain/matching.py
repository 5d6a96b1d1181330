"""Duplicate matching for nominals and groups, explained the way an analyst checks it by hand.

Each candidate gets a score from 0 to 100 and the reasons behind it ("surname identical",
"forenames similar (0.92)", "date of birth with day and month swapped", "PNC ID identical",
"both members of OCG-2026-0004"), so the analyst can judge the match rather than trust a number.
Names are compared transliterated and with accents folded (ИВАНОВ = Ivanov, KILIÇ = Kilic), in
either order (forename and surname swapped) and against every alias. String similarity comes from
rapidfuzz (Jaro-Winkler for names, token-sort ratio for group names). Pure functions: the service
(services/duplicates.py) chooses which pairs to compare.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler

from .subjects import normalise_name


def jaro_winkler(a: str, b: str, prefix_scale: float = 0.1) -> float:
    """Jaro-Winkler similarity in [0, 1] (1 = identical)."""
    if not a or not b:
        return 1.0 if a == b else 0.0
    return JaroWinkler.normalized_similarity(a, b, prefix_weight=prefix_scale)


@lru_cache(maxsize=200_000)
def match_key(text: str | None) -> str:
    """A name as matching compares it: transliterated to Latin letters, accents folded, lower case."""
    if not text:
        return ""
    return normalise_name(text if text.isascii() else anyascii(text))


def identifier_key(kind: str, value: str) -> str:
    """An identifier as matching compares it: phone numbers by their digits (a UK number with or
    without +44), vehicles without spaces, everything upper case."""
    v = str(value).strip().upper()
    if kind == "phone":
        digits = re.sub(r"\D", "", v)
        if digits.startswith("44") and len(digits) >= 11:
            digits = "0" + digits[2:]
        return digits
    return "".join(v.split())


IDENTIFIER_WEIGHT = {"PNC ID": 55, "CRO number": 55, "passport": 50, "NI number": 50, "phone": 30, "vehicle": 20}


@dataclass(eq=False)   # not frozen: a hundred thousand are built per duplicate search (frozen costs a setattr each)
class PersonKey:
    surname: str
    forenames: str = ""
    date_of_birth: dt.date | None = None
    aliases: tuple[str, ...] = ()
    identifiers: tuple[tuple[str, str], ...] = ()   # (kind, value)
    groups: tuple[str, ...] = ()                     # references of the groups they belong to

    @cached_property
    def names(self) -> tuple[str, str]:
        """Surname and forenames as matching compares them (worked out once per key)."""
        return match_key(self.surname), match_key(self.forenames)

    @cached_property
    def identifier_keys(self) -> dict[tuple[str, str], str]:
        """(kind, identifier as compared) -> the identifier as written."""
        return {(k, identifier_key(k, v)): v for k, v in self.identifiers}


@dataclass
class Match:
    score: int
    reasons: list[str] = field(default_factory=list)


SURNAME_SIMILAR = 0.88
FORENAME_SIMILAR = 0.85
THRESHOLD = 60
NAME_MOST = 65            # surname identical (40) and forenames identical (25): no name scores more
DOB_DIFFERS = -30         # dates of birth that differ beyond every allowance below
SHARED_GROUP = 10         # both members of a group
# a pair whose dates of birth differ and who share no identifier cannot be a candidate whatever
# their names: `could_match` relies on it to skip such pairs without scoring them
assert NAME_MOST + DOB_DIFFERS + SHARED_GROUP < THRESHOLD


def dob_parts(d: dt.date | None) -> tuple[int, int] | None:
    """A date of birth as `dates_apart` compares it: (year, month * 100 + day)."""
    return None if d is None else (d.year, d.month * 100 + d.day)


def dates_apart(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    """Both dates of birth known (as `dob_parts`) and different beyond every allowance `match`
    makes (the same year; the same day and month a year apart)."""
    return a is not None and b is not None and a[0] != b[0] and (a[1] != b[1] or abs(a[0] - b[0]) != 1)


def could_match_parts(dates_a: tuple[int, int] | None, dates_b: tuple[int, int] | None,
                      ids_a: frozenset, ids_b: frozenset) -> bool:
    """`could_match` on what it looks at, worked out once per record (`dob_parts`, the keys of
    `identifier_keys`): the duplicate search asks it of every pair a block brings together."""
    return not dates_apart(dates_a, dates_b) or not ids_a.isdisjoint(ids_b)


def could_match(new: PersonKey, old: PersonKey) -> bool:
    """False only for a pair `match` is sure to score below THRESHOLD: dates of birth apart and no
    identifier in common."""
    return could_match_parts(dob_parts(new.date_of_birth), dob_parts(old.date_of_birth),
                             frozenset(new.identifier_keys), frozenset(old.identifier_keys))


def _name_score(new: PersonKey, old: PersonKey, reasons: list[str]) -> float:
    ns, nf = new.names
    os_, of = old.names
    s_sim = jaro_winkler(ns, os_)
    if ns == os_:
        reasons.append("surname identical" if new.surname.strip().lower() == old.surname.strip().lower()
                       else "surname identical once transliterated and accents folded")
        score = 40.0
    elif s_sim >= SURNAME_SIMILAR:
        reasons.append(f"surname similar ({s_sim:.2f})")
        score = 30.0 * s_sim
    else:
        full_new = {f"{nf} {ns}".strip(), f"{ns} {nf}".strip(), ns}
        for alias in old.aliases:
            if match_key(alias) in full_new:
                reasons.append(f"name matches the alias {alias!r}")
                return 50.0
        full_old = {f"{of} {os_}".strip(), f"{os_} {of}".strip(), os_}
        for alias in new.aliases:
            if match_key(alias) in full_old:
                reasons.append(f"the alias {alias!r} matches the name")
                return 50.0
        if nf and of and nf.split()[0] == os_ and of.split()[0] == ns:
            reasons.append("forenames and surname swapped")
            return 45.0
        return 0.0
    if nf and of:
        first_new, first_old = nf.split()[0], of.split()[0]
        f_sim = jaro_winkler(first_new, first_old)
        if nf == of:
            reasons.append("forenames identical")
            score += 25
        elif first_new == first_old:
            reasons.append("first forename identical")
            score += 20
        elif f_sim >= FORENAME_SIMILAR:
            reasons.append(f"first forename similar ({f_sim:.2f})")
            score += 15 * f_sim
        elif first_new[0] == first_old[0] and (len(first_new) == 1 or len(first_old) == 1):
            reasons.append("initial matches")
            score += 8
        else:
            reasons.append("forenames differ")
            score -= 10
    return score


def _dob_score(new: dt.date | None, old: dt.date | None, reasons: list[str]) -> float:
    if new is None or old is None:
        reasons.append("date of birth unknown on one record")
        return 10.0
    if new == old:
        reasons.append("date of birth identical")
        return 35.0
    if new.year == old.year and new.month == old.day and new.day == old.month:
        reasons.append("date of birth with day and month swapped")
        return 25.0
    if new.month == old.month and new.day == old.day and abs(new.year - old.year) <= 1:
        reasons.append("date of birth one year apart")
        return 18.0
    if new.year == old.year:
        reasons.append("same year of birth")
        return 8.0
    reasons.append("date of birth differs")
    return float(DOB_DIFFERS)


def _identifier_score(new: PersonKey, old: PersonKey, reasons: list[str]) -> float:
    if not new.identifiers or not old.identifiers:
        return 0.0
    mine = new.identifier_keys
    score = 0.0
    for key, value in old.identifier_keys.items():
        if key in mine:
            reasons.append(f"{key[0]} identical ({value})")
            score += IDENTIFIER_WEIGHT.get(key[0], 20)
    return score


def match(new: PersonKey, old: PersonKey) -> Match:
    reasons: list[str] = []
    name = _name_score(new, old, reasons)
    ident = _identifier_score(new, old, reasons)
    if name <= 0 and ident <= 0:
        return Match(0, ["names differ"])
    total = max(name, 0) + _dob_score(new.date_of_birth, old.date_of_birth, reasons) + ident
    shared = sorted(set(new.groups) & set(old.groups))
    if shared:
        reasons.append(f"both members of {', '.join(shared[:3])}")
        total += SHARED_GROUP
    return Match(max(0, min(100, round(total))), reasons)


@dataclass(frozen=True)
class GroupKey:
    name: str
    nicknames: tuple[str, ...] = ()
    members: tuple[str, ...] = ()     # references of the nominals in it
    lead_force: str | None = None


#: words that say "this is a group" rather than which one ("The Hartley Brothers OCG" = "Hartley Brothers")
GROUP_NOISE = frozenset({"the", "ocg", "oc", "group", "gang", "crew", "firm", "mob", "and", "organised", "crime",
                         "network", "line"})


def group_core(name: str) -> str:
    words = match_key(name).replace("&", " ").split()
    core = [w for w in words if w not in GROUP_NOISE]
    return " ".join(core or words)


def match_group(new: GroupKey, old: GroupKey) -> Match:
    """Two groups: their names (word order and words like "the" or "OCG" aside), nicknames either
    way, and shared members."""
    reasons: list[str] = []
    a, b = group_core(new.name), group_core(old.name)
    ratio = fuzz.token_sort_ratio(a, b) / 100
    score = 0.0
    if match_key(new.name) == match_key(old.name):
        reasons.append("name identical")
        score = 60
    elif a == b:
        reasons.append("name identical apart from words like 'the' and 'OCG'")
        score = 55
    elif ratio >= 0.85:
        reasons.append(f"name similar ({ratio:.2f})")
        score = 50 * ratio
    else:
        names_new = {a, *(group_core(n) for n in new.nicknames)}
        names_old = {b, *(group_core(n) for n in old.nicknames)}
        hit = names_new & names_old
        if hit:
            reasons.append(f"name or nickname in common ({min(hit)})")
            score = 45
    shared = sorted(set(new.members) & set(old.members))
    if shared:
        reasons.append(f"{len(shared)} member(s) in common ({', '.join(shared[:3])})")
        score += min(40, 15 * len(shared))
    if score <= 0:
        return Match(0, ["names differ"])
    if new.lead_force and old.lead_force and new.lead_force == old.lead_force:
        reasons.append(f"same lead force ({new.lead_force})")
        score += 5
    return Match(max(0, min(100, round(score))), reasons)
