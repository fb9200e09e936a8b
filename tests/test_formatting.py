"""Dates and money in both locales, through Babel."""

from __future__ import annotations

from datetime import date, datetime

from katalog import formatting


def test_long_dates() -> None:
    assert formatting.long_date(date(2026, 3, 31), "id_ID") == "Selasa, 31 Maret 2026"
    assert formatting.long_date(date(2026, 3, 31), "en_US") == "Tuesday, March 31, 2026"
    assert formatting.long_date(date(2026, 12, 1), "id_ID") == "Selasa, 1 Desember 2026"


def test_money() -> None:
    assert formatting.money(1_500_000, "id_ID") == "Rp1.500.000"
    assert formatting.money(1_500_000, "en_US") == "IDR\u00a01,500,000"
    assert formatting.money(150_000, "id_ID") == "Rp150.000"


def test_date_ranges_use_full_month_names() -> None:
    assert formatting.date_range(date(2026, 7, 20), date(2026, 7, 22), "id_ID") == "20–22 Juli 2026"
    assert formatting.date_range(date(2026, 7, 20), date(2026, 7, 22), "en_US") == "July 20\u2009–\u200922, 2026"
    assert formatting.date_range(date(2026, 7, 30), date(2026, 8, 2), "id_ID") == "30 Juli\u2009–\u20092 Agustus 2026"
    across_years = formatting.date_range(date(2026, 12, 30), date(2027, 1, 2), "id_ID")
    assert across_years == "30 Desember 2026\u2009–\u20092 Januari 2027"
    assert formatting.date_range(date(2026, 5, 1), date(2026, 5, 1), "id_ID") == "1 Mei 2026"
    one_day = (datetime(2026, 12, 10, 8, 30), datetime(2026, 12, 10, 15, 0))
    assert formatting.date_range(*one_day, "id_ID") == "10 Desember 2026"


def test_times_and_months() -> None:
    assert formatting.clock(datetime(2026, 1, 1, 8, 0), "id_ID") == "08.00"
    assert formatting.clock(datetime(2026, 1, 1, 16, 0), "en_US") == "4:00\u202fPM"
    assert formatting.month_year(date(2026, 7, 1), "id_ID") == "Juli 2026"
