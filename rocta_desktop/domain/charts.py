"""Chart specifications: what a chart shows, as plain data built by the services from the
workspace. The screen (gui/charts.py, QPainter) and print (exchange/pdf) draw the same spec."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

BAR, STACKED, LINE, SCATTER = "bar", "stacked_bar", "line", "scatter"


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str = ""
    colour: str = ""


@dataclass(frozen=True)
class Marker:
    """A labelled moment on a timeline chart (e.g. a disruption)."""
    when: dt.date
    label: str


@dataclass(frozen=True)
class ChartSpec:
    kind: str
    title: str
    categories: tuple[str, ...] = ()          # bar/stacked: x categories; line: x labels
    series: tuple[Series, ...] = ()
    points: tuple[Point, ...] = ()            # scatter
    x_label: str = ""
    y_label: str = ""
    x_range: tuple[float, float] | None = None
    y_range: tuple[float, float] | None = None
    dates: tuple[dt.date, ...] = ()           # line: one per value, for timelines
    markers: tuple[Marker, ...] = field(default=())
    note: str = ""

    @property
    def empty(self) -> bool:
        return not (any(any(v for v in s.values) for s in self.series) or self.points)

    def total(self) -> float:
        return sum(sum(s.values) for s in self.series)
