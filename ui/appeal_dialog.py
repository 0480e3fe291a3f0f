"""File > Export appeal package…: the period, pseudonyms or not, and the file; the export in a
worker with a progress dialog and Cancel; at the end the stranger's verifier
(``tools/verify_appeal.py``, the same file that goes into every package) is run on the written zip
in a subprocess, and what it printed (``OK`` and its summary, or each failure) is shown.

The export itself is ``warroom.services.appeal.export_package`` (compliance and admin; audited; one
a cancelled export writes no package and no ``appeal.export`` entry; deadlines that ran out
were recorded before it started, and a checkpoint signed before the cancel stays, both true).  The period is whole days in UTC, the last day
included, like ``warroom appeal export --from DATE --to DATE``."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QDate, QObject, QStandardPaths, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QMessageBox, QPlainTextEdit, QPushButton, QStyle, QVBoxLayout, QWidget,
)

from warroom import clock
from warroom.domain.roles import Permission, Role
from warroom.errors import Cancelled, WarroomError
from warroom.frozen import script_command

from ui.context import Console
from ui.errors import describe
from ui.settings import open_settings
from ui.workers import Job, run_with_dialog

DEFAULT_DAYS = 30               # the default period when no suspension is in force
SHOWN_LINES = 18                # lines of the verifier's output shown without scrolling
MAX_OUTPUT_WIDTH = 1000         # pixels
VERIFIER = Path(__file__).resolve().parents[1] / "tools" / "verify_appeal.py"
Progress = Callable[[int, "int | None", str], None]


def can_export(console: Console) -> bool:
    """Compliance and admin export the package."""
    permission = getattr(Permission, "EXPORT_APPEAL", None)
    if permission is not None:
        return console.can(permission)
    return console.actor.role in (Role.COMPLIANCE, Role.ADMIN)


def export_package(db: Any, actor: Any, *, start: datetime, end: datetime, out: Path, pseudonymize: bool,
                   progress: Progress) -> Any:
    """The core's export (``warroom.services.appeal``), looked up when it is called."""
    from warroom.services import appeal  # type: ignore[attr-defined,unused-ignore]

    return appeal.export_package(db, actor, start=start, end=end, out=out, pseudonymize=pseudonymize,
                                 progress=progress)


@dataclass(frozen=True, slots=True)
class ExportRequest:
    first_day: date
    last_day: date                  # included
    out: Path
    pseudonymize: bool

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first_day, time(0), timezone.utc)

    @property
    def end(self) -> datetime:
        """The end, excluded: midnight UTC after the last day."""
        return datetime.combine(self.last_day + timedelta(days=1), time(0), timezone.utc)


@dataclass(frozen=True, slots=True)
class VerifierOutcome:
    ok: bool
    exit_code: int
    output: str                     # what verify_appeal.py printed (stdout, then stderr)
    script: str                     # which verify_appeal.py ran


@dataclass(frozen=True, slots=True)
class ExportOutcome:
    path: Path
    result: Any                     # the core's ExportResult
    verifier: VerifierOutcome | None    # None: the check was cancelled


def default_period(suspension: dict[str, Any] | None, today: date) -> tuple[date, date]:
    """The suspension's period (from Amazon's notice, or the declaration, to its lifting or
    today), else the last 30 days."""
    s = suspension or {}
    began = [clock.parse_iso(t) for t in (s.get("notice_received_at"), s.get("declared_at")) if t]
    if not began:
        return today - timedelta(days=DEFAULT_DAYS - 1), today
    lifted = s.get("lifted_at")
    first = min(min(began).date(), today)
    last = min(clock.parse_iso(lifted).date(), today) if lifted else today
    return first, max(first, last)


def _verifier_script(package: Path, folder: Path) -> Path:
    """``tools/verify_appeal.py`` of this installation, else the copy inside the package."""
    if VERIFIER.is_file():
        return VERIFIER
    try:
        with zipfile.ZipFile(package) as z:
            target = folder / "verify_appeal.py"
            target.write_bytes(z.read("verify_appeal.py"))
            return target
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        raise WarroomError(f"no verifier to run: {VERIFIER} is missing and {package} has no verify_appeal.py "
                           f"({exc})") from None


def run_verifier(package: Path, key: str | None, progress: Progress) -> VerifierOutcome:
    """Run ``python verify_appeal.py PACKAGE [--key KEY]`` in a subprocess; ``progress`` is called
    while it runs (its Cancelled stops the verifier)."""
    with tempfile.TemporaryDirectory(prefix="warroom-verify-") as folder:
        script = _verifier_script(package, Path(folder))
        argv = script_command(script) + [str(package)] + (["--key", key] if key else [])
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            try:
                proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=folder)
            except OSError as exc:
                raise WarroomError(f"cannot run {script}: {exc.strerror or exc}") from None
            try:
                while proc.poll() is None:
                    progress(0, None, f"checking the package with {script.name}")
                    try:
                        proc.wait(timeout=0.1)
                    except subprocess.TimeoutExpired:
                        pass
            except BaseException:
                proc.kill()
                proc.wait()
                raise
            out.seek(0)
            err.seek(0)
            text = (out.read() + err.read()).decode("utf-8", "replace").strip()
    return VerifierOutcome(proc.returncode == 0 and text.startswith("OK"), proc.returncode, text, str(script))


class AppealExportDialog(QDialog):
    """The period, the pseudonym option and the output file."""

    def __init__(self, parent: QWidget | None, console: Console, today: date) -> None:
        super().__init__(parent)
        self.setObjectName("appealExportDialog")
        self.setWindowTitle(self.tr("Export appeal package"))
        self.setMinimumWidth(560)
        from warroom.services import suspension as suspension_service

        first, last = default_period(suspension_service.get_suspension(console.db), today)
        self.from_edit = self._date_edit("appealFrom", first, today)
        self.to_edit = self._date_edit("appealTo", last, today)
        self.pseudonymize = QCheckBox(self.tr("Replace buyer names and e-mail addresses with keyed pseudonyms "
                                              "(audit.jsonl is then withheld)"), objectName="appealPseudonymize")
        self.out_edit = QLineEdit(objectName="appealOut")
        self.out_edit.setPlaceholderText(self.tr("the package to write (a new .zip file)"))
        self.browse_button = QPushButton(self.tr("Browse…"), objectName="appealBrowse")
        self.browse_button.clicked.connect(self.browse)
        self._chosen = False                        # the user picked the file: dates no longer rename it
        self._folder = Path(str(open_settings().value("appeal/dir", "") or _documents()))
        self._suggest()

        row = QHBoxLayout()
        row.addWidget(self.out_edit, 1)
        row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow(self.tr("&From (UTC):"), self.from_edit)
        form.addRow(self.tr("&To (UTC, included):"), self.to_edit)
        form.addRow("", self.pseudonymize)
        package_label = QLabel(self.tr("&Package:"))
        package_label.setBuddy(self.out_edit)
        form.addRow(package_label, row)
        note = QLabel(self.tr("Every buyer message of the period with its 24-hour deadline, every reply sent, "
                              "refunds, escalations and lint refusals, with the signed checkpoint and an inclusion "
                              "proof for each entry cited. The export is recorded in the audit log; at the end the "
                              "stranger's verifier (verify_appeal.py) checks the written package."), objectName="appealNote")
        note.setWordWrap(True)
        self.problem = QLabel(objectName="appealProblem")
        self.problem.setStyleSheet("color: #b71c1c;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(self.tr("&Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("appealExportButton")
        self.export_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(note)
        lay.addWidget(self.problem)
        lay.addWidget(self.buttons)
        for edit in (self.from_edit, self.to_edit):
            edit.dateChanged.connect(self._dates_changed)
        self.out_edit.textEdited.connect(self._edited)
        self._validate()

    @staticmethod
    def _date_edit(name: str, value: date, today: date) -> QDateEdit:
        edit = QDateEdit(QDate(value.year, value.month, value.day), objectName=name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMaximumDate(QDate(today.year, today.month, today.day))
        return edit

    def request(self) -> ExportRequest:
        return ExportRequest(_day(self.from_edit.date()), _day(self.to_edit.date()),
                             Path(self.out_edit.text().strip()).expanduser(), self.pseudonymize.isChecked())

    def browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the appeal package"), self.out_edit.text(),
                                              self.tr("Appeal package (*.zip)"))
        if path:
            if not path.lower().endswith(".zip"):
                path += ".zip"
            self.out_edit.setText(path)
            self._chosen = True
            self._validate()

    def _edited(self, _text: str) -> None:
        self._chosen = True
        self._validate()

    def _dates_changed(self, _value: QDate) -> None:
        if not self._chosen:
            self._suggest()
        self._validate()

    def _suggest(self) -> None:
        first, last = _day(self.from_edit.date()), _day(self.to_edit.date())
        name = f"appeal-{first.isoformat()}-to-{last.isoformat()}"
        candidate, n = self._folder / f"{name}.zip", 2
        while candidate.exists():                   # a package is never overwritten
            candidate, n = self._folder / f"{name}-{n}.zip", n + 1
        self.out_edit.setText(str(candidate))

    def _validate(self) -> None:
        req = self.request()
        problem = ""
        if req.first_day > req.last_day:
            problem = self.tr("The first day is after the last day.")
        elif not self.out_edit.text().strip():
            problem = self.tr("Choose the file to write.")
        elif req.out.exists():
            problem = self.tr("{name} exists: a package is never overwritten; choose another name.").format(
                name=req.out.name)
        elif not req.out.parent.is_dir():
            problem = self.tr("No such folder: {folder}").format(folder=req.out.parent)
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.export_button.setEnabled(not problem)


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _documents() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


class AppealExportFlow(QObject):
    """Ask, export in a worker, verify, show what happened."""

    finished = Signal(object)       # the ExportOutcome, or the exception

    def __init__(self, parent: QWidget, console: Console) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.console = console
        self.dialog: AppealExportDialog | None = None
        self.job: Job | None = None
        self.box: ResultDialog | None = None        # the last outcome shown (tests read it)

    def ask(self) -> AppealExportDialog:
        dialog = AppealExportDialog(self.parent_widget, self.console, clock.now().date())
        dialog.accepted.connect(lambda: self.start(dialog.request()))
        self.dialog = dialog
        dialog.open()
        return dialog

    def start(self, request: ExportRequest) -> Job:
        if self.job is not None and not self.job.finished:
            return self.job
        settings = open_settings()
        settings.setValue("appeal/dir", str(request.out.parent))
        db, actor = self.console.db, self.console.actor

        def work(progress: Progress) -> ExportOutcome:
            result = export_package(db, actor, start=request.start, end=request.end, out=request.out,
                                    pseudonymize=request.pseudonymize, progress=progress)
            path = Path(getattr(result, "path", request.out))
            key = getattr(result, "verifier_key", None) or _current_key(db)
            try:
                verdict = run_verifier(path, key, progress)
            except Cancelled:
                verdict = None
            return ExportOutcome(path, result, verdict)

        job = Job(work, "appeal-export")
        self.job = job
        self.box = None
        run_with_dialog(self.console.runner, self.parent_widget, self.tr("Exporting the appeal package"), job,
                        self._done, self._failed)
        return job

    # ------------------------------------------------------------ the outcome

    def _done(self, outcome: ExportOutcome) -> None:
        if getattr(self.parent_widget, "_closing", False):
            return
        head = self.tr("The appeal package was written to {path}.").format(path=outcome.path)
        v = outcome.verifier
        if v is None:
            self._show(QMessageBox.Icon.Warning, self.tr("Appeal package written, not checked"),
                       head + "\n\n" + self.tr("The check was cancelled: run verify_appeal.py on the package "
                                               "before sending it."))
        elif v.ok:
            self._show(QMessageBox.Icon.Information, self.tr("Appeal package written and verified"),
                       head + "\n\n" + self.tr("The verifier ({script}) says:").format(script=Path(v.script).name),
                       v.output)
        else:
            self._show(QMessageBox.Icon.Critical, self.tr("Appeal package written: verification FAILED"),
                       head + "\n\n" + self.tr("The verifier ({script}, exit status {code}) says:").format(
                           script=Path(v.script).name, code=v.exit_code), v.output,
                       self.tr("Do not send this package: report the failures above."))
        self.finished.emit(outcome)

    def _failed(self, exc: BaseException) -> None:
        if getattr(self.parent_widget, "_closing", False):
            return
        if isinstance(exc, Cancelled):
            self._show(QMessageBox.Icon.Information, self.tr("Export cancelled"),
                       self.tr("The export was cancelled: no package was written and no export was recorded.\n\n"
                               "Missed deadlines found before it started, and the signed checkpoint if it got "
                               "that far, stay in the log: both are true statements of it."))
        else:
            title, text = describe(exc)
            self._show(QMessageBox.Icon.Warning, title, self.tr("Exporting the appeal package: {text}").format(text=text))
        self.finished.emit(exc)

    def _show(self, icon: QMessageBox.Icon, title: str, head: str, output: str | None = None,
              tail: str = "") -> None:
        self.box = ResultDialog(self.parent_widget, icon, title, head, output, tail)
        self.box.open()


class ResultDialog(QDialog):
    """The outcome: what happened, and the verifier's output as it printed it (monospace, one
    line per line, scrolled when long)."""

    ICONS = {QMessageBox.Icon.Information: QStyle.StandardPixmap.SP_MessageBoxInformation,
             QMessageBox.Icon.Warning: QStyle.StandardPixmap.SP_MessageBoxWarning,
             QMessageBox.Icon.Critical: QStyle.StandardPixmap.SP_MessageBoxCritical}

    def __init__(self, parent: QWidget | None, icon: QMessageBox.Icon, title: str, head: str,
                 output: str | None, tail: str) -> None:
        super().__init__(parent)
        self.setObjectName("appealResult")
        self.setWindowTitle(title)
        self.kind = icon
        self.parts = [p for p in (head, output, tail) if p]
        picture = QLabel(objectName="appealResultIcon")
        picture.setPixmap(self.style().standardIcon(self.ICONS[icon]).pixmap(40, 40))
        picture.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.head = self._label(head, "appealResultHead")
        self.output = QPlainTextEdit(objectName="appealVerifierOutput")
        self.output.setReadOnly(True)
        self.output.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.output.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.output.setPlainText(output or "")
        self.output.setVisible(bool(output))
        metrics = self.output.fontMetrics()
        lines = (output or "").splitlines() or [""]
        self.output.setMinimumHeight(metrics.lineSpacing() * min(len(lines), SHOWN_LINES) + 16)
        widest = max(metrics.horizontalAdvance(line) for line in lines)
        self.output.setMinimumWidth(min(widest + 40, MAX_OUTPUT_WIDTH))
        self.tail = self._label(tail, "appealResultTail")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        text = QVBoxLayout()
        text.addWidget(self.head)
        text.addWidget(self.output, 1)
        text.addWidget(self.tail)
        row = QHBoxLayout()
        row.addWidget(picture)
        row.addLayout(text, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(row, 1)
        lay.addWidget(buttons)
        self.setMinimumWidth(480)

    @staticmethod
    def _label(text: str, name: str) -> QLabel:
        label = QLabel(text, objectName=name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setVisible(bool(text))
        return label

    def text(self) -> str:
        return "\n".join(self.parts)

    def icon(self) -> QMessageBox.Icon:
        return self.kind


def _current_key(db: Any) -> str | None:
    from warroom.services import checkpoints

    keys = checkpoints.verifier_keys(db)
    return str(keys[-1]) if keys else None
