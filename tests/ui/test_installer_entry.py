"""The installed build's entry points: ``--version`` of both programs, the console's
``--quit-after`` (CI's smoke run), the frozen helper dispatch (``warroom-gui --run-module``), and
resource lookup under a fake ``sys._MEIPASS`` (what PyInstaller sets).  The PyInstaller build
itself runs in .ci/build-installer, not here."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from warroom import __version__, frozen, paths

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fake_frozen(tmp_path, monkeypatch):
    """This process as the PyInstaller build: sys.frozen, sys._MEIPASS and the executable in dist/."""
    bundle = tmp_path / "dist" / "warroom" / "_internal"
    bundle.mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    monkeypatch.setattr(sys, "executable", str(bundle.parent / "warroom"))
    return bundle


# ------------------------------------------------------------------------ --version

def test_warroom_version_prints_one_line_and_exits_0(cli):
    result = cli("--version")
    assert (result.code, result.out, result.err) == (0, f"warroom {__version__}\n", "")


def test_warroom_version_says_when_it_is_the_installed_build(cli, fake_frozen):
    result = cli("--version")
    assert (result.code, result.out) == (0, f"warroom {__version__} (installed build)\n")


@pytest.mark.sqlite_only("checks that no SQLite file was made")
def test_the_consoles_version_needs_no_display_or_database(capsys, db_path):
    from ui import app

    with pytest.raises(SystemExit) as exit_:
        app.main(["--version", "--db", str(db_path)])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"warroom-gui {__version__}\n"
    assert not db_path.exists()


@pytest.mark.parametrize("bad", ["abc", "-1", "nan", "90000"])
def test_quit_after_takes_a_number_of_seconds(bad, capsys):
    from ui import app

    with pytest.raises(SystemExit) as exit_:
        app.main(["--quit-after", bad])
    assert exit_.value.code == 2
    assert "--quit-after" in capsys.readouterr().err


# ------------------------------------------------------------------------ --quit-after

@pytest.fixture
def own_quit(qapp, monkeypatch):
    """main() installs its excepthook and --quit-after turns quit-on-last-window off: undo both."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    yield qapp
    qapp.setQuitOnLastWindowClosed(True)


def test_quit_after_closes_the_logged_in_console_and_returns_0(own_quit, db_url, users, monkeypatch, capsys):
    from ui import app

    qapp = own_quit
    monkeypatch.setenv("WARROOM_PASSWORD", "secret-pw")
    assert app.main(["--db", db_url, "--as", "carol", "--quit-after", "0.5"]) == 0
    err = capsys.readouterr().err
    assert "--quit-after 0.5 s: closing" in err
    assert "War Room — carol (compliance)" in err           # the main window was shown
    assert not [w for w in qapp.topLevelWidgets() if w.isVisible()]


def test_quit_after_also_ends_a_run_waiting_at_the_login_dialog(own_quit, db_url, users, capsys):
    """Run after the test above (file order): its quit must not leave a second one behind that
    ends this login dialog's exec() at once (closing the last window posts one; with that, this
    test fails with nothing said)."""
    from ui import app

    qapp = own_quit
    assert app.main(["--db", db_url, "--quit-after", "0.3"]) == 0
    err = capsys.readouterr().err
    assert "--quit-after 0.3 s: closing (War Room — log in" in err
    assert not [w for w in qapp.topLevelWidgets() if w.isVisible()]


# ------------------------------------------------------------------------ ui/frozen.py

def _helper_module(tmp_path, monkeypatch, name="inst_helper_mod"):
    (tmp_path / f"{name}.py").write_text(textwrap.dedent("""
        import sys
        print("args", sys.argv[1:], __name__)
        sys.exit(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    """), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    return name


def test_the_gui_executable_runs_a_helper_module_like_python_m(tmp_path, monkeypatch, capsys):
    from ui.frozen import main

    module = _helper_module(tmp_path, monkeypatch)
    assert main(["--run-module", module, "3", "x"]) == 3
    assert capsys.readouterr().out == "args ['3', 'x'] __main__\n"
    assert main(["--run-module", module]) == 0


def test_the_gui_executable_runs_a_script_like_python_file(tmp_path, monkeypatch, capsys):
    from ui.frozen import main

    script = tmp_path / "verify_appeal.py"
    script.write_text("import sys\nprint('checked', sys.argv[1:])\nraise SystemExit('FAIL bad package')\n",
                      encoding="utf-8")
    assert main(["--run-script", str(script), "p.zip"]) == 1
    out = capsys.readouterr()
    assert out.out == "checked ['p.zip']\n" and out.err == "FAIL bad package\n"
    assert main(["--run-script"]) == 2


def test_anything_else_is_the_console(monkeypatch):
    import ui.app
    from ui.frozen import main

    seen = []
    monkeypatch.setattr(ui.app, "main", lambda argv: seen.append(argv) or 7)
    assert main(["--db", "x.sqlite3", "--as", "carol"]) == 7
    assert seen == [["--db", "x.sqlite3", "--as", "carol"]]


# ------------------------------------------------------------------------ warroom/frozen.py

def test_from_source_helpers_run_with_this_python():
    assert not frozen.is_frozen()
    assert frozen.module_command("ui.report_pdf") == [sys.executable, "-m", "ui.report_pdf"]
    assert frozen.script_command("/x/verify_appeal.py") == [sys.executable, "/x/verify_appeal.py"]
    assert frozen.console_command() == [sys.executable, "-m", "ui.app"]
    assert frozen.bundle_dir() == ROOT


def test_frozen_helpers_run_through_the_console_executable(fake_frozen):
    gui = str(fake_frozen.parent / ("warroom-gui" + (".exe" if sys.platform == "win32" else "")))
    assert frozen.is_frozen()
    assert frozen.bundle_dir() == fake_frozen
    assert frozen.module_command("ui.report_pdf") == [gui, "--run-module", "ui.report_pdf"]
    assert frozen.script_command("/x/verify_appeal.py") == [gui, "--run-script", "/x/verify_appeal.py"]
    assert frozen.console_command() == [gui]


def test_warroom_gui_starts_the_built_console_when_frozen(cli, fake_frozen, monkeypatch):
    calls = []
    monkeypatch.setattr(subprocess, "call", lambda argv: calls.append(argv) or 0)
    assert cli("gui", password=None).code == 0
    assert calls[0][0] == frozen.console_command()[0] and calls[0][0].endswith(("warroom-gui", "warroom-gui.exe"))
    assert "--db" in calls[0]


def test_the_pdf_helper_is_available_when_frozen_only_if_the_console_was_built(fake_frozen):
    from warroom.services.appeal import package

    assert not package.pdf_adapter_available()
    frozen.sibling_executable("warroom-gui").write_bytes(b"")
    assert package.pdf_adapter_available()


# ------------------------------------------------------------------------ resources, frozen

def test_resources_are_looked_up_under_meipass(fake_frozen):
    from ui import i18n
    from warroom.lint import rules as lint_rules
    from warroom.services.appeal import package, render
    from warroom.storage import seeds
    from warroom.templates import pack
    from warroom.triage import rules as triage_rules

    res = fake_frozen / "resources"
    assert paths.resources_dir() == res
    assert lint_rules.seed_rules_path() == res / "rules" / "lint_rules.json"
    assert triage_rules.seed_rules_path() == res / "rules" / "triage_rules.json"
    assert seeds.seed_file("lint") == res / "rules" / "lint_rules.json"
    assert pack.starter_pack_path() == res / "templates" / "starter.json"
    assert render.templates_dir() == res / "templates" / "appeal"
    assert i18n.translations_dir() == res / "translations"
    # the appeal package's verifier ships in the bundle's tools/
    assert package.verifier_source() is None
    (fake_frozen / "tools").mkdir()
    (fake_frozen / "tools" / "verify_appeal.py").write_bytes(b"# the verifier\n")
    assert package.verifier_source() == b"# the verifier\n"


def test_from_source_resources_are_the_checkouts():
    from warroom.lint import rules as lint_rules

    assert paths.resources_dir() == ROOT / "resources"
    assert lint_rules.seed_rules_path() == ROOT / "resources" / "rules" / "lint_rules.json"
    assert lint_rules.seed_rules_path().is_file()


# ------------------------------------------------------------------------ build_installer.spec

def test_the_spec_bundles_resources_migrations_and_both_programs(monkeypatch):
    """Run the spec with PyInstaller's build classes replaced by recorders (no build)."""
    import PyInstaller.utils.hooks as hooks

    monkeypatch.setattr(hooks, "collect_submodules", lambda name: [f"{name}.*"])
    monkeypatch.setattr(hooks, "collect_data_files", lambda name: [(f"/site/{name}/data/model.npz.xz", f"{name}/data")])
    made: dict[str, list] = {"Analysis": [], "EXE": [], "COLLECT": []}

    class Recorder:
        def __init__(self, *args, **kwargs):
            self.args, self.kwargs = args, kwargs
            made.setdefault(type(self).__name__, []).append(self)
            self.pure = self.scripts = self.binaries = self.datas = []

    names = {n: type(n, (Recorder,), {}) for n in ("Analysis", "PYZ", "EXE", "COLLECT")}
    spec = ROOT / "build_installer.spec"
    exec(compile(spec.read_text(encoding="utf-8"), str(spec), "exec"),
         {"SPECPATH": str(ROOT), "__file__": str(spec), **names})

    gui, cli_ = made["Analysis"]
    assert gui.args[0][0].endswith("entry_gui.py") and cli_.args[0][0].endswith("entry_cli.py")
    datas = {(Path(src).relative_to(ROOT).as_posix() if src.startswith(str(ROOT)) else src, dest)
             for src, dest in gui.kwargs["datas"]}
    for expected in [("resources/rules/lint_rules.json", "resources/rules"),
                     ("resources/rules/triage_rules.json", "resources/rules"),
                     ("resources/templates/starter.json", "resources/templates"),
                     ("warroom/storage/migrations/env.py", "warroom/storage/migrations"),
                     ("warroom/storage/migrations/versions/0001_initial_schema.py", "warroom/storage/migrations/versions"),
                     ("tools/verify_appeal.py", "tools"),
                     ("/site/py3langid/data/model.npz.xz", "py3langid/data")]:
        assert expected in datas
    assert {Path(p).as_posix().split("/")[-1] for p, _ in datas} >= {
        p.name for p in (ROOT / "resources" / "templates" / "appeal").iterdir() if p.is_file()}
    assert not any("__pycache__" in src for src, _ in datas)
    assert "PySide6" in cli_.kwargs["excludes"] and "PySide6" not in gui.kwargs["excludes"]
    assert [e.kwargs["name"] for e in made["EXE"]] == ["warroom-gui", "warroom"]
    assert made["COLLECT"][0].kwargs["name"] == "warroom"
