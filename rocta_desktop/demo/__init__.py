"""The demo generator: a fictional region and its work, for trying the application, screenshots,
tests and benchmarks. Its own floor, above the services (it uses them as any caller would) and
beside exchange: the services never import it, and it never reaches the GUI.

    generator    the region: forces, agencies, units, groups, nominals, vulnerabilities (bulk rows)
    assessments  MoRiLE and OCGM assessments through the real services
    impact       disruptions, 4P plans, best practice
    intel        trigger reports and collection-plan requirements
    tasking      tasking requests and a finalised T&CG

`from rocta_desktop import demo; demo.generate(ws, ...)` makes the region; the other parts are
modules: `from rocta_desktop.demo import assessments as demo_assessments`.
"""

from __future__ import annotations

from .generator import (
    AGENCIES,
    FORCE_WEIGHTS,
    FORCES,
    ID_TABLES,
    NATIONAL_UNITS,
    ORIGINS,
    ROCU_CODE,
    ROCU_TEAM_UNITS,
    STREET_NAMES,
    TABLES,
    TOWNS,
    UNITS,
    Context,
    Rows,
    build,
    generate,
    read_context,
    write,
)

__all__ = [
    "AGENCIES", "FORCES", "FORCE_WEIGHTS", "ID_TABLES", "NATIONAL_UNITS", "ORIGINS", "ROCU_CODE", "ROCU_TEAM_UNITS",
    "STREET_NAMES", "TABLES", "TOWNS", "UNITS", "Context", "Rows", "build", "generate", "read_context", "write",
]
