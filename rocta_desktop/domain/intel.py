"""Intelligence handling terms: the 3x5x2 grading, trigger reports and collection-plan requirements.

3x5x2 (replaced 5x5x5): source evaluation 1 reliable / 2 untested / 3 not reliable; intelligence
assessment A known directly / B known indirectly, corroborated / C known indirectly / D not known /
E suspected false; handling code P (may be shared) or C (may be shared with conditions, which must
be written down).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import Problem


class SourceEvaluation(enum.Enum):
    RELIABLE = "1"
    UNTESTED = "2"
    NOT_RELIABLE = "3"

    @property
    def label(self) -> str:
        return {"1": "1 Reliable", "2": "2 Untested", "3": "3 Not reliable"}[self.value]


class IntelAssessment(enum.Enum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"

    @property
    def label(self) -> str:
        return {"A": "A Known directly", "B": "B Known indirectly, corroborated", "C": "C Known indirectly",
                "D": "D Not known", "E": "E Suspected to be false"}[self.value]


class HandlingCode(enum.Enum):
    P = "P"
    C = "C"

    @property
    def label(self) -> str:
        return {"P": "P May be shared", "C": "C May be shared with conditions"}[self.value]


@dataclass(frozen=True)
class Grading:
    source: SourceEvaluation
    assessment: IntelAssessment
    handling: HandlingCode
    conditions: str = ""

    @property
    def code(self) -> str:
        """'1A P', '2C C'."""
        return f"{self.source.value}{self.assessment.value} {self.handling.value}"


def parse_grading(data: Mapping[str, Any]) -> tuple[Grading | None, list[Problem]]:
    """From `source_evaluation`, `intel_assessment`, `handling_code`, `handling_conditions`."""
    problems: list[Problem] = []
    parsed: dict[str, Any] = {}
    for key, enum_cls, what in (("source_evaluation", SourceEvaluation, "the source evaluation (1, 2 or 3)"),
                                ("intel_assessment", IntelAssessment, "the intelligence assessment (A to E)"),
                                ("handling_code", HandlingCode, "the handling code (P or C)")):
        raw = data.get(key)
        value = raw.value if isinstance(raw, enum.Enum) else str(raw or "").strip().upper()
        try:
            parsed[key] = enum_cls(value)
        except ValueError:
            problems.append(Problem(key, f"choose {what}" if not value else f"{value!r} is not valid: choose {what}"))
    conditions = str(data.get("handling_conditions") or "").strip()
    if parsed.get("handling_code") is HandlingCode.C and not conditions:
        problems.append(Problem("handling_conditions", "handling code C needs the conditions written down"))
    if problems:
        return None, problems
    return Grading(parsed["source_evaluation"], parsed["intel_assessment"], parsed["handling_code"],
                   conditions), []


class TriggerStatus(enum.Enum):
    NEW = "new"
    UNDER_TRIAGE = "under_triage"
    ACCEPTED = "accepted"
    LINKED = "linked"
    REJECTED = "rejected"
    DUPLICATE = "duplicate"

    @property
    def label(self) -> str:
        return {"new": "New", "under_triage": "Under triage", "accepted": "Accepted for assessment",
                "linked": "Linked to existing subject", "rejected": "Rejected",
                "duplicate": "Duplicate"}[self.value]

    @property
    def decided(self) -> bool:
        return self not in (TriggerStatus.NEW, TriggerStatus.UNDER_TRIAGE)


class RequirementPriority(enum.Enum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def rank(self) -> int:
        return {"high": 0, "medium": 1, "low": 2}[self.value]


class RequirementStatus(enum.Enum):
    OPEN = "open"
    PARTLY_ANSWERED = "partly_answered"
    ANSWERED = "answered"
    CLOSED = "closed"
    LAPSED = "lapsed"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def live(self) -> bool:
        return self in (RequirementStatus.OPEN, RequirementStatus.PARTLY_ANSWERED)


class ResponseAnswers(enum.Enum):
    FULLY = "fully"
    PARTLY = "partly"
    NO = "no"

    @property
    def label(self) -> str:
        return {"fully": "Answers it", "partly": "Answers it in part", "no": "Does not answer it"}[self.value]


def requirement_status(current: RequirementStatus, answers: list[ResponseAnswers]) -> RequirementStatus:
    """What responses make of a live requirement: any full answer -> answered; any response at all
    -> partly answered; none -> open. Closed and lapsed are decisions and stay."""
    if not current.live and current is not RequirementStatus.ANSWERED:
        return current
    if ResponseAnswers.FULLY in answers:
        return RequirementStatus.ANSWERED
    if answers:
        return RequirementStatus.PARTLY_ANSWERED
    return RequirementStatus.OPEN


def days_between(start: dt.date, end: dt.date) -> int:
    return (end - start).days
