"""The columns of the office's sheet: the headers that name each one, in Indonesian and in English,
and the field of a session it fills; where a problem in a sheet is.

A header is recognised whatever its case, spacing or underscores (``Kode Angkatan``,
``seats_taken``). A few columns are written by ``export sessions`` for people to read (seats left,
the status now, the venue's address) and passed over by ``import sessions``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from openpyxl.utils import get_column_letter

from ..messages import Message, msg
from ..schema import closest
from .read import Row, Table


class Kind(Enum):
    """How a cell becomes the value YAML would give (see cells.py)."""

    TEXT = "text"
    WHOLE = "whole number"
    MOMENT = "date and time"
    DAY = "date"
    COURSE = "course"
    VENUE = "venue"


@dataclass(frozen=True)
class Column:
    field: str | None  # dotted field of a session ("registration.opens"); None: read by people, not imported
    kind: Kind
    indonesian: str
    english: str
    aliases: tuple[str, ...] = ()

    def header(self, language: str) -> str:
        return self.indonesian if language == "id" else self.english

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(normal(name) for name in (self.indonesian, self.english, *self.aliases))


def columns(languages: tuple[str, ...]) -> tuple[Column, ...]:
    """Every column a sheet may have, in the order the export writes them; the note once for all
    languages (``catatan``) or once per language (``catatan (en)``)."""
    return (
        Column("id", Kind.TEXT, "kode angkatan", "id", ("kode", "session id", "kode sesi")),
        Column("course", Kind.COURSE, "pelatihan", "course",
               ("judul pelatihan", "nama pelatihan", "course title", "kode pelatihan", "course key")),
        Column(None, Kind.TEXT, "status saat ini", "current status", ("status now",)),
        Column("start", Kind.MOMENT, "mulai", "start", ("tanggal mulai", "waktu mulai", "start date")),
        Column("end", Kind.MOMENT, "selesai", "end", ("tanggal selesai", "waktu selesai", "end date")),
        Column("timezone", Kind.TEXT, "zona waktu", "time zone", ("timezone", "zona")),
        Column("mode", Kind.TEXT, "mode", "mode", ("cara belajar",)),
        Column("venue", Kind.VENUE, "tempat", "venue", ("lokasi", "nama tempat", "venue name")),
        Column(None, Kind.TEXT, "alamat tempat", "venue address", ("alamat",)),
        Column("online_platform", Kind.TEXT, "platform", "online platform", ("platform daring",)),
        Column("quota", Kind.WHOLE, "kuota", "quota"),
        Column("seats_taken", Kind.WHOLE, "terisi", "seats taken", ("kursi terisi",)),
        Column(None, Kind.WHOLE, "sisa kursi", "seats left"),
        Column("fee", Kind.WHOLE, "biaya", "fee", ("biaya (rp)", "fee (idr)", "fee (rp)")),
        Column("registration.opens", Kind.DAY, "pendaftaran dibuka", "registration opens"),
        Column("registration.closes", Kind.DAY, "pendaftaran ditutup", "registration closes"),
        Column("registration.url", Kind.TEXT, "tautan pendaftaran", "registration link",
               ("registration url", "link pendaftaran", "alamat pendaftaran")),
        Column("status", Kind.TEXT, "status", "status"),
        Column("language", Kind.TEXT, "bahasa", "language", ("bahasa pengantar",)),
        Column("contact.name", Kind.TEXT, "narahubung", "contact", ("contact name", "nama narahubung")),
        Column("contact.phone", Kind.TEXT, "telepon narahubung", "contact phone"),
        Column("contact.whatsapp", Kind.TEXT, "whatsapp narahubung", "contact whatsapp"),
        Column("contact.email", Kind.TEXT, "email narahubung", "contact email"),
        Column("note", Kind.TEXT, "catatan", "note", ("notes",)),
        *(Column(f"note.{lang}", Kind.TEXT, f"catatan ({lang})", f"note ({lang})") for lang in languages),
        Column("sequence", Kind.WHOLE, "revisi kalender", "sequence"),
    )


def normal(header: str) -> str:
    """A header as compared: lower case, single spaces, no underscores, no '*' or ':' at the end."""
    return re.sub(r"[\s_]+", " ", header.replace("\u00a0", " ")).strip().rstrip("*:").strip().casefold()


@dataclass(frozen=True)
class Header:
    """The header row of a sheet: which column (from 1) holds which field."""

    row: int
    by_column: dict[int, Column]  # every recognised column, read-only ones included
    written: dict[int, str]  # every header cell as written

    def column_of(self, field: str) -> int | None:
        return next((number for number, column in self.by_column.items() if column.field == field), None)

    @property
    def fields(self) -> dict[str, int]:
        """Field -> column, for the columns that are imported."""
        return {column.field: number for number, column in self.by_column.items() if column.field}


HEADER_SEARCH = 10  # rows in which the header row is looked for (a title may stand above it)
HEADER_LIKENESS = 0.75  # a header this close to a known one is offered as "did you mean"; less is a guess


def find_header(table: Table, known: tuple[Column, ...]) -> Row | None:
    """The first row in which at least two cells are known headers."""
    names = {name for column in known for name in column.names}
    for row in table.rows[:HEADER_SEARCH]:
        found = sum(1 for cell in row.cells if isinstance(cell.value, str) and normal(cell.value) in names)
        if found >= 2:
            return row
    return None


def read_header(table: Table, row: Row, known: tuple[Column, ...]) -> tuple[Header, list[tuple[Message, Message]]]:
    """The header and its problems (each as place and message): an unknown header, with the
    nearest known one; two columns filling the same field."""
    by_name = {name: column for column in known for name in column.names}
    every_name = [name for column in known for name in (column.indonesian, column.english)]
    by_column: dict[int, Column] = {}
    written: dict[int, str] = {}
    problems: list[tuple[Message, Message]] = []
    taken: dict[str, int] = {}
    for number, cell in enumerate(row.cells, start=1):
        if cell.value is None or not str(cell.value).strip():
            continue
        text = str(cell.value).strip()
        written[number] = text
        column = by_name.get(normal(text))
        if column is None:
            suggestion = closest(normal(text), every_name, cutoff=HEADER_LIKENESS)
            problems.append((place(table, row.number, number, text),
                             msg("is not a known column; did you mean '{suggestion}'?", suggestion=suggestion)
                             if suggestion else msg("is not a known column (the guide lists them)")))
            continue
        key = column.field or column.english
        if key in taken:
            problems.append((place(table, row.number, number, text),
                             msg("is the same column as column {other} ({header}); keep one of them",
                                 other=letter(taken[key]), header=written[taken[key]])))
            continue
        taken[key] = number
        by_column[number] = column
    return Header(row.number, by_column, written), problems


def letter(column: int) -> str:
    return get_column_letter(column)


def place(table: Table, row: int, column: int | None = None, header: str | None = None) -> Message:
    """Where in a sheet: ``Sheet1 row 7, column C (mulai)``; a CSV file has no sheet name."""
    if column is None:
        return msg("{sheet} row {row}", sheet=table.sheet, row=row) if table.sheet else msg("row {row}", row=row)
    if table.sheet:
        return msg("{sheet} row {row}, column {column} ({header})", sheet=table.sheet, row=row,
                   column=letter(column), header=header)
    return msg("row {row}, column {column} ({header})", row=row, column=letter(column), header=header)


def cell_name(table: Table, row: int, column: int) -> str:
    """A cell as a spreadsheet formula names it, the same in every language: ``Sheet1!A7``."""
    cell = f"{letter(column)}{row}"
    return f"{table.sheet}!{cell}" if table.sheet else cell
