"""`import sessions`: real .xlsx and CSV files in temporary folders, through the real command line.

Every schedule rule is broken in one row of one sheet and reported, in one run, with the schedule
loader's own message at the row and column of the cell; a sheet with a mistake writes nothing; what is
written keeps the schedule file's comments and layout and builds.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sheetfactory import GOOD, HEADER, write_csv, write_xlsx
from sitefactory import FILES, build_site, run_cli, snapshot, write_site

SCHEDULE = "content/schedules/2026.yaml"
NOW = "2026-06-15T09:00:00+07:00"


def import_sheet(site: Path, sheet: Path, *extra: str, messages: str = "en"):
    return run_cli("--messages", messages, "import", "sessions", str(sheet), "--site", str(site), "--now", NOW, *extra)


# Each row breaks one rule: (what the row changes in the good session, what is said at which cell).
BAD_ROWS = [
    ({"pelatihan": None}, "column B (pelatihan): is required but missing"),
    ({"pelatihan": "koperasii"},
     "column B (pelatihan): 'koperasii' is not a course in content/courses/; did you mean 'koperasi'?"),
    ({"pelatihan": "Manajemen Koperasii"}, "column B (pelatihan): 'Manajemen Koperasii' is not a course in "
                                            "content/courses/; did you mean 'Manajemen Koperasi'?"),
    ({"mulai": "31/02/2026 08.00"},
     "column C (mulai): '2026-02-31 08:00' is not a real date: month 02 of 2026 has 28 days"),
    ({"mulai": "10/13/2026 08.00"}, "column C (mulai): '2026-13-10 08:00' is not a real date: there is no month 13 "
                                    "(months run from 01 to 12)"),
    ({"mulai": "10/08/2026 24.30"}, "column C (mulai): '2026-08-10 24:30' is not a real time of day: hours run from "
                                    "00 to 23 and minutes from 00 to 59"),
    ({"mulai": date(2026, 8, 10)},
     "column C (mulai): '2026-08-10' has no time of day; write the date and the time, like 2026-08-10 08:00"),
    ({"mulai": "10 Agustus 2026"},
     "column C (mulai): '10 Agustus 2026' is not a real date and time written as YYYY-MM-DD HH:MM"),
    ({"selesai": datetime(2026, 8, 9, 16, 0)}, "column D (selesai): must be after the start"),
    ({"pendaftaran dibuka": "31/06/2026"},
     "column L (pendaftaran dibuka): '2026-06-31' is not a real date: month 06 of 2026 has 30 days"),
    ({"pendaftaran dibuka": date(2026, 8, 5)},
     "column L (pendaftaran dibuka): must be on or before registration.closes"),
    ({"pendaftaran ditutup": date(2026, 8, 11)},
     "column M (pendaftaran ditutup): must be on or before the day the session starts"),
    ({"tempat": None}, "column G (tempat): is required when mode is offline (a key of content/data/venues.yaml)"),
    ({"tempat": "aula"}, "column G (tempat): 'aula' is not in content/data/venues.yaml (known: upt)"),
    ({"tempat": "Gedung UTP"},
     "column G (tempat): 'Gedung UTP' is not in content/data/venues.yaml; did you mean 'Gedung UPT'?"),
    ({"mode": "online", "tempat": None}, "column H (platform): is required when mode is online (for example Zoom)"),
    ({"mode": "online", "platform": "Zoom"},
     "column G (tempat): an online session has no venue; remove it or set mode: hybrid"),
    ({"mode": "hybrid"}, "column H (platform): is required when mode is hybrid (for example Zoom)"),
    ({"mode": "tatap muka"}, "column F (mode): must be one of offline, online, hybrid, not 'tatap muka'"),
    ({"kuota": 0}, "column I (kuota): must be 1 or more; leave quota out when there is no limit"),
    ({"terisi": 31}, "column J (terisi): is 31, more than the quota of 30"),
    ({"biaya": -5000}, "column K (biaya): must be 0 or more, not -5000"),
    ({"biaya": "gratis"},
     "column K (biaya): must be a whole number written with digits only (like 150000), not 'gratis'"),
    ({"biaya": "Rp250.000"}, "column K (biaya): 'Rp250.000' has dots, commas or 'Rp'; write the whole number with "
                             "digits only, like 250000"),
    ({"biaya": "Rp 150.000"}, "column K (biaya): 'Rp 150.000' has dots, commas or 'Rp'; write the whole number "
                              "with digits only, like 150000"),
    ({"biaya": 2.5}, "column K (biaya): must be a whole number written with digits only (like 150000), not '2.5'"),
    ({"biaya": None}, "column K (biaya): is required: the fee in rupiah, or 0 when the session is free"),
    ({"zona waktu": "Asia/Malang"},
     "column E (zona waktu): 'Asia/Malang' is not a known time zone; use a name such as Asia/Jakarta"),
    ({"status": "batal"}, "column O (status): must be one of scheduled, cancelled, postponed, not 'batal'"),
    ({"tautan pendaftaran": "example.org/daftar"},
     "column N (tautan pendaftaran): 'example.org/daftar' must be a full web address starting with https://"),
    ({"tautan pendaftaran": "http://example.org/daftar"}, "column N (tautan pendaftaran): "
     "'http://example.org/daftar' starts with http://; write the secure address, starting with https://"),
    ({"whatsapp narahubung": "0812"}, "column P (whatsapp narahubung): '0812' is not a phone number that can be "
                                      "dialled; write it like 0812-3456-7890 or (0341) 551234, in quotes"),
    ({"kode angkatan": "Kop 3"},
     "column A (kode angkatan): 'Kop 3' is not a valid key; use lowercase letters, digits and '-'"),
    ({"kode angkatan": "kop-b1"}, "column A (kode angkatan): the id is used twice (also in Angkatan!A2); ids must be "
                                  "unique because calendars identify sessions by them"),
    ({"kode angkatan": "contoh-angkatan"},
     "column A (kode angkatan): is the template's example row; write your own session over it, or delete the row"),
]


@pytest.fixture(scope="module")
def bad_sheet_run(tmp_path_factory: pytest.TempPathFactory):
    """One sheet holding every bad row, imported once: every mistake is said in one run."""
    folder = tmp_path_factory.mktemp("bad")
    site = write_site(folder / "site")
    rows = []
    for number, (change, _message) in enumerate(BAD_ROWS, start=1):
        row = {**GOOD, "kode angkatan": f"kop-b{number}", **change}
        rows.append(row)
    sheet = write_xlsx(folder / "jadwal.xlsx", rows)
    before = snapshot(site)
    result = import_sheet(site, sheet)
    assert snapshot(site) == before, "a sheet with mistakes wrote something"
    return result


@pytest.mark.parametrize(("number", "message"), [(n, m) for n, (_c, m) in enumerate(BAD_ROWS, start=1)],
                         ids=[m.split(": ", 1)[1][:60] for _c, m in BAD_ROWS])
def test_each_schedule_rule_is_said_at_its_row_and_column(bad_sheet_run, number: int, message: str) -> None:
    assert bad_sheet_run.code == 1
    expected = f"jadwal.xlsx: Angkatan row {number + 1}, {message}"
    lines = bad_sheet_run.err.splitlines()
    assert any(line.endswith(expected) for line in lines), f"{expected!r} not in:\n{bad_sheet_run.err}"


def test_every_bad_row_is_said_once_and_nothing_else(bad_sheet_run) -> None:
    lines = [line for line in bad_sheet_run.err.splitlines() if "jadwal.xlsx: " in line]
    assert len(lines) == len(BAD_ROWS), bad_sheet_run.err
    assert "errors: 35; nothing was written, the schedule files are unchanged." in bad_sheet_run.err
    assert "Traceback" not in bad_sheet_run.err


def test_messages_in_indonesian_name_the_row_and_column(site: Path, tmp_path: Path) -> None:
    sheet = write_xlsx(tmp_path / "jadwal.xlsx", [{**GOOD, "biaya": "Rp 150.000"}])
    result = import_sheet(site, sheet, messages="id")
    assert result.code == 1
    assert ("jadwal.xlsx: Angkatan baris 2, kolom K (biaya): 'Rp 150.000' memakai titik, koma atau 'Rp'; tulis "
            "bilangan bulat dengan angka saja, seperti 150000") in result.err
    assert "kesalahan: 1; tidak ada yang ditulis, berkas jadwal tidak berubah." in result.err


def test_a_good_row_is_added_and_the_site_builds_with_it(site: Path, tmp_path: Path) -> None:
    sheet = write_xlsx(tmp_path / "jadwal.xlsx", [GOOD])
    result = import_sheet(site, sheet)
    assert result.code == 0, result.err
    assert result.out.splitlines() == ["content/schedules/2026.yaml: added kop-2 (row 2)",
                                       "sessions: 1 added, 0 changed, 0 unchanged",
                                       "written: content/schedules/2026.yaml"]
    text = (site / SCHEDULE).read_text(encoding="utf-8")
    assert text.startswith(_fixture_schedule())  # the session that was there, untouched
    assert text.endswith(
        "\n  - id: kop-2\n    course: koperasi\n    start: 2026-08-10 08:00\n    end: 2026-08-12 16:00\n"
        "    mode: offline\n    venue: upt\n    quota: 30\n    seats_taken: 0\n    fee: 0\n    registration:\n"
        "      opens: 2026-07-01\n      closes: 2026-08-03\n      url: https://example.org/daftar/kop-2\n")
    built = build_site(site, tmp_path / "out", "--strict")
    assert built.code == 0, built.err
    page = (tmp_path / "out/pelatihan/koperasi/index.html").read_text(encoding="utf-8")
    assert 'data-session-id="kop-2"' in page


def _fixture_schedule() -> str:
    import textwrap

    return textwrap.dedent(FILES[SCHEDULE])


def test_how_cells_are_read_dates_numbers_titles_and_names(site: Path, tmp_path: Path) -> None:
    """Date cells, serial numbers, dates typed day/month/year with 08.00, ISO text; 250000.0 as stored by a
    spreadsheet; a course by its English title, a venue by its Indonesian name."""
    rows = [
        {**GOOD, "kode angkatan": "a-1", "mulai": 46244.333333333336, "selesai": 46246.666666666664,
         "biaya": 250000.0, "pelatihan": "Cooperative Management", "tempat": "gedung upt"},
        {**GOOD, "kode angkatan": "a-2", "mulai": "10/08/2026 08.00", "selesai": "12/8/2026 16.00",
         "pendaftaran dibuka": "01/07/2026", "pendaftaran ditutup": "2026-08-03", "tempat": "UPT Building"},
        {**GOOD, "kode angkatan": "a-3", "mulai": "2026-08-10 08:00", "selesai": "2026-08-12 16:00",
         "pelatihan": "Manajemen Koperasi", "whatsapp narahubung": "0812-3456-7890"},
    ]
    result = import_sheet(site, write_xlsx(tmp_path / "jadwal.xlsx", rows))
    assert result.code == 0, result.err
    text = (site / SCHEDULE).read_text(encoding="utf-8")
    for session in ("a-1", "a-2", "a-3"):
        entry = text.split(f"- id: {session}\n", 1)[1].split("\n  - ", 1)[0]
        assert "    course: koperasi\n    start: 2026-08-10 08:00\n    end: 2026-08-12 16:00\n" in entry, entry
        assert "    venue: upt\n" in entry
        assert "      opens: 2026-07-01\n      closes: 2026-08-03\n" in entry
    assert "    fee: 250000\n" in text.split("- id: a-1\n", 1)[1]
    assert '      whatsapp: "0812-3456-7890"\n' in text


def test_a_csv_with_semicolons_as_saved_in_indonesia(site: Path, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "jadwal.csv", [
        "Kode Angkatan;Pelatihan;Mulai;Selesai;Mode;Tempat;Kuota;Terisi;Biaya;Pendaftaran Dibuka;"
        "Pendaftaran Ditutup;Tautan Pendaftaran;Catatan",
        'kop-2;Manajemen Koperasi;10/08/2026 08.00;12/08/2026 16.00;offline;upt;30;0;150000;01/07/2026;03/08/2026;'
        'https://example.org/daftar/kop-2;"Bawa laptop; dan charger"'])
    result = import_sheet(site, sheet)
    assert result.code == 0, result.err
    text = (site / SCHEDULE).read_text(encoding="utf-8")
    assert "    quota: 30\n    seats_taken: 0\n    fee: 150000\n" in text  # numbers, not the texts "30" and "0"
    assert "    note: Bawa laptop; dan charger\n" in text


def test_a_csv_that_is_not_utf8_is_refused(site: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "jadwal.csv"
    sheet.write_bytes("kode angkatan;pelatihan\nkop-2;Pelatihan Kopi Gayo Pañuelo\n".encode("cp1252"))
    result = import_sheet(site, sheet)
    assert result.code == 1
    assert "jadwal.csv: is not saved as UTF-8" in result.err


def test_an_update_keeps_comments_order_and_layout(site: Path, tmp_path: Path) -> None:
    """Only the changed lines change; a comment introducing the next session stays before it, also when a
    field is added at the end of the session before it."""
    schedule = (
        "# Jadwal 2026: komentar di awal berkas.\n"
        "sessions:\n"
        "  # Angkatan pertama\n"
        "  - id: kop-1\n"
        "    course: koperasi  # kunci pelatihan\n"
        "    start: 2026-07-20 08:00\n"
        "    end: 2026-07-22 16:00\n"
        "    mode: offline\n"
        "    venue: upt\n"
        "    quota: 30\n"
        "    seats_taken: 10\n"
        "    fee: 1500000\n"
        "    registration:\n"
        "      opens: 2026-06-01\n"
        "      closes: 2026-07-10\n"
        "      url: https://example.org/daftar/kop-1\n"
        "    contact:\n"
        "      name: Bu Rina\n"
        '      whatsapp: "+62 812-0000-0001"\n'
        "\n"
        "  # Angkatan daring, komentar yang harus tetap di sini\n"
        "  - id: pem-1\n"
        "    course: pemasaran\n"
        "    start: 2026-08-03 09:00\n"
        "    end: 2026-08-03 12:00\n"
        "    mode: online\n"
        "    online_platform: Zoom\n"
        "    fee: 0\n"
        "# akhir berkas\n")
    write_site(site, {SCHEDULE: schedule})
    sheet = write_xlsx(tmp_path / "terisi.xlsx", [
        {"kode angkatan": "kop-1", "terisi": 25, "catatan": "Bawa laptop.", "whatsapp narahubung": "0812-0000-0001"},
        {"kode angkatan": "pem-1", "terisi": 3}],
        header=["kode angkatan", "terisi", "catatan", "whatsapp narahubung"])
    result = import_sheet(site, sheet)
    assert result.code == 0, result.err
    assert result.out.splitlines()[:2] == [
        "content/schedules/2026.yaml: changed kop-1 (row 2): seats_taken 10 → 25; note — → Bawa laptop.",
        "content/schedules/2026.yaml: changed pem-1 (row 3): seats_taken — → 3"]
    expected = (schedule.replace("    seats_taken: 10\n", "    seats_taken: 25\n")
                .replace('"+62 812-0000-0001"\n\n', '"+62 812-0000-0001"\n    note: Bawa laptop.\n\n')
                .replace("    online_platform: Zoom\n    fee: 0\n", "    online_platform: Zoom\n    seats_taken: 3\n"
                                                                   "    fee: 0\n"))
    assert (site / SCHEDULE).read_text(encoding="utf-8") == expected
    assert build_site(site, tmp_path / "out", "--strict").code == 0


def test_a_change_of_dates_raises_the_calendar_sequence(site: Path, tmp_path: Path) -> None:
    sheet = write_xlsx(tmp_path / "geser.xlsx", [{"kode angkatan": "kop-1", "mulai": datetime(2026, 7, 21, 8, 0)}],
                       header=["kode angkatan", "mulai"])
    result = import_sheet(site, sheet)
    assert result.code == 0, result.err
    assert "changed kop-1 (row 2): start 2026-07-20 08:00 → 2026-07-21 08:00; sequence — → 1" in result.out
    assert "    start: 2026-07-21 08:00\n" in (site / SCHEDULE).read_text(encoding="utf-8")
    assert "    sequence: 1\n" in (site / SCHEDULE).read_text(encoding="utf-8")


def test_the_same_facts_written_otherwise_change_nothing(site: Path, tmp_path: Path) -> None:
    """A session in the sheet as it is in the file, with the fee as 1500000.0 and the time zone written out."""
    before = snapshot(site)
    row = {"kode angkatan": "kop-1", "pelatihan": "Manajemen Koperasi", "mulai": datetime(2026, 7, 20, 8, 0),
           "selesai": "22/07/2026 16.00", "zona waktu": "Asia/Jakarta", "mode": "offline", "tempat": "upt",
           "kuota": 30, "terisi": 10.0, "biaya": 1500000.0, "pendaftaran dibuka": date(2026, 6, 1),
           "pendaftaran ditutup": "10/07/2026", "tautan pendaftaran": "https://example.org/daftar/kop-1"}
    result = import_sheet(site, write_xlsx(tmp_path / "sama.xlsx", [row]))
    assert result.code == 0, result.err
    assert result.out.splitlines() == ["sessions: 0 added, 0 changed, 1 unchanged"]
    assert snapshot(site) == before


def test_dry_run_says_what_would_change_and_writes_nothing(site: Path, tmp_path: Path) -> None:
    before = snapshot(site)
    sheet = write_xlsx(tmp_path / "jadwal.xlsx", [GOOD, {"kode angkatan": "kop-1", "terisi": 12}],
                       header=[*HEADER])
    result = import_sheet(site, sheet, "--dry-run")
    assert result.code == 1  # kop-1's row empties the required columns it leaves blank
    assert "row 3, column B (pelatihan): is required but missing" in result.err
    sheet = write_xlsx(tmp_path / "jadwal.xlsx", [GOOD])
    result = import_sheet(site, sheet, "--dry-run")
    assert result.code == 0, result.err
    assert result.out.splitlines()[-1] == "--dry-run: nothing was written"
    assert snapshot(site) == before


def test_new_sessions_go_to_the_file_of_their_year_or_into(site: Path, tmp_path: Path) -> None:
    row = {**GOOD, "mulai": datetime(2027, 2, 10, 8, 0), "selesai": datetime(2027, 2, 12, 16, 0),
           "pendaftaran dibuka": date(2027, 1, 4), "pendaftaran ditutup": date(2027, 2, 3)}
    result = import_sheet(site, write_xlsx(tmp_path / "a.xlsx", [row]))
    assert result.code == 0, result.err
    assert (site / "content/schedules/2027.yaml").read_text(encoding="utf-8").startswith("sessions:\n  - id: kop-2\n")
    row["kode angkatan"] = "kop-3"
    result = import_sheet(site, write_xlsx(tmp_path / "b.xlsx", [row]), "--into", "content/schedules/tambahan.yaml")
    assert result.code == 0, result.err
    assert "content/schedules/tambahan.yaml: added kop-3 (row 2)" in result.out
    assert build_site(site, tmp_path / "out", "--strict").code == 0


def test_a_session_that_contradicts_its_course_is_said_at_its_row(site: Path, tmp_path: Path) -> None:
    """Only the whole site knows that pemasaran is an online course: the import proves the site builds."""
    row = {**GOOD, "pelatihan": "pemasaran"}
    before = snapshot(site)
    result = import_sheet(site, write_xlsx(tmp_path / "a.xlsx", [row]))
    assert result.code == 1
    assert ("a.xlsx: Angkatan row 2, column F (mode): the session is offline, but content/courses/pemasaran.id.md "
            "says the course is online; make them agree (a course with sessions of both kinds is hybrid)") in result.err
    assert snapshot(site) == before


def test_header_problems(site: Path, tmp_path: Path) -> None:
    header = ["kode angkatan", "pelatihan", "mulai", "selesai", "mode", "tempat", "kouta", "Keterangan", "start"]
    row = {"kode angkatan": "kop-2", "pelatihan": "koperasi", "mulai": datetime(2026, 8, 10, 8, 0),
           "selesai": datetime(2026, 8, 12, 16, 0), "mode": "offline", "tempat": "upt", "kouta": 30,
           "Keterangan": "bawa laptop", "start": datetime(2026, 8, 10, 8, 0)}
    result = import_sheet(site, write_xlsx(tmp_path / "h.xlsx", [row], header=header, above=["Jadwal 2026"]))
    assert result.code == 1
    lines = result.err.replace(f"{tmp_path}/", "").splitlines()
    assert lines[:4] == [
        "h.xlsx: Angkatan row 2: the columns biaya are missing; a new session needs them (rows 3)",
        "h.xlsx: Angkatan row 2, column G (kouta): is not a known column; did you mean 'kuota'?",
        "h.xlsx: Angkatan row 2, column H (Keterangan): is not a known column (the guide lists them)",
        "h.xlsx: Angkatan row 2, column I (start): is the same column as column C (mulai); keep one of them"]


@pytest.mark.parametrize(("name", "extra", "message"), [
    ("hilang.xlsx", (), "hilang.xlsx: does not exist"),
    ("jadwal.ods", (), "jadwal.ods: is not a sheet this command reads; save it as .xlsx (Excel workbook) or .csv"),
    ("jadwal.xlsx", ("--sheet", "Jadwal"), "--sheet: 'Jadwal' is not a sheet of"),
    ("jadwal.xlsx", ("--into", "content/2027.yaml"), "--into: 'content/2027.yaml' must be a .yaml file under "
                                                     "content/schedules/"),
])
def test_a_wrong_command_line_exits_2(site: Path, tmp_path: Path, name: str, extra: tuple[str, ...],
                                      message: str) -> None:
    write_xlsx(tmp_path / "jadwal.xlsx", [GOOD])
    (tmp_path / "jadwal.ods").write_bytes(b"PK")
    result = import_sheet(site, tmp_path / name, *extra)
    assert result.code == 2, result.err
    assert message in result.err
    assert "Traceback" not in result.err
