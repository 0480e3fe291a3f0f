"""Where the installation is and how to start its other programs: from source or frozen.

From a source checkout (or a pip install) a helper runs as ``python -m MODULE``; in the
PyInstaller build (``build_installer.spec``: ``warroom`` and ``warroom-gui`` side by side in one
folder, data under ``sys._MEIPASS``) there is no ``python``, so the console's executable runs it:
``warroom-gui --run-module MODULE`` (see ``ui/frozen.py``).  No Qt here: the core only builds
command lines.
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["is_frozen", "bundle_dir", "sibling_executable", "console_command", "module_command", "script_command"]

GUI_NAME = "warroom-gui"


def is_frozen() -> bool:
    """Whether this process is the PyInstaller build (``sys.frozen`` and ``sys._MEIPASS`` set)."""
    return bool(getattr(sys, "frozen", False)) and getattr(sys, "_MEIPASS", None) is not None


def bundle_dir() -> Path:
    """The folder holding ``resources/``, ``tools/`` and the packages' data: ``sys._MEIPASS``
    when frozen, else the source checkout (the folder above ``warroom/``)."""
    base = getattr(sys, "_MEIPASS", None)
    if base:
        return Path(base)
    return Path(__file__).resolve().parent.parent


def sibling_executable(name: str) -> Path:
    """``name`` beside the running executable (``.exe`` on Windows): the frozen build's programs."""
    suffix = ".exe" if sys.platform == "win32" else ""
    return Path(sys.executable).resolve().parent / f"{name}{suffix}"


def console_command() -> list[str]:
    """The command line that starts the desktop console."""
    if is_frozen():
        return [str(sibling_executable(GUI_NAME))]
    return [sys.executable, "-m", "ui.app"]


def module_command(module: str) -> list[str]:
    """The command line that runs ``module`` as a program (``python -m module``)."""
    if is_frozen():
        return [str(sibling_executable(GUI_NAME)), "--run-module", module]
    return [sys.executable, "-m", module]


def script_command(script: str | Path) -> list[str]:
    """The command line that runs the Python file ``script`` (``python script``)."""
    if is_frozen():
        return [str(sibling_executable(GUI_NAME)), "--run-script", str(script)]
    return [sys.executable, str(script)]
