"""Government Security Classifications as used on every record, screen and export."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


class Marking(enum.Enum):
    """Protective marking, ordered from least to most sensitive.

    OFFICIAL-SENSITIVE is a handling caveat of OFFICIAL, but for the purpose of "the highest marking
    of what a file contains" it ranks above plain OFFICIAL.
    """

    OFFICIAL = "OFFICIAL"
    OFFICIAL_SENSITIVE = "OFFICIAL-SENSITIVE"
    SECRET = "SECRET"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def label(self) -> str:
        return self.value

    def __lt__(self, other: Marking) -> bool:
        if not isinstance(other, Marking):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: Marking) -> bool:
        if not isinstance(other, Marking):
            return NotImplemented
        return self.rank <= other.rank

    @classmethod
    def parse(cls, text: str) -> Marking:
        """Accept the label in any case, with '-', '_' or ' ' between words."""
        key = " ".join(str(text).strip().upper().replace("_", " ").replace("-", " ").split())
        found = _BY_KEY.get(key)
        if found is not None:
            return found
        allowed = ", ".join(m.value for m in cls)
        raise ValueError(f"unknown protective marking {text!r}; expected one of {allowed}")


_BY_KEY = {m.value.replace("-", " "): m for m in Marking}
_RANK = {Marking.OFFICIAL: 0, Marking.OFFICIAL_SENSITIVE: 1, Marking.SECRET: 2}


def highest(markings: Iterable[Marking], default: Marking = Marking.OFFICIAL) -> Marking:
    """The highest marking of a collection (what a file containing all of them must carry)."""
    best = default
    for m in markings:
        if m.rank > best.rank:
            best = m
    return best


@dataclass(frozen=True)
class MarkingColours:
    """How a marking looks wherever it is shown: a banner (`background` with `text`) at the top and
    bottom of a screen or printed page, and a light `tint` with `tint_text` for a badge or a table
    cell. One palette for the screens and the printed documents (gui/style.py, exchange/pdf)."""

    background: str
    text: str
    tint: str
    tint_text: str


#: slate grey, navy blue and red: told apart at a glance, each with white text above 7:1 contrast
MARKING_PALETTE: dict[Marking, MarkingColours] = {
    Marking.OFFICIAL: MarkingColours("#4a5968", "#ffffff", "#eceff2", "#3b4754"),
    Marking.OFFICIAL_SENSITIVE: MarkingColours("#1c4478", "#ffffff", "#e2ebf7", "#173a66"),
    Marking.SECRET: MarkingColours("#a4161a", "#ffffff", "#fbe5e5", "#8a1216"),
}
