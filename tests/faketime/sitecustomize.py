"""Loaded at start-up by every Python process of CI's moved-clock runs (dev.sh puts this folder on
PYTHONPATH only for them), so the suite can run under libfaketime.

libfaketime 0.9.10 (Debian 12) mishandles clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME), which
Python 3.11+ uses for time.sleep, when the monotonic clock is left unfaked
(FAKETIME_DONT_FAKE_MONOTONIC=1, which threads need): every sleep fails with EINVAL
(wolfcw/libfaketime#426). Faking the monotonic clock instead hangs every timed wait of a thread.
So here sleep waits on select(), whose timeout is relative and untouched.
"""

import os

if "faketime" in os.environ.get("LD_PRELOAD", ""):
    import select
    import time

    def _sleep(seconds: float) -> None:
        deadline = time.monotonic() + max(0.0, seconds)
        while (left := deadline - time.monotonic()) > 0:
            select.select([], [], [], left)

    time.sleep = _sleep
