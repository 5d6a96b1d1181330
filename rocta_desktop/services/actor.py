"""Who acts: the signed-in person a service call runs for (what every permission check, audit
event and signature names)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str
    display_name: str
    role: Any  # domain.users.Role
    key_id: str | None = None  # the signing key this person acts with (services/trust.py)
    clearance: Any = None  # domain.markings.Marking: the highest marking they may see (None: SECRET)

    @property
    def label(self) -> str:
        return f"{self.display_name} ({self.username})"
