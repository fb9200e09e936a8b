"""Calendar files parse back with the icalendar library: stable UIDs, the right instants,
daily hours as a daily recurrence, a file per course and per session named after the course."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
from dateutil.rrule import rrulestr
from sitefactory import NOW, build_site, replaced, write_site

from katalog import pipeline
from katalog.outputs import ical

SESSIONS = """\
sessions:
  - id: kop-wita
    course: koperasi
    start: 2026-07-20 08:00
    end: 2026-07-20 16:00
    timezone: Asia/Makassar
    mode: online
    online_platform: Google Meet
    fee: 0
    registration: {closes: 2026-07-10, url: "https://example.org/daftar"}
  - id: kop-batal
    course: koperasi
    start: 2026-08-03 08:00
    end: 2026-08-04 16:00
    mode: hybrid
    venue: upt
    online_platform: Zoom
    fee: 0
    status: cancelled
    sequence: 2
  - id: kop-tunda
    course: koperasi
    start: 2026-08-10 08:00
    end: 2026-08-12 16:00
    mode: offline
    venue: upt
    fee: 250000
    status: postponed
  - id: kop-lalu
    course: koperasi
    start: 2026-05-04 08:00
    end: 2026-05-05 16:00
    mode: offline
    venue: upt
    fee: 0
  - id: kop-malam
    course: koperasi
    start: 2026-09-05 20:00
    end: 2026-09-06 06:00
    mode: offline
    venue: upt
    fee: 0
  - id: pem-1
    course: pemasaran
    start: 2026-09-01 09:00
    end: 2026-09-01 12:00
    mode: online
    online_platform: Zoom
    fee: 0
"""


def events(path: Path) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def occurrences(event: icalendar.Event) -> list[tuple[datetime, datetime]]:
    """Each (start, end) the event stands for, its RRULE expanded by dateutil, not by our code."""
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    if "RRULE" not in event:
        return [(start, end)]
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
    return [(moment, moment + (end - start)) for moment in rule]


def build(site: Path, tmp_path: Path) -> Path:
    write_site(site, {"content/schedules/2026.yaml": SESSIONS})
    out = tmp_path / "out"
    result = build_site(site, out, now="2026-06-15T09:00:00+07:00")
    assert result.code == 0, result.err
    return out


def test_feeds_parse_with_stable_uids_zones_and_statuses(site: Path, tmp_path: Path) -> None:
    out = build(site, tmp_path)
    indonesian = events(out / "jadwal/jadwal.ics")
    english = events(out / "en/schedule/schedule.ics")
    everything = {f"{sid}@uji.example.org" for sid in ("kop-wita", "kop-batal", "kop-tunda", "kop-lalu",
                                                         "kop-malam", "pem-1")}
    assert set(indonesian) == set(english) == everything  # the site's feed keeps past sessions
    wita = indonesian["kop-wita@uji.example.org"]
    start = wita.decoded("DTSTART")
    assert str(start.tzinfo) == "Asia/Makassar"
    assert start.astimezone(UTC) == datetime(2026, 7, 20, 0, 0, tzinfo=UTC)
    assert wita.decoded("DTSTAMP") == datetime(2026, 6, 14, 17, 0, tzinfo=UTC)  # the start of the build's day
    assert str(wita["STATUS"]) == "CONFIRMED" and str(wita["LOCATION"]) == "Google Meet"
    assert str(wita["SUMMARY"]) == "Manajemen Koperasi"
    assert str(english["kop-wita@uji.example.org"]["SUMMARY"]) == "Cooperative Management"
    assert str(english["kop-wita@uji.example.org"]["URL"]) == (
        "https://uji.example.org/en/courses/cooperative-management/")

    cancelled = indonesian["kop-batal@uji.example.org"]
    assert str(cancelled["STATUS"]) == "CANCELLED" and int(cancelled["SEQUENCE"]) == 2
    assert "Gedung UPT" in str(cancelled["LOCATION"]) and "Zoom" in str(cancelled["LOCATION"])
    assert str(indonesian["kop-tunda@uji.example.org"]["STATUS"]) == "TENTATIVE"

    calendar = icalendar.Calendar.from_ical((out / "jadwal/jadwal.ics").read_bytes())
    zones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    assert zones == {"Asia/Makassar", "Asia/Jakarta"}
    # The page shows the zone the session is held in.
    assert "08.00–16.00 WITA" in (out / "pelatihan/koperasi/index.html").read_text()


def test_daily_hours_recur_daily_and_a_night_session_is_one_stretch(site: Path, tmp_path: Path) -> None:
    found = events(build(site, tmp_path) / "jadwal/jadwal.ics")
    postponed = occurrences(found["kop-tunda@uji.example.org"])
    wib = postponed[0][0].tzinfo
    assert [(s.replace(tzinfo=None), e.replace(tzinfo=None)) for s, e in postponed] == [
        (datetime(2026, 8, day, 8, 0), datetime(2026, 8, day, 16, 0)) for day in (10, 11, 12)]
    assert str(wib) == "Asia/Jakarta"
    assert all(end - start == timedelta(hours=8) for start, end in postponed)  # never 56 hours in one block
    night = occurrences(found["kop-malam@uji.example.org"])
    assert len(night) == 1 and night[0][1] - night[0][0] == timedelta(hours=10)
    one_day = occurrences(found["pem-1@uji.example.org"])
    assert len(one_day) == 1 and "RRULE" not in found["pem-1@uji.example.org"]


def test_a_calendar_per_course_and_per_session_named_after_the_course(site: Path, tmp_path: Path) -> None:
    out = build(site, tmp_path)
    course_dir = out / "pelatihan/koperasi"
    # The course's file holds its coming sessions (the past one is left out).
    assert set(events(course_dir / "koperasi.ics")) == {f"{sid}@uji.example.org" for sid in
                                                         ("kop-wita", "kop-batal", "kop-tunda", "kop-malam")}
    assert set(events(course_dir / "koperasi-kop-wita.ics")) == {"kop-wita@uji.example.org"}
    assert not (course_dir / "koperasi-kop-lalu.ics").exists()
    english_dir = out / "en/courses/cooperative-management"
    assert set(events(english_dir / "cooperative-management-kop-wita.ics")) == {"kop-wita@uji.example.org"}
    assert not list(out.rglob("calendar.ics"))
    # An Indonesian-only course has no English files, but its sessions are in the English site feed.
    assert not (out / "en/courses/pemasaran").exists()
    assert set(events(out / "pelatihan/pemasaran/pemasaran.ics")) == {"pem-1@uji.example.org"}
    page = (course_dir / "index.html").read_text()
    assert 'href="/pelatihan/koperasi/koperasi.ics"' in page
    assert 'href="/pelatihan/koperasi/koperasi-kop-wita.ics"' in page
    assert 'href="/pelatihan/koperasi/koperasi-kop-lalu.ics"' not in page


def test_uids_and_stamps_are_the_same_in_every_build(site: Path, tmp_path: Path) -> None:
    write_site(site, {"content/schedules/2026.yaml": SESSIONS})
    assert build_site(site, tmp_path / "a").code == 0
    assert build_site(site, tmp_path / "b").code == 0
    assert (tmp_path / "a/jadwal/jadwal.ics").read_bytes() == (tmp_path / "b/jadwal/jadwal.ics").read_bytes()


def test_each_language_keeps_its_own_event_when_built_again(site: Path, tmp_path: Path) -> None:
    """A course in Indonesian only is in the English calendars too, its event's place in English.
    The build cache keeps each event by what it is made from; the language is part of that, or the
    next build would take one language's event for the other's (and the session, or one
    session's for another's)."""
    files = {
        "content/courses/pemasaran.id.md": "---\ntitle: Pemasaran Digital\nsummary: S.\ncategory: pemasaran\n"
                                           "mode: offline\n---\n\nIsi.\n",
        "content/schedules/2026.yaml": "sessions:\n  - id: pem-1\n    course: pemasaran\n    start: 2026-07-20 08:00\n"
                                       "    end: 2026-07-20 16:00\n    mode: offline\n    venue: upt\n    fee: 0\n"
                                       "  - id: pem-2\n    course: pemasaran\n    start: 2026-08-20 08:00\n"
                                       "    end: 2026-08-20 16:00\n    mode: offline\n    venue: upt\n    fee: 0\n",
    }
    out = tmp_path / "out"
    # The second build names the agendas otherwise: it makes them again, their events from the cache.
    for title in ({}, {"templates/strings/id.yaml": "schedule_title: Agenda\n",
                       "templates/strings/en.yaml": "schedule_title: Agenda\n"}):
        write_site(site, {**files, **title})
        assert build_site(site, out).code == 0
        for calendar, place in (("jadwal/jadwal.ics", "Gedung UPT"), ("en/schedule/schedule.ics", "UPT Building")):
            events = icalendar.Calendar.from_ical((out / calendar).read_bytes()).walk("VEVENT")
            assert [str(event["location"]).split(",")[0] for event in events] == [place, place], (title, calendar)
            assert [str(event["uid"]).split("@")[0] for event in events] == ["pem-1", "pem-2"]


def test_a_calendar_is_made_again_when_its_header_or_zones_change_without_its_events(site: Path,
                                                                                    tmp_path: Path) -> None:
    """A calendar file is carried over while what it is made from is unchanged
    (ical.CalendarWriter.calendar_key): its events, and also its header — the site's time zone,
    even in an agenda without a single session — and its sessions' zone definitions, which an
    update of the time-zone database changes. The update is real: the database is a folder of our
    own on zoneinfo's search path whose Asia/Jakarta file is replaced by another zone's, with the
    caches a new process would not have emptied; the next build is an edit of text, which the
    kept site model would otherwise patch (kept.py)."""
    import importlib.resources
    import shutil
    import zoneinfo

    from icalendar.timezone import tzp

    def database_read_again() -> None:
        zoneinfo.ZoneInfo.clear_cache()
        tzp.use_zoneinfo()  # icalendar's own cache of zone definitions

    zones = tmp_path / "zoneinfo"
    shutil.copytree(str(importlib.resources.files("tzdata.zoneinfo").joinpath("Asia")), zones / "Asia")
    zoneinfo.reset_tzpath([str(zones)])
    database_read_again()
    try:
        out = tmp_path / "out"
        agenda = out / "jadwal/jadwal.ics"
        write_site(site, {"content/schedules/2026.yaml": None})
        pipeline.build(pipeline.BuildRequest(site_dir=site, output=out, now=datetime.fromisoformat(NOW)))
        assert b"X-WR-TIMEZONE:Asia/Jakarta" in agenda.read_bytes()
        write_site(site, {**replaced("site_config.yaml", "timezone: Asia/Jakarta", "timezone: Asia/Makassar"),
                          "content/schedules/2026.yaml": None})
        pipeline.build(pipeline.BuildRequest(site_dir=site, output=out, now=datetime.fromisoformat(NOW)))
        assert b"X-WR-TIMEZONE:Asia/Makassar" in agenda.read_bytes()
        write_site(site)
        pipeline.build(pipeline.BuildRequest(site_dir=site, output=out, now=datetime.fromisoformat(NOW)))
        assert b"TZID:Asia/Jakarta" in agenda.read_bytes() and b"TZNAME:WIB" in agenda.read_bytes()
        shutil.copy(zones / "Asia/Makassar", zones / "Asia/Jakarta")  # the database updated
        database_read_again()
        write_site(site, {"content/pages/tentang.id.md": "---\ntitle: Tentang Kami\n---\n\nLain.\n"})  # a build to do
        pipeline.build(pipeline.BuildRequest(site_dir=site, output=out, now=datetime.fromisoformat(NOW)))
        assert b"TZNAME:WITA" in agenda.read_bytes() and b"TZNAME:WIB" not in agenda.read_bytes()
    finally:
        zoneinfo.reset_tzpath()
        database_read_again()


def test_an_event_in_three_calendars_is_made_once(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An event is in the agenda, its course's calendar and its own: asked for by all three in one
    batch (CalendarWriter.prepare_calendars), it is serialised once."""
    write_site(site, {"content/schedules/2026.yaml": SESSIONS})
    request = pipeline.BuildRequest(site_dir=site, now=datetime.fromisoformat(NOW), use_cache=False, jobs=1)
    run = pipeline._Build(request)
    config, now = run.configuration()
    model = run.model(config, now)
    plan = run.plan(model)
    made: list[str] = []  # the events' UIDs, once for each language
    serialise = ical._event_bytes
    monkeypatch.setattr(ical, "_event_bytes", lambda job, view: made.append(view.uid) or serialise(job, view))
    keys = [target.key() for target in plan.targets.values() if target.key is not None]
    plan.calendars.prepare_calendars(keys)
    assert len(made) == 2 * len(model.site.sessions)  # each event once in each language
    assert len(set(made)) == len(model.site.sessions)
