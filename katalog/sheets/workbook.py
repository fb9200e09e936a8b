"""Writing .xlsx workbooks with openpyxl: the desk's sheet and the template to fill in.

Both look the way the office expects a sheet to look: dates as real date cells (10/02/2026 08:00),
fees in the rupiah format (Rp150.000; 0 shows as Gratis, and is 0 in the cell), a frozen bold
header with a filter, columns wide enough to read, printing landscape on one page wide with the
header on every page. The template adds an example row, a second sheet listing the choices, and
drop-down lists (data validation) of course keys, venues, modes, statuses, time zones and languages
from the site's content, with a note on each column saying what to write.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..messages import Message, msg
from ..model import DeclaredStatus, Mode
from .columns import Column, Kind, columns
from .export import TITLE_ROWS, Sheet, save_atomically
from .rows import EXAMPLE_ID

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

    from ..pipeline import Assembled

HEADER_FILL = PatternFill("solid", start_color="DDE7F0")
EXAMPLE_FONT = Font(italic=True, color="666666")
WIDEST = 34  # characters: a longer text wraps in its cell
TEMPLATE_ROWS = 200  # rows of the template formatted and validated, below the example
ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")  # WIB, WITA, WIT


def formats(language: str) -> dict[str, str]:
    """Number formats by kind of column: the day first as Indonesia writes it; rupiah with 0 shown as
    free; phone numbers as text, so that the 0 in front of 0812 is kept as typed."""
    free = "Gratis" if language == "id" else "Free"
    day = "DD/MM/YYYY" if language == "id" else "YYYY-MM-DD"
    return {Kind.MOMENT.value: f"{day} HH:MM", Kind.DAY.value: day, Kind.WHOLE.value: "0",
            "fee": f'"Rp"#,##0;-"Rp"#,##0;"{free}"', "contact.phone": "@", "contact.whatsapp": "@"}


def write_desk(sheet: Sheet, path: Path) -> None:
    book = Workbook()
    page = book.active
    assert page is not None
    page.title = sheet.name
    page["A1"] = sheet.title
    page["A1"].font = Font(bold=True, size=14)
    page["A2"] = sheet.subtitle
    header_row = TITLE_ROWS + 1
    _header(page, sheet.columns, sheet.language, header_row)
    number_formats = formats(sheet.language)
    wrapped = Alignment(vertical="top", wrap_text=True)
    for offset, values in enumerate(sheet.rows, start=1):
        for number, (column, value) in enumerate(zip(sheet.columns, values, strict=True), start=1):
            cell = page.cell(row=header_row + offset, column=number, value=value)
            cell.number_format = _format(column, number_formats)
            cell.alignment = wrapped
    last = header_row + max(1, len(sheet.rows))
    page.freeze_panes = f"C{header_row + 1}"  # the header, the id and the course stay in view
    page.auto_filter.ref = f"A{header_row}:{get_column_letter(len(sheet.columns))}{last}"
    _widths(page, sheet.columns, sheet.language, sheet.rows)
    _heights(page, header_row + 1, sheet.rows)
    _print_setup(page, header_row)
    # The printed list (for signing) holds what is decided: up to the last day of registration.
    printed = next(number for number, column in enumerate(sheet.columns, start=1)
                   if column.field == "registration.closes")
    page.print_area = f"A1:{get_column_letter(printed)}{last}"
    save_atomically(path, book.save)



def write_template(read: Assembled, language: str, catalog: Catalog | None, path: Path) -> None:
    """The template: the header, an example row, and drop-down lists from the site's content."""
    site = read.site
    lang = language if language in site.config.language_codes else site.config.default_language
    cols = template_columns(site.config.language_codes)
    book = Workbook()
    page = book.active
    assert page is not None
    page.title = msg("Sessions").translated(catalog)
    choices = book.create_sheet(msg("Choices").translated(catalog))
    _header(page, cols, lang, 1)
    example = _example(read, lang)
    number_formats = formats(lang)
    for number, column in enumerate(cols, start=1):
        for row in range(2, TEMPLATE_ROWS + 3):
            page.cell(row=row, column=number).number_format = _format(column, number_formats)
        cell = page.cell(row=2, column=number, value=example.get(column.field or ""))
        cell.font = EXAMPLE_FONT
    page.freeze_panes = "C2"
    _widths(page, cols, lang, [[example.get(column.field or "") for column in cols]])
    _print_setup(page, 1)
    lists = _choices(choices, read, lang, catalog)
    for number, column in enumerate(cols, start=1):
        _validate(page, number, column, lists, catalog, lang)
    save_atomically(path, book.save)


def template_columns(languages: tuple[str, ...]) -> tuple[Column, ...]:
    """Every column an import reads, without the ones for reading only, the single note and sequence."""
    return tuple(column for column in columns(languages)
                 if column.field is not None and column.field not in ("note", "sequence"))


def _example(read: Assembled, lang: str) -> dict[str, Any]:
    """An example session, refused by the import if it is left in (its id is EXAMPLE_ID)."""
    site = read.site
    start = datetime.combine(site.now.date() + timedelta(days=42), datetime.min.time()).replace(hour=8)
    course = next(iter(sorted(site.courses)), "")
    venue = next(iter(site.data.venues), None)
    return {"id": EXAMPLE_ID, "course": course, "start": start, "end": start + timedelta(days=2, hours=8),
            "timezone": site.config.timezone, "mode": Mode.OFFLINE.value if venue else Mode.ONLINE.value,
            "venue": venue, "online_platform": None if venue else "Zoom", "quota": 30, "seats_taken": 0, "fee": 0,
            "registration.opens": site.now.date(), "registration.closes": (start - timedelta(days=7)).date(),
            "registration.url": f"https://example.org/daftar/{EXAMPLE_ID}", "status": DeclaredStatus.SCHEDULED.value,
            "language": site.config.default_language}


def _choices(page: Worksheet, read: Assembled, lang: str, catalog: Catalog | None) -> dict[str, str]:
    """The lists the drop-downs offer, one column each on the second sheet, with the titles and
    names beside the keys; field -> the range of its list."""
    site = read.site
    codes = site.config.language_codes
    zones = sorted({site.config.timezone, *ZONES, *(record.timezone for record in read.records)})
    courses = sorted(site.courses)
    lists: list[tuple[str, Message, list[str], list[list[str]]]] = [
        ("course", msg("course key"), courses,
         [[site.courses[key][code].title if code in site.courses[key] else "" for key in courses] for code in codes]),
        ("venue", msg("venue key"), list(site.data.venues),
         [[venue.name[code] for venue in site.data.venues.values()] for code in codes]),
        ("mode", msg("mode"), [mode.value for mode in Mode], []),
        ("status", msg("status"), [status.value for status in DeclaredStatus], []),
        ("timezone", msg("time zone"), zones, []),
        ("language", msg("language"), list(codes), []),
    ]
    ranges: dict[str, str] = {}
    column = 1
    for name, heading, values, beside in lists:
        page.cell(row=1, column=column, value=heading.translated(catalog)).font = Font(bold=True)
        for offset, value in enumerate(values, start=2):
            page.cell(row=offset, column=column, value=value)
        for extra, (code, texts) in enumerate(zip(codes, beside, strict=False), start=1):
            page.cell(row=1, column=column + extra, value=code).font = Font(bold=True)
            for offset, text in enumerate(texts, start=2):
                page.cell(row=offset, column=column + extra, value=text)
            page.column_dimensions[get_column_letter(column + extra)].width = 40
        letter = get_column_letter(column)
        page.column_dimensions[letter].width = max(16, *(len(v) + 2 for v in values)) if values else 16
        ranges[name] = f"{quote_sheetname(page.title)}!${letter}$2:${letter}${max(2, len(values) + 1)}"
        column += 2 + len(beside)
    page.freeze_panes = "A2"
    return ranges


def _validate(page: Worksheet, number: int, column: Column, lists: dict[str, str], catalog: Catalog | None,
              lang: str) -> None:
    """A drop-down (or a whole-number check) and a note saying what to write, on the column's cells."""
    field = column.field or ""
    listed = lists.get(field.split(".")[0] if field.startswith("note.") else field)
    strict = field in ("mode", "status", "language")  # other words are refused by the import too
    if listed:
        rule = DataValidation(type="list", formula1=listed, allow_blank=True, showErrorMessage=True,
                              errorStyle="stop" if strict else "warning")
    elif column.kind is Kind.WHOLE:
        rule = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="1" if field == "quota" else "0",
                              allow_blank=True, showErrorMessage=True, errorStyle="stop")
    else:
        rule = DataValidation(allow_blank=True)
    rule.showInputMessage = True
    rule.promptTitle = column.header(lang)[:32]
    rule.prompt = hint(field, catalog)[:255]
    rule.error = hint(field, catalog)[:255]
    rule.errorTitle = column.header(lang)[:32]
    letter = get_column_letter(number)
    rule.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 2}")
    page.add_data_validation(rule)


HINTS: dict[str, Message] = {
    "id": msg("A short code for the session, unique and never changed once published: course-year-number, like "
              "koperasi-2027-02."),
    "course": msg("Pick the course's key from the list (the second sheet shows their titles); a title is accepted "
                  "too."),
    "start": msg("Day and time it starts, local time: 10/02/2026 08.00 (day/month/year)."),
    "end": msg("Day and time it ends: 12/02/2026 16.00. Over several days with the same hours: the last day and "
               "the daily end time."),
    "timezone": msg("Empty for Asia/Jakarta (WIB); Asia/Makassar is WITA, Asia/Jayapura is WIT."),
    "mode": msg("offline (in person), online or hybrid."),
    "venue": msg("Offline and hybrid sessions: pick the venue's key (its name is accepted too). Empty for online."),
    "online_platform": msg("Online and hybrid sessions: the platform, like Zoom."),
    "quota": msg("Number of seats, 1 or more; empty when there is no limit."),
    "seats_taken": msg("Seats already taken; not more than the quota."),
    "fee": msg("Required. The fee in rupiah, digits only: 150000; 0 when it is free."),
    "registration.opens": msg("First day registration is accepted: 05/01/2026."),
    "registration.closes": msg("Last day registration is accepted; at the latest the day the session starts."),
    "registration.url": msg("The address of the registration form, starting with https://"),
    "status": msg("scheduled; or cancelled or postponed, with the reason in the note."),
    "language": msg("The language the session is taught in."),
    "contact.name": msg("The contact person's name."),
    "contact.phone": msg("The contact person's phone, like (0341) 551234."),
    "contact.whatsapp": msg("The contact person's WhatsApp, like 0812-3456-7890."),
    "contact.email": msg("The contact person's e-mail address."),
}


def hint(field: str, catalog: Catalog | None) -> str:
    if field.startswith("note."):
        return msg("A note for participants, in the language {language}; for a cancelled or postponed session, the "
                   "reason.", language=field.removeprefix("note.")).translated(catalog)
    return HINTS[field].translated(catalog) if field in HINTS else ""


def _header(page: Worksheet, cols: Sequence[Column], lang: str, row: int) -> None:
    line = Side(style="thin", color="7F8C99")
    for number, column in enumerate(cols, start=1):
        cell = page.cell(row=row, column=number, value=column.header(lang))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = Border(bottom=line)
        cell.alignment = Alignment(vertical="top", wrap_text=True)


def _format(column: Column, number_formats: dict[str, str]) -> str:
    return number_formats.get(column.field or "") or number_formats.get(column.kind.value, "General")


def _widths(page: Worksheet, cols: Sequence[Column], lang: str, rows: Sequence[Sequence[Any]]) -> None:
    """Wide enough for the header and the longest value shown, within limits."""
    for number, column in enumerate(cols, start=1):
        longest = max([len(column.header(lang)), *(_shown_length(row[number - 1]) for row in rows)])
        page.column_dimensions[get_column_letter(number)].width = min(WIDEST, max(9, longest + 2))


def _heights(page: Worksheet, first: int, rows: Sequence[Sequence[Any]]) -> None:
    """Rows tall enough for their wrapped text (spreadsheet programs do not measure it on opening)."""
    widths = [page.column_dimensions[get_column_letter(number)].width for number in range(1, len(rows[0]) + 1)] \
        if rows else []
    for offset, row in enumerate(rows):
        lines = max(1, *(math.ceil(_shown_length(value) / max(1, width - 1)) for value, width in zip(row, widths,
                                                                                                      strict=True)))
        if lines > 1:
            page.row_dimensions[first + offset].height = 15 * lines


def _shown_length(value: Any) -> int:
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    if isinstance(value, int):
        return len(f"Rp{value:,}")
    return len(str(value)) if value is not None else 0


def _print_setup(page: Worksheet, header_row: int) -> None:
    """Printed for signing: landscape A4, one page wide, the header on every page."""
    page.page_setup.orientation = "landscape"
    page.page_setup.paperSize = page.PAPERSIZE_A4
    if page.sheet_properties.pageSetUpPr is not None:
        page.sheet_properties.pageSetUpPr.fitToPage = True
    page.page_setup.fitToWidth = 1
    page.page_setup.fitToHeight = 0
    page.print_title_rows = f"{header_row}:{header_row}"
