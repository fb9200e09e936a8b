#!/usr/bin/env python3
"""Katalog Pelatihan: the command line. All logic lives in the katalog package."""

import sys

from katalog.cli import main

if __name__ == "__main__":
    sys.exit(main())
