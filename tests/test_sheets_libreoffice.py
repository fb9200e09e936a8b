"""A sheet typed as a person types it, saved by a real spreadsheet program, imports to the right facts.

The rows are typed as an office clerk in Malang types them (days first, 08.00 or 08:00, 150.000 for a
hundred and fifty thousand, 1/7/2026) into a CSV file, which LibreOffice Calc opens with the Indonesian
locale and saves as .xlsx (``soffice --headless --convert-to xlsx``): whatever Calc makes of each typed
value (a date cell, a number, or text it did not recognise) is what the import then reads. LibreOffice
is installed by ``.ci/install-test-tools``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from openpyxl import load_workbook
from sitefactory import build_site, run_cli

CSV_OPTIONS = "CSV:59,34,UTF8,1,,1057,false,true"  # ';', '"', UTF-8, from line 1, Indonesian (1057), detect dates
TYPED = [
    "kode angkatan;pelatihan;mulai;selesai;mode;tempat;platform;kuota;terisi;biaya;pendaftaran dibuka;"
    "pendaftaran ditutup;tautan pendaftaran",
    "kop-2;Manajemen Koperasi;10/08/2026 08.00;12/08/2026 16.00;offline;Gedung UPT;;30;4;150.000;01/07/2026;"
    "03/08/2026;https://example.org/daftar/kop-2",
    "kop-3;koperasi;24/08/2026 08:00;26/08/2026 16:00;hybrid;upt;Zoom;25;0;0;1/7/2026;10/8/2026;"
    "https://example.org/daftar/kop-3",
]


def saved_by_libreoffice(typed: Path) -> Path:
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is missing: .ci/install-test-tools installs it (libreoffice-calc-nogui)"
    profile = typed.parent / "profil-libreoffice"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", f"--infilter={CSV_OPTIONS}",
                    "--convert-to", "xlsx", "--outdir", str(typed.parent), str(typed)],
                   check=True, capture_output=True, timeout=180)
    saved = typed.with_suffix(".xlsx")
    assert saved.is_file()
    return saved


def test_a_sheet_typed_and_saved_in_libreoffice_imports_the_facts_typed(site: Path, tmp_path: Path) -> None:
    typed = tmp_path / "ketikan.csv"
    typed.write_text("\n".join(TYPED) + "\n", encoding="utf-8")
    sheet = saved_by_libreoffice(typed)

    # What Calc stored: real dates and numbers where it recognised them (08:00), text where it did not (08.00).
    cells = load_workbook(sheet).worksheets[0]
    assert cells["C3"].is_date and cells["J2"].value == 150000 and cells["K2"].is_date
    assert {type(cells["C2"].value), type(cells["C3"].value)} != {str}

    result = run_cli("--messages", "en", "import", "sessions", str(sheet), "--site", str(site),
                     "--now", "2026-06-15T09:00:00+07:00")
    assert result.code == 0, result.err
    written = (site / "content/schedules/2026.yaml").read_text(encoding="utf-8")
    # Laid out as the fixture's schedule is (no blank line between sessions).
    assert written.endswith(
        "  - id: kop-2\n    course: koperasi\n    start: 2026-08-10 08:00\n    end: 2026-08-12 16:00\n"
        "    mode: offline\n    venue: upt\n    quota: 30\n    seats_taken: 4\n    fee: 150000\n    registration:\n"
        "      opens: 2026-07-01\n      closes: 2026-08-03\n      url: https://example.org/daftar/kop-2\n"
        "  - id: kop-3\n    course: koperasi\n    start: 2026-08-24 08:00\n    end: 2026-08-26 16:00\n"
        "    mode: hybrid\n    venue: upt\n    online_platform: Zoom\n    quota: 25\n    seats_taken: 0\n    fee: 0\n"
        "    registration:\n      opens: 2026-07-01\n      closes: 2026-08-10\n"
        "      url: https://example.org/daftar/kop-3\n")
    assert build_site(site, tmp_path / "out", "--strict").code == 0
