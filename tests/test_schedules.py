"""Schedule files: every validation rule with its message; statuses on the pages."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from sitefactory import FILES, build_site, write_site

from katalog.model import Status

STATUSES = [status.value for status in Status]
# The fixture site's one session (free here), changed one field at a time below.
SESSION = textwrap.dedent(FILES["content/schedules/2026.yaml"]).replace("fee: 1500000", "fee: 0")


def broken(site: Path, tmp_path: Path, old: str, new: str) -> str:
    assert old in SESSION, old
    write_site(site, {"content/schedules/2026.yaml": SESSION.replace(old, new)})
    result = build_site(site, tmp_path / "out")
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    return result.err


@pytest.mark.parametrize(("old", "new", "message"), [
    ("    course: koperasi\n", "", "2026.yaml:2: kop-1.course: is required but missing"),
    ("course: koperasi", "course: koperasii",
     "2026.yaml:3: kop-1.course: 'koperasii' is not a course in content/courses/; did you mean 'koperasi'?"),
    ("start: 2026-07-20 08:00", "start: 2026-02-30 08:00",
     "2026.yaml:4: kop-1.start: '2026-02-30 08:00' is not a real date: month 02 of 2026 has 28 days"),
    ("start: 2026-07-20 08:00", "start: 2026-13-01 08:00",
     "2026.yaml:4: kop-1.start: '2026-13-01 08:00' is not a real date: there is no month 13 (months run from 01 "
     "to 12)"),
    ("start: 2026-07-20 08:00", "start: 2026-07-20 24:30",
     "2026.yaml:4: kop-1.start: '2026-07-20 24:30' is not a real time of day: hours run from 00 to 23"),
    ("start: 2026-07-20 08:00", "start: 2026-07-20 8.00",
     "2026.yaml:4: kop-1.start: '2026-07-20 8.00': write the time as two digits, a colon and two digits, like "
     "2026-07-20 08:00"),
    ("start: 2026-07-20 08:00", "start: 2026-07-20 8:00",
     "2026.yaml:4: kop-1.start: '2026-07-20 8:00': write the time as two digits, a colon and two digits, like "
     "2026-07-20 08:00"),
    ("opens: 2026-06-01", "opens: 2026-06-31",
     "2026.yaml:12: kop-1.registration.opens: '2026-06-31' is not a real date: month 06 of 2026 has 30 days"),
    ("end: 2026-07-22 16:00", "end: 2026-07-19 16:00", "2026.yaml:5: kop-1.end: must be after the start"),
    ("opens: 2026-06-01", "opens: 2026-07-11",
     "2026.yaml:12: kop-1.registration.opens: must be on or before registration.closes"),
    ("closes: 2026-07-10", "closes: 2026-07-21",
     "2026.yaml:13: kop-1.registration.closes: must be on or before the day the session starts"),
    ("    venue: upt\n", "", "2026.yaml:6: kop-1.venue: is required when mode is offline"),
    ("venue: upt", "venue: aula", "2026.yaml:7: kop-1.venue: 'aula' is not in content/data/venues.yaml"),
    ("mode: offline\n    venue: upt", "mode: online",
     "2026.yaml:6: kop-1.online_platform: is required when mode is online"),
    ("mode: offline", "mode: hybrid", "2026.yaml:6: kop-1.online_platform: is required when mode is hybrid"),
    ("quota: 30", "quota: 0", "2026.yaml:8: kop-1.quota: must be 1 or more; leave quota out when there is no limit"),
    ("fee: 0", "fee: -5000", "2026.yaml:10: kop-1.fee: must be 0 or more, not -5000"),
    ("fee: 0", "fee: gratis",
     "2026.yaml:10: kop-1.fee: must be a whole number written with digits only (like 150000), not 'gratis'"),
    ("seats_taken: 10", "seats_taken: 31", "2026.yaml:9: kop-1.seats_taken: is 31, more than the quota of 30"),
    # A wrong value is read as the field's default while the check goes on (schema.check): a count
    # of seats taken that is not a number must not reach the quota check as nothing at all.
    ("seats_taken: 10", "seats_taken: banyak",
     "2026.yaml:9: kop-1.seats_taken: must be a whole number written with digits only (like 150000), not 'banyak'"),
    ("    fee: 0\n", "    fee: 0\n    sequence: dua\n",
     "2026.yaml:11: kop-1.sequence: must be a whole number written with digits only (like 150000), not 'dua'"),
    ("    fee: 0\n", "    fee: 0\n    timezone: Asia/Malang\n",
     "2026.yaml:11: kop-1.timezone: 'Asia/Malang' is not a known time zone"),
    ("    fee: 0\n", "    fee: 0\n    status: batal\n",
     "2026.yaml:11: kop-1.status: must be one of scheduled, cancelled, postponed, not 'batal'"),
    ("    fee: 0\n", "    fee: 0\n    kuota: 3\n", "2026.yaml:11: kop-1.kuota: is not a known field"),
    ("url: https://example.org/daftar/kop-1", "url: example.org/daftar",
     "2026.yaml:14: kop-1.registration.url: 'example.org/daftar' must be a full web address"),
])
def test_each_validation_rule_names_file_line_session_and_field(site: Path, tmp_path: Path, old: str, new: str,
                                                                 message: str) -> None:
    assert f"content/schedules/{message}" in broken(site, tmp_path, old, new)


def test_session_ids_are_unique_across_files(site: Path, tmp_path: Path) -> None:
    write_site(site, {"content/schedules/2027.yaml": SESSION})
    result = build_site(site, tmp_path / "out")
    assert result.code == 1
    assert re.search(r"content/schedules/2027\.yaml:2: kop-1\.id: the id is used twice "
                     r"\(also in content/schedules/2026\.yaml:2\)", result.err)


def test_a_file_without_a_sessions_list(site: Path, tmp_path: Path) -> None:
    write_site(site, {"content/schedules/2026.yaml": "- id: x\n"})
    result = build_site(site, tmp_path / "out")
    assert result.code == 1
    assert "content/schedules/2026.yaml:1: sessions: must hold a list named 'sessions:'" in result.err


def test_sessions_of_a_draft_course_are_hidden_with_it(site: Path, tmp_path: Path) -> None:
    write_site(site, {"content/courses/koperasi.id.md": (site / "content/courses/koperasi.id.md").read_text()
                      .replace("tags: [koperasi, RAT]", "tags: [koperasi, RAT]\ndraft: true")})
    out = tmp_path / "out"
    assert build_site(site, out).code == 0
    assert "kop-1" not in (out / "jadwal/index.html").read_text()
    assert "kop-1" not in (out / "jadwal/jadwal.ics").read_text()


STATUS_SESSIONS = """\
sessions:
  - {id: s-cancelled, course: koperasi, start: 2026-07-20 08:00, end: 2026-07-20 16:00, mode: online,
     online_platform: Zoom, fee: 0, status: cancelled}
  - {id: s-postponed, course: koperasi, start: 2026-07-20 08:00, end: 2026-07-20 16:00, mode: online,
     online_platform: Zoom, fee: 0, status: postponed}
  - {id: s-past, course: koperasi, start: 2026-05-01 08:00, end: 2026-05-01 16:00, mode: online,
     online_platform: Zoom, fee: 0}
  - {id: s-running, course: koperasi, start: 2026-06-14 08:00, end: 2026-06-16 16:00, mode: online,
     online_platform: Zoom, fee: 0}
  - {id: s-full, course: koperasi, start: 2026-07-20 08:00, end: 2026-07-20 16:00, mode: online,
     online_platform: Zoom, fee: 0, quota: 20, seats_taken: 20}
  - {id: s-closed, course: koperasi, start: 2026-07-20 08:00, end: 2026-07-20 16:00, mode: online,
     online_platform: Zoom, fee: 0, registration: {closes: 2026-06-14}}
  - {id: s-not-yet-open, course: koperasi, start: 2026-09-20 08:00, end: 2026-09-20 16:00, mode: online,
     online_platform: Zoom, fee: 0, registration: {opens: 2026-08-01, closes: 2026-09-10}}
  - {id: s-closing-soon, course: koperasi, start: 2026-07-20 08:00, end: 2026-07-20 16:00, mode: online,
     online_platform: Zoom, fee: 0, registration: {closes: 2026-06-22, url: "https://example.org/a"}}
  - {id: s-open, course: koperasi, start: 2026-07-20 08:00, end: 2026-07-20 16:00, mode: online,
     online_platform: Zoom, fee: 0, registration: {closes: 2026-07-10, url: "https://example.org/b"}}
"""

BADGES = {
    "id": {"cancelled": "Dibatalkan", "postponed": "Ditunda", "past": "Selesai", "running": "Sedang berlangsung",
           "full": "Kuota penuh", "closed": "Pendaftaran ditutup", "not-yet-open": "Pendaftaran belum dibuka",
           "closing-soon": "Segera ditutup", "open": "Pendaftaran dibuka"},
    "en": {"cancelled": "Cancelled", "postponed": "Postponed", "past": "Finished", "running": "In progress",
           "full": "Fully booked", "closed": "Registration closed", "not-yet-open": "Registration not yet open",
           "closing-soon": "Closing soon", "open": "Registration open"},
}


def test_every_status_token_and_badge_in_both_languages(site: Path, tmp_path: Path) -> None:
    write_site(site, {"content/schedules/2026.yaml": STATUS_SESSIONS})
    out = tmp_path / "out"
    result = build_site(site, out, now="2026-06-15T09:00:00+07:00")
    assert result.code == 0, result.err
    pages = {"id": (out / "pelatihan/koperasi/index.html").read_text(),
             "en": (out / "en/courses/cooperative-management/index.html").read_text()}
    assert set(BADGES["id"]) == set(STATUSES)
    for lang, page in pages.items():
        for token in STATUSES:
            match = re.search(rf'<article class="session [^"]*" id="session-s-{token}" data-session-id="s-{token}" '
                              r'data-status="([a-z-]+)"'
                              r'(.*?)</article>', page, re.S)
            assert match, (lang, token)
            assert match.group(1) == token
            assert f'<strong class="tag tag-{token}">{BADGES[lang][token]}</strong>' in match.group(2)
            # A register button only while registration is open.
            has_button = 'class="button"' in match.group(2)
            assert has_button == (token in ("open", "closing-soon")), (lang, token)
    # Upcoming first, past ones collapsed below.
    id_page = pages["id"]
    assert id_page.index('data-session-id="s-open"') < id_page.index("<details class=\"past\">")
    assert id_page.index("<details class=\"past\">") < id_page.index('data-session-id="s-past"')
    assert "Status per Senin, 15 Juni 2026" in id_page


def test_agenda_groups_upcoming_sessions_by_month(site: Path, tmp_path: Path) -> None:
    write_site(site, {"content/schedules/2026.yaml": STATUS_SESSIONS})
    out = tmp_path / "out"
    assert build_site(site, out, now="2026-06-15T09:00:00+07:00").code == 0
    agenda = (out / "jadwal/index.html").read_text()
    months = re.findall(r'<h2 id="month-(\d{4}-\d\d)" class="month-title">([^<]+?) <span', agenda)
    assert months == [("2026-06", "Juni 2026"), ("2026-07", "Juli 2026"), ("2026-09", "September 2026")]
    assert 's-past"' not in agenda
    # The filters take their place before the page is drawn (no layout shift), hidden only without JavaScript.
    assert '<form class="filters" id="session-filters">' in agenda
    english = (out / "en/schedule/index.html").read_text()
    assert '<h2 id="month-2026-07" class="month-title">July 2026 <span' in english


def test_contact_person_on_the_course_page(site: Path, tmp_path: Path) -> None:
    contact = '    contact: {name: Bu Rina, phone: "(0341) 000-111", whatsapp: "+62 812-0000-0001"}\n'
    write_site(site, {"content/schedules/2026.yaml": SESSION + contact})
    out = tmp_path / "out"
    assert build_site(site, out).code == 0
    page = (out / "pelatihan/koperasi/index.html").read_text()
    assert 'Bu Rina, <a href="tel:+62341000111">+62 341 000111</a>' in page
    assert '<a href="https://wa.me/6281200000001">+62 812-0000-0001</a>' in page


def test_a_phone_keeps_the_way_it_was_written_for_the_desks_sheet() -> None:
    """The link dials the international form; the registration desk's sheet shows the number as
    the editor wrote it (sheets/export.py)."""
    from katalog.phones import parse_phone

    phone = parse_phone("(0341) 000-111")
    assert (phone.written, phone.e164, phone.international) == ("(0341) 000-111", "+62341000111", "+62 341 000111")
