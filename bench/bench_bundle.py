"""The PyInstaller bundle, when one is built (./dev.sh bundle): its size and how fast it starts.

    python -m bench.bench_bundle [--bundle dist/rocta-desktop]      (default: ROCTA_BUNDLE_DIR or dist/rocta-desktop)

Skipped (nothing printed but a note) when no bundle is there. Figures (same run):
1. Bundle size (the whole folder), with the Qt part (_internal/PySide6: Qt libraries, ICU, plugins and
   bindings) printed below. Target < 200 MiB (du -sh).
2. Cold start of the bundled CLI: `rocta --help`, a new process until it exits, median of 5.
   Target < 1 s. Baseline: the same from the development virtual environment.
3. Cold start of the bundled GUI to the sign-in screen (offscreen): `rocta-desktop --smoke-exit-after-start`,
   median of 5. Target < 1.5 s (as bench_startup). Baseline: `python -m rocta_desktop --smoke-exit-after-start`.
Results: bench/results/bundle.json (format in bench/common.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Result, report

ROOT = Path(__file__).resolve().parents[1]


def size_mb(folder: Path) -> float:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() or p.is_symlink()) / 2**20


def started(cmd: list[str], env: dict[str, str], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env, timeout=120)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bundle", type=Path,
                    default=Path(os.environ.get("ROCTA_BUNDLE_DIR", ROOT / "dist" / "rocta-desktop")))
    args = ap.parse_args(argv)
    bundle = args.bundle.resolve()
    if not (bundle / "rocta").is_file() or not (bundle / "rocta-desktop").is_file():
        print(f"\nbundle: skipped (no bundle at {bundle}; ./dev.sh bundle builds one)")
        return 0
    with tempfile.TemporaryDirectory(prefix="rocta-bench-bundle-") as home:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": home, "XDG_CONFIG_HOME": home,
               "XDG_DATA_HOME": home}
        bin_dir = Path(sys.executable).parent
        cli = started([str(bundle / "rocta"), "--help"], env)
        cli_dev = started([str(bin_dir / "rocta"), "--help"], env)
        gui = started([str(bundle / "rocta-desktop"), "--smoke-exit-after-start"], env)
        gui_dev = started([sys.executable, "-m", "rocta_desktop", "--smoke-exit-after-start"], env)
    total, qt = size_mb(bundle), size_mb(bundle / "_internal" / "PySide6")
    results = [
        Result("bundle size", total, unit="MiB", target=200),
        Result("bundled CLI cold start (rocta --help)", cli, baseline=cli_dev,
               baseline_name="rocta --help from the virtual environment", target=1.0),
        Result("bundled GUI cold start to the sign-in screen", gui, baseline=gui_dev,
               baseline_name="python -m rocta_desktop from the virtual environment", target=1.5),
    ]
    print(f"bundle {bundle}: {total:.0f} MiB, of which Qt (_internal/PySide6) {qt:.0f} MiB, the rest {total - qt:.0f} MiB")
    return 0 if report("bundle", results) else 1


if __name__ == "__main__":
    sys.exit(main())
