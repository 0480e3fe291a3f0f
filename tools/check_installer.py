"""Build the installer folder with PyInstaller and smoke-test what was built (CI: .ci/build-installer).

    python tools/check_installer.py [--skip-build] [--dist DIR] [--work DIR] [--seconds N]

Builds ``build_installer.spec`` into ``DIST/warroom/`` (default ``dist/``), then runs the BUILT
programs, not the source: ``warroom --version`` and ``warroom-gui --version``, ``warroom demo
--with-users`` on a scratch database then ``warroom audit verify`` on it, the console offscreen
logged in as the demo admin for N seconds (``--quit-after``), and the report's PDF helper
(``warroom-gui --run-module ui.report_pdf``).  Everything runs with a scratch HOME, so nothing is
written to the user's data, documents or settings.  Prints the build time and the folder's size;
exits 1 on the first failure (one line saying which step and why).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build_installer.spec"
EXE = ".exe" if sys.platform == "win32" else ""


class Failed(Exception):
    pass


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build(dist: Path, work: Path) -> float:
    t0 = time.monotonic()
    argv = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
            "--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    print("building:", " ".join(argv), flush=True)
    proc = subprocess.run(argv, cwd=ROOT, check=False)
    if proc.returncode != 0:
        raise Failed(f"PyInstaller failed (exit {proc.returncode})")
    return time.monotonic() - t0


def run(step: str, argv: list[str], env: dict[str, str], *, timeout: float = 120, expect: int = 0,
        stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    t0 = time.monotonic()
    try:
        proc = subprocess.run(argv, env=env, input=stdin, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise Failed(f"{step}: no answer within {timeout:g} s") from None
    except OSError as exc:
        raise Failed(f"{step}: cannot run {argv[0]}: {exc.strerror or exc}") from None
    if proc.returncode != expect:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise Failed(f"{step}: exit {proc.returncode}, expected {expect}: {' | '.join(tail)}")
    print(f"ok   {step} ({time.monotonic() - t0:.1f} s)", flush=True)
    return proc


def smoke(folder: Path, seconds: float) -> None:
    from warroom import __version__

    cli, gui = folder / f"warroom{EXE}", folder / f"warroom-gui{EXE}"
    for exe in (cli, gui):
        if not exe.is_file():
            raise Failed(f"{exe} was not built")
    with tempfile.TemporaryDirectory(prefix="warroom-installer-") as scratch:
        home = Path(scratch) / "home"
        home.mkdir()
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("WARROOM_", "XDG_", "QT_")) and k not in ("PYTHONPATH", "PYTHONHOME")}
        env.update(HOME=str(home), USERPROFILE=str(home), APPDATA=str(home / "AppData"),
                   LOCALAPPDATA=str(home / "LocalAppData"), PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
        db = Path(scratch) / "smoke.sqlite3"

        out = run("warroom --version", [str(cli), "--version"], env).stdout.strip()
        if out != f"warroom {__version__} (installed build)":
            raise Failed(f"warroom --version printed {out!r}, expected 'warroom {__version__} (installed build)'")
        out = run("warroom-gui --version", [str(gui), "--version"], env).stdout.strip()
        if out != f"warroom-gui {__version__}":
            raise Failed(f"warroom-gui --version printed {out!r}")

        out = run("warroom demo --with-users", [str(cli), "--db", str(db), "demo", "--with-users"], env).stdout
        if "demo data loaded" not in out:
            raise Failed(f"warroom demo said {out.strip()!r}")
        out = run("warroom audit verify", [str(cli), "--db", str(db), "audit", "verify"], env).stdout
        if not out.startswith("OK "):
            raise Failed(f"warroom audit verify said {out.strip()!r}")
        run("warroom lint", [str(cli), "lint"], env, stdin="pay you \u200b back\n", expect=1)

        offscreen = dict(env, QT_QPA_PLATFORM="offscreen", WARROOM_PASSWORD="demo")
        proc = run(f"warroom-gui offscreen --quit-after {seconds:g}",
                   [str(gui), "--db", str(db), "--as", "admin", "--quit-after", f"{seconds:g}"],
                   offscreen, timeout=seconds + 90)
        if "--quit-after" not in proc.stderr or "War Room" not in proc.stderr:
            raise Failed(f"the console did not show its window: {proc.stderr.strip()[-300:]!r}")

        html, pdf = Path(scratch) / "r.html", Path(scratch) / "r.pdf"
        html.write_text("<h1>War Room</h1><p>smoke test \u4f60\u597d</p>", encoding="utf-8")
        run("warroom-gui --run-module ui.report_pdf",
            [str(gui), "--run-module", "ui.report_pdf", str(html), str(pdf), "--header", "H", "--footer", "F"],
            offscreen)
        if not pdf.read_bytes().startswith(b"%PDF-"):
            raise Failed("the report helper wrote no PDF")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--skip-build", action="store_true", help="test what is already in DIST/warroom")
    p.add_argument("--dist", type=Path, default=ROOT / "dist")
    p.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    p.add_argument("--seconds", type=float, default=5.0, help="how long the console runs offscreen")
    args = p.parse_args(argv)
    folder = args.dist / "warroom"
    try:
        elapsed = None if args.skip_build else build(args.dist, args.work)
        smoke(folder, args.seconds)
    except Failed as exc:
        print(f"FAIL {exc}", file=sys.stderr)
        return 1
    size = folder_size(folder)
    files = sum(1 for p in folder.rglob("*") if p.is_file())
    print(f"installer folder: {folder} — {size / 1e6:.0f} MB in {files} files"
          + (f"; built in {elapsed:.0f} s" if elapsed is not None else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
