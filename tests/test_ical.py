"""Calendar feeds parse back with the icalendar library, with stable UIDs and the right instants."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import icalendar
from sitefactory import build_site, write_site

SESSIONS = """\
sessions:
  - id: kop-wita
    course: koperasi
    start: 2026-07-20 08:00
    end: 2026-07-20 16:00
    timezone: Asia/Makassar
    mode: online
    online_platform: Google Meet
    registration: {closes: 2026-07-10, url: "https://example.org/daftar"}
  - id: kop-batal
    course: koperasi
    start: 2026-08-03 08:00
    end: 2026-08-04 16:00
    mode: hybrid
    venue: upt
    online_platform: Zoom
    status: cancelled
    sequence: 2
  - id: pem-1
    course: pemasaran
    start: 2026-09-01 09:00
    end: 2026-09-01 12:00
    mode: online
    online_platform: Zoom
"""


def events(path: Path) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_feeds_parse_with_stable_uids_zones_and_statuses(site: Path, tmp_path: Path) -> None:
    write_site(site, {"content/schedules/2026.yaml": SESSIONS})
    out = tmp_path / "out"
    result = build_site(site, out, now="2026-06-15T09:00:00+07:00")
    assert result.code == 0, result.err

    indonesian = events(out / "jadwal/calendar.ics")
    english = events(out / "en/schedule/calendar.ics")
    assert set(indonesian) == set(english) == {"kop-wita@uji.example.org", "kop-batal@uji.example.org",
                                                "pem-1@uji.example.org"}
    wita = indonesian["kop-wita@uji.example.org"]
    start = wita.decoded("DTSTART")
    assert str(start.tzinfo) == "Asia/Makassar"
    assert start.astimezone(UTC) == datetime(2026, 7, 20, 0, 0, tzinfo=UTC)
    assert wita.decoded("DTSTAMP") == datetime(2026, 6, 15, 2, 0, tzinfo=UTC)
    assert str(wita["STATUS"]) == "CONFIRMED" and str(wita["LOCATION"]) == "Google Meet"
    assert str(wita["SUMMARY"]) == "Manajemen Koperasi"
    assert str(english["kop-wita@uji.example.org"]["SUMMARY"]) == "Cooperative Management"
    assert str(english["kop-wita@uji.example.org"]["URL"]) == (
        "https://uji.example.org/en/courses/cooperative-management/")

    cancelled = indonesian["kop-batal@uji.example.org"]
    assert str(cancelled["STATUS"]) == "CANCELLED" and int(cancelled["SEQUENCE"]) == 2
    assert "Gedung UPT" in str(cancelled["LOCATION"]) and "Zoom" in str(cancelled["LOCATION"])

    calendar = icalendar.Calendar.from_ical((out / "jadwal/calendar.ics").read_bytes())
    zones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    assert zones == {"Asia/Makassar", "Asia/Jakarta"}

    # One feed per course, in each language it exists in; the English feed of an
    # Indonesian-only course does not exist, but its sessions are in the English all-sessions feed.
    assert set(events(out / "pelatihan/koperasi/calendar.ics")) == {"kop-wita@uji.example.org",
                                                                     "kop-batal@uji.example.org"}
    assert set(events(out / "pelatihan/pemasaran/calendar.ics")) == {"pem-1@uji.example.org"}
    assert str(english["pem-1@uji.example.org"]["SUMMARY"]) == "Pemasaran Digital"

    # The page shows the zone the session is held in.
    page = (out / "pelatihan/koperasi/index.html").read_text()
    assert "08.00–16.00 WITA" in page
    assert 'href="/pelatihan/koperasi/calendar.ics"' in page


def test_uids_and_stamps_are_the_same_in_every_build(site: Path, tmp_path: Path) -> None:
    write_site(site, {"content/schedules/2026.yaml": SESSIONS})
    assert build_site(site, tmp_path / "a").code == 0
    assert build_site(site, tmp_path / "b").code == 0
    assert (tmp_path / "a/jadwal/calendar.ics").read_bytes() == (tmp_path / "b/jadwal/calendar.ics").read_bytes()
