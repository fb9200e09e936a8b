"""Reading a spreadsheet: every cell as the program stored it, nothing interpreted.

An .xlsx cell (openpyxl) is text, a number, a date or date and time (with its number format,
which says whether a time of day is shown), true/false, or empty; a CSV cell (the standard
library: comma or semicolon, UTF-8 with or without a byte-order mark) is text. What a cell
means for a session is decided later (``cells.py``), by the schedule rules.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from ..errors import CommandLineError, ContentError, Problem
from ..messages import msg

MAX_SHEET_BYTES = 10 * 1024 * 1024
SUFFIXES = (".xlsx", ".xlsm", ".csv")
CellValue = str | int | float | bool | datetime | date | time | None


@dataclass(frozen=True)
class Cell:
    value: CellValue
    shows_time: bool = False  # a date cell whose number format shows the time of day


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet program numbers it, from 1
    cells: tuple[Cell, ...]  # column A first

    def cell(self, column: int) -> Cell:
        """The cell in a column (from 1); an empty one past the last written."""
        return self.cells[column - 1] if column <= len(self.cells) else Cell(None)

    @property
    def blank(self) -> bool:
        return all(cell.value is None or (isinstance(cell.value, str) and not cell.value.strip())
                   for cell in self.cells)


@dataclass(frozen=True)
class Table:
    display: str  # the file as the person named it on the command line
    sheet: str | None  # the sheet's name; None for a CSV file
    rows: tuple[Row, ...]
    epoch: datetime  # day 0 of date serial numbers (the 1900 system, or 1904 of old Mac workbooks)


def read_table(path: Path, display: str, sheet: str | None = None) -> Table:
    """The cells of a sheet of an .xlsx file (the first, or ``sheet``) or of a CSV file.

    Raises CommandLineError when the file named cannot be used at all (missing, not a spreadsheet
    this reads, no such sheet) and ContentError when it is damaged or not UTF-8."""
    if path.suffix.lower() not in SUFFIXES:
        raise CommandLineError(display, msg("is not a sheet this command reads; save it as .xlsx (Excel workbook) or "
                                            ".csv (CSV UTF-8)"))
    if not path.is_file():
        raise CommandLineError(display, msg("does not exist"))
    if path.stat().st_size > MAX_SHEET_BYTES:
        raise ContentError([Problem(display, msg("is too large ({size} KiB; the limit is {limit} KiB)",
                                                 size=path.stat().st_size // 1024, limit=MAX_SHEET_BYTES // 1024))])
    if path.suffix.lower() == ".csv":
        if sheet is not None:
            raise CommandLineError("--sheet", msg("a CSV file has one sheet only; leave --sheet out"))
        return _read_csv(path, display)
    return _read_xlsx(path, display, sheet)


def _read_xlsx(path: Path, display: str, sheet: str | None) -> Table:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            # openpyxl warns of spreadsheet features it does not keep (extensions, styles); only values matter here.
            warnings.simplefilter("ignore")
            book = load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        raise ContentError([Problem(display, msg("cannot be read as an Excel workbook (.xlsx); open it in the "
                                                 "spreadsheet program and save it again as .xlsx"))]) from None
    if sheet is not None and sheet not in book.sheetnames:
        raise CommandLineError("--sheet", msg("'{value}' is not a sheet of {file}; its sheets are {sheets}",
                                              value=sheet, file=display, sheets=", ".join(book.sheetnames)))
    worksheet = book[sheet] if sheet is not None else book.worksheets[0]
    rows = []
    for number, cells in enumerate(worksheet.iter_rows(), start=1):
        rows.append(Row(number, tuple(Cell(_value(cell.value), bool(getattr(cell, "is_date", False))
                                           and _shows_time(cell.number_format)) for cell in cells)))
    return Table(display, worksheet.title, _trimmed(rows), book.epoch)


def _shows_time(number_format: str | None) -> bool:
    """Whether a date's number format shows hours (``DD/MM/YYYY HH:MM``), not only the day."""
    bare = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", number_format or "")
    return bool(re.search(r"[hH]", bare))


def _read_csv(path: Path, display: str) -> Table:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ContentError([Problem(display, msg("is not saved as UTF-8; in the spreadsheet program choose "
                                                 "'CSV UTF-8' (or 'Text CSV' with the character set Unicode "
                                                 "UTF-8) when saving"))]) from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first.count)
    rows = [Row(number, tuple(Cell(value if value.strip() else None) for value in values))
            for number, values in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1)]
    from openpyxl.utils.datetime import CALENDAR_WINDOWS_1900

    return Table(display, None, _trimmed(rows), CALENDAR_WINDOWS_1900)


def _trimmed(rows: list[Row]) -> tuple[Row, ...]:
    """Without the empty rows after the last written one."""
    while rows and rows[-1].blank:
        rows.pop()
    return tuple(rows)


def _value(value: object) -> CellValue:
    """A cell's value as the import reads it: text, a number, a date or nothing; anything else
    openpyxl may hold (rich text, a formula object) as its text."""
    if value is None or isinstance(value, (str, int, float, bool, datetime, date, time)):
        return value
    return str(value)
