"""The 4P categories of the national SOC strategy: Pursue, Prevent, Protect, Prepare."""

from __future__ import annotations

import enum


class FourP(enum.Enum):
    PURSUE = "pursue"
    PREVENT = "prevent"
    PROTECT = "protect"
    PREPARE = "prepare"

    @property
    def label(self) -> str:
        return self.value.capitalize()
