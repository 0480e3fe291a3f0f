"""Before Qt starts on Linux: can the "xcb" platform plugin load?

Without some X11 libraries Qt stops with a bare "could not load the Qt platform plugin "xcb""
(and an abort).  This check runs before the QApplication is made, only where that plugin will be
used (Linux, ``QT_QPA_PLATFORM`` unset or ``xcb``, not a Wayland session), looks the plugin's
libraries up in the dynamic linker's cache (``ldconfig -p``, else ``ctypes.util.find_library``)
and in the installation's own folder, and when some are missing prints ONE line naming the Debian
packages to install; the console then exits with 69 (EX_UNAVAILABLE), never a traceback.

No Qt import here: it must work when Qt itself cannot.
"""

from __future__ import annotations

import ctypes.util
import os
import subprocess
import sys
from pathlib import Path
from typing import Callable, Iterable, Mapping, TextIO

EXIT_UNAVAILABLE = 69

# What Qt 6's xcb plugin (libqxcb.so and libQt6XcbQpa.so.6) links against outside Qt, with the
# Debian/Ubuntu package that ships each library (the first three are the ones missing on a fresh
# Debian with a desktop).
XCB_LIBRARIES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}

# every package the plugin needs, for the README's one apt-get line
APT_PACKAGES = tuple(dict.fromkeys(XCB_LIBRARIES.values()))

Finder = Callable[[str], bool]


def _linker_cache() -> set[str] | None:
    """The sonames the dynamic linker knows (``ldconfig -p``), or None when it cannot be asked."""
    for ldconfig in ("ldconfig", "/sbin/ldconfig", "/usr/sbin/ldconfig"):
        try:
            out = subprocess.run([ldconfig, "-p"], capture_output=True, text=True, timeout=5, check=False).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        names = {line.split(" (", 1)[0].strip() for line in out.splitlines()[1:] if " => " in line}
        if names:
            return names
    return None


def _local_folders() -> list[Path]:
    """Folders shipped with this installation that may hold the libraries themselves: the frozen
    build's folder, and Qt's own lib folder inside PySide6 (both without importing Qt)."""
    folders: list[Path] = []
    base = getattr(sys, "_MEIPASS", None)
    if base:
        folders += [Path(base), Path(base) / "PySide6" / "Qt" / "lib"]
    for entry in sys.path:
        candidate = Path(entry or ".") / "PySide6" / "Qt" / "lib"
        if candidate.is_dir():
            folders.append(candidate)
    for var in ("LD_LIBRARY_PATH",):
        folders += [Path(p) for p in os.environ.get(var, "").split(os.pathsep) if p]
    return folders


def system_finder() -> Finder:
    """A finder over the linker's cache, the installation's folders and LD_LIBRARY_PATH."""
    cache = _linker_cache()
    folders = _local_folders()

    def find(soname: str) -> bool:
        if any((folder / soname).exists() for folder in folders):
            return True
        if cache is not None:
            return soname in cache
        stem = soname[3:].split(".so", 1)[0] if soname.startswith("lib") else soname
        return ctypes.util.find_library(stem) is not None

    return find


def needs_check(environ: Mapping[str, str], platform: str) -> bool:
    """Whether Qt will try the xcb plugin: Linux, QT_QPA_PLATFORM unset or xcb, not Wayland."""
    if not platform.startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return chosen.split(":", 1)[0].split(";", 1)[0] == "xcb"
    wayland = environ.get("XDG_SESSION_TYPE") == "wayland" and bool(environ.get("WAYLAND_DISPLAY"))
    return not wayland


def missing_packages(finder: Finder, libraries: Mapping[str, str] = XCB_LIBRARIES) -> list[str]:
    """The packages (each once, in the table's order) whose library ``finder`` cannot find."""
    return list(dict.fromkeys(package for soname, package in libraries.items() if not finder(soname)))


def message(packages: Iterable[str]) -> str:
    names = " ".join(packages)
    return (f'warroom-gui: the Qt platform plugin "xcb" cannot load: system libraries are missing; '
            f"install them (Debian/Ubuntu: sudo apt-get install {names}) or run with "
            "QT_QPA_PLATFORM=wayland or offscreen")


def check(environ: Mapping[str, str] | None = None, platform: str | None = None,
          finder: Finder | None = None, stream: TextIO | None = None) -> int | None:
    """None when the console can go on; else EXIT_UNAVAILABLE after one line on ``stream``."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if not needs_check(environ, platform):
        return None
    try:
        missing = missing_packages(finder or system_finder())
    except Exception:  # noqa: BLE001 - a check that cannot run must not stop the console
        return None
    if not missing:
        return None
    out = stream if stream is not None else sys.stderr
    if out is not None:
        try:
            out.write(message(missing) + "\n")
            out.flush()
        except (OSError, ValueError):
            pass
    return EXIT_UNAVAILABLE
