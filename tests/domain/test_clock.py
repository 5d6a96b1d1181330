"""One clock: nothing in the application reads the wall clock except domain/clock.py, and the
suite's frozen clock is what every layer sees."""

import datetime as dt
import re
from pathlib import Path

import rocta_desktop
from rocta_desktop.domain import clock
from tests.dates import TODAY

PACKAGE = Path(rocta_desktop.__file__).parent
WALL_CLOCK = re.compile(r"\b(?:date\.today\(|datetime\.now\(|datetime\.utcnow\(|datetime\.today\(|time\.time\(|"
                        r"time\.localtime\(|QDate\.currentDate\(|QDateTime\.current\w*\(|QTime\.currentTime\()")


def test_nothing_reads_the_wall_clock_but_the_clock_module():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "domain" / "clock.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if WALL_CLOCK.search(line.split("#", 1)[0]):
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{n}: {line.strip()}")
    assert offenders == [], "read the time through rocta_desktop.domain.clock:\n" + "\n".join(offenders)


def test_the_clock_is_the_suites_frozen_today(frozen_clock):
    assert clock.today() == TODAY and clock.now().tzinfo is dt.UTC
    assert clock.local_now().date() == TODAY and clock.local_now().hour == 10
    frozen_clock.move_to(dt.datetime(2028, 2, 29, 12, tzinfo=dt.UTC))
    assert clock.today() == dt.date(2028, 2, 29) and clock.stamp().startswith("20280229T12")
