"""Impact: disruptions under the 4P categories, their outcomes and grades, 4P plans, best practice.

The impact grades (major / moderate / minor) are widely used but their official definitions are
not public: the defaults below are clearly labelled as such and an administrator replaces them.
"""

from __future__ import annotations

import enum
import re
from typing import Any

from .approval import DisruptionStatus as DisruptionStatus  # the one lifecycle of reviewed work


class ImpactGrade(enum.Enum):
    MINOR = "minor"
    MODERATE = "moderate"
    MAJOR = "major"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def rank(self) -> int:
        return {"minor": 1, "moderate": 2, "major": 3}[self.value]


DEFAULT_GRADE_GUIDANCE = {  # defaults only: replace them with the region's definitions (Administration)
    ImpactGrade.MAJOR: "Default wording: the group or person can no longer operate at their usual level of "
                       "criminality for a sustained period (e.g. principal members charged, network dismantled).",
    ImpactGrade.MODERATE: "Default wording: criminality is significantly reduced for a time (e.g. key members "
                          "arrested, significant seizures), but the group continues.",
    ImpactGrade.MINOR: "Default wording: a short-term or limited effect (e.g. a seizure, a warning, a "
                       "safeguarding visit) with no lasting change in capability.",
}




class OutcomeKind(enum.Enum):
    ARRESTS = "arrests"
    CHARGES = "charges"
    CONVICTIONS = "convictions"
    CASH = "cash"                    # pounds seized
    ASSETS = "assets"                # pounds restrained or confiscated
    DRUGS = "drugs"                  # a quantity and unit, with the drug type as detail
    FIREARMS = "firearms"
    SAFEGUARDING = "safeguarding"    # referrals

    @property
    def label(self) -> str:
        return {"arrests": "Arrests", "charges": "Charges", "convictions": "Convictions", "cash": "Cash seized (£)",
                "assets": "Assets restrained (£)", "drugs": "Drugs seized", "firearms": "Firearms seized",
                "safeguarding": "Safeguarding referrals"}[self.value]

    @property
    def needs_unit(self) -> bool:
        return self is OutcomeKind.DRUGS


class ActionStatus(enum.Enum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


ROCU_KIND = "ROCU"  # an agency whose kind is ROCU is the unit whose contribution is counted


# ------------------------------------------------------------------ outcomes written as text (imports)

#: drug units accepted in text, each spelling -> the unit stored (so totals add up per unit)
DRUG_UNITS = {"g": "g", "gram": "g", "grams": "g", "kg": "kg", "kilo": "kg", "kilos": "kg", "kilogram": "kg",
              "kilograms": "kg", "mg": "mg", "t": "tonnes", "tonne": "tonnes", "tonnes": "tonnes",
              "ml": "ml", "l": "litres", "litre": "litres", "litres": "litres", "liter": "litres",
              "liters": "litres", "plant": "plants", "plants": "plants", "tablet": "tablets", "tablets": "tablets",
              "pill": "tablets", "pills": "tablets", "wrap": "wraps", "wraps": "wraps", "deal": "deals",
              "deals": "deals", "dose": "doses", "doses": "doses", "unit": "units", "units": "units",
              "block": "blocks", "blocks": "blocks", "bag": "bags", "bags": "bags"}
#: counted outcomes take whole numbers; cash, assets and drugs may have decimals
WHOLE_NUMBER_KINDS = frozenset({OutcomeKind.ARRESTS, OutcomeKind.CHARGES, OutcomeKind.CONVICTIONS,
                                OutcomeKind.FIREARMS, OutcomeKind.SAFEGUARDING})
MAX_OUTCOME_DETAIL = 120


def _kind_words() -> dict[str, OutcomeKind]:
    words: dict[str, OutcomeKind] = {}
    for k in OutcomeKind:
        label = k.label.lower()
        for w in (k.value, k.value.rstrip("s"), label, label.rstrip("s"), label.replace(" (£)", ""),
                  label.replace(" (£)", "").replace("s seized", " seized")):
            words[w] = k
    return words


_KIND_WORDS = _kind_words()
_KIND_ALT = "|".join(re.escape(w) for w in sorted(_KIND_WORDS, key=len, reverse=True))
_NUMBER = r"£?\s*(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?"
_OUTCOME = re.compile(rf"(?P<kind>{_KIND_ALT})(?![a-z])\s*:?\s*(?P<qty>{_NUMBER})?(?P<rest>.*)", re.I | re.S)
_ANOTHER = re.compile(rf"(?<![a-z])(?:{_KIND_ALT})(?![a-z])\s*:?\s*{_NUMBER}", re.I)
_UNIT = re.compile(r"(?P<unit>[a-z]+)\.?(?![a-z])\s*(?P<rest>.*)", re.I | re.S)
OUTCOME_EXAMPLE = "arrests 3; cash 12000; drugs 2.5 kg cocaine"


def format_quantity(quantity: float) -> str:
    """A quantity as people write it and `parse_outcomes` reads it back exactly: whole numbers with
    no decimal point, others as short as they are (never in exponent form: 1234567, not 1.23457e+06)."""
    q = float(quantity)
    return str(int(q)) if q.is_integer() else f"{q:.6f}".rstrip("0").rstrip(".")


def parse_outcomes(text: str | None) -> tuple[list[dict[str, Any]], list[str]]:
    """Outcomes from a compact text such as "arrests 3; cash 12000; drugs 2.5 kg cocaine": parts
    separated by ';' (or new lines), each an outcome kind, a number, then for drugs a unit (kg, g,
    plants...) and optionally what the drugs were; a detail in brackets is allowed after any
    outcome ("firearms 1 (handgun)"). The labels the return uses ("Cash seized (£) 12000",
    "Drugs seized 2.5 kg (cocaine)") are read too. Strict: every part that cannot be read is named
    with what is wrong; nothing is guessed. Returns (outcomes, problems)."""
    outcomes: list[dict[str, Any]] = []
    problems: list[str] = []
    for part in re.split(r"\s*[;\n]\s*", (text or "").strip()):
        if not part:
            continue
        shown = part if len(part) <= 60 else part[:57] + "..."
        m = _OUTCOME.fullmatch(part)
        if m is None:
            word = part.split()[0]
            known = ", ".join(k.value for k in OutcomeKind)
            problems.append(f"{shown!r}: {word!r} is not an outcome (use {known}, e.g. {OUTCOME_EXAMPLE})")
            continue
        kind = _KIND_WORDS[m["kind"].lower()]
        if m["qty"] is None:
            problems.append(f"{shown!r}: give the number after the outcome (e.g. {kind.value} 3)")
            continue
        quantity = float(m["qty"].replace("£", "").replace(",", "").replace(" ", ""))
        if quantity != quantity or quantity in (float("inf"), float("-inf")):
            problems.append(f"{shown!r}: {m['qty']} is not a usable number")
            continue
        if kind in WHOLE_NUMBER_KINDS and not quantity.is_integer():
            problems.append(f"{shown!r}: {kind.value} are counted in whole numbers")
            continue
        if m["qty"].startswith("£") and kind not in (OutcomeKind.CASH, OutcomeKind.ASSETS):
            problems.append(f"{shown!r}: only cash and assets are in pounds")
            continue
        rest = m["rest"].strip()
        if _ANOTHER.search(rest):
            problems.append(f"{shown!r}: looks like more than one outcome: separate them with ';'")
            continue
        unit = None
        if kind.needs_unit:
            u = _UNIT.fullmatch(rest)
            unit = DRUG_UNITS.get(u["unit"].lower()) if u else None
            if unit is None:
                what = f"{u['unit']!r} is not a unit" if u else "give the unit"
                problems.append(f"{shown!r}: {what} (use {', '.join(sorted(set(DRUG_UNITS.values())))}; "
                                f"e.g. drugs 2.5 kg cocaine)")
                continue
            rest = u["rest"].strip()
            if rest.startswith("(") and rest.endswith(")"):
                rest = rest[1:-1].strip()
        elif rest:
            if not (rest.startswith("(") and rest.endswith(")")):
                problems.append(f"{shown!r}: unexpected {rest!r} after the number (put a detail in brackets, "
                                f"e.g. {kind.value} {m['qty']} (detail))")
                continue
            rest = rest[1:-1].strip()
        if len(rest) > MAX_OUTCOME_DETAIL:
            problems.append(f"{shown!r}: the detail is {len(rest)} characters long; the limit is {MAX_OUTCOME_DETAIL}")
            continue
        outcomes.append({"kind": kind, "quantity": quantity, "unit": unit, "detail": rest or None})
    return outcomes, problems
