"""The command line: exit codes, messages without tracebacks, check, new course."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sitefactory import PROJECT, build_site, run_cli, write_site


def test_wrong_command_line_exits_2() -> None:
    assert run_cli("publish").code == 2
    assert run_cli("build", "--now", "yesterday").code == 2
    assert run_cli().code == 2


def test_content_error_exits_1_with_file_line_field_and_no_traceback(site: Path, tmp_path: Path) -> None:
    write_site(site, {"content/courses/pemasaran.id.md": "---\ntitle: P\nsummary: S.\ncategory: pemasarn\n---\n"})
    result = build_site(site, tmp_path / "out")
    assert result.code == 1
    assert ("content/courses/pemasaran.id.md:4: category: 'pemasarn' is not in content/data/categories.yaml"
            in result.err)
    assert "Traceback" not in result.err + result.out
    assert "nothing was published" in result.err
    assert not (tmp_path / "out").exists()


def test_warnings_fail_the_build_only_under_strict(site: Path, tmp_path: Path) -> None:
    write_site(site, {"content/pages/tentang.id.md": "---\ntitle: Tentang\n---\n\nLihat [x](hilang.id.md).\n"})
    relaxed = build_site(site, tmp_path / "a")
    assert relaxed.code == 0
    assert "content/pages/tentang.id.md:5: warning: body: links to 'hilang.id.md', which does not exist" in relaxed.err
    assert relaxed.err.count("hilang.id.md") == 1  # once, at its line, not again for the rendered page
    strict = build_site(site, tmp_path / "b", "--strict")
    assert strict.code == 1 and not (tmp_path / "b").exists()


def test_check_writes_nothing_and_reports_missing_translations(site: Path) -> None:
    result = run_cli("check", "--site", str(site))
    assert result.code == 0, result.err
    missing = "content/courses/pemasaran.id.md: missing translation: the course 'pemasaran' has no en version"
    assert missing in result.out
    assert not (site / "public").exists()


def test_new_course_scaffolds_both_languages_as_a_draft_that_builds(site: Path, tmp_path: Path) -> None:
    result = run_cli("new", "course", "Foto Produk & Kemasan!", "--site", str(site))
    assert result.code == 0, result.err
    indonesian = (site / "content/courses/foto-produk-kemasan.id.md").read_text(encoding="utf-8")
    english = (site / "content/courses/foto-produk-kemasan.en.md").read_text(encoding="utf-8")
    assert 'title: "Foto Produk & Kemasan!"' in indonesian and "draft: true" in indonesian
    assert "category: koperasi" in indonesian  # the first category by weight
    # The English file holds only what is written in English; the rest is inherited.
    assert "category:" not in english and "draft:" not in english and "slug: foto-produk-kemasan" in english
    assert build_site(site, tmp_path / "out", "--strict").code == 0
    assert not (tmp_path / "out/en/courses/foto-produk-kemasan").exists()  # a draft in both languages
    assert build_site(site, tmp_path / "out", "--drafts", "--strict").code == 0
    assert (tmp_path / "out/pelatihan/foto-produk-kemasan/index.html").is_file()
    page = (tmp_path / "out/en/courses/foto-produk-kemasan/index.html").read_text(encoding="utf-8")
    assert '<a href="/en/categories/koperasi/">Cooperatives</a>' in page
    again = run_cli("new", "course", "Foto Produk & Kemasan!", "--site", str(site))
    assert again.code == 1 and "already exists" in again.err


def test_unseen_site_with_the_projects_config_builds_unchanged(site: Path, tmp_path: Path) -> None:
    shutil.copy(PROJECT / "site_config.yaml", site / "site_config.yaml")
    out = tmp_path / "out"
    result = build_site(site, out)
    assert result.code == 0, result.err
    assert (out / "pelatihan/koperasi/index.html").is_file()
    assert (out / "en/courses/cooperative-management/index.html").is_file()
    # Menu items for pages this site does not have are left out, with a warning naming the field.
    assert "site_config.yaml:76: warning: menus.id[3].page: the page 'cara-mendaftar' does not exist" in result.err


def test_check_fails_on_errors_and_reports_them_all(site: Path) -> None:
    write_site(site, {
        "content/courses/pemasaran.id.md": "---\ntitle: P\nsummary: S.\ncategory: pemasarn\n---\n",
        "content/schedules/2026.yaml": "sessions:\n  - id: x\n    course: koperasi\n    start: 2026-07-20 08:00\n"
                                       "    end: 2026-07-19 08:00\n    mode: online\n",
    })
    result = run_cli("check", "--site", str(site))
    assert result.code == 1
    unknown = "content/courses/pemasaran.id.md:4: category: 'pemasarn' is not in content/data/categories.yaml"
    assert unknown in result.err
    assert "content/schedules/2026.yaml:5: x.end: must be after the start" in result.err
    assert "content/schedules/2026.yaml:6: x.online_platform: is required when mode is online" in result.err
    assert not (site / "public").exists()


def test_bad_base_url_is_a_command_line_error() -> None:
    result = run_cli("build", "--base-url", "pelatihan.example.org")
    assert result.code == 2 and "must be a full address" in result.err


def test_now_without_an_offset_is_the_sites_local_time(site: Path, tmp_path: Path) -> None:
    # Registration of kop-1 closes on 10 July: at 23:30 local time that day it is still open.
    result = build_site(site, tmp_path / "out", now="2026-07-10T23:30")
    assert result.code == 0, result.err
    assert 'data-session-id="kop-1" data-status="closing-soon"' in (tmp_path / "out/jadwal/index.html").read_text()


def test_check_includes_drafts(site: Path) -> None:
    write_site(site, {"content/courses/draf.id.md": "---\ntitle: D\nsummary: S.\ncategory: koprasi\n"
                                                    "draft: true\n---\n"})
    result = run_cli("check", "--site", str(site))
    assert result.code == 1 and "content/courses/draf.id.md:4: category: 'koprasi' is not in" in result.err
    assert build_site(site, site.parent / "out").code == 0  # a build without --drafts leaves it out


def test_invalid_source_date_epoch_is_reported(site: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    from sitefactory import PROJECT

    done = subprocess.run([sys.executable, str(PROJECT / "build.py"), "build", "--site", str(site), "--output",
                           str(tmp_path / "out")], capture_output=True, text=True,
                          env={**os.environ, "SOURCE_DATE_EPOCH": "kemarin"})
    assert done.returncode == 1
    assert "SOURCE_DATE_EPOCH: 'kemarin' must be a whole number of seconds" in done.stderr


def test_serve_on_a_busy_port_says_so(site: Path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_cli("--messages", "id", "serve", "--site", str(site), "--port", str(port))
    assert result.code == 1
    assert f"tidak dapat melayani di 127.0.0.1:{port}" in result.err and "internal error" not in result.err
