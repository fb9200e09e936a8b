"""The command line: exit codes, messages without tracebacks, check, new course, the build
summary, --quiet and the progress bar."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import sys
import termios
import textwrap
from datetime import datetime
from pathlib import Path

import pytest
from sitefactory import FILES, NOW, PROJECT, build_site, replaced, run_cli, write_site

from katalog.cli import BAR_DELAY
from katalog.pipeline import STAGES, BuildRequest, build


def test_wrong_command_line_exits_2() -> None:
    assert run_cli("publish").code == 2
    assert run_cli("build", "--now", "yesterday").code == 2
    assert run_cli().code == 2


def test_the_system_python_runs_the_tool_in_the_projects_environment(site: Path) -> None:
    """`python build.py ...` as the guide writes it: a Python without the tool's libraries
    (-S: no site-packages) hands over to .venv instead of failing with a traceback."""
    done = subprocess.run([sys.base_prefix + "/bin/python3", "-S", str(PROJECT / "build.py"), "check",
                           "--site", str(site)], capture_output=True, text=True, check=False)
    assert (done.returncode, "Traceback" in done.stderr) == (0, False), done.stderr
    assert "check passed with 0 warnings" in done.stdout


def test_without_the_environment_it_says_to_run_make_site(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"  # a checkout in which `make site` has not been run
    checkout.mkdir()
    shutil.copy(PROJECT / "build.py", checkout)
    (checkout / "katalog").symlink_to(PROJECT / "katalog")
    done = subprocess.run([sys.base_prefix + "/bin/python3", "-S", str(checkout / "build.py"), "check"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "run `make site` once" in done.stderr and "jalankan `make site` sekali" in done.stderr


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
    assert strict.err.endswith("warnings: 1; --strict refuses warnings, so nothing was published and the previous "
                               "site is unchanged.\n"), strict.err
    # A bare name is one problem, said once, with the page that was meant.
    write_site(site, {"content/pages/tentang.id.md": "---\ntitle: Tentang\n---\n\nLihat [x](../courses/koperasi).\n"})
    bare = build_site(site, tmp_path / "c")
    assert bare.code == 0 and bare.err.count("warning") == 1, bare.err
    assert ("content/pages/tentang.id.md:5: warning: body: links to '../courses/koperasi', which does not exist; did "
            "you mean '../courses/koperasi.id.md'?") in bare.err


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
    # Each file speaks its own language, in its comments too.
    assert "# hapus baris ini untuk menerbitkan pelatihan" in indonesian and "remove this line" not in indonesian
    assert "# the address in this language" in english and "alamat" not in english
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
    # Menu items for pages this site does not have are left out, with a warning naming the field,
    # in Indonesian: the office's config asks for its editors' language (build.messages: id).
    assert "site_config.yaml:96: peringatan: menus.id[3].page: halaman 'cara-mendaftar' tidak ada" in result.err


def test_messages_are_in_the_sites_language_unless_the_command_line_or_environment_says(site: Path) -> None:
    write_site(site, replaced("site_config.yaml", "menus:", "build:\n  messages: id\nmenus:"))
    assert "pemeriksaan lolos" in run_cli("check", "--site", str(site)).out
    assert "check passed" in run_cli("--messages", "en", "check", "--site", str(site)).out
    assert "check passed" in run_cli("check", "--site", str(site), env={"KATALOG_MESSAGES": "en"}).out
    write_site(site, replaced("site_config.yaml", "menus:", "build:\n  messages: jawa\nmenus:"))
    refused = run_cli("check", "--site", str(site))  # a config that cannot be read speaks English
    assert refused.code == 1 and "build.messages: must be one of en, id, not 'jawa'" in refused.err


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
    assert result.code == 2  # a value on the command line that cannot be used, as argparse exits for a wrong one
    assert result.err == f"--port: tidak dapat melayani di 127.0.0.1:{port}: Address already in use; pilih --port " \
                         "lain\n"
    assert result.out == ""


# The fixture's session kop-1, a past one and a cancelled one.
SESSIONS = textwrap.dedent(FILES["content/schedules/2026.yaml"]) + textwrap.indent(textwrap.dedent("""\
    - id: kop-0
      course: koperasi
      start: 2026-05-04 08:00
      end: 2026-05-05 16:00
      mode: offline
      venue: upt
      fee: 0
    - id: kop-2
      course: koperasi
      start: 2026-08-03 08:00
      end: 2026-08-04 16:00
      mode: offline
      venue: upt
      fee: 0
      status: cancelled
    """), "  ")


def published(out: Path) -> tuple[dict[str, int], int, int]:
    """Pages per language (read from each page's <html lang>), files and bytes of a built site."""
    by_language: dict[str, int] = {}
    for page in out.rglob("*.html"):
        found = re.search(r'<html lang="([a-z]+)"', page.read_text(encoding="utf-8"))
        assert found, page
        by_language[found[1]] = by_language.get(found[1], 0) + 1
    files = [p for p in out.rglob("*") if p.is_file() and p.name != ".katalog-build"]
    return by_language, len(files), sum(p.stat().st_size for p in files)


def summary_facts(printed: str) -> dict[str, object]:
    lines = printed.splitlines()
    # Three lines, and a fourth when the browser editor is left out (these sites have no admin: block).
    assert len(lines) == 4 and lines[3] == "  browser editor: not published (no admin: block in site_config.yaml)", \
        printed
    found = re.fullmatch(r"  pages: (.+) · courses: (\d+) · warnings: (\d+) · output: ([\d.]+) MB · "
                         r"time: ([\d.]+) s", lines[1])
    assert found, lines[1]
    pages = {lang: int(count) for count, lang in (item.split() for item in found[1].split(", "))}
    return {"head": lines[0], "pages": pages, "courses": int(found[2]), "warnings": int(found[3]),
            "megabytes": float(found[4]), "seconds": float(found[5]), "sessions": lines[2]}


def test_build_ends_with_a_summary(site: Path, tmp_path: Path) -> None:
    write_site(site, {"content/schedules/2026.yaml": SESSIONS})
    out = tmp_path / "out"
    result = build_site(site, out)
    assert result.code == 0 and result.err == "", result.err
    pages, files, size = published(out)
    facts = summary_facts(result.out)
    assert facts["head"] == (f"built {sum(pages.values())} pages ({files} files in all) into {out}; {files} written, "
                             "0 carried over unchanged")
    assert facts["pages"] == pages and set(pages) == {"id", "en"}
    assert facts["courses"] == 2 and facts["warnings"] == 0
    assert abs(facts["megabytes"] - size / 1_000_000) < 0.006  # type: ignore[operator]
    assert 0 < facts["seconds"] < 120  # type: ignore[operator]
    # Most telling first, in the published status tokens.
    assert facts["sessions"] == "  sessions: 3 (1 open, 1 past, 1 cancelled)"

    # Nothing changed: the same facts, kept from the build that made the output.
    again = summary_facts(build_site(site, out).out)
    assert again["head"] == f"nothing changed since the last build: {out} is up to date ({sum(pages.values())} " \
                            f"pages, {files} files)"
    assert {k: again[k] for k in ("pages", "courses", "warnings", "megabytes", "sessions")} == \
           {k: facts[k] for k in ("pages", "courses", "warnings", "megabytes", "sessions")}


def test_the_summary_names_pages_that_are_gone(site: Path, tmp_path: Path) -> None:
    """Deleting a translation takes its page off the site: a build says so, since links to it break."""
    out = tmp_path / "out"
    assert build_site(site, out).code == 0
    write_site(site, {"content/courses/koperasi.en.md": None})
    result = build_site(site, out)
    assert result.code == 0, result.err
    assert result.out.splitlines()[-1] == ("  1 page of the previous build is gone; its address no longer works: "
                                           "/en/courses/cooperative-management/")
    assert not (out / "en/courses/cooperative-management").exists()
    assert "gone" not in build_site(site, out).out  # said once: the next build has nothing gone


def test_summary_counts_warnings_and_speaks_indonesian(site: Path, tmp_path: Path) -> None:
    write_site(site, {"content/pages/tentang.id.md": "---\ntitle: Tentang\n---\n\nLihat [x](hilang.id.md).\n"})
    result = run_cli("--messages", "id", "build", "--site", str(site), "--output", str(tmp_path / "out"),
                     "--now", NOW)
    assert result.code == 0, result.err
    assert "peringatan: body: menautkan ke 'hilang.id.md'" in result.err
    lines = result.out.splitlines()
    assert re.fullmatch(r"  halaman: \d+ id, \d+ en · pelatihan: 2 · peringatan: 1 · ukuran: \d+,\d+ MB · "
                        r"waktu: \d+,\d+ detik", lines[1]), lines[1]
    assert lines[2] == "  angkatan: 1 (1 dibuka)"


def test_quiet_prints_nothing_on_success_and_only_problems_otherwise(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    quiet = build_site(site, out, "--quiet")
    assert (quiet.code, quiet.out, quiet.err) == (0, "", "")
    assert (out / "index.html").is_file()
    checked = run_cli("check", "--site", str(site), "--quiet")  # not even the missing translation
    assert (checked.code, checked.out, checked.err) == (0, "", "")

    write_site(site, {"content/pages/tentang.id.md": "---\ntitle: Tentang\n---\n\nLihat [x](hilang.id.md).\n"})
    warned = build_site(site, out, "--quiet")
    assert warned.code == 0 and warned.out == ""
    assert warned.err == "content/pages/tentang.id.md:5: warning: body: links to 'hilang.id.md', which does not " \
                         "exist\n"

    refused = build_site(site, out, "--quiet", "--strict")
    assert refused.code == 1 and refused.out == ""
    assert "hilang.id.md" in refused.err and "warnings: 1; --strict refuses warnings, so nothing was published" \
        in refused.err


def test_every_stage_of_a_build_is_known_to_the_progress_bar(site: Path, tmp_path: Path) -> None:
    seen: list[str] = []
    result = build(BuildRequest(site_dir=site, output=tmp_path / "out", now=datetime.fromisoformat(NOW), jobs=1,
                                progress=seen.append))
    order = list(STAGES)
    assert set(seen) <= set(order) and set(result.stopwatch.seconds) <= set(order), set(seen) - set(order)
    assert [order.index(name) for name in seen] == sorted(order.index(name) for name in seen)
    assert seen[-1] == order[-1]


def on_a_terminal(args: list[str], stdout_tty: bool) -> tuple[int, str, str]:
    """Run the command line with stderr (and stdout if asked) on a pseudo-terminal of 100x24;
    returns the exit status, what the terminal showed, and what went to a pipe."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    child = subprocess.Popen([sys.executable, str(PROJECT / "build.py"), *args], stdin=subprocess.DEVNULL,
                             stdout=slave if stdout_tty else subprocess.PIPE, stderr=slave)
    os.close(slave)
    shown = b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                chunk = b""
            if not chunk:
                break
            shown += chunk
        elif child.poll() is not None:
            break
    piped = child.stdout.read().decode() if child.stdout else ""
    os.close(master)
    return child.wait(timeout=300), shown.decode(errors="replace"), piped


@pytest.fixture(scope="module")
def slow_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A catalogue whose clean build in one process takes a few seconds."""
    from benchmarks.corpus import generate

    return generate(tmp_path_factory.mktemp("slow") / "site", courses=100, sessions_per_course=1)


def test_a_progress_bar_on_a_terminal_only(slow_site: Path, tmp_path: Path) -> None:
    args = ["build", "--messages", "en", "--site", str(slow_site), "--now", NOW, "--jobs", "1"]
    code, shown, _ = on_a_terminal([*args, "--no-cache", "--output", str(tmp_path / "a")], stdout_tty=True)
    assert code == 0, shown
    assert "%|" in shown and any(label.template in shown for label in STAGES.values()), shown
    assert shown.rstrip().splitlines()[-2].startswith("  sessions: ")  # the bar is cleared before the summary

    # stdout to a log: no bar, although stderr is still a terminal.
    code, shown, piped = on_a_terminal([*args, "--output", str(tmp_path / "b")], stdout_tty=False)
    assert code == 0 and shown == "" and piped.startswith("built ")
    assert float(re.findall(r"time: ([\d.]+) s", piped)[0]) > BAR_DELAY  # long enough for the bar, had it been shown

    # A build under a second draws no bar even on a terminal (here: nothing changed).
    code, shown, _ = on_a_terminal([*args, "--output", str(tmp_path / "b")], stdout_tty=True)
    assert code == 0 and "%|" not in shown and shown.startswith("nothing changed"), shown
