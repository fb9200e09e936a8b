"""The browser editor at /admin/, in Debian's Chromium, used as an office editor uses it.

On the office PC: `serve` on a copy of the sample site, /admin/ opened, "Work with Local
Repository" (the folder handed over as cms_driver.py explains). The editor creates a course in
both languages, adds a session to a schedule once the new course is among the choices, changes
a venue's address, and saves; the files it wrote are built by the real command line, and both
languages' pages must show exactly what was typed. Along the way: no console error, no
Content-Security-Policy violation, no request to another host. A form with a required field
left empty, or a registration address starting with http://, cannot be saved.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from cms_driver import (
    add_list_item,
    choose,
    editor_pane,
    field_group,
    fill_and_keep,
    open_local,
    reopen,
    save,
    save_and_confirm,
    save_and_leave,
    saved_files,
    take_back,
    typed,
    watch,
)
from playwright.sync_api import Browser, Locator, Page, expect
from preview_process import Preview, fetch, serving, wait_for
from quality_tools import serve_directory
from sitefactory import PROJECT, run_cli

ADMIN = """
admin:
  backend: github
  repo: dinas-koperasi-jatim/katalog-pelatihan
  branch: main
"""
NOW = "2027-02-01T09:00:00+07:00"  # registration for the new session is open
COURSE = {"key": "kemasan-oleh-oleh",
          "id": ("Kemasan Produk Oleh-oleh Khas Malang",
                 "Merancang kemasan keripik tempe dan sari apel yang dipilih pembeli di rak toko.",
                 "Peserta membawa contoh produknya sendiri dan pulang dengan rancangan label baru."),
          "en": ("Packaging Malang Souvenir Products",
                 "Design packaging for tempeh chips and apple juice that shoppers pick from the shelf.",
                 "Participants bring samples of their own products and leave with a new label design.")}
SESSION = {"id": "oleh-oleh-2027-01", "start": "2027-03-02T08:00", "end": "2027-03-03T15:00", "quota": "25",
           "fee": "150000", "opens": "2027-01-11", "closes": "2027-02-23",
           "url": "https://example.org/daftar/oleh-oleh-2027-01"}
NEW_ADDRESS = "Jl. Raya BTU No. 2, Perumahan BTU, Kec. Kedungkandang"
# Screenshots for people to look at (the guide's pictures are copied from here into docs/img/).
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


def picture(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"editor-{name}.png")


@pytest.fixture
def office_site(tmp_path: Path) -> Path:
    site = tmp_path / "situs"
    shutil.copytree(PROJECT / "content", site / "content")
    (site / "site_config.yaml").write_text((PROJECT / "site_config.yaml").read_text(encoding="utf-8") + ADMIN,
                                           encoding="utf-8")
    return site


@pytest.fixture
def preview(office_site: Path, tmp_path: Path) -> Iterator[Preview]:
    with serving(office_site, tmp_path, now=NOW) as preview:
        yield preview


def new_page(browser: Browser) -> Page:
    return browser.new_context(viewport={"width": 1280, "height": 800}).new_page()


def origin(url: str) -> str:
    return url.rstrip("/")


def create_course(page: Page) -> None:
    page.get_by_role("treeitem", name="Pelatihan", exact=True).click()
    page.get_by_role("button", name="New").click()
    indonesian = editor_pane(page, "Indonesian")
    title, summary, body = COURSE["id"]
    fill_and_keep(indonesian.get_by_role("textbox", name="Judul"), title)
    indonesian.get_by_role("textbox", name="Ringkasan").fill(summary)
    indonesian.get_by_role("textbox", name="Isi halaman").fill(body)
    choose(page, indonesian, "Kategori", "Pemasaran Digital")
    choose(page, indonesian, "Tingkat", "Dasar")
    choose(page, indonesian, "Cara mengikuti", "Tatap muka")
    indonesian.get_by_role("textbox", name="Durasi (jam pelajaran)").fill("16")
    choose(page, indonesian, "Sertifikat", "Ya")
    choose(page, indonesian, "Pengajar", "Nadia")
    choose(page, indonesian, "Terbit atau draf", "Terbitkan")
    page.get_by_role("textbox", name="Slug", exact=True).fill(COURSE["key"])
    page.get_by_role("radio", name="English").first.click()
    english = editor_pane(page, "English")
    title, summary, body = COURSE["en"]
    english.get_by_role("textbox", name="Judul").fill(title)
    english.get_by_role("textbox", name="Ringkasan").fill(summary)
    english.get_by_role("textbox", name="Isi halaman").fill(body)
    english.get_by_role("textbox", name="Judul").click()  # the text box takes what was typed as it loses focus
    expect(page.get_by_role("document", name="Content Preview")).to_contain_text(body)
    page.get_by_role("radio", name="Indonesian").first.click()
    editor_pane(page, "Indonesian").get_by_role("textbox", name="Judul").scroll_into_view_if_needed()
    picture(page, "new-course")
    save_and_leave(page, SCREENSHOTS / "editor-save-failed.png")
    expect(page.get_by_text("Entry saved.")).to_be_visible()
    page.wait_for_timeout(600)  # the page's transitions end
    picture(page, "saved")


def new_session(page: Page, session_id: str, course: str, start: str, end: str) -> Locator:
    """A new angkatan in the 2027 schedule, its code, course and times typed; its fields returned."""
    page.get_by_role("treeitem", name="Jadwal angkatan").click()
    page.get_by_role("row", name=re.compile("2027")).click()
    item = add_list_item(page, "Angkatan", "Kode angkatan")
    typed(item, "textbox", "Kode angkatan").fill(session_id)
    choose(page, item, "Pelatihan", course)
    typed(item, "textbox", "Mulai").fill(start)
    typed(item, "textbox", "Selesai").fill(end)
    return item


def add_session(page: Page) -> None:
    item = new_session(page, SESSION["id"], COURSE["id"][0], SESSION["start"], SESSION["end"])
    choose(page, item, "Cara mengikuti", "Tatap muka")
    choose(page, item, "Tempat", "upt-malang")
    typed(item, "textbox", "Kuota peserta").fill(SESSION["quota"])
    typed(item, "textbox", "Biaya (rupiah)").fill(SESSION["fee"])
    registration = field_group(item, "Pendaftaran")
    typed(registration, "textbox", "Pendaftaran dibuka").fill(SESSION["opens"])
    typed(registration, "textbox", "Pendaftaran ditutup").fill(SESSION["closes"])
    typed(registration, "textbox", "Tautan pendaftaran").fill(SESSION["url"])
    typed(item, "textbox", "Mulai").scroll_into_view_if_needed()
    picture(page, "new-session")
    save(page)


def change_venue_address(page: Page) -> None:
    page.get_by_role("treeitem", name="Data bersama").click()
    page.get_by_role("row", name="Tempat pelatihan").click()
    venue = page.get_by_role("group", name=re.compile(r"\(upt-malang\)")).first
    venue.get_by_role("button", name="Expand").click()
    typed(venue, "textbox", "Alamat").fill(NEW_ADDRESS)
    save(page)


def test_an_editor_makes_a_course_and_a_session_that_build_into_both_languages(
        browser: Browser, office_site: Path, preview: Preview, tmp_path: Path) -> None:
    page = new_page(browser)
    seen = watch(page, origin(preview.url))
    page.goto(preview.url + "admin/")
    expect(page.get_by_role("button", name="Work with Local Repository")).to_be_visible(timeout=30_000)
    picture(page, "sign-in")
    open_local(page, preview.url + "admin/", office_site)
    create_course(page)
    written = take_back(page, office_site)
    assert written == [f"content/courses/{COURSE['key']}.en.md", f"content/courses/{COURSE['key']}.id.md"]
    # The preview rebuilds, and the forms' choices now hold the new course, by its Indonesian title
    # (a rebuild that saw only one of the two new files offers it by another title).
    offered = f'{COURSE["id"][0]} ({COURSE["key"]})'
    assert wait_for(lambda: offered in str(yaml.safe_load(fetch(preview.url + "admin/config.yml")[1])))
    reopen(page)
    add_session(page)
    change_venue_address(page)
    written = take_back(page, office_site)
    assert written == ["content/data/venues.yaml", "content/schedules/2027.yaml"]
    assert seen.errors == [] and seen.elsewhere == [] and seen.violations(page) == []

    # What the editor saved reads as the build reads it ...
    schedule = yaml.safe_load((office_site / "content/schedules/2027.yaml").read_text(encoding="utf-8"))
    session = next(s for s in schedule["sessions"] if s["id"] == SESSION["id"])
    # Numbers are typed and saved as text (a number box reads 150.000 as 150); the build reads the digits.
    assert session["course"] == COURSE["key"] and str(session["fee"]) == "150000" and str(session["quota"]) == "25"
    out = tmp_path / "out"
    done = run_cli("build", "--strict", "--site", str(office_site), "--output", str(out), "--now", NOW)
    assert done.code == 0, done.err
    # ... and every fact typed is on both languages' pages, as typed.
    indonesian = (out / "pelatihan" / COURSE["key"] / "index.html").read_text(encoding="utf-8")
    english = (out / "en" / "courses" / COURSE["key"] / "index.html").read_text(encoding="utf-8")
    for page_text, language in ((indonesian, "id"), (english, "en")):
        for text in COURSE[language]:
            assert text in page_text, (language, text)
        assert NEW_ADDRESS in page_text and SESSION["url"] in page_text
    assert "Rp150.000" in indonesian and "IDR\xa0150,000" in english  # Babel: a no-break space after IDR
    assert "2–3 Maret 2027" in indonesian and "March 2\u2009–\u20093, 2027" in english  # Babel's date ranges
    assert "16 jam" in indonesian and "Nadia" in indonesian
    # The preview shows the new course too.
    assert wait_for(lambda: fetch(preview.url + f"pelatihan/{COURSE['key']}/")[0] == 200)


def test_the_form_does_not_save_what_the_build_would_refuse(browser: Browser, office_site: Path,
                                                            preview: Preview) -> None:
    page = new_page(browser)
    watch(page, origin(preview.url))
    open_local(page, preview.url + "admin/", office_site)
    # A session complete but for a registration address starting with http://: refused, with why.
    item = new_session(page, "uji-2027-01", "manajemen-koperasi", "2027-04-06T08:00", "2027-04-06T15:00")
    choose(page, item, "Cara mengikuti", "Daring")
    typed(item, "textbox", "Platform daring").fill("Zoom")
    typed(item, "textbox", "Biaya (rupiah)").fill("0")
    address = typed(field_group(item, "Pendaftaran"), "textbox", "Tautan pendaftaran")
    address.fill("http://example.org/daftar")
    save(page)
    expect(page.get_by_role("alert").filter(has_text="One field has an error")).to_be_visible()
    expect(field_group(item, "Tautan pendaftaran").get_by_role("alert")).to_contain_text(
        "Alamat lengkap yang dimulai dengan https:// (alamat http:// ditolak).")
    assert take_back(page, office_site) == []
    # A fee written as on a poster is refused, not read as 150 (a browser's number box would).
    fee = typed(item, "textbox", "Biaya (rupiah)")
    for poster in ("150.000", "1.500.000", "Rp 150.000"):
        fee.fill(poster)
        save(page)
        expect(field_group(item, "Biaya (rupiah)").get_by_role("alert")).to_contain_text("Bilangan bulat 0 atau lebih")
        assert take_back(page, office_site) == []
    fee.fill("0")
    # The same session with https:// is saved: the address was the only reason.
    address.fill("https://example.org/daftar")
    save(page)
    expect(page.get_by_role("alert").filter(has_text="has an error")).to_have_count(0)
    assert wait_for(lambda: "uji-2027-01" in saved_files(page)["content/schedules/2027.yaml"].decode())

    # A new course without its title: refused, the field named.
    page.get_by_role("treeitem", name="Pelatihan", exact=True).click()
    page.get_by_role("button", name="New").click()
    indonesian = editor_pane(page, "Indonesian")
    indonesian.get_by_role("textbox", name="Ringkasan").fill("Ringkasan tanpa judul.")
    choose(page, indonesian, "Kategori", "koperasi")
    page.get_by_role("textbox", name="Slug", exact=True).fill("tanpa-judul")
    save(page)
    expect(field_group(indonesian, "Judul").get_by_role("alert")).to_contain_text("This field is required.")
    assert not any(name.startswith("content/courses/tanpa-judul") for name in saved_files(page))


def test_a_course_saved_by_the_editor_builds_as_before(browser: Browser, office_site: Path, preview: Preview,
                                                      tmp_path: Path) -> None:
    """The editor rewrites a file whole (its YAML, its Markdown): a course whose title alone was
    changed builds into the same pages, but for that title, in both languages."""
    before, after = tmp_path / "before", tmp_path / "after"
    assert run_cli("build", "--site", str(office_site), "--output", str(before), "--now", NOW).code == 0
    page = new_page(browser)
    watch(page, origin(preview.url))
    open_local(page, preview.url + "admin/", office_site)
    page.get_by_role("treeitem", name="Pelatihan", exact=True).click()
    page.get_by_role("row", name=re.compile("Manajemen Koperasi Modern")).click()
    indonesian = editor_pane(page, "Indonesian")
    indonesian.get_by_role("textbox", name="Judul").fill("Manajemen Koperasi Masa Kini")
    # The file never said whether the course is published (published, then): the form asks, once.
    save(page)
    expect(field_group(indonesian, "Terbit atau draf").get_by_role("alert")).to_contain_text("required")
    choose(page, indonesian, "Terbit atau draf", "Terbitkan")
    save(page)
    assert wait_for(lambda: "Masa Kini" in saved_files(page)["content/courses/manajemen-koperasi.id.md"].decode())
    written = take_back(page, office_site)
    assert written == ["content/courses/manajemen-koperasi.en.md", "content/courses/manajemen-koperasi.id.md"]
    assert run_cli("build", "--site", str(office_site), "--output", str(after), "--now", NOW).code == 0
    english = "en/courses/modern-cooperative-management/index.html"
    assert (after / english).read_bytes() == (before / english).read_bytes()
    indonesian = "pelatihan/manajemen-koperasi/index.html"
    shown = (after / indonesian).read_text(encoding="utf-8")
    for new, old in (("Masa Kini", "Modern"), ("Masa%20Kini", "Modern")):  # as written, and in share links
        shown = shown.replace(f"Manajemen Koperasi {new}", "Manajemen Koperasi Modern").replace(
            f"Manajemen%20Koperasi%20{new}", f"Manajemen%20Koperasi%20{old}")
    assert shown == (before / indonesian).read_text(encoding="utf-8")


def test_what_the_form_could_not_prevent_shows_in_the_preview_and_the_editor_stays(
        browser: Browser, office_site: Path, preview: Preview) -> None:
    """An end before the start spans two fields, which the form does not compare: saved, the
    preview's every address names the mistake, and the editor still opens to mend it."""
    page = new_page(browser)
    watch(page, origin(preview.url))
    open_local(page, preview.url + "admin/", office_site)
    item = new_session(page, "mundur-2027-01", "manajemen-koperasi", "2027-04-06T15:00", "2027-04-06T08:00")
    choose(page, item, "Cara mengikuti", "Tatap muka")
    choose(page, item, "Tempat", "upt-malang")
    typed(item, "textbox", "Biaya (rupiah)").fill("0")
    save(page)
    assert wait_for(lambda: "mundur-2027-01" in saved_files(page)["content/schedules/2027.yaml"].decode())
    take_back(page, office_site)
    assert wait_for(lambda: fetch(preview.url)[0] == 500)
    status, shown = fetch(preview.url + "pelatihan/")
    assert status == 500 and "content/schedules/2027.yaml:" in shown and "mundur-2027-01.end" in shown
    assert fetch(preview.url + "admin/")[0] == 200 and "mundur-2027-01" not in fetch(preview.url + "admin/")[1]
    assert "manajemen-koperasi" in fetch(preview.url + "admin/config.yml")[1]  # its choices are still there


def test_a_course_in_one_language_stays_in_one_language(browser: Browser, office_site: Path,
                                                        preview: Preview) -> None:
    """Saving a course that has no English file writes no empty English twin, which would be a
    page without a title."""
    page = new_page(browser)
    watch(page, origin(preview.url))
    open_local(page, preview.url + "admin/", office_site)
    page.get_by_role("treeitem", name="Pelatihan", exact=True).click()
    page.get_by_role("row", name=re.compile("Penyusunan Rapat Anggota Tahunan")).click()
    indonesian = editor_pane(page, "Indonesian")
    indonesian.get_by_role("textbox", name="Ringkasan").fill("Menyusun laporan dan tata tertib RAT yang sah.")
    choose(page, indonesian, "Terbit atau draf", "Terbitkan")
    save_and_confirm(page, SCREENSHOTS / "editor-save-failed.png")
    assert wait_for(lambda: "laporan dan tata tertib" in
                    saved_files(page)["content/courses/penyusunan-rat-koperasi.id.md"].decode(), seconds=60)
    assert take_back(page, office_site) == ["content/courses/penyusunan-rat-koperasi.id.md"]


def test_the_published_editor_loads_only_from_its_own_site(browser: Browser, office_site: Path,
                                                          tmp_path: Path) -> None:
    """Built for publishing: its own CSP, noindex, nothing in the sitemap or the search index;
    the only request elsewhere is the Git host's status check the CMS cannot be told to skip."""
    out = tmp_path / "out"
    done = run_cli("build", "--site", str(office_site), "--output", str(out), "--now", NOW)
    assert done.code == 0, done.err
    admin = (out / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in admin
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', admin)
    assert csp and "connect-src &#39;self&#39; blob: data: https://api.github.com https://www.githubstatus.com" \
        in csp[1]
    assert "/admin/" not in (out / "sitemap.xml").read_text(encoding="utf-8")
    with serve_directory(out) as url:
        page = new_page(browser)
        seen = watch(page, origin(url))
        page.goto(url + "admin/")
        expect(page.get_by_role("button", name="Sign In Using Access Token")).to_be_visible(timeout=30_000)
        page.wait_for_timeout(1000)
        picture(page, "sign-in-published")
        assert seen.violations(page) == []
        assert {request.split("/")[2] for request in seen.elsewhere} <= {"www.githubstatus.com"}
        assert [error for error in seen.errors if "ERR_FAILED" not in error] == []
