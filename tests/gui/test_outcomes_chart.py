"""#22: the outcomes chart mixed counts and kilograms on one axis. Now each unit has its own panel
and value axis (titled "Count", "Quantity (kg)"), counts have whole-number ticks, and a legend names
each panel's colour; the widget is found by its accessible name, as a screen reader finds it."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from rocta_desktop.domain.charts import BAR, ChartSpec, Series
from rocta_desktop.gui.charts import ChartWidget, unit_panels
from tests.gui.conftest import find_by_name

# as services/impact.outcome_totals makes it: counts, and drugs per unit (money goes in the note)
OUTCOMES = ChartSpec(BAR, "Outcomes", ("Arrests", "Charges", "Drugs seized (kg)", "Firearms seized",
                                       "Drugs seized (g)", "Safeguarding referrals"),
                     (Series("Total", (41, 30, 63.5, 7, 250.0, 9)),), x_label="Outcome", y_label="Total",
                     note="Cash seized (£): 120,000")


def test_counts_and_quantities_each_get_their_own_axis_and_legend(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    QVBoxLayout(window).addWidget(ChartWidget(OUTCOMES))
    window.resize(900, 420)
    window.show()
    qtbot.waitExposed(window)
    chart = find_by_name(window, ChartWidget, "Chart: Outcomes")
    chart.grab()  # paints it
    drawn = chart.drawn
    assert drawn.of("axis") == ["Count", "Quantity (kg)", "Quantity (g)"]        # one unit per axis, titled
    assert drawn.of("legend") == ["Count", "Quantity (kg)", "Quantity (g)"]      # each colour named
    assert drawn.of("category") == ["Arrests", "Charges", "Firearms seized", "Safeguarding referrals",
                                    "Drugs seized", "Drugs seized"]
    assert drawn.of("title") == ["Outcomes"] and drawn.of("note") == ["Cash seized (£): 120,000"]
    panels = unit_panels(OUTCOMES)
    ticks = drawn.of("tick")
    first = ticks[:ticks.index("0", 1)]  # the count panel's ticks (the next panel starts at 0 again)
    assert first[0] == "0" and all(t.isdigit() for t in first), first            # whole numbers for counts
    assert int(first[-1]) >= 41
    # each bar in its own panel's colour, the panels side by side left to right, counts first
    assert [p.y_label for p, _c in panels] == ["Count", "Quantity (kg)", "Quantity (g)"]
    lefts = {name: min(box.left() for n, box in drawn.bars if n == name) for name in ("Count", "Quantity (kg)")}
    assert lefts["Count"] < lefts["Quantity (kg)"]


def test_a_chart_in_one_unit_is_drawn_as_before():
    single = ChartSpec(BAR, "Arrests by force", ("NMP", "EVC"), (Series("Total", (3, 4)),), y_label="Arrests")
    assert unit_panels(single) == []
