"""Duplicate matching for nominals, explained the way an analyst checks it by hand.

Each candidate gets a score from 0 to 100 and the reasons behind it ("surname identical",
"forenames similar (0.92)", "date of birth identical", "day and month swapped"), so the analyst
can judge the match rather than trust a number. Pure functions; the service picks candidates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .subjects import normalise_name


def jaro_winkler(a: str, b: str, prefix_scale: float = 0.1) -> float:
    """Jaro-Winkler similarity in [0, 1] (1 = identical)."""
    if a == b:
        return 1.0
    la, lb = len(a), len(b)
    if not la or not lb:
        return 0.0
    window = max(la, lb) // 2 - 1
    a_match = [False] * la
    b_match = [False] * lb
    matches = 0
    for i, ch in enumerate(a):
        lo, hi = max(0, i - window), min(i + window + 1, lb)
        for j in range(lo, hi):
            if not b_match[j] and b[j] == ch:
                a_match[i] = b_match[j] = True
                matches += 1
                break
    if not matches:
        return 0.0
    b_chars = [b[j] for j in range(lb) if b_match[j]]
    transpositions = sum(ch != b_chars[k] for k, ch in enumerate(a[i] for i in range(la) if a_match[i])) / 2
    jaro = (matches / la + matches / lb + (matches - transpositions) / matches) / 3
    prefix = 0
    for x, y in zip(a[:4], b[:4]):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * prefix_scale * (1 - jaro)


@dataclass(frozen=True)
class PersonKey:
    surname: str
    forenames: str = ""
    date_of_birth: dt.date | None = None
    aliases: tuple[str, ...] = ()


@dataclass
class Match:
    score: int
    reasons: list[str] = field(default_factory=list)


SURNAME_SIMILAR = 0.88
FORENAME_SIMILAR = 0.85
THRESHOLD = 60


def _name_score(new: PersonKey, old: PersonKey, reasons: list[str]) -> float:
    ns, os_ = normalise_name(new.surname), normalise_name(old.surname)
    nf, of = normalise_name(new.forenames), normalise_name(old.forenames)
    s_sim = jaro_winkler(ns, os_)
    if ns == os_:
        reasons.append("surname identical")
        score = 40.0
    elif s_sim >= SURNAME_SIMILAR:
        reasons.append(f"surname similar ({s_sim:.2f})")
        score = 30.0 * s_sim
    else:
        # the new surname may be a known alias of the existing nominal
        alias_hit = next((a for a in old.aliases if normalise_name(a) in (ns, f"{nf} {ns}".strip())), None)
        if alias_hit:
            reasons.append(f"name matches the alias {alias_hit!r}")
            return 45.0
        if nf and nf == os_ and of == ns:
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
    return -30.0


def match(new: PersonKey, old: PersonKey) -> Match:
    reasons: list[str] = []
    name = _name_score(new, old, reasons)
    if name <= 0:
        return Match(0, ["names differ"])
    total = name + _dob_score(new.date_of_birth, old.date_of_birth, reasons)
    return Match(max(0, min(100, round(total))), reasons)
