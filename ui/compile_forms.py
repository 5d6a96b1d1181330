"""Compile the Qt Designer forms (ui/*.ui) into rocta_desktop/gui/forms/ui_<name>.py with pyside6-uic.

    .venv/bin/python ui/compile_forms.py           compile every form (what ./dev.sh setup and build.spec run)
    .venv/bin/python ui/compile_forms.py --check   exit 1, naming them, if a compiled form differs from its .ui

The compiled files are committed (a fresh clone runs without this step) and never edited by hand;
tests/gui/test_forms.py recompiles each into a temporary folder and compares.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

UI_DIR = Path(__file__).resolve().parent
FORMS_DIR = UI_DIR.parent / "rocta_desktop" / "gui" / "forms"
# pyside6-uic imports every class it might need: the file-level exemption keeps ruff quiet about them
PREAMBLE = "# ruff: noqa\n# Generated from ui/{ui} by ui/compile_forms.py (pyside6-uic): do not edit, edit the .ui.\n"


def uic() -> str:
    here = Path(sys.executable).parent / "pyside6-uic"
    found = str(here) if here.exists() else shutil.which("pyside6-uic")
    if not found:
        raise SystemExit("pyside6-uic not found (it comes with PySide6)")
    return found


def target_of(ui: Path, out_dir: Path = FORMS_DIR) -> Path:
    return out_dir / f"ui_{ui.stem}.py"


def compile_one(ui: Path, out_dir: Path = FORMS_DIR) -> Path:
    out = target_of(ui, out_dir)
    code = subprocess.run([uic(), "--generator", "python", str(ui)], check=True, capture_output=True,
                          text=True).stdout
    out.write_text(PREAMBLE.format(ui=ui.name) + code, encoding="utf-8", newline="\n")
    return out


def forms() -> list[Path]:
    return sorted(UI_DIR.glob("*.ui"))


def stale(out_dir: Path | None = None) -> list[str]:
    """The forms whose committed compiled file is missing or differs from a fresh compile."""
    bad = []
    with tempfile.TemporaryDirectory() as tmp:
        for ui in forms():
            fresh = compile_one(ui, Path(tmp)).read_text(encoding="utf-8")
            committed = target_of(ui, out_dir or FORMS_DIR)
            if not committed.exists() or committed.read_text(encoding="utf-8") != fresh:
                bad.append(ui.name)
    return bad


def main(argv: list[str]) -> int:
    if "--check" in argv:
        bad = stale()
        for name in bad:
            print(f"{name}: rocta_desktop/gui/forms/ is out of date (run ui/compile_forms.py)", file=sys.stderr)
        return 1 if bad else 0
    FORMS_DIR.mkdir(parents=True, exist_ok=True)
    for ui in forms():
        compile_one(ui)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
