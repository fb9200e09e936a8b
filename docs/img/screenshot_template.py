"""Makes docs/img/templat-angkatan.png, the guide's picture of the template in a spreadsheet program.

The template is written by the real command (``export sessions --template``) for the sample site,
opened by LibreOffice Calc (headless) with the grid and the row and column headings shown, as on the
screen, and its first columns printed to PDF, then turned into PNG by pdftoppm (Debian poppler-utils).

    .venv/bin/python docs/img/screenshot_template.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import load_workbook

PROJECT = Path(__file__).resolve().parents[2]
OUTPUT = PROJECT / "docs/img/templat-angkatan.png"
NOW = "2026-12-01T09:00:00+07:00"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        template = work / "templat-angkatan.xlsx"
        subprocess.run([sys.executable, str(PROJECT / "build.py"), "--messages", "id", "export", "sessions",
                        "--template", "--output", str(template), "--now", NOW], check=True)
        book = load_workbook(template)
        page = book.worksheets[0]
        page.print_options.gridLines = True
        page.print_options.headings = True
        page.print_area = "A1:K7"
        page.sheet_properties.pageSetUpPr.fitToPage = False
        page.page_setup.scale = 75
        page.print_title_rows = None
        book.save(template)
        subprocess.run(["soffice", f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(work), str(template)], check=True, capture_output=True)
        subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-x", "40", "-y", "100", "-W", "1100",
                        "-H", "140", str(work / "templat-angkatan.pdf"), str(work / "gambar")], check=True)
        shutil.copy(next(work.glob("gambar*.png")), OUTPUT)
    print(OUTPUT)


if __name__ == "__main__":
    main()
