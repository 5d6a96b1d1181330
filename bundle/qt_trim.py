"""What of Qt the bundle leaves out (used by the hooks in bundle/hooks/, which override PyInstaller's own
PySide6 hooks with the same collection minus these files).

Trimming happens in the hooks, before PyInstaller's binary dependency analysis, so the system libraries
only a dropped plugin needed (the GTK 3 theme's cairo/pango/atk, the EGLFS and networking libraries)
are left out with it.

Kept on purpose: the xcb and Wayland platforms (a real desktop) and offscreen (tests, headless checks);
the CUPS print support (Print pack, recovery key); input contexts (compose key, IBus); the SVG icon
engine and image format (icon themes); the XDG desktop portal theme; Wayland decorations and shells.
"""

from __future__ import annotations

import os

# plugin type -> the only plugin files kept (types not listed are kept whole)
KEEP_ONLY = {
    "platforms": {"libqxcb.so", "libqwayland.so", "libqoffscreen.so"},  # not eglfs, linuxfb, vnc, minimal...
    "imageformats": {"libqsvg.so"},  # PNG is built into QtGui; the app reads no JPEG/TIFF/WebP/GIF
    "platformthemes": {"libqxdgdesktopportal.so"},  # not GTK 3: it drags in the GTK stack's libraries
    "egldeviceintegrations": set(),  # EGLFS only (no windowing system)
    "generic": set(),  # evdev/tslib input, EGLFS and linuxfb only
    "networkinformation": set(),  # QtNetwork: the application never touches the network
    "tls": set(),
}
TRANSLATIONS = "translations"  # the application is English only and loads no Qt translations


def keep_binary(src: str, dest_dir: str) -> bool:
    parts = dest_dir.replace(os.sep, "/").split("/")
    if "plugins" not in parts or parts[-1] not in KEEP_ONLY:
        return True
    return os.path.basename(src) in KEEP_ONLY[parts[-1]]


def keep_data(src: str, dest_dir: str) -> bool:
    return TRANSLATIONS not in dest_dir.replace(os.sep, "/").split("/")


def trimmed_qt_dependencies(hook_file: str) -> tuple[list, list, list]:
    """PyInstaller's `add_qt6_dependencies` for the module this hook file is named after, trimmed."""
    from PyInstaller.utils.hooks.qt import add_qt6_dependencies

    hiddenimports, binaries, datas = add_qt6_dependencies(hook_file)
    return (hiddenimports, [b for b in binaries if keep_binary(*b)], [d for d in datas if keep_data(*d)])
