"""The console's executable in the frozen build (PyInstaller, ``build_installer.spec``).

A frozen ``warroom-gui`` has no ``python -m``: what the source tree starts as ``python -m MODULE``
or ``python SCRIPT`` in a subprocess (the report's PDF, the appeal verifier) is started as
``warroom-gui --run-module MODULE ARGS...`` or ``warroom-gui --run-script FILE ARGS...``
(see :mod:`warroom.frozen`).  Anything else is the console (:func:`ui.app.main`).
"""

from __future__ import annotations

import runpy
import sys
from typing import Sequence

RUN_MODULE = "--run-module"
RUN_SCRIPT = "--run-script"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in (RUN_MODULE, RUN_SCRIPT):
        if len(args) < 2:
            print(f"warroom-gui: usage error: {args[0]} needs a name", file=sys.stderr)
            return 2
        target, rest = args[1], args[2:]
        sys.argv = [target, *rest]
        try:
            if args[0] == RUN_MODULE:
                runpy.run_module(target, run_name="__main__", alter_sys=True)
            else:
                runpy.run_path(target, run_name="__main__")
        except SystemExit as exc:
            code = exc.code
            if code is None:
                return 0
            if isinstance(code, int):
                return code
            print(code, file=sys.stderr)
            return 1
        return 0
    from ui.app import main as console

    return console(args)
