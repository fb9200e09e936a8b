"""A cell turned into the value YAML would give for the same fact, so that the schedule loader's
own rules judge it (``schedules.session_record``), with the loader's own messages.

Nothing is guessed: a date cell, a date serial number or a date written as text become the text
``2026-02-10 08:00`` a schedule file holds; a number with no fraction (``250000.0``, as spreadsheet
programs store every number) becomes the whole number 250000; text stays text, so ``Rp250.000`` or
``150.000`` reaches the fee rule as it was typed and is refused with that rule's message. A course
or venue may be named by its key or by its title or name in any language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from ..data import unknown_key
from ..messages import Message, msg
from ..sessions import unknown_course
from .columns import Kind, normal
from .read import Cell

# Day/month/year as Indonesia writes it, with an optional time of day: 10/02/2026 08.00, 10-02-2026 8:00.
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]+(\d{1,2})[.:](\d{2})(?:[.:](\d{2}))?)?")
# Year-month-day with a time of day written with a point or one digit for the hour: 2026-02-10 8.00.
_YEAR_MONTH_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+(\d{1,2})[.:](\d{2})(?:[.:](\d{2}))?)?")
MAX_SERIAL = 2_958_466  # the serial number of 9999-12-31
_KEY = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


def yaml_value(cell: Cell, kind: Kind, epoch: datetime) -> object:
    """What YAML would give for the fact in ``cell``; None for an empty cell."""
    value = cell.value
    if value is None:
        return None
    if isinstance(value, str):
        text = " ".join(value.replace("\u00a0", " ").split())
        if not text:
            return None
        return _written_date(text) if kind in (Kind.MOMENT, Kind.DAY) else text
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        if kind in (Kind.MOMENT, Kind.DAY) and 0 < value < MAX_SERIAL:
            return _iso(epoch + timedelta(days=value), shows_time=False)  # a date serial number
        return int(value) if float(value).is_integer() else value
    if isinstance(value, datetime):
        return _iso(value, cell.shows_time)
    if isinstance(value, date):
        return value.isoformat()
    return value.strftime("%H:%M")  # a time of day alone, refused where a date is needed


def _iso(moment: datetime, shows_time: bool) -> str:
    """``2026-02-10 08:00``; the day alone for a date cell at midnight whose format shows no time,
    so that a start written without its time of day is refused as in a schedule file."""
    moment = moment.replace(microsecond=0) + (timedelta(seconds=1) if moment.microsecond >= 500_000 else timedelta())
    if moment.time() == time(0, 0) and not shows_time:
        return moment.date().isoformat()
    return moment.strftime("%Y-%m-%d %H:%M:%S" if moment.second else "%Y-%m-%d %H:%M")


def _written_date(text: str) -> str:
    """A date written as text, in the form a schedule file holds it; impossible dates (31/02/2026)
    stay impossible, for the schedule rule to say what is wrong. Other text is left as it is."""
    shape = _DAY_MONTH_YEAR.fullmatch(text)
    if shape:
        day, month, year, hour, minute, second = shape.groups()
    else:
        shape = _YEAR_MONTH_DAY.fullmatch(text)
        if not shape:
            return text
        year, month, day, hour, minute, second = shape.groups()
    written = f"{year}-{int(month):02d}-{int(day):02d}"
    if hour is not None:
        written += f" {int(hour):02d}:{minute}" + (f":{second}" if second and second != "00" else "")
    return written


@dataclass(frozen=True)
class Names:
    """The courses and venues a cell may name: key -> the titles or names it is known by."""

    courses: dict[str, set[str]]
    venues: dict[str, set[str]]

    def course(self, text: str) -> tuple[str | None, Message | None]:
        key, keys = _resolve(text, self.courses)
        if keys:
            return None, msg("'{value}' is the title of more than one course ({keys}); write the key of the one "
                             "meant", value=text, keys=", ".join(keys))
        return key, None if key else unknown_course(text, [*self.courses, *self.words(Kind.COURSE)])

    def venue(self, text: str) -> tuple[str | None, Message | None]:
        key, keys = _resolve(text, self.venues)
        if keys:
            return None, msg("'{value}' is the name of more than one venue ({keys}); write the key of the one meant",
                             value=text, keys=", ".join(keys))
        return key, None if key else unknown_key("venues", text, self.venues, self.words(Kind.VENUE))

    def words(self, kind: Kind) -> list[str]:
        """The titles or names, for "did you mean"."""
        known = self.courses if kind is Kind.COURSE else self.venues
        return sorted({name for names in known.values() for name in names})


def _resolve(text: str, known: dict[str, set[str]]) -> tuple[str | None, list[str]]:
    """The key a cell names, by key or by title or name (any language, any case), or the keys of
    every entry that has that name. A text shaped like a key that is not one is kept: the site's
    reference check says so, with the same "did you mean" as for a schedule file."""
    if text in known:
        return text, []
    wanted = normal(text)
    keys = sorted(key for key, names in known.items() if wanted in {normal(name) for name in names})
    if len(keys) == 1:
        return keys[0], []
    if keys:
        return None, keys
    return (text if _KEY.match(text) else None), []
