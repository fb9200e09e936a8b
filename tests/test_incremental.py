"""Proof that the incremental build is right: after every edit of a random sequence, a build
that reuses the cache and the previous output gives byte for byte the site that a clean build
(--no-cache, a fresh folder, one process) gives.

The edits are what editors and developers do: course bodies and front matter, sessions,
data, templates, static files, configuration, UI strings, a moment that crosses a
registration boundary, files added and deleted; and what goes wrong around a build: a cache
file cut short, an output file changed by hand.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import textwrap
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sitefactory import PROJECT, snapshot, write_site

from katalog import pipeline
from katalog.cache import CACHE_DIR
from katalog.pipeline import BuildRequest, build

START = datetime.fromisoformat("2026-06-15T09:00:00+07:00")
EXTRA_COURSES = 14  # enough pages and bodies that the work is spread over worker processes


class Scene:
    """A site folder, its moment, and the edits that can happen to it."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root, self.rng, self.now = root, rng, START
        self.added = 0

    def text(self, name: str) -> str:
        return (self.root / name).read_text(encoding="utf-8")

    def write(self, name: str, text: str) -> None:
        (self.root / name).parent.mkdir(parents=True, exist_ok=True)
        (self.root / name).write_text(text, encoding="utf-8")

    def courses(self) -> list[Path]:
        return sorted((self.root / "content/courses").glob("*.md"))

    # The edits ----------------------------------------------------------------------------

    def course_body(self) -> str:
        path = self.rng.choice(self.courses())
        path.write_text(path.read_text() + f"\nParagraf baru {self.rng.randrange(10**6)}.\n", encoding="utf-8")
        return f"body of {path.name}"

    def front_matter(self) -> str:
        path = self.rng.choice(self.courses())
        text = path.read_text()
        text = re.sub(r"^title: (.*)$", lambda m: f"title: {m.group(1)} {self.rng.randrange(100)}", text, count=1,
                      flags=re.M)
        path.write_text(text, encoding="utf-8")
        return f"title of {path.name}"

    def schedule(self) -> str:
        name = "content/schedules/2026.yaml"
        text = self.text(name)
        choice = self.rng.randrange(3)
        if choice == 0:
            text = re.sub(r"fee: \d+", f"fee: {self.rng.choice([0, 150000, 350000])}", text, count=1)
        elif choice == 1:
            text = re.sub(r"seats_taken: \d+", f"seats_taken: {self.rng.randrange(0, 31)}", text, count=1)
        else:
            day = 10 + self.rng.randrange(15)
            text += textwrap.indent(textwrap.dedent(f"""\
                - id: baru-{self.rng.randrange(10**6)}
                  course: koperasi
                  start: 2026-08-{day:02d} 08:00
                  end: 2026-08-{day + 2:02d} 16:00
                  mode: online
                  online_platform: Zoom
                  fee: 0
                  registration: {{opens: 2026-06-20, closes: 2026-08-0{self.rng.randrange(1, 9)},
                                  url: "https://example.org/b"}}
                """), "  ")
        self.write(name, text)
        return "schedule"

    def data(self) -> str:
        name = "content/data/venues.yaml"
        self.write(name, self.text(name).replace("Gedung UPT", f"Gedung UPT {self.rng.randrange(100)}", 1)
                   .replace("Gedung UPT ", "Gedung UPT ", 1))
        return "venue name"

    def template(self) -> str:
        name = self.rng.choice(["templates/partials/course_card.html", "templates/category.html",
                                "templates/course.html", "templates/partials/session.html"])
        base = self.root / name
        text = base.read_text() if base.exists() else (PROJECT / name).read_text()
        mark = f"<!-- edit {self.rng.randrange(10**6)} -->"
        # Inside the content block of a page template (text outside blocks is not shown).
        edited = text.replace("{% block content %}", "{% block content %}" + mark, 1) \
            if "{% block content %}" in text else text + mark + "\n"
        self.write(name, edited)
        return name

    def slug(self) -> str:
        """A course that other bodies link to moves to another address."""
        name = "content/courses/koperasi.id.md"
        text = re.sub(r"^slug: .*\n", "", self.text(name), flags=re.M)
        self.write(name, text.replace("title:", f"slug: koperasi-{self.rng.randrange(100)}\ntitle:", 1))
        return "slug of koperasi"

    def static(self) -> str:
        name = "static/css/site.css"
        base = self.root / name
        text = base.read_text() if base.exists() else (PROJECT / name).read_text()
        self.write(name, text + f"\n.edit-{self.rng.randrange(10**6)} {{ color: red; }}\n")
        return "stylesheet"

    def config(self) -> str:
        text = self.text("site_config.yaml")
        self.write("site_config.yaml", re.sub(r"(  id: Katalog Uji)( \d+)?", rf"\1 {self.rng.randrange(100)}",
                                              text, count=1))
        return "site title"

    def strings(self) -> str:
        # One string shown through the views (free), one used by the templates directly.
        number = self.rng.randrange(100)
        self.write("templates/strings/id.yaml", f"session_free: Gratis {number}\nfooter_about: Tentang {number}\n")
        return "UI strings"

    def clock(self) -> str:
        # Across the fixture's registration boundaries (opens 06-01, closing soon 07-03, closes 07-10).
        self.now += timedelta(days=self.rng.choice([0, 1, 9, 18]), hours=self.rng.randrange(24))
        return f"--now {self.now:%Y-%m-%d %H:%M}"

    def add_course(self) -> str:
        self.added += 1
        key = f"tambahan-{self.added}"
        self.write(f"content/courses/{key}.id.md", f"---\ntitle: Tambahan {self.added}\nsummary: S.\n"
                                                   f"category: pemasaran\n---\n\nIsi [koperasi](koperasi.id.md).\n")
        return f"added {key}"

    def delete(self) -> str:
        candidates = [p for p in self.courses()
                      if p.name.startswith(("tambahan-", "umum-")) or p.name.endswith(".en.md")]
        if not candidates:
            return self.add_course()
        path = self.rng.choice(candidates)
        path.unlink()
        return f"deleted {path.name}"

    def edits(self) -> list[Callable[[], str]]:
        return [self.course_body, self.front_matter, self.schedule, self.data, self.template, self.static,
                self.config, self.strings, self.clock, self.add_course, self.delete, self.slug]


def make_site(root: Path) -> Path:
    files: dict[str, str | bytes | None] = {}
    for number in range(EXTRA_COURSES):
        files[f"content/courses/umum-{number}.id.md"] = (
            f"---\ntitle: Umum {number}\nsummary: Ringkasan {number}.\ncategory: koperasi\ntags: [umum]\n---\n\n"
            f"Isi {number}. Lihat [koperasi](koperasi.id.md) dan [yang akan datang](tambahan-1.id.md).\n\n"
            "## Materi\n\n- satu\n- dua\n")
    files["content/courses/foto/index.id.md"] = ("---\ntitle: Foto\nsummary: S.\ncategory: pemasaran\n"
                                                 "image: a.svg\n---\n")
    files["content/courses/foto/a.svg"] = '<svg xmlns="http://www.w3.org/2000/svg"/>'
    return write_site(root, files)


def clean_build(scene: Scene, folder: Path) -> dict[str, bytes]:
    if folder.exists():
        shutil.rmtree(folder)
    build(BuildRequest(site_dir=scene.root, output=folder, now=scene.now, use_cache=False, jobs=1))
    return snapshot(folder)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_builds_equal_clean_builds(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    scene = Scene(make_site(tmp_path / "site"), rng)
    out = tmp_path / "public"
    carried_over = 0
    first = build(BuildRequest(site_dir=scene.root, output=out, now=scene.now, jobs=2))
    assert first.written > 0
    # Every kind of edit once, in an order of the seed's choosing, then a few more at random.
    edits = scene.edits()
    rng.shuffle(edits)
    for step, edit in enumerate(edits + rng.choices(scene.edits(), k=2)):
        what = edit()
        result = build(BuildRequest(site_dir=scene.root, output=out, now=scene.now, jobs=2))
        carried_over += result.linked
        assert snapshot(out) == clean_build(scene, tmp_path / "clean"), f"step {step}: {what}"
    assert carried_over > 0  # the incremental path was taken, not a full write each time


def test_a_build_with_nothing_to_do_leaves_the_output_alone(tmp_path: Path) -> None:
    scene = Scene(make_site(tmp_path / "site"), random.Random(0))
    out = tmp_path / "public"
    build(BuildRequest(site_dir=scene.root, output=out, now=START))
    before = {p: p.stat().st_ino for p in out.rglob("*")}
    again = build(BuildRequest(site_dir=scene.root, output=out, now=START + timedelta(minutes=30)))
    assert again.unchanged and {p: p.stat().st_ino for p in out.rglob("*")} == before
    # Across a registration boundary (closing soon from 2026-07-03), the build does its work.
    scene.now = datetime.fromisoformat("2026-07-03T08:00+07:00")
    later = build(BuildRequest(site_dir=scene.root, output=out, now=scene.now))
    assert not later.unchanged
    assert snapshot(out) == clean_build(scene, tmp_path / "clean")


def test_a_damaged_cache_or_output_is_not_trusted(tmp_path: Path) -> None:
    scene = Scene(make_site(tmp_path / "site"), random.Random(0))
    out = tmp_path / "public"
    build(BuildRequest(site_dir=scene.root, output=out, now=START))
    # A page changed by hand in the output is made again, although nothing it is made from changed.
    (out / "pelatihan/koperasi/index.html").write_text("changed by hand")
    (out / "en/index.html").write_text("x" * (out / "en/index.html").stat().st_size)  # same size, too
    build(BuildRequest(site_dir=scene.root, output=out, now=START))
    assert snapshot(out) == clean_build(scene, tmp_path / "clean")
    # Cache files cut short, as by a crash, are ignored.
    for path in (scene.root / CACHE_DIR).glob("*.pickle"):
        path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    scene.course_body()
    result = build(BuildRequest(site_dir=scene.root, output=out, now=START))
    assert not result.unchanged
    assert snapshot(out) == clean_build(scene, tmp_path / "clean")
    # A cache written by another version is ignored the same way.
    for path in (scene.root / CACHE_DIR).glob("*.pickle"):
        path.write_bytes(b"katalog-cache 1\nsomething-else\n" + path.read_bytes())
    scene.schedule()
    build(BuildRequest(site_dir=scene.root, output=out, now=START))
    assert snapshot(out) == clean_build(scene, tmp_path / "clean")


def test_share_images_are_cached_a_file_each_and_redrawn_when_damaged(tmp_path: Path) -> None:
    scene = Scene(make_site(tmp_path / "site"), random.Random(0))
    out = tmp_path / "public"
    build(BuildRequest(site_dir=scene.root, output=out, now=START))
    cached = scene.root / CACHE_DIR / "cards"

    def cache_files() -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in cached.iterdir() if not p.name.startswith(".")}

    before = cache_files()
    assert len(before) == len(list(out.rglob("share.jpg"))) > EXTRA_COURSES
    # One course's title changes: one image is drawn again, and the old one leaves the cache.
    name = "content/courses/umum-3.id.md"
    scene.write(name, scene.text(name).replace("title: Umum 3", "title: Umum Tiga"))
    build(BuildRequest(site_dir=scene.root, output=out, now=START))
    after = cache_files()
    assert len(after) == len(before) and len(set(after) - set(before)) == 1
    # Cache files cut short, with no previous output to link from: drawn again, never served cut.
    for path in cached.iterdir():
        path.write_bytes(path.read_bytes()[:100])
    shutil.rmtree(out)
    build(BuildRequest(site_dir=scene.root, output=out, now=START))
    assert snapshot(out) == clean_build(scene, tmp_path / "clean")


def test_an_edit_that_keeps_the_size_and_the_time_is_still_seen(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # Every file's digest is recorded at once, as if each had been written long ago.
    monkeypatch.setattr(pipeline, "SETTLED_NS", 0)
    scene = Scene(make_site(tmp_path / "site"), random.Random(0))
    out = tmp_path / "public"
    build(BuildRequest(site_dir=scene.root, output=out, now=START))
    assert build(BuildRequest(site_dir=scene.root, output=out, now=START)).unchanged
    # Same length, same modification time (as `cp -p` or an archive would leave it): only the
    # status change time tells.
    path = scene.root / "content/courses/umum-3.id.md"
    before = path.stat()
    path.write_text(path.read_text().replace("Umum 3", "Umum 8"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    assert not build(BuildRequest(site_dir=scene.root, output=out, now=START)).unchanged
    assert snapshot(out) == clean_build(scene, tmp_path / "clean")
