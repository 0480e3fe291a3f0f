"""The frozen build's `warroom` (build_installer.spec): the command, ``warroom.cli:main``."""

import sys

from warroom.cli import main

if __name__ == "__main__":
    sys.exit(main())
