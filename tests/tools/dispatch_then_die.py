"""Test tool: run `warroom ARGS…` with the mail sender wrapped so that the process dies right
after the mail server accepted the mail, before the outcome is recorded (the crash between
"send" and "record" of issue 12, item 1).  Never part of the shipped command."""

from __future__ import annotations

import os
import sys

from warroom import mail
from warroom.cli import main

_real_send = mail.send


def _send_then_die(*args, **kwargs):  # type: ignore[no-untyped-def]
    result = _real_send(*args, **kwargs)
    sys.stderr.write(f"delivered={result.ok}\n")
    sys.stderr.flush()
    os._exit(9)


mail.send = _send_then_die

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
