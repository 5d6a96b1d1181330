"""The kinds of reference data an administrator keeps (forces, partner agencies, units): what the
screens name when they ask the services for a list, so that no screen needs the database's classes."""

from __future__ import annotations

import enum


class ReferenceData(enum.Enum):
    FORCE = "force"
    AGENCY = "agency"
    UNIT = "unit"

    @property
    def noun(self) -> str:
        return self.value

    @property
    def plural(self) -> str:
        return {"force": "forces", "agency": "agencies", "unit": "units"}[self.value]
