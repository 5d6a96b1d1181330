"""Run every benchmark suite: python -m bench [--groups N --nominals M].

Each suite runs in a process of its own, so no figure depends on what an earlier suite left in
memory (a 100,000-row build leaves a large heap that slows every later allocation) or loaded.
"""

from __future__ import annotations

import argparse
import subprocess
import sys


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--groups", type=int, default=10_000)
    ap.add_argument("--nominals", type=int, default=100_000)
    args = ap.parse_args()
    size = ["--groups", str(args.groups), "--nominals", str(args.nominals)]
    suites = [("bench_store", size), ("bench_registers", size), ("bench_exchange", []), ("bench_reports", []),
              ("bench_home", size), ("bench_startup", size), ("bench_gui", size), ("bench_trust", []), ("bench_access", size), ("bench_packages", []),
              ("bench_duplicates", size), ("bench_network", size), ("bench_server", size),
              ("bench_bundle", [])]  # only when a bundle is built (./dev.sh bundle); skipped otherwise
    failed = []
    for name, extra in suites:
        if subprocess.run([sys.executable, "-m", f"bench.{name}", *extra], check=False).returncode != 0:
            failed.append(name)
    print(f"\nsuites with a figure over its target: {', '.join(failed)}" if failed else "\nevery target met")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
