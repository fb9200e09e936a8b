"""Every bad input of SPEC.md "Behaviour under bad input": a clear message naming the file,
the line where YAML has one, and the field; exit 1; no traceback; the previous site intact."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sitefactory import NOW, build_site, replaced, run_cli, snapshot, write_site

from katalog.yamlio import MAX_FILE_BYTES

COURSE = "content/courses/koperasi.id.md"
SCHEDULE = "content/schedules/2026.yaml"


def alias_bomb() -> str:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=False):
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 10)}]")
    return "\n".join(lines) + "\n"


def linked_folder_outside(site: Path) -> None:
    elsewhere = site.parent / "elsewhere"
    (elsewhere / "img").mkdir(parents=True)
    (elsewhere / "img" / "x.svg").write_text("<svg/>")
    os.symlink(elsewhere / "img", site / "static")


def linked_schedules_outside(site: Path) -> None:
    """A folder of content linked in from outside: its files are outside, though none is a link."""
    elsewhere = site.parent / "jadwal-luar"
    shutil.move(site / "content/schedules", elsewhere)
    os.symlink(elsewhere, site / "content/schedules")


def symlink_outside(site: Path) -> None:
    secret = site.parent / "secret.md"
    secret.write_text("---\ntitle: Rahasia\nsummary: S.\ncategory: koperasi\n---\nRahasia.\n", encoding="utf-8")
    os.symlink(secret, site / "content/courses/rahasia.id.md")


PRIVATE_KEY = b"-----BEGIN PRIVATE KEY-----\nrahasia kantor\n-----END PRIVATE KEY-----\n"


def bundle_link_outside(site: Path) -> None:
    """A course bundle whose folder holds a link to a private file beside the site (as a mistaken
    `ln -s` or a synced folder leaves it): bundle files are published as they are."""
    secret = site.parent / "kunci.pem"
    secret.write_bytes(PRIVATE_KEY)
    bundle = site / "content/courses/foto"
    bundle.mkdir(parents=True)
    (bundle / "index.id.md").write_text("---\ntitle: Foto Produk\nsummary: S.\ncategory: pemasaran\n---\nIsi.\n")
    os.symlink(secret, bundle / "kunci.pem")
    os.symlink(secret, bundle / "salinan.pem")  # every such link is named in one run, not only the first


@dataclass(frozen=True)
class Case:
    name: str
    change: dict[str, str | bytes | None] | Callable[[Path], None]
    expected: list[str]  # fragments of the message: file, line, field, words
    strict: bool = False


CASES = [
    Case("malformed YAML", replaced(COURSE, "title: Manajemen Koperasi", "title: [Manajemen Koperasi"),
         [f"{COURSE}:2:8: ", "'[' opened on this line is never closed"]),  # where it opened, not where YAML gave up
    Case("tab for indentation", replaced(SCHEDULE, "    course: koperasi", "\tcourse: koperasi"),
         [f"{SCHEDULE}:3:", "tab character"]),
    Case("unknown key in the config", replaced("site_config.yaml", "timezone: Asia/Jakarta", "timezon: Asia/Jakarta"),
         ["site_config.yaml:8: timezon: is not a known field; did you mean 'timezone'?"]),
    Case("unknown key in front matter, strict", replaced(COURSE, "level: beginner", "levle: beginner"),
         [f"{COURSE}:5: warning: levle: is not a known field; did you mean 'level'?"], strict=True),
    Case("missing required field", replaced(COURSE, "summary: Ringkasan koperasi.\n", ""),
         [f"{COURSE}:2: summary: is required but missing"]),
    Case("impossible date", replaced(SCHEDULE, "start: 2026-07-20 08:00", "start: 2026-07-32 08:00"),
         [f"{SCHEDULE}:4: kop-1.start: '2026-07-32 08:00' is not a real date: month 07 of 2026 has 31 days"]),
    Case("end before start", replaced(SCHEDULE, "end: 2026-07-22 16:00", "end: 2026-07-19 16:00"),
         [f"{SCHEDULE}:5: kop-1.end: must be after the start"]),
    Case("session of an unknown course", replaced(SCHEDULE, "course: koperasi", "course: akuntansi"),
         [f"{SCHEDULE}:3: kop-1.course: 'akuntansi' is not a course in content/courses/"]),
    Case("two courses at one URL", {"content/courses/lain.id.md": "---\ntitle: Lain\nsummary: S.\n"
                                    "category: koperasi\nslug: koperasi\n---\n"},
         ["content/courses/lain.id.md: slug: would be written to /pelatihan/koperasi/, the same address as "
          "content/courses/koperasi.id.md"]),
    Case("a page at a section's URL", {"content/pages/pelatihan.id.md": "---\ntitle: Pelatihan\n---\n"},
         ["content/pages/pelatihan.id.md: slug: would be written to /pelatihan/"]),
    Case("a logo that is not in static/",
         replaced("site_config.yaml", "timezone: Asia/Jakarta",
                  "timezone: Asia/Jakarta\nlogo:\n  svg: img/lambang.svg\n  alt: {id: Lambang, en: Emblem}"),
         ["site_config.yaml:10: logo.svg: 'img/lambang.svg' is not a file under static/"]),
    Case("files differing only in case", {"static/img/Logo.svg": "<svg/>", "static/img/logo.svg": "<svg/>"},
         ["static/img/logo.svg", "would be written to /static/img/logo.svg, the same address as", "Logo.svg"]),
    Case("a file name that cannot be an address", {"content/courses/Foto Produk.id.md": "---\ntitle: F\n"
                                                   "summary: S.\ncategory: koperasi\n---\n"},
         ["content/courses/Foto Produk.id.md: the file name 'Foto Produk' cannot be used as a web address"]),
    Case("slug with a slash", replaced(COURSE, "level: beginner", "slug: kelas/koperasi\nlevel: beginner"),
         [f"{COURSE}:5: slug: 'kelas/koperasi' must be one URL segment"]),
    Case("slug with ..", replaced(COURSE, "level: beginner", "slug: ..\nlevel: beginner"),
         [f"{COURSE}:5: slug: '..' must be one URL segment"]),
    Case("link to a missing page, strict", replaced(COURSE, "[pemasaran](pemasaran.id.md)", "[x](hilang.id.md)"),
         [f"{COURSE}:13: warning: body: links to 'hilang.id.md', which does not exist"], strict=True),
    Case("not UTF-8", {COURSE: "---\ntitle: Koperasi Caf\xe9\nsummary: S.\ncategory: koperasi\n---\n"
                              .encode("latin-1")},
         [f"{COURSE}:2: is not UTF-8 text"]),
    Case("symlink outside the site", symlink_outside,
         ["content/courses/rahasia.id.md: is a link to a file outside the site folder"]),
    Case("symlink in a course bundle to a file outside the site", bundle_link_outside,
         ["content/courses/foto/kunci.pem: is a link to a file outside the site folder",
          "content/courses/foto/salinan.pem: is a link to a file outside the site folder"]),
    Case("a linked folder outside the site", linked_folder_outside,
         ["static/x.svg: is a link to a file outside the site folder"]),
    Case("a linked schedules folder outside the site", linked_schedules_outside,
         ["content/schedules/2026.yaml: is a link to a file outside the site folder"]),
    Case("enormous file", {"content/pages/besar.id.md": "---\ntitle: Besar\n---\n" + "x" * (MAX_FILE_BYTES + 1)},
         ["content/pages/besar.id.md: is too large"]),
    Case("alias bomb", {"content/data/trainers.yaml": alias_bomb()},
         ["content/data/trainers.yaml:1: is too large once its YAML aliases (*) are expanded"]),
    Case("unknown category", replaced(COURSE, "category: koperasi", "category: koprasi"),
         [f"{COURSE}:4: category: 'koprasi' is not in content/data/categories.yaml"]),
    Case("unknown venue", replaced(SCHEDULE, "venue: upt", "venue: aula"),
         [f"{SCHEDULE}:7: kop-1.venue: 'aula' is not in content/data/venues.yaml"]),
    Case("data entry without its name", replaced("content/data/categories.yaml",
                                                  "  name: {id: Perkoperasian, en: Cooperatives}\n", ""),
         ["content/data/categories.yaml:2: koperasi.name: is required but missing"]),
    Case("front matter not closed", {COURSE: "---\ntitle: Koperasi\nsummary: S.\n"},
         [f"{COURSE}:1: the front matter is not closed"]),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_is_reported_and_the_previous_site_kept(case: Case, site: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert build_site(site, out).code == 0
    before = snapshot(out)

    if callable(case.change):
        case.change(site)
    else:
        write_site(site, case.change)
    result = build_site(site, out, *(["--strict"] if case.strict else []))

    assert result.code == 1, result.err
    for fragment in case.expected:
        assert fragment in result.err, f"{fragment!r} not in:\n{result.err}"
    assert "Traceback" not in result.err + result.out
    assert "internal error" not in result.err
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary folder left


@pytest.mark.parametrize(("name", "content"), [
    ("byte-order mark", "\ufeff---\ntitle: Manajemen Koperasi\nsummary: S.\ncategory: koperasi\n---\nIsi BOM.\n"),
    ("CRLF line endings",
     "---\r\ntitle: Manajemen Koperasi\r\nsummary: S.\r\ncategory: koperasi\r\n---\r\nIsi CRLF.\r\n"),
])
def test_bom_and_crlf_are_accepted(name: str, content: str, site: Path, tmp_path: Path) -> None:
    write_site(site, {COURSE: content.encode("utf-8")})
    result = build_site(site, tmp_path / "out", "--strict")
    assert result.code == 0, result.err
    page = (tmp_path / "out/pelatihan/koperasi/index.html").read_text(encoding="utf-8")
    assert "<h1>Manajemen Koperasi</h1>" in page and "\r" not in page and "\ufeff" not in page


def test_raw_script_and_javascript_links_are_sanitised_by_default(site: Path, tmp_path: Path) -> None:
    write_site(site, {COURSE: "---\ntitle: K\nsummary: S.\ncategory: koperasi\n---\n\n"
                              "<script>alert(1)</script>\n\n[klik](javascript:alert(2))\n"})
    result = build_site(site, tmp_path / "out")
    assert result.code == 0, result.err
    assert f"{COURSE}:7: warning: body: contains a script" in result.err
    page = (tmp_path / "out/pelatihan/koperasi/index.html").read_text(encoding="utf-8")
    assert "alert(" not in page and "javascript:" not in page


def test_template_error_names_the_template_line_and_page(site: Path, tmp_path: Path) -> None:
    write_site(site, {"templates/page.html": '{% extends "base.html" %}\n{% block content %}\n'
                                             "<h1>{{ view.no_such_field }}</h1>\n{% endblock %}\n"})
    result = build_site(site, tmp_path / "out")
    assert result.code == 1
    assert result.err.startswith("templates/page.html:3: template error:")
    assert result.err.count("template error") == 1  # reported once, though two pages use the template
    assert "no_such_field" in result.err and "(while rendering /tentang/)" in result.err
    assert "Traceback" not in result.err


def test_template_syntax_error(site: Path, tmp_path: Path) -> None:
    write_site(site, {"templates/page.html": '{% extends "base.html" %}\n{% block content %}\n{% if %}\n'})
    result = build_site(site, tmp_path / "out")
    assert result.code == 1 and "templates/page.html:3: template error:" in result.err


def test_output_folder_with_foreign_files_is_not_replaced(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "documents"
    out.mkdir()
    (out / "skripsi.docx").write_text("precious")
    result = build_site(site, out)
    assert result.code == 1 and "holds files that this tool did not write" in result.err
    assert (out / "skripsi.docx").read_text() == "precious"


def test_files_of_earlier_builds_do_not_linger(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build_site(site, out).code == 0
    assert (out / "pelatihan/pemasaran/index.html").exists()
    write_site(site, {"content/courses/pemasaran.id.md": None})
    assert build_site(site, out).code == 0
    assert not (out / "pelatihan/pemasaran").exists()


@pytest.mark.parametrize(("change", "expected"), [
    (replaced(COURSE, "summary: Ringkasan koperasi.\n", ""), f"{COURSE}:2: summary: is required but missing"),
    (replaced(COURSE, "title: Manajemen Koperasi", "title: Rapat: tahunan"), f"{COURSE}:2:"),
    (replaced(COURSE, "category: koperasi", "category: koprasi"), f"{COURSE}:4: category: 'koprasi' is not in"),
    (replaced(COURSE, "trainers: [sri]", "trainers: [sry]"), f"{COURSE}:9: trainers: 'sry' is not in"),
])
def test_a_mistake_in_one_language_is_reported_once(change: dict[str, str], expected: str, site: Path,
                                                    tmp_path: Path) -> None:
    """The English file inherits the facts of the Indonesian one; a mistake there is not also
    reported against the English file, which does not contain it."""
    write_site(site, change)
    result = build_site(site, tmp_path / "out")
    assert result.code == 1
    assert expected in result.err
    assert "errors: 1, warnings: 0;" in result.err, result.err
    assert "koperasi.en.md" not in result.err


def test_a_bundle_link_to_a_file_outside_the_site_publishes_nothing(site: Path, tmp_path: Path) -> None:
    """The first build of a site whose bundle links outside it: refused, and nothing is published
    (no site at all, not even a temporary folder holding the file)."""
    bundle_link_outside(site)
    out = tmp_path / "public"
    result = build_site(site, out)
    assert result.code == 1
    assert "content/courses/foto/kunci.pem: is a link to a file outside the site folder" in result.err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary folder left


def test_a_search_index_that_cannot_be_made_stops_the_build_with_pagefinds_words(site: Path, tmp_path: Path) -> None:
    """Pagefind failing (here a program that says why and exits 1, named by Pagefind's own
    PAGEFIND_BINARY_PATH) is a build error with its words; the previous site stays whole and
    no temporary folder is left."""
    out = tmp_path / "public"
    assert build_site(site, out).code == 0
    before = snapshot(out)
    failing = tmp_path / "pagefind"
    failing.write_text("#!/bin/sh\necho 'Error: cannot read the pages' >&2\nexit 1\n")
    failing.chmod(0o755)
    write_site(site, replaced(COURSE, "title: Manajemen Koperasi", "title: Manajemen Koperasi Baru"))
    result = run_cli("build", "--site", str(site), "--output", str(out), "--now", NOW,
                     env={"PAGEFIND_BINARY_PATH": str(failing)})
    assert result.code == 1, result.err
    assert "the search index could not be built: Error: cannot read the pages" in result.err, result.err
    assert "Traceback" not in result.err + result.out
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
