"""`export sessions`: the registration desk's sheet and the template, read back with openpyxl; export ->
import gives back the same sessions; statuses are the site's own (compared with the built pages)."""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from conftest import SAMPLE_NOW
from sheetfactory import copy_sample, read_xlsx, sessions_of
from sitefactory import PROJECT, build_site, run_cli, snapshot


def export(site: Path, output: Path, *extra: str, messages: str = "id"):
    return run_cli("--messages", messages, "export", "sessions", "--site", str(site), "--output", str(output),
                   "--now", SAMPLE_NOW, *extra)


def import_sheet(site: Path, sheet: Path, *extra: str):
    return run_cli("--messages", "en", "import", "sessions", str(sheet), "--site", str(site), "--now", SAMPLE_NOW,
                   *extra)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_sample(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="module")
def desk(sample: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("desk") / "angkatan.xlsx"
    result = export(sample, output)
    assert result.code == 0, result.err
    assert result.out == f"ditulis: {output} (31 angkatan)\n"
    return output


def header_of(page, row: int = 3) -> dict[str, int]:
    return {cell.value: cell.column for cell in page[row] if cell.value}


def test_the_desk_sheet_says_what_and_when_with_real_dates_and_rupiah(desk: Path) -> None:
    page = read_xlsx(desk).worksheets[0]
    assert page.title == "Angkatan 2026-12-01"
    assert page["A1"].value == "Angkatan pelatihan: status per Selasa, 1 Desember 2026 09.00 WIB"
    assert page["A2"].value.startswith("Katalog Pelatihan UPT Koperasi dan UMKM Jawa Timur · 31 angkatan")
    columns = header_of(page)
    assert list(columns)[:5] == ["kode angkatan", "pelatihan", "status saat ini", "mulai", "selesai"]
    assert page.freeze_panes == "C4"
    assert page.auto_filter.ref == f"A3:{page.cell(3, len(columns)).column_letter}34"
    rows = {page.cell(row, 1).value: row for row in range(4, 35)}
    koperasi = rows["koperasi-2027-01"]
    start = page.cell(koperasi, columns["mulai"])
    assert start.value == datetime(2027, 1, 19, 8, 0) and start.is_date and "HH:MM" in start.number_format
    closes = page.cell(koperasi, columns["pendaftaran ditutup"])
    assert closes.value == datetime(2027, 1, 12) and closes.is_date and closes.number_format == "DD/MM/YYYY"
    fee = page.cell(rows["foto-2027-01"], columns["biaya"])
    assert fee.value == 150000 and fee.number_format == '"Rp"#,##0;-"Rp"#,##0;"Gratis"'
    assert page.cell(koperasi, columns["pelatihan"]).value == "Manajemen Koperasi Modern"
    assert page.cell(koperasi, columns["tempat"]).value == "UPT Pelatihan Koperasi dan UMKM Jawa Timur"
    assert page.cell(koperasi, columns["sisa kursi"]).value == 18
    for name, number in columns.items():  # wide enough to read the header
        assert page.column_dimensions[page.cell(3, number).column_letter].width >= min(len(name), 30), name
    assert page.print_title_rows == "$3:$3" and page.page_setup.orientation == "landscape"


def test_statuses_are_the_ones_the_built_site_shows(desk: Path, built_sample_site: Path) -> None:
    labels = {value: key.removeprefix("status_") for key, value in
              yaml.safe_load((PROJECT / "templates/strings/id.yaml").read_text(encoding="utf-8")).items()
              if key.startswith("status_") and key != "status_as_of"}
    page = read_xlsx(desk).worksheets[0]
    columns = header_of(page)
    written = {page.cell(row, 1).value: page.cell(row, columns["status saat ini"]).value for row in range(4, 35)}
    assert written["eropa-2027-01"] == "Pendaftaran belum dibuka (draf: belum diterbitkan)"  # a draft course's
    exported = {session: labels[text] for session, text in written.items() if session != "eropa-2027-01"}
    shown: dict[str, str] = {}
    for page_file in built_sample_site.rglob("index.html"):  # every session element of the published site
        shown.update(re.findall(r'data-session-id="([^"]+)"[^>]*data-status="([^"]+)"',
                                page_file.read_text(encoding="utf-8")))
    assert exported == shown
    assert len(set(exported.values())) == 9  # every status occurs in the sample at this moment


def test_filters_by_status_and_first_day(sample: Path, tmp_path: Path) -> None:
    output = tmp_path / "buka.xlsx"
    result = export(sample, output, "--status", "open,closing-soon", "--from", "2027-01-01")
    assert result.code == 0, result.err
    page = read_xlsx(output).worksheets[0]
    statuses = {page.cell(row, 3).value for row in range(4, page.max_row + 1)}
    starts = [page.cell(row, 4).value for row in range(4, page.max_row + 1)]
    assert statuses == {"Pendaftaran dibuka"} and all(start >= datetime(2027, 1, 1) for start in starts)
    assert "status: open, closing-soon" in page["A2"].value and "mulai sejak 2027-01-01" in page["A2"].value


def test_export_then_import_gives_back_the_same_sessions(desk: Path, sample: Path, tmp_path: Path) -> None:
    """Into the same site: nothing changes, byte for byte. Into a site with no schedule: the same sessions."""
    site = copy_sample(tmp_path)
    before = snapshot(site)
    result = import_sheet(site, desk)
    assert result.code == 0, result.err
    assert result.out.splitlines() == ["sessions: 0 added, 0 changed, 31 unchanged"]
    assert snapshot(site) == before
    for schedule in (site / "content/schedules").glob("*.yaml"):
        schedule.unlink()
    result = import_sheet(site, desk)
    assert result.code == 0, result.err
    assert "sessions: 31 added, 0 changed, 0 unchanged" in result.out
    assert sessions_of(site) == sessions_of(sample)
    assert build_site(site, tmp_path / "out", "--strict", now=SAMPLE_NOW).code == 0


def test_the_csv_export_round_trips_too(sample: Path, tmp_path: Path) -> None:
    output = tmp_path / "angkatan.csv"
    assert export(sample, output, messages="en").code == 0
    text = output.read_text(encoding="utf-8")
    assert text.startswith("\ufeffid;course;current status;start;end;time zone;mode;venue;")
    assert ";2027-01-19 08:00;2027-01-21 16:00;Asia/Jakarta;offline;" in text
    site = copy_sample(tmp_path)
    shutil.rmtree(site / "content/schedules")
    result = import_sheet(site, output)
    assert result.code == 0, result.err
    assert sessions_of(site) == sessions_of(sample)


def test_the_template_offers_the_sites_own_choices(sample: Path, tmp_path: Path) -> None:
    output = tmp_path / "templat.xlsx"
    result = export(sample, output, "--template")
    assert result.code == 0, result.err
    book = read_xlsx(output)
    page, choices = book.worksheets
    assert (page.title, choices.title) == ("Angkatan", "Pilihan")
    columns = header_of(page, 1)
    assert list(columns)[:4] == ["kode angkatan", "pelatihan", "mulai", "selesai"]
    assert page.cell(2, 1).value == "contoh-angkatan"
    assert page.freeze_panes == "C2"
    lists = {}
    for rule in page.data_validations.dataValidation:
        column = str(rule.sqref).split(":")[0].rstrip("0123456789")
        lists[page[f"{column}1"].value] = rule
    assert all(lists[name].showInputMessage and lists[name].prompt for name in columns)

    def listed(name: str) -> list[str]:
        rule = lists[name]
        assert rule.type == "list" and rule.showErrorMessage
        sheet, cells = rule.formula1.split("!")
        first, last = cells.replace("$", "").split(":")
        return [cell.value for (cell,) in book[sheet.strip("'")][f"{first}:{last}"]]

    courses = sorted(path.name.split(".")[0] if path.suffix == ".md" else path.name
                     for path in (sample / "content/courses").iterdir())
    assert listed("pelatihan") == sorted(set(courses))
    assert listed("tempat") == ["upt-malang", "labkop-malang", "aula-surabaya", "pendopo-banyuwangi"]
    assert listed("mode") == ["offline", "online", "hybrid"]
    assert listed("status") == ["scheduled", "cancelled", "postponed"]
    assert listed("bahasa") == ["id", "en"]
    assert {"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"} <= set(listed("zona waktu"))
    assert lists["biaya"].type == "whole" and lists["kuota"].formula1 == "1"
    assert choices["B2"].value  # the titles beside the keys


def test_the_template_filled_in_imports_and_its_example_row_does_not(sample: Path, tmp_path: Path) -> None:
    template = tmp_path / "templat.xlsx"
    assert export(sample, template, "--template").code == 0
    site = copy_sample(tmp_path)
    result = import_sheet(site, template)
    assert result.code == 1
    assert ("Angkatan row 2, column A (kode angkatan): is the template's example row; write your own session over "
            "it, or delete the row") in result.err
    book = read_xlsx(template)
    page = book.worksheets[0]
    columns = header_of(page, 1)
    for name, value in {"kode angkatan": "koperasi-2027-09", "pelatihan": "manajemen-koperasi",
                        "mulai": datetime(2027, 9, 7, 8, 0), "selesai": datetime(2027, 9, 9, 16, 0),
                        "pendaftaran dibuka": datetime(2027, 8, 2), "pendaftaran ditutup": datetime(2027, 8, 31),
                        "biaya": 0}.items():
        page.cell(2, columns[name], value)
    book.save(template)
    result = import_sheet(site, template)
    assert result.code == 0, result.err
    assert "content/schedules/2027.yaml: added koperasi-2027-09 (row 2)" in result.out
    assert build_site(site, tmp_path / "out", "--strict", now=SAMPLE_NOW).code == 0


@pytest.mark.parametrize(("extra", "message"), [
    (("--status", "buka"), "'buka' is not a list of statuses"),
    (("--from", "1/12/2026"), "'1/12/2026' is not a day written as YYYY-MM-DD"),
    (("--output", "angkatan.ods"), "--output: 'angkatan.ods' must end in .xlsx (a workbook) or .csv"),
    (("--template", "--output", "templat.csv"), "--output: a template has drop-down lists"),
])
def test_a_wrong_command_line_exits_2(sample: Path, tmp_path: Path, extra: tuple[str, ...], message: str) -> None:
    result = run_cli("--messages", "en", "export", "sessions", "--site", str(sample), *extra, cwd=tmp_path)
    assert result.code == 2, result.err
    assert message in result.err
    assert list(tmp_path.iterdir()) == []
