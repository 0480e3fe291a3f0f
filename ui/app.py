"""The console's composition root: ``warroom-gui [--db URL_OR_PATH] [--as USER]``.

Only what the first screen needs is imported before it shows: Qt widgets, the storage engine
and the services the login and the queue call.  ``--as USER`` with ``WARROOM_PASSWORD`` set logs
in without the dialog (scripts, benchmarks), as the command does.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Sequence

T0 = time.perf_counter()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="warroom-gui", description="War Room: the desktop console")
    p.add_argument("--db", help="SQLAlchemy URL or SQLite file path (default: WARROOM_DATABASE_URL, "
                                "else the file under your user data directory)")
    p.add_argument("--as", dest="actor", metavar="USER",
                   help="log in as USER with the password from WARROOM_PASSWORD (no dialog)")
    p.add_argument("--settings", metavar="FILE", help="keep window settings in this INI file")
    p.add_argument("--quit-when-shown", action="store_true", help=argparse.SUPPRESS)  # benchmarks
    p.add_argument("--quit-after", type=_seconds, metavar="SECONDS",
                   help="close the console after SECONDS (smoke runs of a build in CI)")
    p.add_argument("--version", action="version", version=_version())
    return p


def _version() -> str:
    from warroom import __version__

    return f"warroom-gui {__version__}"


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 <= value <= 24 * 3600 or value != value:
        raise argparse.ArgumentTypeError(f"not a number of seconds from 0 to 86400: {text!r}")
    return value


def _quit_after(app, seconds: float) -> None:  # type: ignore[no-untyped-def]
    """``--quit-after``: after ``seconds``, close whatever is open (the login dialog or the window)
    and leave the event loop, so the run ends with 0 like a user closing the console."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog

    def quit_now() -> None:
        shown = [w.windowTitle() for w in app.topLevelWidgets() if w.isVisible()]
        print(f"warroom-gui: --quit-after {seconds:g} s: closing ({'; '.join(shown) or 'nothing shown'})",
              file=sys.stderr, flush=True)
        # one quit, ours: closing the last window would post another, which would end the next
        # event loop at once (a later dialog's exec() in the same process, as in the tests)
        app.setQuitOnLastWindowClosed(False)
        for widget in app.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
        app.closeAllWindows()
        app.quit()

    timer = QTimer(app)
    timer.setSingleShot(True)
    timer.timeout.connect(quit_now)
    timer.start(int(seconds * 1000))


def _is_demo(db) -> bool:  # type: ignore[no-untyped-def]
    """Demo data is recorded in the audit log ("demo.load", one of the first entries)."""
    from warroom.services.status import audit_entries

    try:
        return any(e["action"] == "demo.load" for e in audit_entries(db, limit=20))
    except Exception:  # noqa: BLE001 - only a label
        return False


def _install_excepthook() -> None:
    """An unexpected exception in a slot becomes an "internal error" dialog, logged to a file."""
    def hook(exc_type, exc, tb):  # type: ignore[no-untyped-def]
        from ui.errors import show_error

        try:
            show_error(None, exc.with_traceback(tb))
        except Exception:  # noqa: BLE001
            sys.__excepthook__(exc_type, exc, tb)

    sys.excepthook = hook


def _quit_after_first_paint(app, window) -> None:  # type: ignore[no-untyped-def]
    """Benchmarks: print the time from process start to the queue's first page painted, then quit."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watch(QObject):
        def eventFilter(self, obj, event):  # type: ignore[no-untyped-def]  # noqa: N802
            if event.type() == QEvent.Type.Paint and window.queue.model.rowCount():
                obj.removeEventFilter(self)

                def report() -> None:
                    print(f"FIRST-PAGE-PAINTED {time.perf_counter() - T0:.3f} rows={window.queue.model.rowCount()}",
                          flush=True)
                    window.close()
                    app.quit()

                QTimer.singleShot(0, report)
            return False

    watch = Watch(window)
    window.queue.table.viewport().installEventFilter(watch)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is None:
        from ui import platform_check

        refused = platform_check.check()
        if refused is not None:
            return refused
    app = QApplication.instance() or QApplication([sys.argv[0]])
    if args.quit_after is not None:
        _quit_after(app, args.quit_after)
    app.setApplicationName("War Room")
    app.setOrganizationName("WarRoom")
    if args.settings:
        from ui.settings import use_file

        use_file(args.settings)
    from ui import i18n

    i18n.install(i18n.startup_language(), app)

    from warroom.errors import WarroomError
    from warroom.storage.engine import open_database

    try:
        db = open_database(args.db)
    except Exception as exc:  # noqa: BLE001 - no event loop yet: a blocking dialog is right here
        from ui.errors import describe

        title, text = describe(exc)
        QMessageBox.critical(None, QCoreApplication.translate("App", "War Room — {title}").format(title=title),
                             QCoreApplication.translate("App", "The database could not be opened.\n\n{text}").format(
                                 text=text))
        return 2

    from ui.context import Console
    from ui.workers import JobRunner

    runner = JobRunner()
    actor = None
    demo = False
    if args.actor and os.environ.get("WARROOM_PASSWORD") is not None:
        from warroom.services.users import authenticate

        try:
            actor = authenticate(db, args.actor, os.environ["WARROOM_PASSWORD"])
        except WarroomError as exc:
            print(f"warroom-gui: {exc}", file=sys.stderr)
            actor = None
    if actor is None:
        from ui.login import LoginDialog

        login = LoginDialog(db, runner)
        if args.actor:
            login.select_user(args.actor)
        if login.exec() != LoginDialog.DialogCode.Accepted or login.actor is None:
            runner.wait()
            db.dispose()
            return 0
        actor, demo = login.actor, login.demo
    language = i18n.language_for(actor.name)
    if language != i18n.current_language():
        i18n.install(language, app)
    console = Console(db=db, actor=actor, runner=runner, demo=demo or _is_demo(db))

    from ui.main_window import MainWindow

    _install_excepthook()
    window = MainWindow(console)
    if args.quit_when_shown:
        _quit_after_first_paint(app, window)
    window.show()
    window.load_queue()
    window.start_verification()
    code = app.exec()
    runner.wait()
    db.dispose()
    return code


if __name__ == "__main__":
    sys.exit(main())
