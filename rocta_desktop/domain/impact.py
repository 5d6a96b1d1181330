"""Impact: disruptions under the 4P categories, their outcomes and grades, 4P plans, best practice.

The impact grades (major / moderate / minor) are widely used but their official definitions are
not public: the defaults below are clearly labelled as such and an administrator replaces them.
"""

from __future__ import annotations

import enum


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


class DisruptionStatus(enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"

    @property
    def label(self) -> str:
        return {"draft": "Draft", "submitted": "Awaiting approval", "returned": "Returned for changes",
                "approved": "Approved"}[self.value]


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
