"""Spreadsheets written for tests: real .xlsx files (openpyxl) and CSV files, as an office saves them."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from sitefactory import PROJECT

from katalog.schedules import read_schedules

HEADER = ["kode angkatan", "pelatihan", "mulai", "selesai", "zona waktu", "mode", "tempat", "platform", "kuota",
          "terisi", "biaya", "pendaftaran dibuka", "pendaftaran ditutup", "tautan pendaftaran", "status",
          "whatsapp narahubung"]
# A new session of the fixture site (tests/sitefactory.py) as the training section types it.
GOOD = {"kode angkatan": "kop-2", "pelatihan": "koperasi", "mulai": datetime(2026, 8, 10, 8, 0),
        "selesai": datetime(2026, 8, 12, 16, 0), "mode": "offline", "tempat": "upt", "kuota": 30, "terisi": 0,
        "biaya": 0, "pendaftaran dibuka": date(2026, 7, 1), "pendaftaran ditutup": date(2026, 8, 3),
        "tautan pendaftaran": "https://example.org/daftar/kop-2"}


def write_xlsx(path: Path, rows: list[dict[str, Any]], header: list[str] | None = None, sheet: str = "Angkatan",
               above: list[str] = ()) -> Path:
    """A workbook with the header (after the lines ``above``) and one row per dict; datetimes are written as
    date cells showing the time, dates as date cells showing the day."""
    header = header or HEADER
    book = Workbook()
    page = book.active
    page.title = sheet
    for line in above:
        page.append([line])
    page.append(header)
    for values in rows:
        page.append([values.get(name) for name in header])
        for cell in page[page.max_row]:
            if isinstance(cell.value, datetime):
                cell.number_format = "DD/MM/YYYY HH:MM"
            elif isinstance(cell.value, date):
                cell.number_format = "DD/MM/YYYY"
    book.save(path)
    return path


def write_csv(path: Path, lines: list[str], bom: bool = True) -> Path:
    path.write_text(("\ufeff" if bom else "") + "\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def read_xlsx(path: Path) -> Any:
    return load_workbook(path)


def copy_sample(folder: Path) -> Path:
    """The bundled sample site's content and configuration, copied into ``folder``."""
    site = folder / "situs"
    shutil.copytree(PROJECT / "content", site / "content")
    shutil.copy(PROJECT / "site_config.yaml", site / "site_config.yaml")
    return site


def sessions_of(site: Path) -> dict[str, tuple]:
    """Every session of a site's schedule files as the schedule loader reads it, without where it is written."""
    from katalog.config import load_config
    from katalog.errors import Problems

    problems = Problems(site)
    config = load_config(site, problems)
    assert config is not None
    records = read_schedules(site, config, problems)
    assert not problems.errors, problems.errors
    return {record.id: (record.course, record.start, record.end, record.timezone, record.mode, record.venue,
                        record.online_platform, record.quota, record.seats_taken, record.fee,
                        record.registration_opens, record.registration_closes, record.registration_url,
                        record.contact, record.declared_status, record.language, record.note)
            for record in records}
