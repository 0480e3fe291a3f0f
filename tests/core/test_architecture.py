"""Architecture guards: the core never imports Qt; the GUI never touches SQL; PySide6 is sane;
the core type-checks (mypy)."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_core_never_imports_qt_or_the_gui():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "warroom").rglob("*.py")
                 if _imports(p) & {"PySide6", "PyQt5", "PyQt6", "qtpy", "shiboken6", "ui"}]
    assert offenders == []


def test_import_linter_contracts_hold():
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert exe, "import-linter is a test dependency"
    result = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken" in result.stdout


def test_core_type_checks_with_mypy(request, tmp_path):
    """``mypy`` with the project's configuration ([tool.mypy] in pyproject.toml: all of warroom/)
    finds no error.  Its cache is kept in pytest's cache folder: ~6 s cold (a fresh clone), ~0.2 s warm."""
    cache = request.config.cache.mkdir("mypy") if getattr(request.config, "cache", None) is not None else tmp_path
    result = subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
                             "--cache-dir", str(cache), "--no-color-output"],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Success: no issues found"), result.stdout + result.stderr


def test_core_imports_without_pyside6_loaded():
    code = ("import sys, warroom.cli, warroom.services.tickets, warroom.services.ingest, warroom.services.demo;"
            "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_pyside6_does_not_drop_references_to_none():
    """PySide6 6.12.0 on Python 3.11 aborts after a few thousand None-returning calls.
    Run in a subprocess: a bad build kills the interpreter."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, str(ROOT / "tests" / "tools" / "check_pyside_none_refcount.py"), "3000"],
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("ok")
