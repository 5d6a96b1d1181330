"""Link charts: a large network laid out and painted, a scripted pan, and a demo group's chart opened.

    python -m bench.bench_network [--groups 10000 --nominals 100000] [--workspace PATH]

A script, not a test (pytest collects only tests/). Figures (bench/results/network.json, format in
bench/common.py):

- a synthetic network of 2,000 records and 6,000 links (150 groups, 1,750 nominals, 100
  vulnerabilities; memberships by role, associations mostly within a group, links between groups,
  exploitation): laid out by services/network.py (igraph's Fruchterman-Reingold, seeded, rescaled),
  against igraph's layout alone on the same graph in the same run; the chart's measures (exact
  betweenness) reported separately; then drawn on the chart view (items made, labels placed) and
  painted offscreen at 1400x900, reported separately. Target: layout and paint under 1 s together.
- 120 frames of a scripted pan across that chart zoomed in (each frame: the scroll bar moved, the
  view repainted, as the event loop does it). Target 60 frames a second (16.7 ms a frame), against a
  frame of the same view with nothing to draw.
- on a demo workspace (by default 10,000 groups, 100,000 nominals: built in about 16 s here), the
  chart of the largest group and its associates (two steps: members, then their associates and other
  groups) opened on the chart screen, against building the chart alone. Target under 300 ms.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.common import Result, on_demo_workspace, report

FRAMES = 120


def synthetic_graph(n: int = 2000, m: int = 6000, *, seed: int = 1) -> Any:
    """A network shaped like a region's: groups with members by role, associations mostly inside a
    group, links between groups, vulnerabilities exploited by groups and people (networkx, with the
    attributes services/network.py `chart_from_graph` reads)."""
    import networkx as nx

    from rocta_desktop.domain.markings import Marking
    from rocta_desktop.domain.subjects import MemberRole

    rng = random.Random(seed)
    groups, vulns = max(1, n * 3 // 40), max(1, n // 20)
    people = n - groups - vulns
    g = nx.Graph()
    markings = [Marking.OFFICIAL] * 6 + [Marking.OFFICIAL_SENSITIVE] * 3 + [Marking.SECRET]

    def add(key: str, i: int, kind: str, label: str) -> None:
        g.add_node(key, id=i, kind=kind, label=label, marking=rng.choice(markings), roles={}, flags=(),
                   status="active", attributes=())

    for i in range(groups):
        add(f"OCG-2026-{i:05d}", i, "group", f"Group {i} {rng.choice(['Crew', 'Firm', 'Line', 'Family'])}")
    for i in range(people):
        add(f"NOM-2026-{i:06d}", groups + i, "nominal", f"SURNAME{i}, Forename")
    for i in range(vulns):
        add(f"VUL-2026-{i:04d}", groups + people + i, "vulnerability", f"Place {i}")
    roles = list(MemberRole)
    home = {}
    for i in range(people):   # everyone in a group (a few in two)
        p = f"NOM-2026-{i:06d}"
        for gi in {rng.randrange(groups) for _ in range(1 if rng.random() < 0.85 else 2)}:
            gref = f"OCG-2026-{gi:05d}"
            role = rng.choices(roles, weights=[1, 2, 3, 6])[0]
            g.nodes[p]["roles"][gref] = role
            g.add_edge(gref, p, kind="member", nature=role.label)
            home.setdefault(gi, []).append(p)
    for i in range(vulns):   # every vulnerability exploited by someone
        g.add_edge(f"VUL-2026-{i:04d}", f"OCG-2026-{rng.randrange(groups):05d}", kind="exploits", nature="")
    while g.number_of_edges() < m:
        r = rng.random()
        if r < 0.08:
            a, b = (f"OCG-2026-{rng.randrange(groups):05d}" for _ in range(2))
            kind = "group_link"
        elif r < 0.14:
            a = f"VUL-2026-{rng.randrange(vulns):04d}"
            b = rng.choice([f"OCG-2026-{rng.randrange(groups):05d}", f"NOM-2026-{rng.randrange(people):06d}"])
            kind = "exploits"
        else:   # associates: mostly people of one group
            members = home.get(rng.randrange(groups)) or [f"NOM-2026-{rng.randrange(people):06d}"]
            a = rng.choice(members)
            b = rng.choice(members) if rng.random() < 0.8 else f"NOM-2026-{rng.randrange(people):06d}"
            kind = "associate"
        if a != b and not g.has_edge(a, b):
            g.add_edge(a, b, kind=kind, nature="")
    return g


def synthetic_chart(n: int = 2000, m: int = 6000, *, seed: int = 1) -> Any:
    from rocta_desktop.services import network
    g = synthetic_graph(n, m, seed=seed)
    return network.chart_from_graph(g, "OCG-2026-00000", title=f"OCG-2026-00000 a synthetic network of {n:,}",
                                    depth=2, how=network.NETWORK)


def network_figures() -> list[Result]:
    import igraph as ig
    from PySide6.QtWidgets import QApplication

    from rocta_desktop.gui.network.view import ChartView
    from rocta_desktop.services import network

    app = QApplication.instance() or QApplication([])
    results: list[Result] = []
    g = synthetic_graph()
    network.layout(g, network.NETWORK, "OCG-2026-00000")   # warm: imports, igraph's first call

    def library_alone() -> None:   # igraph as services/network.py calls it, nothing around it
        nodes = list(g.nodes)
        index = {k: i for i, k in enumerate(nodes)}
        h = ig.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in g.edges])
        ig.set_random_number_generator(random.Random(7))
        try:
            h.layout_fruchterman_reingold(niter=500)
        finally:
            ig.set_random_number_generator(random)

    base = statistics.median(_time(library_alone) for _ in range(3))
    layout = statistics.median(_time(lambda: network.layout(g, network.NETWORK, "OCG-2026-00000")) for _ in range(3))
    results.append(Result("2,000 records, 6,000 links: layout (services/network.py)", layout, baseline=base,
                          baseline_name="igraph Fruchterman-Reingold alone, same graph and seed"))
    measures = statistics.median(_time(lambda: network.key_people(g)) for _ in range(3))
    results.append(Result("2,000 records: key people (exact betweenness, igraph)", measures))
    chart = synthetic_chart()
    view = ChartView()
    view.resize(1400, 900)
    view.show()
    app.processEvents()
    paints = []
    for _ in range(3):
        t0 = time.perf_counter()
        view.show_chart(chart)
        view.viewport().repaint()   # one whole paint, now (offscreen: into the window's backing store)
        paints.append(time.perf_counter() - t0)
        app.processEvents()
    paint = statistics.median(paints)
    results.append(Result("2,000 records: drawn and painted on the chart view (1400x900)", paint))
    results.append(Result("2,000 records: layout + paint (target < 1 s)", layout + paint, target=1.0))
    print(f"labels shown at fit: {len(view.labels_shown())} of {len(view.items_by_key)}", file=sys.stderr)

    # a scripted pan: zoomed in, 120 frames of 12 pixels each way
    for _ in range(5):
        view.zoom_in()
    view.centerOn(view.items_by_key[chart.start])
    app.processEvents()
    bar = view.horizontalScrollBar()

    def pan(v: Any, frames: int) -> list[float]:
        times = []
        b = v.horizontalScrollBar()
        step = 12 if b.value() + 12 * frames <= b.maximum() else -12
        for _ in range(frames):
            t0 = time.perf_counter()
            b.setValue(b.value() + step)
            app.processEvents()
            times.append(time.perf_counter() - t0)
        return times

    pan(view, 10)   # warm the caches
    frames = pan(view, FRAMES)
    empty = ChartView()
    empty.resize(1400, 900)
    empty.show()
    empty.scene().setSceneRect(view.sceneRect())
    empty.setTransform(view.transform())
    app.processEvents()
    idle = pan(empty, FRAMES)
    mean = statistics.mean(frames)
    results.append(Result(f"pan, {FRAMES} frames zoomed in (mean frame; target 16.7 ms = 60 fps)", mean,
                          baseline=statistics.mean(idle), baseline_name="same pan of the view with nothing drawn",
                          target=1 / 60))
    results.append(Result(f"pan: frames a second over {FRAMES} frames", 1 / mean, unit="fps"))
    results.append(Result("pan: slowest frame", max(frames)))
    assert bar
    view.close()
    empty.close()
    return results


def _time(fn: Any) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def demo_figures(path: Path) -> list[Result]:
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import func, select

    from bench.bench_registers import PASSWORD, USER
    from rocta_desktop.gui.network import ChartScreen
    from rocta_desktop.services import network
    from rocta_desktop.services.workspace import Workspace
    from rocta_desktop.store.models import GroupMember

    app = QApplication.instance() or QApplication([])
    results: list[Result] = []
    ws = Workspace.open(path, USER, PASSWORD)
    try:
        gid, size = ws.read(lambda s: s.execute(select(GroupMember.group_id, func.count()).group_by(
            GroupMember.group_id).order_by(func.count().desc(), GroupMember.group_id).limit(1)).one())
        ws.read(network.build_chart, gid, depth=2)   # warm: imports, the page cache
        built = statistics.median(_time(lambda: ws.read(network.build_chart, gid, depth=2)) for _ in range(5))
        chart = ws.read(network.build_chart, gid, depth=2)

        def open_screen() -> None:
            screen = ChartScreen(ws, gid, depth=2)
            screen.resize(1400, 900)
            screen.show()
            app.processEvents()
            screen.close()
            screen.deleteLater()
            app.processEvents()

        open_screen()
        opened = statistics.median(_time(open_screen) for _ in range(5))
        results.append(Result(f"largest demo group ({size} members) and its associates: {len(chart.nodes)} records, "
                              f"{len(chart.edges)} links, chart screen opened (target < 300 ms)", opened,
                              baseline=built, baseline_name="the chart built alone (services/network.py)",
                              target=0.3))
        one = statistics.median(_time(lambda: ws.read(network.build_chart, gid, depth=1)) for _ in range(5))
        results.append(Result("largest demo group, one step: chart built", one))
    finally:
        ws.close()
    return results


def run(path: Path) -> bool:
    return report("network", network_figures() + demo_figures(path))


def main(argv: list[str] | None = None) -> int:
    from bench.bench_registers import build
    return on_demo_workspace(argv, build, lambda path, _n: run(path), "rocta-bench-network-")


if __name__ == "__main__":
    sys.exit(main())
