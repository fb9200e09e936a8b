"""SPEC "Published facts: nothing guessed": every fee, time, seat count and number on the site
is one the editor wrote. Each rule: a build that breaks it is refused with file, line and field
(the previous site intact), or the output shows exactly what was written."""

from __future__ import annotations

import html
import json
import re
import textwrap
import urllib.parse
from pathlib import Path

import pytest
from sitefactory import FILES, assert_refused, build_site, replaced, run_cli, write_site

SCHEDULE = "content/schedules/2026.yaml"
COURSE = "content/courses/koperasi.id.md"
ENGLISH = "content/courses/koperasi.en.md"
CONFIG = "site_config.yaml"

REFUSED = {
    "fee missing": (replaced(SCHEDULE, "    fee: 1500000\n", ""),
                    [f"{SCHEDULE}:2: kop-1.fee: is required: the fee in rupiah, or 0 when the session is free"]),
    "fee written with thousands dots": (
        replaced(SCHEDULE, "fee: 1500000", "fee: 150.000"),
        [f"{SCHEDULE}:10: kop-1.fee: '150.000' has dots, commas or 'Rp'; write the whole number with digits only, "
         "like 150000"]),
    "fee written as rupiah text": (
        replaced(SCHEDULE, "fee: 1500000", "fee: Rp 1.500.000"),
        [f"{SCHEDULE}:10: kop-1.fee: 'Rp 1.500.000' has dots, commas or 'Rp'; write the whole number with digits "
         "only, like 1500000"]),
    "fee written as rupiah text without dots": (
        replaced(SCHEDULE, "fee: 1500000", "fee: Rp1500000"),
        [f"{SCHEDULE}:10: kop-1.fee: 'Rp1500000' has dots, commas or 'Rp'; write the whole number with digits "
         "only, like 1500000"]),
    "fee written as on a poster, with ',-'": (
        replaced(SCHEDULE, "fee: 1500000", "fee: 1500000,-"),
        [f"{SCHEDULE}:10: kop-1.fee: '1500000,-' has dots, commas or 'Rp'; write the whole number with digits "
         "only, like 1500000"]),
    "fee with a leading zero, which YAML reads as an octal number": (
        replaced(SCHEDULE, "fee: 1500000", "fee: 01500000"),
        [f"{SCHEDULE}:10: kop-1.fee: '01500000' starts with a 0; write it without the leading zero, like 1500000"]),
    "hours with a decimal comma": (
        replaced(COURSE, "duration_hours: 24", "duration_hours: 1,5"),
        [f"{COURSE}:7: duration_hours: '1,5' uses a comma; write the fraction with a point, like 1.5"]),
    "start without a time": (
        replaced(SCHEDULE, "start: 2026-07-20 08:00", "start: 2026-07-20"),
        [f"{SCHEDULE}:4: kop-1.start: '2026-07-20' has no time of day; write the date and the time, like "
         "2026-07-20 08:00"]),
    "end without a time": (replaced(SCHEDULE, "end: 2026-07-22 16:00", "end: 2026-07-22"),
                           [f"{SCHEDULE}:5: kop-1.end: '2026-07-22' has no time of day"]),
    "quota of zero": (replaced(SCHEDULE, "quota: 30", "quota: 0"),
                      [f"{SCHEDULE}:8: kop-1.quota: must be 1 or more; leave quota out when there is no limit"]),
    "registration address on http": (
        replaced(SCHEDULE, "url: https://example.org/daftar/kop-1", "url: http://example.org/daftar/kop-1"),
        [f"{SCHEDULE}:14: kop-1.registration.url: 'http://example.org/daftar/kop-1' starts with http://; write the "
         "secure address, starting with https://"]),
    "registration address with a space": (
        replaced(SCHEDULE, "url: https://example.org/daftar/kop-1", "url: https://example.org/daftar kop-1"),
        [f"{SCHEDULE}:14: kop-1.registration.url: 'https://example.org/daftar kop-1' contains a space"]),
    "contact number that cannot be dialled": (
        replaced(SCHEDULE, "      url: https://example.org/daftar/kop-1\n",
                 "      url: https://example.org/daftar/kop-1\n    contact: {name: Bu Rina, whatsapp: \"0812\"}\n"),
        [f"{SCHEDULE}:15: kop-1.contact.whatsapp: '0812' is not a phone number that can be dialled"]),
    "office number that cannot be dialled": (
        replaced(CONFIG, "  email: uji@example.org", "  email: uji@example.org\n  phone: \"12345\""),
        [f"{CONFIG}:28: office.phone: '12345' is not a phone number that can be dialled"]),
    "a translation stating another category": (
        replaced(ENGLISH, "slug: cooperative-management", "slug: cooperative-management\ncategory: pemasaran"),
        [f"{ENGLISH}:5: category: 'pemasaran' differs from 'koperasi' in {COURSE}:4; this fact does not depend on "
         "the language"]),
    "a translation stating other hours": (
        replaced(ENGLISH, "slug: cooperative-management", "slug: cooperative-management\nduration_hours: 16"),
        [f"{ENGLISH}:5: duration_hours: '16' differs from '24' in {COURSE}:7"]),
    # A fact that is false or zero is still a fact: stated differently, it is refused like any other.
    "a translation saying there is no certificate": (
        replaced(ENGLISH, "slug: cooperative-management", "slug: cooperative-management\ncertificate: false"),
        [f"{ENGLISH}:5: certificate: 'false' differs from 'true' in {COURSE}:8"]),
    "a translation stating zero hours": (
        replaced(ENGLISH, "slug: cooperative-management", "slug: cooperative-management\nduration_hours: 0"),
        [f"{ENGLISH}:5: duration_hours: '0' differs from '24' in {COURSE}:7"]),
    "a misspelt required field and an unknown category, in one run": (
        replaced(COURSE, "summary: Ringkasan koperasi.\ncategory: koperasi",
                 "sumary: Ringkasan koperasi.\ncategory: koprasi"),
        [f"{COURSE}:3: sumary: is not a known field; did you mean 'summary'?",
         f"{COURSE}:2: summary: is required but missing",
         f"{COURSE}:4: category: 'koprasi' is not in content/data/categories.yaml; did you mean 'koperasi'?"]),
    "a misspelt venue": (
        replaced(SCHEDULE, "venue: upt", "venue: uptt"),
        [f"{SCHEDULE}:7: kop-1.venue: 'uptt' is not in content/data/venues.yaml; did you mean 'upt'?"]),
    "a misspelt trainer": (replaced(COURSE, "trainers: [sri]", "trainers: [sry]"),
                           [f"{COURSE}:9: trainers: 'sry' is not in content/data/trainers.yaml; did you mean 'sri'?"]),
    "a misspelt mode": (replaced(SCHEDULE, "mode: offline", "mode: ofline"),
                        [f"{SCHEDULE}:6: kop-1.mode: must be one of offline, online, hybrid, not 'ofline'; did you "
                         "mean 'offline'?"]),
    "a session online under a course said to be offline": (
        {**replaced(SCHEDULE, "    mode: offline\n    venue: upt\n", "    mode: online\n    online_platform: Zoom\n"),
         **replaced(COURSE, "mode: hybrid", "mode: offline")},
        [f"{SCHEDULE}:6: kop-1.mode: the session is online, but {COURSE} says the course is offline; make them "
         "agree (a course with sessions of both kinds is hybrid)"]),
    "a session error and a course error together": (
        {**replaced(SCHEDULE, "    fee: 1500000\n", ""), **replaced(COURSE, "level: beginner", "levle: beginner")},
        [f"{SCHEDULE}:2: kop-1.fee: is required", f"{COURSE}:5: warning: levle: is not a known field; did you mean "
         "'level'?", "errors: 1, warnings: 1;"]),
}

WARNED = {  # refused under --strict, as CI builds
    "a course saved with a hidden .txt ending": (
        {"content/courses/kursus.id.md.txt": "---\ntitle: K\nsummary: S.\ncategory: koperasi\n---\n"},
        ["content/courses/kursus.id.md.txt: warning: is not read: its name ends in '.txt' (your computer may hide "
         "it); rename it to kursus.id.md"]),
    "an empty schedule file": ({"content/schedules/2027.yaml": ""},
                               ["content/schedules/2027.yaml: warning: is empty: it holds no sessions"]),
    "a schedule file of comments only": ({"content/schedules/2027.yaml": "# diisi nanti\n"},
                                         ["content/schedules/2027.yaml: warning: holds no sessions"]),
    "a schedule in the data folder": ({"content/data/jadwal.yaml": "sessions: []\n"},
                                      ["content/data/jadwal.yaml: warning: is not read: content/data/ holds only"]),
    "a link in Markdown to an address that does not exist": (
        replaced(COURSE, "## Materi", "Jadwal lama: [arsip](/jadwal-lama/).\n\n## Materi"),
        [f"{COURSE}:15: warning: body: links to '/jadwal-lama/', which is not part of the site"]),
}


@pytest.mark.parametrize("name", REFUSED)
def test_a_guess_is_refused_with_file_line_and_field(name: str, site: Path, tmp_path: Path) -> None:
    change, expected = REFUSED[name]
    assert_refused(site, tmp_path / "public", change, *expected)


@pytest.mark.parametrize("name", WARNED)
def test_what_the_build_does_not_read_is_named(name: str, site: Path, tmp_path: Path) -> None:
    change, expected = WARNED[name]
    assert_refused(site, tmp_path / "public", change, *expected, strict=True)
    assert build_site(site, tmp_path / "lenient").code == 0  # a warning, not an error, without --strict


def test_a_scaffold_is_not_published_with_its_example_text(site: Path, tmp_path: Path) -> None:
    assert run_cli("new", "course", "Batik Tulis", "--site", str(site)).code == 0
    assert build_site(site, tmp_path / "draft").code == 0  # a draft: fine
    indonesian = site / "content/courses/batik-tulis.id.md"
    indonesian.write_text(re.sub(r"^draft: true.*\n", "", indonesian.read_text(), flags=re.M))
    result = build_site(site, tmp_path / "out", "--strict")
    assert result.code == 1
    assert "content/courses/batik-tulis.id.md:3: summary: still holds the example text written by 'new course'" \
        in result.err
    assert "content/courses/batik-tulis.id.md:16: body: still holds the example text" in result.err  # all at once
    assert "content/courses/batik-tulis.id.md:20: body: still holds the example text written by 'new course' " \
           "('- ...')" in result.err
    assert result.err.count("('| 1 | ... |')") == 2  # once per language
    assert "content/courses/batik-tulis.en.md:2: title: still holds the example text written by 'new course' " \
           "('Batik Tulis (en)')" in result.err
    # Facts are never guessed: new course leaves them empty, and an empty one is not published.
    for line, name in ((5, "level"), (6, "mode"), (7, "duration_hours"), (8, "certificate")):
        assert f"content/courses/batik-tulis.id.md:{line}: {name}: is empty, as 'new course' left it" in result.err


def test_a_scaffold_filled_in_is_published_with_the_facts_written(site: Path, tmp_path: Path) -> None:
    assert run_cli("new", "course", "Batik Tulis", "--site", str(site)).code == 0
    filled = {"Satu atau dua kalimat tentang manfaat pelatihan ini bagi peserta.": "Membatik dengan canting.",
              "Pelaku UMKM dan pengurus koperasi di Jawa Timur.": "Perajin batik pemula.",
              "Membawa ponsel pintar atau laptop": "Tidak ada",
              "level:  ": "level: advanced", "duration_hours:  ": "duration_hours: 40", "certificate:  ": "#",
              "Tuliskan pengantar pelatihan di sini.": "Pengantar.", "- ...": "- Mencanting",
              "| 1 | ... |": "| 1 | Nyorek |"}
    indonesian = site / "content/courses/batik-tulis.id.md"
    text = re.sub(r"^(draft: true|mode:).*\n", "", indonesian.read_text(), flags=re.M)
    for old, new in filled.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    indonesian.write_text(text)
    english = site / "content/courses/batik-tulis.en.md"
    english.write_text("---\ntitle: Hand-drawn Batik\nsummary: Batik with a canting.\nslug: hand-drawn-batik\n---\n\n"
                       "Introduction.\n")
    result = build_site(site, tmp_path / "out", "--strict")
    assert result.code == 0, result.err
    page = (tmp_path / "out/pelatihan/batik-tulis/index.html").read_text()
    course = next(d for d in (json.loads(b) for b in re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', page, re.S)) if d["@type"] == "Course")
    assert "Lanjutan" in page and "40 jam pelajaran" in page
    assert "sertifikat" not in page.lower() and "Tatap muka" not in page  # not written: not said
    assert "educationalCredentialAwarded" not in json.dumps(course)


def sessions_file(*entries: str) -> dict[str, str]:
    return {SCHEDULE: "sessions:\n" + "".join(textwrap.indent(textwrap.dedent(e), "  ") for e in entries)}


def session(sid: str, start: str, fee: int, extra: str = "") -> str:
    return f"""\
    - id: {sid}
      course: koperasi
      start: {start} 08:00
      end: {start} 16:00
      mode: online
      online_platform: Zoom
      quota: 30
      seats_taken: 10
      fee: {fee}
      {extra}
    """


def test_each_session_shows_its_own_wall_clock_whatever_the_other_sessions_zones(site: Path,
                                                                                  tmp_path: Path) -> None:
    """08.00 WIB and 09.00 WITA are the same instant: a session written in WITA still shows 09.00
    (a shared cache of formatted times once gave it the WIB session's 08.00)."""
    write_site(site, sessions_file(
        session("wib", "2026-07-20", 0),
        session("wita", "2026-07-20", 0, "timezone: Asia/Makassar").replace("08:00", "09:00").replace("16:00", "15:00"),
    ))
    out = tmp_path / "out"
    assert build_site(site, out).code == 0
    for page in ("pelatihan/koperasi/index.html", "jadwal/index.html"):
        text = (out / page).read_text()
        assert "08.00–16.00 WIB" in text and "09.00–15.00 WITA" in text, page
        assert "08.00–15.00 WITA" not in text
    english = (out / "en/courses/cooperative-management/index.html").read_text()
    assert "9:00\u202fAM–3:00\u202fPM WITA" in english or "9:00 AM–3:00 PM WITA" in english


def test_the_next_session_is_one_still_to_come_not_the_one_running_now(site: Path, tmp_path: Path) -> None:
    write_site(site, sessions_file(session("now", "2026-06-15", 0), session("later", "2026-08-20", 350000)))
    out = tmp_path / "out"
    assert build_site(site, out).code == 0  # at 2026-06-15 09:00 the first is running
    catalogue = (out / "pelatihan/index.html").read_text()
    card = re.search(r'<li class="card course-card"[^>]*data-start="([^"]*)"', catalogue)
    assert card and card.group(1) == "2026-08-20"
    page = (out / "pelatihan/koperasi/index.html").read_text()
    box = page[page.index('class="decision'):]
    assert box.index("20 Agustus 2026") < box.index("15 Juni 2026")  # the box leads with it; the running one follows


def test_when_nothing_is_open_the_lists_name_the_registration_that_opens_first(site: Path, tmp_path: Path) -> None:
    """Nothing open now: the home page, the catalogue and the schedule say when the next
    registration opens and for what — the one that opens first (Site.next_to_open), not the
    session that starts first; and with one open, what the lists say when the filters find
    nothing open names it too."""
    register = 'registration: {{opens: {opens}, closes: {closes}, url: "https://example.org/daftar/{sid}"}}'
    waiting = (session("starts-first", "2026-08-20", 0, register.format(opens="2026-07-20", closes="2026-08-10",
                                                                        sid="a")),
               session("opens-first", "2026-09-20", 0, register.format(opens="2026-07-01", closes="2026-09-10",
                                                                       sid="b")))
    for sessions, pages in ((waiting, ("index.html", "pelatihan/index.html", "jadwal/index.html")),
                            ((session("open", "2026-07-05", 0, register.format(opens="2026-06-01", closes="2026-06-30",
                                                                               sid="c")), *waiting),
                             ("pelatihan/index.html", "jadwal/index.html"))):
        write_site(site, sessions_file(*sessions))
        out = tmp_path / f"out-{len(sessions)}"
        assert build_site(site, out).code == 0  # at 2026-06-15 09:00
        for page in pages:
            said = re.findall(r"Pendaftaran berikutnya dibuka\s+([^<]*?)\s+untuk", (out / page).read_text())
            assert said == ["Rabu, 1 Juli 2026"], (page, said)


@pytest.mark.parametrize("called_off", ["cancelled", "postponed"])
def test_a_session_called_off_is_never_the_next_one(called_off: str, site: Path, tmp_path: Path) -> None:
    """Nothing can be registered for: the next session is the first still to come that is not
    called off (here one whose registration has closed), on the card and in the decision box."""
    closed = 'registration: {closes: 2026-06-10, url: "https://example.org/daftar/b"}'
    write_site(site, sessions_file(session("a", "2026-07-20", 0, f"status: {called_off}"),
                                   session("b", "2026-08-20", 0, closed)))
    out = tmp_path / "out"
    assert build_site(site, out).code == 0
    catalogue = (out / "pelatihan/index.html").read_text()
    card = re.search(r'<li class="card course-card"[^>]*data-start="([^"]*)"', catalogue)
    assert card and card.group(1) == "2026-08-20"
    page = (out / "pelatihan/koperasi/index.html").read_text()
    box = re.search(r'<section class="decision[^>]*data-session-id="([^"]+)"', page)
    assert box and box.group(1) == "b"


def test_only_sessions_one_may_attend_are_offered_for_a_calendar(site: Path, tmp_path: Path) -> None:
    write_site(site, sessions_file(session("batal", "2026-07-20", 0, "status: cancelled"),
                                   session("tunda", "2026-07-27", 0, "status: postponed"),
                                   session("buka", "2026-08-20", 0)))
    out = tmp_path / "out"
    assert build_site(site, out).code == 0
    page = (out / "pelatihan/koperasi/index.html").read_text()
    offered = re.findall(r'<a href="([^"]+\.ics)" type="text/calendar">', page)
    google = re.findall(r'href="https://calendar\.google\.com/[^"]*dates=(\d{8})', page)
    assert any("buka" in url for url in offered) and not any("batal" in u or "tunda" in u for u in offered), offered
    assert set(google) == {"20260820"}
    # The files stay, marked, for those who added the session before it was called off.
    assert "STATUS:CANCELLED" in (out / "pelatihan/koperasi/koperasi-batal.ics").read_text()


@pytest.mark.parametrize(("sessions", "card_modes"), [
    ([session("a", "2026-07-20", 0)], "online"),  # the course says hybrid; its coming session is online
    ([], "offline online hybrid"),  # nothing coming: the course's own mode, hybrid, which either finds
    ([session("a", "2026-07-20", 0, "status: cancelled")], "offline online hybrid"),  # called off: not counted
])
def test_the_how_to_take_part_filter_finds_a_course_by_its_coming_sessions(sessions: list[str], card_modes: str,
                                                                           site: Path, tmp_path: Path) -> None:
    write_site(site, sessions_file(*sessions) if sessions else {SCHEDULE: None})
    out = tmp_path / "out"
    assert build_site(site, out).code == 0
    catalogue = (out / "pelatihan/index.html").read_text()
    card = re.search(r'<li class="card course-card"[^>]*data-mode="([^"]*)"[^>]*>\s*<h3><a href="/pelatihan/koperasi/"',
                     catalogue)
    assert card and card.group(1) == card_modes


def test_a_hybrid_session_is_found_by_those_looking_for_either_way(site: Path, tmp_path: Path) -> None:
    hybrid = session("a", "2026-07-20", 0).replace("mode: online", "mode: hybrid\n      venue: upt")
    write_site(site, sessions_file(hybrid))
    out = tmp_path / "out"
    assert build_site(site, out).code == 0, build_site(site, out).err
    agenda = (out / "jadwal/index.html").read_text()
    assert re.search(r'class="session[^"]*"[^>]*data-mode="offline online hybrid"', agenda, re.S)


def test_a_full_session_points_to_the_one_after_it(site: Path, tmp_path: Path) -> None:
    full = session("penuh", "2026-07-20", 0).replace("seats_taken: 10", "seats_taken: 30")
    write_site(site, sessions_file(full, session("batal", "2026-07-27", 0, "status: cancelled"),
                                   session("lagi", "2026-08-20", 0)))
    out = tmp_path / "out"
    assert build_site(site, out).code == 0
    page = (out / "pelatihan/koperasi/index.html").read_text()
    box = page[page.index('<section class="decision'):page.index("</section>", page.index('<section class="decision'))]
    assert "Kuota angkatan ini sudah penuh." in box
    assert re.search(r'Angkatan sesudahnya: <a href="#session-lagi">20 Agustus 2026</a>', box), box  # not the cancelled
    assert 'id="session-lagi"' in page


def course_facts(out: Path) -> dict[str, object]:
    """What the catalogue card and the course's JSON-LD say about the fee of 'koperasi'; the card's
    chip is the fee of the session it names; data-fee names the fee filters the card is found
    under, so a chip that says Gratis is always under the free one."""
    catalogue = (out / "pelatihan/index.html").read_text()
    card = re.search(r'<li class="card course-card"[^>]*>\s*<h3><a href="/pelatihan/koperasi/".*?</li>', catalogue,
                     re.S)
    assert card
    page = (out / "pelatihan/koperasi/index.html").read_text()
    course = next(d for d in (json.loads(b) for b in re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', page, re.S)) if d["@type"] == "Course")
    return {"data-fee": re.search(r'data-fee="([a-z ]*)"', card.group(0)).group(1),
            "chip": (chip := re.search(r'<span class="chip[^"]*">([^<]*)</span>', card.group(0))) and chip.group(1),
            "isAccessibleForFree": course.get("isAccessibleForFree"),
            "offers": course.get("offers")}


@pytest.mark.parametrize(("sessions", "now", "expected"), [
    # Every coming session free: free.
    ([session("a", "2026-07-20", 0), session("b", "2026-08-20", 0)], "2026-06-15T09:00+07:00",
     {"data-fee": "free", "chip": "Gratis", "isAccessibleForFree": True}),
    # Only past sessions, paid: nothing is said (never "free" by default).
    ([session("a", "2026-03-20", 2500000)], "2026-06-15T09:00+07:00",
     {"data-fee": "", "chip": None, "isAccessibleForFree": None, "offers": None}),
    # No session at all: nothing is said.
    ([], "2026-06-15T09:00+07:00", {"data-fee": "", "chip": None, "isAccessibleForFree": None, "offers": None}),
    # A free coming session and a paid one: not a free course, though the card's next session is
    # free; found under both filters, so the card's Gratis chip is under the free one.
    ([session("a", "2026-07-20", 0), session("b", "2026-08-20", 350000)], "2026-06-15T09:00+07:00",
     {"data-fee": "free paid", "chip": "Gratis", "isAccessibleForFree": False,
      "offers": {"@type": "AggregateOffer", "lowPrice": 0, "highPrice": 350000, "priceCurrency": "IDR"}}),
    # A past paid session does not make a coming free one paid.
    ([session("a", "2026-03-20", 2500000), session("b", "2026-08-20", 0)], "2026-06-15T09:00+07:00",
     {"data-fee": "free", "chip": "Gratis", "isAccessibleForFree": True}),
    # A cancelled session says nothing about the fee: neither a free one nor a paid one counts.
    ([session("a", "2026-07-20", 0, "status: cancelled"), session("b", "2026-08-20", 350000)],
     "2026-06-15T09:00+07:00", {"data-fee": "paid", "chip": "Rp350.000", "isAccessibleForFree": False,
                                "offers": {"@type": "Offer", "category": "Paid", "price": 350000,
                                           "priceCurrency": "IDR"}}),
    ([session("a", "2026-07-20", 350000, "status: cancelled"), session("b", "2026-08-20", 0)],
     "2026-06-15T09:00+07:00", {"data-fee": "free", "chip": "Gratis", "isAccessibleForFree": True}),
])
def test_free_is_said_only_when_every_coming_session_is_free(sessions: list[str], now: str, expected: dict,
                                                             site: Path, tmp_path: Path) -> None:
    write_site(site, sessions_file(*sessions) if sessions else {SCHEDULE: None})
    out = tmp_path / "out"
    result = build_site(site, out, now=now)
    assert result.code == 0, result.err
    facts = course_facts(out)
    for key, value in expected.items():
        assert facts[key] == value, (key, facts)


def test_no_course_is_free_when_nothing_is_coming(site: Path, tmp_path: Path) -> None:
    write_site(site, sessions_file(session("a", "2026-07-20", 350000), session("b", "2026-08-20", 0)))
    out = tmp_path / "out"
    assert build_site(site, out, now="2028-01-01T09:00+07:00").code == 0
    catalogue = (out / "pelatihan/index.html").read_text()
    cards = catalogue[catalogue.index('id="course-list"'):]
    assert 'data-fee="free"' not in cards and 'data-fee="paid"' not in cards
    assert "Gratis" not in cards


@pytest.mark.parametrize(("extra", "now", "seats_shown"), [
    ("", "2026-06-15T09:00+07:00", True),                      # open: 20 seats left
    ("status: cancelled", "2026-06-15T09:00+07:00", False),
    ("status: postponed", "2026-06-15T09:00+07:00", False),
    ("", "2026-07-21T09:00+07:00", False),                     # past
    ("registration: {opens: 2026-07-01}", "2026-06-15T09:00+07:00", False),  # not yet open
])
def test_seats_left_only_while_one_can_register(extra: str, now: str, seats_shown: bool, site: Path,
                                                tmp_path: Path) -> None:
    write_site(site, sessions_file(session("a", "2026-07-20", 0, extra)))
    out = tmp_path / "out"
    assert build_site(site, out, now=now).code == 0
    page = (out / "pelatihan/koperasi/index.html").read_text()
    assert ("sisa 20 kursi" in page) == seats_shown
    assert "<dd>30" in page  # the quota itself is a fact the editor wrote, always shown


STATUSES = ("open", "closing-soon", "not-yet-open", "closed", "full", "running", "past", "cancelled", "postponed")
REGISTRATION = 'registration: {opens: 2026-06-01, closes: 2026-07-10, url: "https://example.org/daftar/a"}'


@pytest.mark.parametrize(("status", "start", "extra"), [
    ("open", "2026-07-20", REGISTRATION),
    ("closing-soon", "2026-07-20", REGISTRATION.replace("2026-07-10", "2026-06-20")),
    ("not-yet-open", "2026-07-20", REGISTRATION.replace("2026-06-01", "2026-07-01")),
    ("closed", "2026-07-20", REGISTRATION.replace("2026-07-10", "2026-06-10")),
    ("full", "2026-07-20", REGISTRATION + "\n      seats_taken: 30"),
    ("running", "2026-06-15", REGISTRATION.replace("2026-07-10", "2026-06-12")),  # 08.00–16.00, now 09.00
    ("past", "2026-06-01", REGISTRATION.replace("2026-06-01", "2026-05-01").replace("2026-07-10", "2026-05-25")),
    ("cancelled", "2026-07-20", REGISTRATION + "\n      status: cancelled"),
    ("postponed", "2026-07-20", REGISTRATION + "\n      status: postponed"),
], ids=lambda value: value if value in STATUSES else "")
def test_the_register_button_only_while_registration_is_open(status: str, start: str, extra: str, site: Path,
                                                             tmp_path: Path) -> None:
    """Every session may carry its registration address; only an open one (or one closing soon)
    is offered with a button, wherever it is shown: the course page, its decision box, the agenda."""
    entry = session("a", start, 0, extra)
    if "seats_taken: 30" in extra:
        entry = entry.replace("      seats_taken: 10\n", "")
    write_site(site, sessions_file(entry))
    out = tmp_path / "out"
    result = build_site(site, out)
    assert result.code == 0, result.err
    course_page = (out / "pelatihan/koperasi/index.html").read_text()
    assert re.search(rf'data-session-id="a"[^>]*data-status="{status}"', course_page)
    for page in ("pelatihan/koperasi/index.html", "en/courses/cooperative-management/index.html", "jadwal/index.html"):
        text = (out / page).read_text()
        buttons = re.findall(r'<a class="button[^"]*" href="https://example\.org/daftar/a"', text)
        assert bool(buttons) == (status in ("open", "closing-soon")), (page, buttons)


def test_phone_numbers_become_international_links_by_one_rule(site: Path, tmp_path: Path) -> None:
    write_site(site, {
        **replaced(CONFIG, "  email: uji@example.org",
                   "  email: uji@example.org\n  phone: 0341551234\n  whatsapp: \"0812-0000-0001\""),
        **replaced(SCHEDULE, "      url: https://example.org/daftar/kop-1\n",
                   "      url: https://example.org/daftar/kop-1\n"
                   "    contact: {name: Bu Rina, phone: \"0341 551234\", whatsapp: \"+62 812 0000 0001\"}\n"),
    })
    out = tmp_path / "out"
    assert build_site(site, out).code == 0
    page = (out / "pelatihan/koperasi/index.html").read_text()
    # The office (footer) and the session's contact: written differently, published the same way; the
    # office's number unquoted, which YAML alone would read as the octal number 59167388.
    assert page.count('<a href="tel:+62341551234">+62 341 551234</a>') == 2
    assert page.count('<a href="https://wa.me/6281200000001">+62 812-0000-0001</a>') == 2
    assert "wa.me/0812" not in page and 'href="tel:0' not in page


def test_numbers_in_quotes_are_read_as_written(site: Path, tmp_path: Path) -> None:
    write_site(site, replaced(SCHEDULE, "fee: 1500000", 'fee: "1500000"'))
    out = tmp_path / "out"
    assert build_site(site, out).code == 0
    assert "Rp1.500.000" in (out / "pelatihan/koperasi/index.html").read_text()


def test_sessions_of_a_course_that_is_a_draft_in_one_language(site: Path, tmp_path: Path) -> None:
    write_site(site, {
        **replaced(COURSE, "tags: [koperasi, RAT]", "tags: [koperasi, RAT]\ndraft: true"),
        **replaced(ENGLISH, "slug: cooperative-management", "slug: cooperative-management\ndraft: false")})
    out = tmp_path / "out"
    assert build_site(site, out).code == 0
    assert not (out / "pelatihan/koperasi").exists()
    english = (out / "en/courses/cooperative-management/index.html").read_text()
    assert 'data-session-id="kop-1"' in english
    agenda = (out / "jadwal/index.html").read_text()
    assert 'data-session-id="kop-1"' in agenda and 'href="/en/courses/cooperative-management/"' in agenda


def test_a_fact_written_false_in_one_language_is_published_in_both(site: Path, tmp_path: Path) -> None:
    """'No certificate' written once, in the English file, is a fact for the Indonesian page too:
    a false value is inherited and kept like a true one, never taken for a gap."""
    write_site(site, {
        **replaced(COURSE, "certificate: true\n", ""),
        **replaced(ENGLISH, "slug: cooperative-management", "slug: cooperative-management\ncertificate: false")})
    out = tmp_path / "out"
    result = build_site(site, out)
    assert result.code == 0, result.err
    indonesian = (out / "pelatihan/koperasi/index.html").read_text()
    english = (out / "en/courses/cooperative-management/index.html").read_text()
    assert re.search(r"<dt>Sertifikat</dt> <dd>Tidak</dd>", indonesian)
    assert re.search(r"<dt>Certificate</dt> <dd>No</dd>", english)


def test_message_options_are_accepted_after_the_command(site: Path, tmp_path: Path) -> None:
    write_site(site, replaced(SCHEDULE, "    fee: 1500000\n", ""))
    result = run_cli("build", "--messages", "id", "--site", str(site), "--output", str(tmp_path / "out"))
    assert result.code == 1
    assert f"{SCHEDULE}:2: kop-1.fee: wajib diisi: biaya dalam rupiah, atau 0 bila angkatan ini gratis" in result.err


def test_a_hybrid_course_takes_sessions_of_any_mode_and_past_sessions_are_history(site: Path,
                                                                                   tmp_path: Path) -> None:
    online = replaced(SCHEDULE, "    mode: offline\n    venue: upt\n", "    mode: online\n    online_platform: Zoom\n")
    write_site(site, online)  # the fixture's course is hybrid
    assert build_site(site, tmp_path / "hybrid", "--strict").code == 0
    write_site(site, {**online, **replaced(COURSE, "mode: hybrid", "mode: offline")})
    after = build_site(site, tmp_path / "later", "--strict", now="2026-08-01T09:00:00+07:00")
    assert after.code == 0, after.err  # the online session is over: what it was does not contradict today


def test_the_fixture_session_is_as_these_tests_expect() -> None:
    """Line numbers above count on the fixture's layout; say so loudly if it changes."""
    lines = textwrap.dedent(FILES[SCHEDULE]).splitlines()
    assert lines[1].strip() == "- id: kop-1" and lines[9].strip() == "fee: 1500000"
    assert lines[13].strip() == "url: https://example.org/daftar/kop-1"


def test_the_google_calendar_link_holds_the_session_as_written(site: Path, tmp_path: Path) -> None:
    """The decision box's Google Calendar link, read with the standard library's URL parser: the
    course title, the first day's hours repeated daily over the three days, the zone, the venue's
    one-line address and the course page's address."""
    write_site(site)
    out = tmp_path / "out"
    assert build_site(site, out).code == 0
    page = (out / "pelatihan/koperasi/index.html").read_text()
    links = set(re.findall(r'href="(https://calendar\.google\.com/calendar/render\?[^"]+)"', page))
    assert len(links) == 1, links
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(html.unescape(links.pop())).query, strict_parsing=True)
    assert query == {"action": ["TEMPLATE"], "text": ["Manajemen Koperasi"],
                     "dates": ["20260720T080000/20260720T160000"], "ctz": ["Asia/Jakarta"],
                     "details": ["Ringkasan koperasi.\n\nhttps://uji.example.org/pelatihan/koperasi/"],
                     "recur": ["RRULE:FREQ=DAILY;COUNT=3"], "location": ["Gedung UPT, Jl. Uji No. 1, Kota Malang"]}
    # The English page's link: the same session, the venue and the course in English.
    english = (out / "en/courses/cooperative-management/index.html").read_text()
    found = re.findall(r'href="(https://calendar\.google\.com/calendar/render\?[^"]+)"', english)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(html.unescape(found[0])).query, strict_parsing=True)
    assert query["location"] == ["UPT Building, Jl. Uji No. 1, Kota Malang"]
    assert query["details"][0].endswith("https://uji.example.org/en/courses/cooperative-management/")
