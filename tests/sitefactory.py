"""Small bilingual sites written from short strings into a temporary folder.

``write_site(tmp_path)`` writes a complete, valid site; pass ``files`` to add or replace
files (a value of None deletes one) and test one change at a time.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
NOW = "2026-06-15T09:00:00+07:00"

CONFIG = """\
title:
  id: Katalog Uji
  en: Test Catalogue
description:
  id: Situs uji coba.
  en: A test site.
base_url: https://uji.example.org/
timezone: Asia/Jakarta
default_language: id
languages:
  id:
    name: Bahasa Indonesia
    locale: id_ID
    prefix: ""
    sections: {courses: pelatihan, categories: kategori, schedule: jadwal, search: cari}
  en:
    name: English
    locale: en_US
    prefix: en
    sections: {courses: courses, categories: categories, schedule: schedule}
office:
  name: {id: Kantor Uji, en: Test Office}
  address: Jl. Uji No. 1
  city: Kota Malang
  region: Jawa Timur
  postal_code: "65137"
  email: uji@example.org
menus:
  id:
    - {label: Pelatihan, section: courses}
    - {label: Tentang, page: tentang}
  en:
    - {label: Courses, section: courses}
    - {label: About, page: tentang}
"""

FILES = {
    "site_config.yaml": CONFIG,
    "content/data/categories.yaml": """\
        koperasi:
          name: {id: Perkoperasian, en: Cooperatives}
          description: {id: Tentang koperasi., en: About cooperatives.}
          weight: 1
        pemasaran:
          name: {id: Pemasaran Digital, en: Digital Marketing}
          weight: 2
        """,
    "content/data/venues.yaml": """\
        upt:
          name: {id: Gedung UPT, en: UPT Building}
          address: Jl. Uji No. 1
          city: Kota Malang
          region: Jawa Timur
          postal_code: "65137"
          map_url: https://www.openstreetmap.org/?mlat=-7.99&mlon=112.66
        """,
    "content/data/trainers.yaml": """\
        sri:
          name: Dra. Sri Uji, M.M.
          role: {id: Widyaiswara, en: Trainer}
        """,
    "content/courses/koperasi.id.md": """\
        ---
        title: Manajemen Koperasi
        summary: Ringkasan koperasi.
        category: koperasi
        level: beginner
        mode: hybrid
        duration_hours: 24
        certificate: true
        trainers: [sri]
        tags: [koperasi, RAT]
        ---

        Isi pelatihan. Lihat juga [pemasaran](pemasaran.id.md) dan [tentang kami](../pages/tentang.id.md).

        ## Materi

        - Hari pertama
          - Prinsip koperasi
          - Organisasi
        - Hari kedua
        """,
    "content/courses/koperasi.en.md": """\
        ---
        title: Cooperative Management
        summary: About cooperatives.
        slug: cooperative-management
        tags: [cooperatives]
        ---

        Course body. See [about us](../pages/tentang.en.md).
        """,
    "content/courses/pemasaran.id.md": """\
        ---
        title: Pemasaran Digital
        summary: Hanya dalam bahasa Indonesia.
        category: pemasaran
        mode: online
        ---

        Isi.
        """,
    "content/pages/tentang.id.md": """\
        ---
        title: Tentang Kami
        ---

        Kami kantor uji.
        """,
    "content/pages/tentang.en.md": """\
        ---
        title: About Us
        slug: about
        ---

        We are a test office.
        """,
    "content/schedules/2026.yaml": """\
        sessions:
          - id: kop-1
            course: koperasi
            start: 2026-07-20 08:00
            end: 2026-07-22 16:00
            mode: offline
            venue: upt
            quota: 30
            seats_taken: 10
            fee: 1500000
            registration:
              opens: 2026-06-01
              closes: 2026-07-10
              url: https://example.org/daftar/kop-1
        """,
}


def write_site(root: Path, files: dict[str, str | bytes | None] | None = None) -> Path:
    """Write the default site merged with ``files`` into ``root``; return ``root``.

    A text is dedented and written as UTF-8; bytes are written as they are; None deletes."""
    merged: dict[str, str | bytes | None] = {**FILES, **(files or {})}
    for name, content in merged.items():
        path = root / name
        if content is None:
            if path.exists():
                path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a folder, byte for byte."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@dataclass
class Run:
    code: int
    out: str
    err: str


# `make mutants` sets this: the mutation tool learns which test reaches which function only from
# calls made in its own process, so the command line runs there (the same argv, streams and cwd).
IN_PROCESS = os.environ.get("KATALOG_TEST_CLI") == "in-process"


def run_cli(*args: str, cwd: Path = PROJECT, env: dict[str, str] | None = None) -> Run:
    """The real command line in a child process, as an editor or CI runs it."""
    if IN_PROCESS:
        return _run_in_process(list(args), cwd, env or {})
    done = subprocess.run([sys.executable, str(PROJECT / "build.py"), *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300, env={**os.environ, **(env or {})})
    return Run(done.returncode, done.stdout, done.stderr)


def _run_in_process(args: list[str], cwd: Path, env: dict[str, str]) -> Run:
    from katalog.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    os.environ.update(env)
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(args)
            except SystemExit as exit_:  # argparse's usage errors
                code = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return Run(code, out.getvalue(), err.getvalue())


def build_site(root: Path, out: Path, *extra: str, now: str = NOW) -> Run:
    return run_cli("build", "--site", str(root), "--output", str(out), "--now", now, *extra)


def replaced(name: str, old: str, new: str) -> dict[str, str]:
    """The fixture file ``name`` with one piece of text replaced (asserting it is there)."""
    text = textwrap.dedent(FILES[name])
    assert old in text, (name, old)
    return {name: text.replace(old, new, 1)}


def assert_refused(root: Path, out: Path, change: dict[str, str | bytes | None], *expected: str,
                   strict: bool = False) -> Run:
    """Build a good site, apply ``change``, build again: exit 1, every expected fragment in the
    messages, no traceback, and the first site left byte for byte as it was."""
    first = build_site(root, out)
    assert first.code == 0, first.err
    before = snapshot(out)
    write_site(root, change)
    result = build_site(root, out, *(["--strict"] if strict else []))
    assert result.code == 1, result.err
    for fragment in expected:
        assert fragment in result.err, f"{fragment!r} not in:\n{result.err}"
    assert "Traceback" not in result.err + result.out and "internal error" not in result.err
    assert snapshot(out) == before
    return result


def switch_link(url: str, lang: str, name: str) -> str:
    """The language switcher's link to a page in another language, as rendered."""
    return (f'<a href="{url}" hreflang="{lang}" lang="{lang}"><span class="code" aria-hidden="true">{lang.upper()}'
            f'</span><span class="name">{name}</span></a>')
