"""The Impact area through its widgets: record a disruption, a second supervisor approves it, and
the dashboard changes; chart images; 4P plans; best practice."""

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QLineEdit, QPlainTextEdit, QPushButton

from rocta_desktop.domain.charts import BAR, LINE, SCATTER, STACKED, ChartSpec, Marker, Point, Series
from rocta_desktop.gui.charts import render_png
from rocta_desktop.gui.impact.dialogs import DisruptionDialog
from rocta_desktop.gui.impact.page import ImpactPage
from rocta_desktop.gui.notifier import ChangeNotifier
from rocta_desktop.services import impact, reference_data, registers
from rocta_desktop.store.models import Agency
from tests.dates import TODAY
from tests.gui.conftest import find_by_name, unnamed_interactive_widgets


@pytest.fixture
def setup(workspace, team):
    with workspace.operation("t") as uow:
        reference_data.create(uow, Agency, {"code": "ROCU", "name": "Regional Unit", "kind": "ROCU"})
        reference_data.create(uow, Agency, {"code": "NCA", "name": "National Crime Agency", "kind": "NCA"})
        gid = registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL-SENSITIVE",
                                           "management_level": "regional"}).id
    return {"group": gid, "sam": team.open("sam")}


def click(qtbot, w):
    assert w.isEnabled(), w.accessibleName()
    qtbot.mouseClick(w, Qt.MouseButton.LeftButton)


def choose(root, name, text):
    box = find_by_name(root, QComboBox, name)
    box.setCurrentIndex(box.findText(text, Qt.MatchFlag.MatchStartsWith))


def test_record_approve_and_see_the_dashboard_change(qtbot, workspace, setup, prompts):
    page = ImpactPage(workspace, ChangeNotifier(workspace), prompts=prompts)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    assert unnamed_interactive_widgets(page) == []
    page.period.setText("")
    page.refresh_dashboard()
    assert page.charts["over_time"].spec.empty
    dialog = page.new_disruption(setup["group"])
    assert unnamed_interactive_widgets(dialog) == []
    click(qtbot, find_by_name(dialog, QPushButton, "Save disruption"))
    assert "say what was done" in find_by_name(dialog, QLabel, "Tactic problem").text()
    assert workspace.read(impact.listing) == []
    today = TODAY
    find_by_name(dialog, QDateEdit, "Date of the disruption").setDate(QDate(today.year, today.month, 1))
    choose(dialog, "4P category", "Pursue")
    qtbot.keyClicks(find_by_name(dialog, QLineEdit, "Tactic"), "Warrants at three addresses")
    choose(dialog, "Impact grade", "Major")
    assert "Default wording" in find_by_name(dialog, QLabel, "Impact grade guidance").text()
    choose(dialog, "Lead agency", "ROCU")
    click(qtbot, find_by_name(dialog, QPushButton, "Add an outcome"))
    choose(dialog, "Outcome 1 kind", "Arrests")
    find_by_name(dialog, type(dialog.outcomes.cellWidget(0, 1)), "Outcome 1 quantity").setValue(3)
    click(qtbot, find_by_name(dialog, QPushButton, "Submit disruption for approval"))
    [row] = workspace.read(impact.listing)
    assert row["status"].value == "submitted" and row["outcomes"][0]["quantity"] == 3
    assert not find_by_name(dialog, QPushButton, "Approve disruption").isEnabled()  # not their own
    review = DisruptionDialog(setup["sam"], row["id"], prompts=prompts)
    qtbot.addWidget(review)
    click(qtbot, find_by_name(review, QPushButton, "Approve disruption"))
    assert workspace.read(impact.get, row["id"])["status"].value == "approved"
    page.refresh()  # the supervisor approved in their own session (F5 here; in one session the notice does it)
    assert page._dashboard_stale  # charts are drawn when their tab is looked at
    page.tabs.setCurrentWidget(page.dashboard_tab)
    assert page.charts["over_time"].spec.total() == 1 and page.charts["outcomes"].spec.total() == 3
    assert "the ROCU led 1" in find_by_name(page, QLabel, "ROCU contribution").text()


def test_chart_images_are_real_pictures_of_the_expected_size(tmp_path, qtbot):
    specs = [ChartSpec(BAR, "Bar", ("a", "b"), (Series("x", (1, 3)),)),
             ChartSpec(STACKED, "Stacked", ("2026-09", "2026-10"), (Series("Pursue", (1, 2)), Series("Protect", (2, 0)))),
             ChartSpec(SCATTER, "Matrix", points=(Point(0.5, 10, "OCG-1", "#a4161a"),), x_range=(0, 1), y_range=(0, 64)),
             ChartSpec(LINE, "Line", ("Low", "High"), (Series("risk", (3, 30)),),
                       dates=(dt.date(2026, 1, 1), dt.date(2026, 6, 1)), markers=(Marker(dt.date(2026, 3, 1), "DSR"),),
                       y_range=(0, 64))]
    for spec in specs:
        data = render_png(spec, 800, 450)
        image = QImage.fromData(data, "PNG")
        assert data.startswith(b"\x89PNG") and (image.width(), image.height()) == (800, 450)
        colours = {image.pixel(x, y) for x in range(0, 800, 7) for y in range(0, 450, 7)}
        assert len(colours) > 4, spec.title  # more than a blank page


def test_export_a_chart_and_plans_and_practice(qtbot, workspace, setup, prompts, tmp_path):
    page = ImpactPage(workspace, ChangeNotifier(workspace), prompts=prompts)
    qtbot.addWidget(page)
    prompts.save_path = str(tmp_path / "threat")
    click(qtbot, find_by_name(page, QPushButton, "Export threat picture as an image"))
    assert (tmp_path / "threat.png").read_bytes().startswith(b"\x89PNG")
    plans = page.plans
    plans.subject.set(setup["group"])
    qtbot.keyClicks(find_by_name(plans, QLineEdit, "Plan owner"), "DCI Moss")
    click(qtbot, find_by_name(plans, QPushButton, "Save the plan owner"))
    choose(plans, "New action 4P", "Protect")
    click(qtbot, find_by_name(plans, QPushButton, "Add the action"))  # nothing typed: refused in one warning
    kind, title, text = prompts.shown[-1]
    assert (kind, title) == ("warning", "4P plan") and "Say what the action is" in text
    assert workspace.read(impact.get_plan, setup["group"])["actions"] == []
    qtbot.keyClicks(find_by_name(plans, QLineEdit, "New action"), "Visit the car washes")
    qtbot.keyClicks(find_by_name(plans, QLineEdit, "New action owner"), "PCSO Ray")
    click(qtbot, find_by_name(plans, QPushButton, "Add the action"))
    assert workspace.read(impact.get_plan, setup["group"])["actions"][0]["four_p"].value == "protect"
    dialog = page.edit_practice(None)
    qtbot.keyClicks(find_by_name(dialog, QLineEdit, "Best practice title"), "Joint visits")
    qtbot.keyClicks(find_by_name(dialog, QPlainTextEdit, "What was done"), "Weekly visits with partners")
    click(qtbot, find_by_name(dialog, QPushButton, "Save best practice"))
    qtbot.keyClicks(find_by_name(page, QLineEdit, "Search best practice"), "weekly")
    assert page.practice.rowCount() == 1 and page.practice.item(0, 1).text() == "Joint visits"


def test_a_new_disruption_starts_at_its_subjects_marking(qtbot, workspace, prompts):
    with workspace.operation("test") as uow:
        secret = registers.create_nominal(uow, {"surname": "Hart", "forenames": "Jo", "marking": "SECRET"}).id
        plain = registers.create_nominal(uow, {"surname": "Lane", "forenames": "Kit", "marking": "OFFICIAL"}).id
    dialog = DisruptionDialog(workspace, subject_id=plain, prompts=prompts)
    qtbot.addWidget(dialog)
    box = find_by_name(dialog, QComboBox, "Disruption protective marking")
    assert box.currentText() == "OFFICIAL-SENSITIVE"  # the default, already above the subject's
    dialog.subject.set(secret)  # choosing a SECRET subject raises it: the service would refuse less
    assert box.currentText() == "SECRET" and "SECRET" in find_by_name(dialog, QLabel, "Disruption marking").text()


# ------------------------------------------------------------------ charts that read right (#22)

def drawn_on(qtbot, spec, width, height):
    """The chart drawn by the real widget at a size, and what it drew where."""
    from rocta_desktop.gui.charts import ChartWidget
    chart = ChartWidget(spec)
    qtbot.addWidget(chart)
    chart.resize(width, height)
    chart.show()
    qtbot.waitExposed(chart)
    image = chart.grab().toImage()  # paints it
    return chart, image


def shape_inside(shape, width, height):
    box = shape.boundingRect()
    return box.left() >= -0.5 and box.top() >= -0.5 and box.right() <= width + 0.5 and box.bottom() <= height + 0.5


def overlapping(shapes):
    from PySide6.QtGui import QPainterPath
    paths = []
    for s in shapes:
        path = QPainterPath()
        path.addPolygon(s)
        paths.append(path)
    return [(i, j) for i in range(len(paths)) for j in range(i + 1, len(paths)) if paths[i].intersects(paths[j])]


MONTHS = tuple(f"{2025 + (m > 12)}-{(m - 1) % 12 + 1:02d}" for m in range(12, 24))
BY_GRADE = ChartSpec(STACKED, "Disruptions by impact", MONTHS,
                     (Series("Minor", (3, 1, 1, 1, 2, 1, 3, 3, 3, 2, 2, 2)), Series("Moderate", (2, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 3)),
                      Series("Major", (0, 0, 1, 0, 1, 1, 0, 0, 1, 0, 0, 0))),
                     x_label="Month", y_label="Disruptions", note="all approved disruptions")
OUTCOMES = ChartSpec(BAR, "Outcomes", ("Safeguarding referrals", "Arrests", "Drugs seized (kg)", "Firearms seized",
                                       "Vehicles seized", "Premises closed", "Cash seized (count)"),
                     (Series("Total", (21, 78, 42.5, 2, 7, 3, 4)),), x_label="Outcome", y_label="Total")


@pytest.mark.parametrize("size", [(450, 300), (900, 420)])
def test_count_charts_have_whole_ticks_titled_axes_and_nothing_clipped_or_overlapping(qtbot, size):
    chart, _image = drawn_on(qtbot, BY_GRADE, *size)
    drawn = chart.drawn
    ticks = drawn.of("tick")
    assert ticks[0] == "0" and all(t.replace(",", "").isdigit() for t in ticks), ticks  # never 1.25 disruptions
    assert int(ticks[-1]) >= 5 and len(ticks) >= 3
    assert drawn.of("axis") == ["Disruptions", "Month"]                                  # both axes titled
    assert drawn.of("legend") == ["Minor", "Moderate", "Major"]                            # a legend for every colour
    months = drawn.of("category")
    assert months[0] == "Dec 2025" and all(m in {f"{dt.date(2026, i, 1):%b %Y}" for i in range(1, 13)} | {"Dec 2025"}
                                           for m in months)
    for role, text, shape in drawn.texts:
        assert shape_inside(shape, *size), (role, text, shape.boundingRect())             # nothing clipped
    categories = [shape for role, _t, shape in drawn.texts if role == "category"]
    assert overlapping(categories) == []                                                  # nor overlapping
    assert overlapping([shape for role, _t, shape in drawn.texts if role in ("tick", "axis", "legend", "note")]) == []


def test_long_category_names_turn_and_stay_whole_on_a_narrow_chart(qtbot):
    chart, _image = drawn_on(qtbot, OUTCOMES, 420, 320)
    drawn = chart.drawn
    counts = [c for c in OUTCOMES.categories if c != "Drugs seized (kg)"]
    assert drawn.of("category") == [*counts, "Drugs seized"]  # every bar named, none cut (kg on its own axis, #22)
    shapes = [shape for role, _t, shape in drawn.texts if role == "category"]
    assert overlapping(shapes) == [] and all(shape_inside(s, 420, 320) for s in shapes)
    assert "80" in drawn.of("tick")                            # 78 fits under a round top


def test_severity_reads_dark_red_for_major_and_light_for_minor(qtbot):
    chart, image = drawn_on(qtbot, BY_GRADE, 700, 360)
    colours = {}
    for name, box in chart.drawn.bars:
        c = image.pixelColor(int(box.center().x()), int(box.center().y()))
        colours.setdefault(name, c)
    major, minor = colours["Major"], colours["Minor"]
    assert major.red() > 120 and major.green() < 60 and major.blue() < 60, major.name()   # Major is red, not green
    assert minor.lightness() > major.lightness() + 40                                       # and darker than Minor


def test_risk_matrix_labels_never_collide_and_hidden_ones_are_named_on_hover(qtbot):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip
    points = tuple(Point(0.9 + (i % 3) * 0.03, 40 + i * 0.8, f"OCG-2026-{i:04d}", "#a4161a") for i in range(14))
    spec = ChartSpec(SCATTER, "Risk matrix: harm against likelihood", points=points, x_label="Likelihood",
                     y_label="Total harm", x_range=(0.0, 1.0), y_range=(0.0, 64.0))
    chart, _image = drawn_on(qtbot, spec, 460, 320)
    drawn = chart.drawn
    labels = [shape for role, _t, shape in drawn.texts if role == "label"]
    assert labels and overlapping(labels) == [] and all(shape_inside(s, 460, 320) for s in labels)
    assert len(labels) + drawn.hidden_labels == len(points) and drawn.hidden_labels > 0   # a crowd: some on hover
    assert drawn.of("tick")[:5] == ["0", "16", "32", "48", "64"] and "1" in drawn.of("tick")
    assert drawn.of("legend") == ["P1"]
    shown = set(drawn.of("label"))
    hidden = next(p for p in points if p.label not in shown)
    where = next(c for c, text in drawn.points if text.startswith(hidden.label))
    QToolTip.hideText()
    event = QHelpEvent(QEvent.Type.ToolTip, where.toPoint(), chart.mapToGlobal(where.toPoint()))
    assert chart.event(event)
    qtbot.waitUntil(lambda: QToolTip.isVisible() and QToolTip.text().startswith(hidden.label), timeout=2000)
    QToolTip.hideText()
