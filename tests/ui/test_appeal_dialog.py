"""File > Export appeal package… in the console: compliance and admin only, the dialog's period
and file, the export in a worker with progress and Cancel, and the stranger's verifier run on the
written zip with its own verdict shown."""

from __future__ import annotations

import sys
import threading
import zipfile
from datetime import date, datetime, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QPushButton

from warroom.domain.notes import VerifierKey
from warroom.errors import BusinessRuleError
from warroom.services import suspension

KEY = str(VerifierKey.of("warroom/0b6c2f1e-7d3a-4c55-9a1e-2f4b8c9d0e11", bytes(range(32))))


@pytest.fixture
def verifier(tmp_path, monkeypatch):
    """A stand-in verify_appeal.py that prints ``text`` and exits with ``code`` (it records its
    command line, to show what the console passed)."""
    from ui import appeal_dialog

    def make(text: str, code: int) -> Path:
        script = tmp_path / "verify_appeal.py"
        script.write_text("import sys, pathlib\n"
                          f"pathlib.Path({str(tmp_path / 'argv.txt')!r}).write_text('\\n'.join(sys.argv[1:]))\n"
                          f"sys.stdout.write({text!r})\nsys.exit({code})\n", encoding="utf-8")
        monkeypatch.setattr(appeal_dialog, "VERIFIER", script)
        return script

    make.argv = lambda: (tmp_path / "argv.txt").read_text().splitlines()     # type: ignore[attr-defined]
    return make


class FakeExport:
    """``export_package`` as the core will call it: progress, then a zip at ``out``."""

    def __init__(self, *, hold: bool = False, until_cancelled: bool = False, error: Exception | None = None):
        self.calls: list[dict] = []
        self.release = threading.Event()
        self.started = threading.Event()
        self.hold, self.until_cancelled, self.error = hold, until_cancelled, error

    def __call__(self, db, actor, *, start, end, out, pseudonymize, progress):
        self.calls.append({"actor": actor.name, "start": start, "end": end, "out": out,
                           "pseudonymize": pseudonymize})
        progress(1, 4, "reading the audit log")
        self.started.set()
        if self.hold:
            self.release.wait(20)
        for _ in range(2000 if self.until_cancelled else 0):   # at most 20 s
            progress(2, 4, "building the report")           # raises Cancelled once Cancel was pressed
            self.release.wait(0.01)
        if self.error is not None:
            raise self.error
        progress(4, 4, "writing the package")
        with zipfile.ZipFile(out, "w") as z:
            z.writestr("manifest.json", "{}")
        return SimpleNamespace(path=Path(out), verifier_key=KEY)


def _export(monkeypatch, fake):
    from ui import appeal_dialog

    monkeypatch.setattr(appeal_dialog, "export_package", fake)


def _progress_dialog():
    found = [w for w in QApplication.topLevelWidgets() + [c for w in QApplication.topLevelWidgets()
                                                         for c in w.findChildren(QProgressDialog)]
             if isinstance(w, QProgressDialog) and w.objectName() == "jobProgress" and w.isVisible()]
    return found[0] if found else None


def _open(qtbot, w, tmp_path):
    from ui.settings import open_settings

    open_settings().setValue("appeal/dir", str(tmp_path))
    w.appeal_action.trigger()
    dialog = w.appeal_export.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def _result(qtbot, w):
    qtbot.waitUntil(lambda: w.appeal_export.box is not None, timeout=30_000)
    return w.appeal_export.box


def test_only_compliance_and_admin_can_export(qtbot, window_for, users):
    for name, enabled in (("alice", False), ("carol", True), ("ada", True)):
        w = window_for(users[name], load=False)
        assert w.appeal_action.text() == "Export &appeal package…"
        assert w.appeal_action.isEnabled() is enabled, name
        w.appeal_action.trigger()                       # a disabled action does nothing
        assert (w.appeal_export.dialog is not None) is enabled, name
        if w.appeal_export.dialog is not None:
            w.appeal_export.dialog.reject()


def test_the_period_is_the_suspension_or_the_last_30_days(qtbot, window_for, users, db, tmp_path, set_now):
    set_now("2026-11-20T11:30:00Z")
    w = window_for(users["carol"], load=False)
    dialog = _open(qtbot, w, tmp_path)
    assert (dialog.from_edit.date().toPython(), dialog.to_edit.date().toPython()) == (date(2026, 10, 22),
                                                                                    date(2026, 11, 20))
    assert dialog.out_edit.text() == str(tmp_path / "appeal-2026-10-22-to-2026-11-20.zip")
    assert dialog.export_button.isEnabled()
    dialog.reject()

    set_now("2026-11-03T08:00:00Z")
    suspension.declare(db, users["ada"], "Order defect rate above target",
                       notice_received_at="2026-11-02T23:10:00Z")          # Amazon's notice came first
    set_now("2026-11-20T11:30:00Z")
    (tmp_path / "appeal-2026-11-02-to-2026-11-20.zip").write_bytes(b"an earlier package")
    dialog = _open(qtbot, w, tmp_path)
    assert dialog.from_edit.date().toPython() == date(2026, 11, 2)
    assert dialog.out_edit.text() == str(tmp_path / "appeal-2026-11-02-to-2026-11-20-2.zip")   # never overwritten
    dialog.to_edit.setDate(dialog.to_edit.date().addDays(-30))
    assert not dialog.export_button.isEnabled() and "after the last day" in dialog.problem.text()
    dialog.to_edit.setDate(dialog.from_edit.date())
    assert dialog.out_edit.text().endswith("appeal-2026-11-02-to-2026-11-02.zip")   # follows the dates
    dialog.out_edit.setText(str(tmp_path / "appeal-2026-11-02-to-2026-11-20.zip"))
    dialog.out_edit.textEdited.emit(dialog.out_edit.text())
    assert not dialog.export_button.isEnabled() and "never overwritten" in dialog.problem.text()
    dialog.reject()


def test_the_period_of_a_lifted_suspension_ends_with_its_lifting():
    from ui.appeal_dialog import default_period

    lifted = {"declared_at": "2026-09-10T09:00:00Z", "notice_received_at": None, "lifted_at": "2026-10-01T12:00:00Z"}
    assert default_period(lifted, date(2026, 11, 20)) == (date(2026, 9, 10), date(2026, 10, 1))
    assert default_period(None, date(2026, 3, 1)) == (date(2026, 1, 31), date(2026, 3, 1))


def test_export_shows_progress_then_the_verifiers_ok(qtbot, window_for, users, tmp_path, monkeypatch, verifier,
                                                     set_now):
    set_now("2026-11-20T11:30:00Z")
    fake = FakeExport(hold=True)
    _export(monkeypatch, fake)
    verifier("OK\n  1,234 entries, chain and Merkle root checked\n  57 inclusion proofs checked\n", 0)
    w = window_for(users["carol"], load=False)
    dialog = _open(qtbot, w, tmp_path)
    dialog.pseudonymize.setChecked(True)
    dialog.export_button.click()
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: fake.started.is_set() and _progress_dialog() is not None
                    and "reading the audit log" in _progress_dialog().labelText(), timeout=10_000)
    progress = _progress_dialog()
    assert progress.maximum() == 4 and progress.value() == 1
    fake.release.set()
    box = _result(qtbot, w)
    assert box.windowTitle() == "Appeal package written and verified"
    assert box.icon() == QMessageBox.Icon.Information
    out = tmp_path / "appeal-2026-10-22-to-2026-11-20.zip"
    assert f"written to {out}" in box.text()
    assert box.output.toPlainText() == "OK\n  1,234 entries, chain and Merkle root checked\n  57 inclusion proofs checked"
    assert box.output.isVisible() and box.output.isReadOnly()
    assert fake.calls == [{"actor": "carol", "start": datetime(2026, 10, 22, tzinfo=timezone.utc),
                           "end": datetime(2026, 11, 21, tzinfo=timezone.utc), "out": out, "pseudonymize": True}]
    assert verifier.argv() == [str(out), "--key", KEY]         # the key the export signed with
    assert _progress_dialog() is None


def test_the_verifiers_failures_are_shown_as_a_failure(qtbot, window_for, users, tmp_path, monkeypatch, verifier):
    _export(monkeypatch, FakeExport())
    failures = "".join(f"FAIL proofs/{n}.tlog-proof: the inclusion proof does not lead to the root\n"
                       for n in range(60)) + "60 problems: this package does not check out.\n"
    verifier(failures, 1)
    w = window_for(users["ada"], load=False)
    _open(qtbot, w, tmp_path).export_button.click()
    box = _result(qtbot, w)
    assert box.windowTitle() == "Appeal package written: verification FAILED"
    assert box.icon() == QMessageBox.Icon.Critical
    assert "exit status 1" in box.text() and "Do not send this package" in box.text()
    assert box.output.toPlainText() == failures.strip()            # every line, scrolled
    assert box.output.document().blockCount() == 61


def test_cancel_stops_the_export_and_nothing_is_written(qtbot, window_for, users, tmp_path, monkeypatch, verifier):
    fake = FakeExport(until_cancelled=True)
    _export(monkeypatch, fake)
    verifier("OK\n", 0)
    w = window_for(users["carol"], load=False)
    dialog = _open(qtbot, w, tmp_path)
    out = Path(dialog.out_edit.text())
    dialog.export_button.click()
    qtbot.waitUntil(lambda: fake.started.is_set() and _progress_dialog() is not None, timeout=10_000)
    cancel = [b for b in _progress_dialog().findChildren(QPushButton) if b.text() == "Cancel"]
    assert len(cancel) == 1
    cancel[0].click()
    box = _result(qtbot, w)
    assert box.windowTitle() == "Export cancelled"
    assert "no package was written" in box.text()
    assert not out.exists() and not (tmp_path / "argv.txt").exists()     # the verifier never ran


def test_a_refused_export_is_named_not_a_traceback(qtbot, window_for, users, tmp_path, monkeypatch, verifier):
    _export(monkeypatch, FakeExport(error=BusinessRuleError("no checkpoint key on this machine: run "
                                                            "'warroom audit key' first")))
    verifier("OK\n", 0)
    w = window_for(users["carol"], load=False)
    _open(qtbot, w, tmp_path).export_button.click()
    box = _result(qtbot, w)
    assert box.windowTitle() == "Refused" and box.icon() == QMessageBox.Icon.Warning
    assert box.text() == ("Exporting the appeal package: no checkpoint key on this machine: run "
                          "'warroom audit key' first")
    assert not box.output.isVisible()


def test_the_verifier_runs_as_a_subprocess_and_can_be_cancelled(tmp_path, monkeypatch):
    from ui import appeal_dialog
    from warroom.errors import Cancelled

    script = tmp_path / "verify_appeal.py"
    script.write_text("import time\nprint('starting', flush=True)\ntime.sleep(60)\n", encoding="utf-8")
    monkeypatch.setattr(appeal_dialog, "VERIFIER", script)
    calls = []

    def progress(done, total, stage):
        calls.append(stage)
        if len(calls) > 3:
            raise Cancelled()

    with pytest.raises(Cancelled):
        appeal_dialog.run_verifier(tmp_path / "x.zip", None, progress)
    assert calls[0] == "checking the package with verify_appeal.py"

    # no tools/verify_appeal.py here: the copy inside the package is run
    monkeypatch.setattr(appeal_dialog, "VERIFIER", tmp_path / "missing.py")
    package = tmp_path / "p.zip"
    with zipfile.ZipFile(package, "w") as z:
        z.writestr("verify_appeal.py", "import sys\nprint('OK'); print(' ', sys.argv[1])\n")
    outcome = appeal_dialog.run_verifier(package, None, lambda *a: None)
    assert outcome.ok and outcome.exit_code == 0 and outcome.output == f"OK\n  {package}"
    assert Path(outcome.script).name == "verify_appeal.py" and Path(outcome.script).parent != tmp_path
    assert sys.executable


def test_the_real_verifier_judges_what_was_written(qtbot, window_for, users, tmp_path, monkeypatch):
    """tools/verify_appeal.py itself, on a zip that is not a valid package: its failures are shown."""
    from ui import appeal_dialog

    assert appeal_dialog.VERIFIER.is_file() and appeal_dialog.VERIFIER.parent.name == "tools"
    _export(monkeypatch, FakeExport())
    w = window_for(users["carol"], load=False)
    _open(qtbot, w, tmp_path).export_button.click()
    box = _result(qtbot, w)
    assert box.windowTitle() == "Appeal package written: verification FAILED"
    output = box.output.toPlainText()
    assert output.startswith("FAIL ") and "this package does not check out" in output
