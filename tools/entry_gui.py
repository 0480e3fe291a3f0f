"""The frozen build's `warroom-gui` (build_installer.spec): the console, through ``ui.frozen``
(which also runs the helper modules the core starts in a subprocess, e.g. the report's PDF)."""

import sys

from ui.frozen import main

if __name__ == "__main__":
    sys.exit(main())
