"""How one feature opens or embeds another's screens without importing it.

Features do not import each other (an import-linter contract checks it): the main window, which
builds every feature, registers here the screens one feature may ask of another
(`gui/main_window.py`, `register_screens`), and a feature asks for one by its name. A screen asked
for before the main window is built is a programming error, named as such.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_MAKERS: dict[str, Callable[..., Any]] = {}

#: the screens one feature may ask of another, and who provides them
ASSESSMENT_WIZARD = "assessment_wizard"      # assessments: start or continue an assessment
ASSESSMENT_HISTORY = "assessment_history"    # assessments: a subject's assessments, as a panel
REQUIREMENT_DIALOG = "requirement_dialog"    # intel: raise a collection-plan requirement
LINK_CHART = "link_chart"                    # network: the link chart around a record (ws, subject_id)


def provide(name: str, maker: Callable[..., Any]) -> None:
    _MAKERS[name] = maker


def make(name: str, *args: Any, **kwargs: Any) -> Any:
    """The screen `name`, built with these arguments by the feature that provides it."""
    try:
        maker = _MAKERS[name]
    except KeyError:
        raise LookupError(f"no screen {name!r} is registered: the main window registers them "
                          "(rocta_desktop.gui.main_window.register_screens)") from None
    return maker(*args, **kwargs)
