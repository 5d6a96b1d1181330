"""PySide6 GUI floor: talks to services only (Workspace.read / Workspace.write), never to sessions or SQL."""
