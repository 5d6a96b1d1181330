"""Shared benchmark plumbing: same-run baselines, a printed table, and a stable JSON results file.

Results file format (bench/results/<suite>.json), stable so figures can be compared over time:
    {"suite": str, "when": ISO-8601 UTC, "machine": str,
     "results": [{"name", "unit", "figure", "baseline", "baseline_name", "ratio", "target", "pass"}]}
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass
class Result:
    name: str
    figure: float
    unit: str = "s"
    baseline: float | None = None
    baseline_name: str = ""
    target: float | None = None  # pass when figure <= target (or ratio, see target_is_ratio)
    target_is_ratio: bool = False

    @property
    def ratio(self) -> float | None:
        return None if not self.baseline else self.figure / self.baseline

    @property
    def passed(self) -> bool | None:
        if self.target is None:
            return None
        value = self.ratio if self.target_is_ratio else self.figure
        return value is not None and value <= self.target

    def row(self) -> dict[str, Any]:
        d = asdict(self)
        d.update(ratio=self.ratio, **{"pass": self.passed})
        return d


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def median_time(fn: Callable[[], Any], repeat: int = 5) -> float:
    return statistics.median(timed(fn)[0] for _ in range(repeat))


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def report(suite: str, results: list[Result]) -> bool:
    def fmt(v: float | None, unit: str) -> str:
        if v is None:
            return "-"
        return f"{v * 1000:.1f} ms" if unit == "s" and v < 1 else f"{v:.2f} {unit}"

    print(f"\n{suite}")
    print(f"{'benchmark':<56} {'figure':>11} {'baseline':>11} {'ratio':>7} {'target':>11}  result")
    for r in results:
        target = "-" if r.target is None else (f"x{r.target:g}" if r.target_is_ratio else fmt(r.target, r.unit))
        ratio = "-" if r.ratio is None else f"{r.ratio:.2f}"
        verdict = {True: "pass", False: "FAIL", None: "info"}[r.passed]
        print(f"{r.name:<56} {fmt(r.figure, r.unit):>11} {fmt(r.baseline, r.unit):>11} {ratio:>7} {target:>11}  {verdict}")
        if r.baseline_name:
            print(f"{'':<6}baseline: {r.baseline_name}")
    RESULTS.mkdir(exist_ok=True)
    payload = {"suite": suite, "when": dt.datetime.now(dt.UTC).isoformat(),
               "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}",
               "results": [r.row() for r in results]}
    (RESULTS / f"{suite}.json").write_text(json.dumps(payload, indent=1))
    return all(r.passed is not False for r in results)


def on_demo_workspace(argv: list[str] | None, build: Callable[[Path, int, int], None],
                      run: Callable[[Path, int], bool], prefix: str) -> int:
    """The command line shared by suites that need a large demo workspace: --groups, --nominals,
    and --workspace to reuse (or create) one; otherwise a temporary one, removed afterwards."""
    import argparse
    import shutil
    import sys
    import tempfile
    ap = argparse.ArgumentParser()
    ap.add_argument("--groups", type=int, default=10_000)
    ap.add_argument("--nominals", type=int, default=100_000)
    ap.add_argument("--workspace", type=Path, help="reuse (or create) this demo workspace")
    args = ap.parse_args(argv)
    tmp = None
    path = args.workspace
    if path is None:
        tmp = Path(tempfile.mkdtemp(prefix=prefix))
        path = tmp / "bench.rocta"
    if not path.exists():
        print(f"building demo workspace ({args.groups:,} groups, {args.nominals:,} nominals)...", file=sys.stderr)
        build(path, args.groups, args.nominals)
    try:
        return 0 if run(path, args.nominals) else 1
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
