#!/usr/bin/env python3
"""Katalog Pelatihan: the command line. All logic lives in the katalog package."""

import os
import sys
from pathlib import Path

VENV = Path(__file__).resolve().parent / ".venv"

try:
    from katalog.cli import main
except ModuleNotFoundError:
    # Run with the system Python (`python build.py ...`, as the guide says): use the project's
    # environment that `make site` made, or say how to make it, rather than a traceback.
    python = VENV / "bin" / "python"
    if python.exists() and Path(sys.prefix).resolve() != VENV:
        os.execv(python, [str(python), __file__, *sys.argv[1:]])
    sys.exit("Katalog Pelatihan is not installed yet: run `make site` once in this folder "
             "(it installs what the tool needs into .venv/), then run this command again.\n"
             "Katalog Pelatihan belum terpasang: jalankan `make site` sekali di folder ini, "
             "lalu ulangi perintah ini.")

if __name__ == "__main__":
    sys.exit(main())
