"""Dates, times and money in the page's language, all through Babel's CLDR data."""

from __future__ import annotations

import re
from datetime import date, datetime

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import format_decimal, parse_pattern


def long_date(day: date | datetime, locale: Locale | str) -> str:
    """``Selasa, 1 Desember 2026`` / ``Tuesday, December 1, 2026``.

    CLDR's full Indonesian pattern pads the day ("01 Desember"), which reads oddly in
    running text; the day field is narrowed as ICU does for a "d" skeleton.
    """
    pattern = Locale.parse(locale).date_formats["full"].pattern
    return format_date(day, format=re.sub(r"(?<!d)dd(?!d)", "d", pattern), locale=locale)


def day_month(day: date | datetime, locale: Locale | str) -> str:
    """``22 Juni`` / ``June 22``: a day of the coming months, short enough for a card."""
    return format_skeleton("MMMMd", _day(day), locale=locale)


def month_year(day: date | datetime, locale: Locale | str) -> str:
    """``Juli 2026`` / ``July 2026`` (the stand-alone month form)."""
    return format_date(day, format="LLLL y", locale=locale)


def date_range(start: date | datetime, end: date | datetime, locale: Locale | str) -> str:
    """``20–22 Juli 2026`` / ``July 20 – 22, 2026``: CLDR's interval pattern, full month names.

    CLDR has no interval pattern for full month names, so the abbreviated-month pattern is
    widened (MMM -> MMMM), as ICU's skeleton matching does.
    """
    start, end = _day(start), _day(end)
    if start == end:
        return format_date(start, format="long", locale=locale)
    if start > end:
        start, end = end, start
    greatest = "y" if start.year != end.year else "M" if start.month != end.month else "d"
    first, second = Locale.parse(locale).interval_formats["yMMMd"][greatest]
    return format_date(start, _widen(first), locale=locale) + format_date(end, _widen(second), locale=locale)


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _widen(pattern: str) -> str:
    return re.sub(r"(?<!M)MMM(?!M)", "MMMM", pattern)


def clock(moment: datetime, locale: Locale | str) -> str:
    """``08.00`` / ``8:00 AM``."""
    return format_time(moment, format="short", locale=locale)


# CLDR "currencySpacing": an alphabetic currency code next to a digit gets a no-break
# space (IDR 1,500,000), which Babel's formatter does not apply.
_CODE_BEFORE_DIGIT = re.compile(r"^([A-Z]{3})(?=\d)")


def money(amount: int, locale: Locale | str, currency: str = "IDR") -> str:
    """``Rp1.500.000`` / ``IDR 1,500,000``: the locale's currency pattern, no decimals."""
    locale = Locale.parse(locale)
    pattern = parse_pattern(locale.currency_formats["standard"].pattern)
    pattern.frac_prec = (0, 0)  # rupiah are quoted in whole numbers
    formatted = pattern.apply(amount, locale, currency=currency, currency_digits=False)
    return _CODE_BEFORE_DIGIT.sub("\\1\u00a0", formatted)


def number(value: float | int, locale: Locale | str) -> str:
    return format_decimal(value, locale=locale)
