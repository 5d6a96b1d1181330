"""Run every benchmark suite: python -m bench [--groups N --nominals M]."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from bench import bench_bundle, bench_exchange, bench_home, bench_registers, bench_reports, bench_startup, bench_store


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--groups", type=int, default=10_000)
    ap.add_argument("--nominals", type=int, default=100_000)
    args = ap.parse_args()
    ok = bench_store.main(["--groups", str(args.groups), "--nominals", str(args.nominals)]) == 0
    tmp = Path(tempfile.mkdtemp(prefix="rocta-bench-"))
    try:
        ok = bench_registers.main(["--groups", str(args.groups), "--nominals", str(args.nominals),
                                   "--workspace", str(tmp / "bench.rocta")]) == 0 and ok
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    ok = bench_exchange.main([]) == 0 and ok
    ok = bench_reports.main([]) == 0 and ok
    ok = bench_home.main(["--groups", str(args.groups), "--nominals", str(args.nominals)]) == 0 and ok
    ok = bench_startup.main(["--groups", str(args.groups), "--nominals", str(args.nominals)]) == 0 and ok
    ok = bench_bundle.main([]) == 0 and ok  # only when a bundle is built (./dev.sh bundle); skipped otherwise
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
