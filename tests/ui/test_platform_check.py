"""ui/platform_check.py: before Qt starts on Linux, a missing library of the xcb plugin is one
readable line naming the packages, exit 69, no traceback (the library finder is injected)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from ui import platform_check
from ui.platform_check import EXIT_UNAVAILABLE, XCB_LIBRARIES, check, missing_packages, needs_check

FRESH_DEBIAN_LACKS = {"libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"}


def finder_without(absent):
    asked = []

    def find(soname):
        asked.append(soname)
        return soname not in absent

    find.asked = asked
    return find


@pytest.mark.parametrize("environ, platform, expected", [
    ({}, "linux", True),
    ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
    ({"QT_QPA_PLATFORM": "xcb:display=:1"}, "linux", True),
    ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
    ({"QT_QPA_PLATFORM": "wayland"}, "linux", False),
    ({"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
    ({"XDG_SESSION_TYPE": "wayland"}, "linux", True),          # no compositor to talk to: xcb it is
    ({}, "win32", False),
    ({}, "darwin", False),
])
def test_the_check_runs_only_where_qt_will_use_the_xcb_plugin(environ, platform, expected):
    assert needs_check(environ, platform) is expected


def test_a_fresh_debian_gets_one_line_naming_the_three_packages_and_exit_69():
    out = io.StringIO()
    finder = finder_without(FRESH_DEBIAN_LACKS)
    assert check({}, "linux", finder, out) == EXIT_UNAVAILABLE == 69
    text = out.getvalue()
    assert text.endswith("\n") and text.count("\n") == 1
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1)" in text
    assert '"xcb"' in text and "Traceback" not in text
    # only the missing ones are named, each once
    for package in set(XCB_LIBRARIES.values()) - {"libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1"}:
        assert f" {package} " not in text and not text.rstrip().endswith(package)
    assert set(finder.asked) == set(XCB_LIBRARIES)


def test_nothing_is_said_when_every_library_is_there_or_when_xcb_is_not_used():
    out = io.StringIO()
    assert check({}, "linux", finder_without(set()), out) is None
    assert check({"QT_QPA_PLATFORM": "offscreen"}, "linux", finder_without(FRESH_DEBIAN_LACKS), out) is None
    assert check({}, "win32", finder_without(FRESH_DEBIAN_LACKS), out) is None
    assert out.getvalue() == ""


def test_a_finder_that_breaks_does_not_stop_the_console():
    def broken(soname):
        raise OSError("ldconfig exploded")

    out = io.StringIO()
    assert check({}, "linux", broken, out) is None
    assert out.getvalue() == ""


def test_packages_are_named_once_in_the_tables_order():
    table = {"liba.so.1": "pkg-a", "liba-extra.so.1": "pkg-a", "libb.so.2": "pkg-b", "libc.so.3": "pkg-c"}
    assert missing_packages(finder_without({"libb.so.2", "liba-extra.so.1", "liba.so.1"}), table) == ["pkg-a", "pkg-b"]


def test_the_system_finder_counts_libraries_shipped_in_the_frozen_build(tmp_path, monkeypatch):
    (tmp_path / "libxcb-cursor.so.0").write_bytes(b"")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.setattr(platform_check, "_linker_cache", lambda: {"libxcb-icccm.so.4"})
    monkeypatch.setenv("LD_LIBRARY_PATH", "")
    find = platform_check.system_finder()
    assert find("libxcb-cursor.so.0")          # in the build's folder
    assert find("libxcb-icccm.so.4")           # in the linker's cache
    assert not find("libxcb-keysyms.so.1")     # nowhere


def test_the_system_finder_reads_the_linker_cache(monkeypatch):
    class Done:
        stdout = ("3 libs found in cache `/etc/ld.so.cache'\n"
                  "\tlibxcb-cursor.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libxcb-cursor.so.0\n"
                  "\tlibxcb.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libxcb.so.1\n")

    monkeypatch.setattr(platform_check.subprocess, "run", lambda *a, **k: Done())
    assert platform_check._linker_cache() == {"libxcb-cursor.so.0", "libxcb.so.1"}


@pytest.mark.sqlite_only("checks that no SQLite file was made")
def test_the_console_stops_before_qt_with_the_line_and_69(monkeypatch, capsys, db_path):
    """ui.app.main runs the check before it makes the QApplication (faked absent here)."""
    from PySide6.QtWidgets import QApplication

    from ui import app

    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(platform_check.sys, "platform", "linux")
    monkeypatch.setattr(platform_check, "system_finder", lambda: finder_without(FRESH_DEBIAN_LACKS))
    monkeypatch.setattr(QApplication, "instance", staticmethod(lambda: None))
    assert app.main(["--db", str(db_path)]) == 69
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" in err
    assert "Traceback" not in err
    assert not db_path.exists()   # refused before anything was opened


def test_the_readme_names_every_package_in_one_apt_get_line():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    lines = [line for line in readme.splitlines() if "apt-get install" in line and "libxcb-cursor0" in line]
    assert lines, "the README has no apt-get line for the xcb plugin"
    assert all(package in lines[0].split() for package in platform_check.APT_PACKAGES)
