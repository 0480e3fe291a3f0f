"""The console's translation catalogues: refresh them from the code, compile them, check them.

    python tools/translations.py update     # pyside6-lupdate ui/ -> resources/translations/*.ts
    python tools/translations.py build      # pyside6-lrelease *.ts -> *.qm (shipped beside them)
    python tools/translations.py status     # per language: strings, finished, unfinished (exit 1 if any)

A translator edits the ``.ts`` file (Qt Linguist: ``pyside6-linguist``, or any XML editor), then
runs ``build``.  The tests check that ``update`` would add nothing, that every string has a
finished translation, and that each ``.qm`` is what ``build`` makes of its ``.ts``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "ui"
CATALOGUES = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN",)


def _tool(name: str) -> str:
    """``pyside6-lupdate`` beside this interpreter (a venv), else on PATH."""
    here = Path(sys.executable).parent / name
    if here.exists():
        return str(here)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6 (pip install PySide6)")
    return found


def ts_file(language: str, where: Path = CATALOGUES) -> Path:
    return where / f"warroom_{language}.ts"


def qm_file(language: str, where: Path = CATALOGUES) -> Path:
    return where / f"warroom_{language}.qm"


def source_files() -> list[Path]:
    return sorted(p for p in SOURCES.rglob("*.py") if "__pycache__" not in p.parts)


def update(language: str, ts: Path | None = None) -> str:
    """Refresh ``ts`` (default: the shipped catalogue) from the code; returns lupdate's summary."""
    ts = ts or ts_file(language)
    ts.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([_tool("pyside6-lupdate"), *map(str, source_files()), "-ts", str(ts),
                           "-no-obsolete", "-locations", "none", "-source-language", "en",
                           "-target-language", language],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    return done.stdout.strip()


def build(language: str, ts: Path | None = None, qm: Path | None = None) -> Path:
    ts = ts or ts_file(language)
    qm = qm or qm_file(language)
    subprocess.run([_tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], capture_output=True, text=True,
                   check=True)
    return qm


@dataclass(frozen=True)
class CatalogueStatus:
    language: str
    strings: int
    unfinished: tuple[tuple[str, str], ...]     # (context, source) without a finished translation
    suspicious: tuple[tuple[str, str], ...]     # placeholders that differ between source and translation


def _placeholders(text: str) -> list[str]:
    import re

    return sorted(re.findall(r"\{[a-z_0-9]*\}|%\d|&(?=\w)", text))


def status(language: str, ts: Path | None = None) -> CatalogueStatus:
    tree = ET.parse(ts or ts_file(language))
    strings = 0
    unfinished: list[tuple[str, str]] = []
    suspicious: list[tuple[str, str]] = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            strings += 1
            source = message.findtext("source") or ""
            translation = message.find("translation")
            text = (translation.text or "") if translation is not None else ""
            if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete") or not text:
                unfinished.append((name, source))
            elif [p for p in _placeholders(source) if p != "&"] != [p for p in _placeholders(text) if p != "&"]:
                suspicious.append((name, source))
    return CatalogueStatus(language, strings, tuple(unfinished), tuple(suspicious))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else "status"
    code = 0
    for language in LANGUAGES:
        if command == "update":
            print(update(language))
        elif command == "build":
            print(build(language))
        elif command == "status":
            st = status(language)
            print(f"{language}: {st.strings} strings, {len(st.unfinished)} unfinished, "
                  f"{len(st.suspicious)} with placeholders that differ")
            for context, source in st.unfinished + st.suspicious:
                print(f"  {context}: {source!r}")
            code = code or (1 if st.unfinished or st.suspicious else 0)
        else:
            print(__doc__)
            return 2
    return code


if __name__ == "__main__":
    sys.exit(main())
