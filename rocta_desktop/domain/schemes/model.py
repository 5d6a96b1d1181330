"""An assessment scheme: the definition a ROCU controls (factors, how totals combine, bands and
matrices). Loaded from JSON by `loader.py`; scored by `scoring.py`."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from .expressions import Node, StepTable


class FactorKind(enum.Enum):
    LEVEL = "level"      # one of ordinal levels, each with a value
    MULTI = "multi"      # any of a list of options, each with a weight
    NUMBER = "number"    # a count or amount between a minimum and a maximum


class Direction(enum.Enum):
    """What a higher answer does to the assessment: used to check a scheme is monotone."""

    RAISES = "raises"
    LOWERS = "lowers"
    NONE = "none"


@dataclass(frozen=True)
class Level:
    key: str
    label: str
    value: float
    guidance: str = ""


@dataclass(frozen=True)
class Option:
    key: str
    label: str
    weight: float
    guidance: str = ""


@dataclass(frozen=True)
class Factor:
    id: str
    title: str
    kind: FactorKind
    guidance: str = ""
    direction: Direction = Direction.RAISES
    levels: tuple[Level, ...] = ()
    options: tuple[Option, ...] = ()
    combine: str = "sum"             # multi: "sum" or "max" of the selected weights
    minimum: float = 0.0             # number
    maximum: float = 0.0             # number
    unknown_allowed: bool = True

    def level(self, key: str) -> Level | None:
        return next((lv for lv in self.levels if lv.key == key), None)

    def option(self, key: str) -> Option | None:
        return next((o for o in self.options if o.key == key), None)

    @property
    def value_range(self) -> tuple[float, float]:
        """Every value an answer to this factor can take: what an unknown answer could be."""
        if self.kind is FactorKind.LEVEL:
            values = [lv.value for lv in self.levels]
            return min(values), max(values)
        if self.kind is FactorKind.MULTI:
            weights = [o.weight for o in self.options]
            top = sum(weights) if self.combine == "sum" else max(weights)
            return 0.0, float(top)
        return self.minimum, self.maximum


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    guidance: str
    factors: tuple[Factor, ...]


@dataclass(frozen=True)
class Calculation:
    id: str
    title: str
    expression: str
    node: Node
    digits: int | None = None   # shown with this many decimals (the value itself is not rounded)


@dataclass(frozen=True)
class Band:
    label: str
    start: float                # the band holds values >= start (and below the next band's start)
    level: int                  # 1 = least serious
    review_months: int | None = None
    guidance: str = ""


@dataclass(frozen=True)
class BandSet:
    id: str
    title: str
    of: str                     # a calculation id
    bands: tuple[Band, ...]     # ascending

    def band_for(self, value: float) -> Band:
        found = self.bands[0]
        for band in self.bands:
            if value >= band.start:
                found = band
        return found

    def band(self, label: str) -> Band | None:
        return next((b for b in self.bands if b.label == label), None)


@dataclass(frozen=True)
class Matrix:
    id: str
    title: str
    rows: str                   # a band set id
    columns: str                # a band set id
    outcomes: tuple[str, ...]   # every cell value, least serious first
    cells: dict[tuple[str, str], str] = field(hash=False)


@dataclass(frozen=True)
class Outcome:
    score: str                  # calculation id: the headline score
    band: str                   # band set id: the headline band (what review dates and comparisons use)
    priority: str | None = None  # matrix id
    confidence: str | None = None  # factor id
    low_confidence: tuple[str, ...] = ()  # level keys of the confidence factor that call for more intelligence


@dataclass(frozen=True)
class Scheme:
    id: str
    version: str
    title: str
    notice: str                 # e.g. "Reference scheme: not the controlled matrix"
    method: str                 # "MoRiLE", "OCGM" or another family name
    description: str
    applies_to: frozenset[str]  # subject kinds: group, nominal, vulnerability
    sections: tuple[Section, ...]
    calculations: tuple[Calculation, ...]
    lookups: dict[str, StepTable] = field(hash=False)
    bands: tuple[BandSet, ...] = ()
    matrices: tuple[Matrix, ...] = ()
    outcome: Outcome = field(default=None)  # type: ignore[assignment]
    sha256: str = ""
    text: str = ""              # the exact JSON the scheme was loaded from

    def __repr__(self) -> str:
        return f"Scheme({self.ref})"

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    @property
    def factors(self) -> tuple[Factor, ...]:
        return tuple(f for s in self.sections for f in s.factors)

    def factor(self, factor_id: str) -> Factor | None:
        return next((f for f in self.factors if f.id == factor_id), None)

    def band_set(self, band_id: str) -> BandSet | None:
        return next((b for b in self.bands if b.id == band_id), None)

    def matrix(self, matrix_id: str) -> Matrix | None:
        return next((m for m in self.matrices if m.id == matrix_id), None)

    def calculation(self, calc_id: str) -> Calculation | None:
        return next((c for c in self.calculations if c.id == calc_id), None)
