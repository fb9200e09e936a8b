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
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sitefactory import PROJECT, snapshot, write_site

from katalog import parallel, pipeline, views
from katalog.cache import CACHE_DIR
from katalog.model import Course
from katalog.pipeline import BuildRequest, assemble_site, build

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
        # The kept model patched with the text or the schedule, or kept as it is (kept.py).
        expected = {scene.course_body: "patched", scene.schedule: "rescheduled", scene.template: "kept"}
        if edit in expected:
            assert result.model_from == expected[edit], f"step {step}: {what}"
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


def test_the_cache_keeps_each_output_folders_latest_record_and_rewrites_only_what_changed(tmp_path: Path) -> None:
    """A site built into two folders (the public site and a review copy) keeps the record of both,
    each the latest: a build with nothing new to do after an edit leaves its folder alone. A
    cache file whose entries did not change is not written again."""
    scene = Scene(make_site(tmp_path / "site"), random.Random(0))
    public, review = tmp_path / "public", tmp_path / "review"
    build(BuildRequest(site_dir=scene.root, output=public, now=START))
    build(BuildRequest(site_dir=scene.root, output=review, now=START))
    assert build(BuildRequest(site_dir=scene.root, output=public, now=START)).unchanged  # its record was kept
    sources = scene.root / CACHE_DIR / "sources.pickle"
    parsed = sources.stat().st_mtime_ns
    _edit("content/schedules/2026.yaml", "seats_taken: 10", "seats_taken: 11")(scene)
    assert not build(BuildRequest(site_dir=scene.root, output=public, now=START)).unchanged
    assert sources.stat().st_mtime_ns == parsed  # no course or page changed: their parses were not written again
    assert build(BuildRequest(site_dir=scene.root, output=public, now=START)).unchanged  # the latest record


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


# Each key input alone, in a fixed order: what a random seed may or may not happen to exercise.
# A step edits the scene; the build after it must equal a clean build byte for byte.

def _edit(name: str, old: str, new: str) -> Callable[[Scene], None]:
    def edit(scene: Scene) -> None:
        path = scene.root / name
        text = path.read_text(encoding="utf-8") if path.exists() else (PROJECT / name).read_text(encoding="utf-8")
        assert old in text, (name, old)
        scene.write(name, text.replace(old, new, 1))
    return edit


def _later(**delta: float) -> Callable[[Scene], None]:
    def edit(scene: Scene) -> None:
        scene.now += timedelta(**delta)
    return edit


KEY_INPUTS: dict[str, Callable[[Scene], None]] = {
    # Read by Pagefind from the decision box of the course pages (the status word is the
    # results' "status_label" metadata): the search index must be made again, though no course's
    # text changed. (The heading above the body, used here before, is now data-pagefind-ignore:
    # Pagefind never reads it, so it could not show a stale index.)
    "a UI string inside the indexed region": lambda scene: scene.write("templates/strings/id.yaml",
                                                                       "status_open: Silakan mendaftar\n"),
    # Shown on the share images only (not in any page): their keys must see the strings.
    "a UI string of the share images": lambda scene: scene.write("templates/strings/id.yaml",
                                                                 "card_next: Kelas berikutnya\n"),
    # The agenda calendar's name (X-WR-CALNAME) is the site's title and this string.
    "the agenda calendar's name (a UI string)": lambda scene: scene.write("templates/strings/id.yaml",
                                                                          "schedule_title: Jadwal Kegiatan\n"),
    # Calendar events are stamped with the day (DTSTAMP); no status changes on 06-16.
    "the day in calendar events": _later(days=1),
    # Imported by partials/session.html, which course.html includes: a template two levels down.
    "an included template": _edit("templates/partials/status.html", '<strong class="tag tag-{{ status }}">',
                                  '<strong class="tag tag-{{ status }}" data-edited>'),
    # Called as a function (render.CALLED_PARTIALS), not included: rendered once per card, and
    # still a template of every page that shows a card.
    "a partial called as a function": _edit("templates/partials/course_card.html", '<p class="meta">',
                                            '<p class="meta" data-edited>'),
    "a venue's address": _edit("content/data/venues.yaml", "address: Jl. Uji No. 1", "address: Jl. Uji No. 9"),
    "a trainer's name": _edit("content/data/trainers.yaml", "name: Dra. Sri Uji, M.M.",
                              "name: Dra. Sri Uji Lestari, M.M."),
    "a configuration value": _edit("site_config.yaml", "email: uji@example.org", "email: kantor@example.org"),
    # Every absolute address changes, and with it the sitemap, though no page comes or goes.
    "the site's address": _edit("site_config.yaml", "base_url: https://uji.example.org/",
                                "base_url: https://pelatihan.uji.example.org/"),
    "a static file": _edit("static/css/site.css", "", "/* edited */\n"),
    "--now across a registration boundary": _later(days=18),  # 07-03: kop-1 closes soon
    "a course summary (the calendar's DESCRIPTION, the search index)": _edit(
        "content/courses/koperasi.id.md", "summary: Ringkasan koperasi.", "summary: Ringkasan baru koperasi."),
    "a registration address": _edit("content/schedules/2026.yaml", "url: https://example.org/daftar/kop-1",
                                    "url: https://example.org/daftar/kop-1-baru"),
    "a session's hours": _edit("content/schedules/2026.yaml", "start: 2026-07-20 08:00", "start: 2026-07-20 07:30"),
    "a course's tags (the courses related to it and to others)": _edit(
        "content/courses/umum-2.id.md", "tags: [umum]", "tags: [koperasi]"),
    "a course's picture (its share image)": _edit(
        "content/courses/foto/a.svg", "/>", '><rect width="9" height="9" fill="#0b5d3b"/></svg>'),
    "a course title": _edit("content/courses/koperasi.id.md", "title: Manajemen Koperasi",
                            "title: Manajemen Koperasi Modern"),
    "a course's address (the event's URL, the bodies linking to it)": _edit(
        "content/courses/koperasi.id.md", "title: Manajemen Koperasi",
        "slug: koperasi-baru\ntitle: Manajemen Koperasi"),
    "a session called off (the event's STATUS and SEQUENCE)": _edit(
        "content/schedules/2026.yaml", "    fee: 1500000\n",
        "    fee: 1500000\n    status: cancelled\n    sequence: 1\n"),
}


@pytest.mark.parametrize("name", KEY_INPUTS)
def test_each_key_input_alone_gives_the_clean_build(name: str, tmp_path: Path) -> None:
    scene = Scene(make_site(tmp_path / "site"), random.Random(0))
    out = tmp_path / "public"
    build(BuildRequest(site_dir=scene.root, output=out, now=scene.now))  # on every core (KATALOG_JOBS)
    KEY_INPUTS[name](scene)
    result = build(BuildRequest(site_dir=scene.root, output=out, now=scene.now))
    assert not result.unchanged
    incremental, clean = snapshot(out), clean_build(scene, tmp_path / "clean")
    search = {path for path in clean if path.startswith("pagefind/")}
    assert search and {p: incremental.get(p) for p in search} == {p: clean[p] for p in search}, "search index"
    assert incremental == clean


def test_a_template_edited_again_in_the_same_process_is_compiled_again(tmp_path: Path) -> None:
    """Compiled templates are kept for the life of the process (the preview's, the tests'); an
    edit must still be seen, the second time as the first. Read from the page itself: a clean
    build in this process would share the same compiled templates."""
    scene = Scene(make_site(tmp_path / "site"), random.Random(0))
    out = tmp_path / "public"
    for mark in ("satu", "dua", "satu"):
        scene.write("templates/partials/status.html", (PROJECT / "templates/partials/status.html").read_text(
            encoding="utf-8").replace('<strong class="tag tag-{{ status }}">',
                                      f'<strong class="tag tag-{{{{ status }}}}" data-mark="{mark}">', 1))
        build(BuildRequest(site_dir=scene.root, output=out, now=scene.now, jobs=1))
        page = (out / "pelatihan/koperasi/index.html").read_text(encoding="utf-8")
        assert f'data-mark="{mark}"' in page and page.count("data-mark=") == page.count('class="tag tag-'), mark


def test_an_edit_in_one_language_makes_only_that_languages_search_index_again(tmp_path: Path) -> None:
    scene = Scene(make_site(tmp_path / "site"), random.Random(0))
    out = tmp_path / "public"
    assert build(BuildRequest(site_dir=scene.root, output=out, now=scene.now)).reindexed == ("en", "id")
    english = {path: path.stat().st_ino for path in (out / "pagefind/en").rglob("*") if path.is_file()}
    _edit("content/courses/koperasi.id.md", "summary: Ringkasan koperasi.", "summary: Ringkasan baru koperasi.")(scene)
    result = build(BuildRequest(site_dir=scene.root, output=out, now=scene.now))
    assert result.reindexed == ("id",)
    assert {path: path.stat().st_ino for path in (out / "pagefind/en").rglob("*") if path.is_file()} == english
    assert snapshot(out) == clean_build(scene, tmp_path / "clean")  # the Indonesian index holds the new summary
    assert not list(out.glob(".search*")) and not list(tmp_path.glob(".*"))  # no scratch pages left or published


# The no-change shortcut: a build whose inputs are unchanged leaves the output alone only while
# the moment stays in the stretch in which no status can change by the clock.

WITA_SESSION = """\
  - id: wita-1
    course: koperasi
    start: 2026-07-20 08:00
    end: 2026-07-20 15:00
    timezone: Asia/Makassar
    mode: online
    online_platform: Zoom
    fee: 0
    registration: {closes: 2026-07-10, url: "https://example.org/daftar/wita-1"}
"""


def wita_scene(root: Path) -> Scene:
    scene = Scene(make_site(root), random.Random(0))
    scene.write("content/schedules/2026.yaml", scene.text("content/schedules/2026.yaml") + WITA_SESSION)
    return scene


def status_of(out: Path, session: str) -> str:
    page = (out / "pelatihan/koperasi/index.html").read_text()
    found = re.search(rf'<article [^>]*data-session-id="{session}" data-status="([a-z-]+)"', page)
    assert found, session
    return found.group(1)


@pytest.mark.parametrize(("before", "after", "status_before", "status_after"), [
    # Closing soon from the first moment of 07-03 in Makassar: 23.00 on 07-02 in Jakarta, an
    # hour before the site's own day turns. The second build is at that very moment.
    ("2026-07-02T22:30+07:00", "2026-07-02T23:00+07:00", "open", "closing-soon"),
    # The first morning: 08.00 WITA is 07.00 WIB, in the middle of the site's day.
    ("2026-07-20T06:30+07:00", "2026-07-20T07:00+07:00", "closed", "running"),
    # Registration closes at the end of 07-10 in Makassar: 23.00 on 07-10 in Jakarta.
    ("2026-07-10T22:30+07:00", "2026-07-10T23:00+07:00", "closing-soon", "closed"),
], ids=["closing soon in WITA", "the first morning", "closed in WITA"])
def test_a_status_change_in_another_zone_is_not_missed_by_the_no_change_shortcut(
        before: str, after: str, status_before: str, status_after: str, tmp_path: Path) -> None:
    scene = wita_scene(tmp_path / "site")
    out = tmp_path / "public"
    scene.now = datetime.fromisoformat(before)
    build(BuildRequest(site_dir=scene.root, output=out, now=scene.now))
    assert status_of(out, "wita-1") == status_before
    scene.now = datetime.fromisoformat(after)
    assert not build(BuildRequest(site_dir=scene.root, output=out, now=scene.now)).unchanged
    assert status_of(out, "wita-1") == status_after
    assert snapshot(out) == clean_build(scene, tmp_path / "clean")
    # The moment of the change belongs to the stretch after it: built again then, nothing to do.
    assert build(BuildRequest(site_dir=scene.root, output=out, now=scene.now)).unchanged


def test_the_no_change_shortcut_holds_after_midnight_in_the_sites_zone(tmp_path: Path) -> None:
    """The day turns at midnight in the site's zone, not the machine's (CI runs in UTC, where it
    is still the day before until 07.00 in Jakarta): a second build at 00.40 changes nothing."""
    scene = Scene(make_site(tmp_path / "site"), random.Random(0))
    out = tmp_path / "public"
    zone = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    try:
        scene.now = datetime.fromisoformat("2026-06-16T00:30+07:00")
        build(BuildRequest(site_dir=scene.root, output=out, now=scene.now))
        scene.now = datetime.fromisoformat("2026-06-16T00:40+07:00")
        assert build(BuildRequest(site_dir=scene.root, output=out, now=scene.now)).unchanged
    finally:
        if zone is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = zone
        time.tzset()


class _Clock:
    """pipeline's view of the time module, stopped at one moment."""

    def __init__(self, now_ns: int) -> None:
        self.now_ns = now_ns

    def time_ns(self) -> int:
        return self.now_ns

    def __getattr__(self, name: str) -> object:
        return getattr(time, name)


class _SameTick:
    """pipeline's view of the os module, in which one file's status stays as it was: an edit
    within one tick of a file system's clock (coarse timestamps) changes neither size nor times."""

    def __init__(self, path: Path) -> None:
        self.watched, self.frozen = str(path), os.stat(path)

    def stat(self, path: str, *args: object, **kwargs: object) -> os.stat_result:
        return self.frozen if str(path) == self.watched else os.stat(path, *args, **kwargs)  # type: ignore[arg-type]

    def __getattr__(self, name: str) -> object:
        return getattr(os, name)


@pytest.mark.parametrize(("since_saved_ns", "edit_seen"), [
    (1_000_000_000, True),  # saved a second ago: its status does not yet stand for its bytes
    (3600_000_000_000, False),  # settled: its status stands for its bytes, as in Git's index (not read again)
], ids=["saved a second ago", "saved an hour ago"])
def test_a_file_changed_within_the_settling_window_is_read_again(since_saved_ns: int, edit_seen: bool,
                                                                  tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A file saved just before a build and saved again within the same tick of the file
    system's clock looks unchanged by its status; its digest is therefore recorded only once it
    has not changed for two seconds (pipeline.SETTLED_NS). The clock and that one file's status are
    the test's: neither a tick of the file system's clock nor a wait can be arranged here."""
    scene = Scene(make_site(tmp_path / "site"), random.Random(0))
    out = tmp_path / "public"
    path = scene.root / "content/courses/umum-3.id.md"
    monkeypatch.setattr(pipeline, "os", _SameTick(path))
    monkeypatch.setattr(pipeline, "time", _Clock(os.stat(path).st_ctime_ns + since_saved_ns))
    build(BuildRequest(site_dir=scene.root, output=out, now=START))
    path.write_text(path.read_text().replace("Umum 3", "Umum 8"))  # same size, same tick
    result = build(BuildRequest(site_dir=scene.root, output=out, now=START))
    assert result.unchanged != edit_seen
    assert ("Umum 8" in (out / "pelatihan/umum-3/index.html").read_text()) == edit_seen


def test_the_files_said_carried_over_are_the_previous_outputs_very_files(tmp_path: Path) -> None:
    """"N written, M carried over unchanged": M is counted here from the folders themselves, as
    the files of the new output that are the previous output's very files (the same inode)."""
    scene = Scene(make_site(tmp_path / "site"), random.Random(0))
    out = tmp_path / "public"
    build(BuildRequest(site_dir=scene.root, output=out, now=scene.now))
    before = {path.relative_to(out): path.stat().st_ino for path in out.rglob("*") if path.is_file()}
    _edit("content/courses/koperasi.id.md", "summary: Ringkasan koperasi.", "summary: Ringkasan baru koperasi.")(scene)
    result = build(BuildRequest(site_dir=scene.root, output=out, now=scene.now))
    after = {path.relative_to(out): path.stat().st_ino for path in out.rglob("*") if path.is_file()}
    carried = sum(1 for relative, inode in after.items() if before.get(relative) == inode)
    assert 1 < carried < len(after)
    assert result.linked == carried


def test_an_edit_makes_the_views_of_the_pages_it_touches_not_of_every_course_page(tmp_path: Path) -> None:
    """Every page's view is made when what it is made from changed (documents._Builder,
    pages.page_keys). An edit to one course's text (its body) makes the view of that course's
    page alone: the other pages show the course as a card, without its body
    (inputs.CourseDigests.listed), and renders that page alone. An edit to its summary makes the
    views of its page, of the pages showing it as a related course, and of the pages listing it
    (home, catalogue, categories, schedule and its category's page) — not of the other
    language's, which list their own translation. An edit to an ordinary page makes the view of
    that page alone. The output is still the clean build's."""
    scene = Scene(make_site(tmp_path / "site"), random.Random(0))
    out = tmp_path / "public"
    first = build(BuildRequest(site_dir=scene.root, output=out, now=scene.now))
    assert first.views == first.pages  # a cold build renders, so views, every page
    before = {path.relative_to(out).as_posix(): path.stat().st_ino for path in out.rglob("*.html")}
    _edit("content/courses/umum-1.id.md", "Isi 1.", "Isi 1 yang baru.")(scene)
    body_edit = build(BuildRequest(site_dir=scene.root, output=out, now=scene.now))
    assert body_edit.views == 1
    # Only the course's own page was rendered: the others are carried over (the same file, linked).
    rendered = {path.relative_to(out).as_posix() for path in out.rglob("*.html")
                if before.get(path.relative_to(out).as_posix()) != path.stat().st_ino}
    assert rendered == {"pelatihan/umum-1/index.html"}
    assert snapshot(out) == clean_build(scene, tmp_path / "clean")
    site = assemble_site(BuildRequest(site_dir=scene.root, now=scene.now)).site
    showing = [c for by_lang in site.courses.values() for c in by_lang.values()
               if "umum-1" in c.related]
    # umum-1 is Indonesian only, so the English lists show it too; koperasi has its own translation.
    listing = [lang for lang in ("id", "en") if site.course("umum-1", lang) is site.courses["umum-1"]["id"]]
    assert showing and listing == ["id", "en"]
    _edit("content/courses/umum-1.id.md", "summary: Ringkasan 1.", "summary: Ringkasan baru 1.")(scene)
    assert build(BuildRequest(site_dir=scene.root, output=out, now=scene.now)).views == (
        1 + len(showing) + (4 + 1) * len(listing))
    _edit("content/courses/koperasi.id.md", "summary: Ringkasan koperasi.", "summary: Ringkasan lain.")(scene)
    assert "en" in site.courses["koperasi"] and not any("koperasi" in c.related for by_lang in site.courses.values()
                                                        for c in by_lang.values())
    assert build(BuildRequest(site_dir=scene.root, output=out, now=scene.now)).views == 1 + 4 + 1
    assert snapshot(out) == clean_build(scene, tmp_path / "clean2")
    _edit("content/pages/tentang.id.md", "Kami kantor uji.", "Kami kantor uji yang baru.")(scene)
    page_edit = build(BuildRequest(site_dir=scene.root, output=out, now=scene.now))
    assert page_edit.views == 1
    assert snapshot(out) == clean_build(scene, tmp_path / "clean3")


def test_a_saved_session_remakes_the_list_views_of_its_course_alone(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The sessions and cards of the pages listing the whole catalogue are kept between builds
    (views.KeptViews): a session's seats saved remakes the views of that session's course, and
    every other course's are taken as they were. The output is still the clean build's."""
    scene = Scene(make_site(tmp_path / "site"), random.Random(0))
    out = tmp_path / "public"
    build(BuildRequest(site_dir=scene.root, output=out, now=scene.now))
    made: list[tuple[str, str]] = []  # (kind, course) of each list view made, not kept
    kept_views = views.KeptViews.get

    def spy(self: views.KeptViews, kind: str, course: Course, lang: str, ident: str,
            make: Callable[[], object]) -> object:
        return kept_views(self, kind, course, lang, ident, lambda: (made.append((kind, course.key)), make())[1])

    monkeypatch.setattr(views.KeptViews, "get", spy)
    _edit("content/schedules/2026.yaml", "seats_taken: 10", "seats_taken: 12")(scene)
    build(BuildRequest(site_dir=scene.root, output=out, now=scene.now))
    # Its sessions' views may come from its own page, made first in the same build.
    assert ("course card", "koperasi") in made and {course for _kind, course in made} == {"koperasi"}
    assert snapshot(out) == clean_build(scene, tmp_path / "clean")
    made.clear()
    _edit("content/courses/umum-3.id.md", "summary: Ringkasan 3.", "summary: Ringkasan baru 3.")(scene)
    build(BuildRequest(site_dir=scene.root, output=out, now=scene.now))
    assert set(made) == {("course card", "umum-3")}  # no session of its own
    assert snapshot(out) == clean_build(scene, tmp_path / "clean2")


def test_a_ui_string_shown_in_the_kept_session_views_is_shown_when_changed(tmp_path: Path) -> None:
    """A kept view is keyed by the UI strings too (views.KeptViews): "free" on a free session in the
    schedule and the catalogue's cards changes with its string."""
    scene = Scene(make_site(tmp_path / "site"), random.Random(0))
    _edit("content/schedules/2026.yaml", "fee: 1500000", "fee: 0")(scene)
    out = tmp_path / "public"
    build(BuildRequest(site_dir=scene.root, output=out, now=scene.now))
    assert "Gratis" in (out / "jadwal/index.html").read_text()
    scene.write("templates/strings/id.yaml", "session_free: Tanpa biaya\n")
    build(BuildRequest(site_dir=scene.root, output=out, now=scene.now))
    for page in ("jadwal/index.html", "pelatihan/index.html"):
        assert "Tanpa biaya" in (out / page).read_text(), page
    assert snapshot(out) == clean_build(scene, tmp_path / "clean")


def test_an_edit_never_writes_into_the_previous_outputs_files(tmp_path: Path) -> None:
    """The previous build's files are linked into the new output before the build knows which
    it will make again (write.OutputWriter, carry_over): a file made again must be a new file,
    never written through the link, or the site still published would change under its
    visitors before the swap. Every file of the first output, kept here by a link of its own,
    still holds its bytes after an edit that makes many pages again."""
    scene = Scene(make_site(tmp_path / "site"), random.Random(0))
    out, kept = tmp_path / "public", tmp_path / "kept"
    build(BuildRequest(site_dir=scene.root, output=out, now=scene.now))
    kept.mkdir()
    held = {}
    for number, path in enumerate(sorted(path for path in out.rglob("*") if path.is_file())):
        os.link(path, kept / str(number))
        held[kept / str(number)] = path.read_bytes()
    _edit("content/courses/umum-1.id.md", "title: Umum 1", "title: Umum Satu")(scene)
    result = build(BuildRequest(site_dir=scene.root, output=out, now=scene.now))
    assert result.written > 3 and result.linked > 3
    assert "Umum Satu" in (out / "pelatihan/umum-1/index.html").read_text()
    assert {path: path.read_bytes() for path in held} == held


def test_the_folders_of_pages_gone_are_gone_too(tmp_path: Path) -> None:
    """A course deleted takes its page's folder with it: the new output holds no empty folder
    where the carried-over files of the previous build were removed."""
    scene = Scene(make_site(tmp_path / "site"), random.Random(0))
    out = tmp_path / "public"
    build(BuildRequest(site_dir=scene.root, output=out, now=scene.now))
    assert (out / "pelatihan/umum-2/index.html").is_file()
    (scene.root / "content/courses/umum-2.id.md").unlink()
    build(BuildRequest(site_dir=scene.root, output=out, now=scene.now))
    assert not (out / "pelatihan/umum-2").exists()
    assert [folder for folder, folders, files in os.walk(out) if not folders and not files] == []
    assert snapshot(out) == clean_build(scene, tmp_path / "clean")


def test_a_build_whose_carrying_process_fails_links_the_files_itself(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The child that carries the previous files over (katalog/carry_over.py) is replaced by one
    that links a single file and fails: the build cannot know what it linked, so it starts
    again from an empty folder, links what is unchanged itself, and publishes the clean build's
    site, having carried files over."""
    from katalog import carry_over

    failing = tmp_path / "failing_child.py"
    failing.write_text(textwrap.dedent("""\
        import os, sys
        fields = sys.stdin.buffer.read().split(b"\\0")
        output, temporary, name = fields[0], fields[1], fields[5]
        os.makedirs(os.path.join(temporary, os.path.dirname(name)), exist_ok=True)
        os.link(os.path.join(output, name), os.path.join(temporary, name))
        sys.exit(3)
        """))
    scene = Scene(make_site(tmp_path / "site"), random.Random(0))
    out = tmp_path / "public"
    build(BuildRequest(site_dir=scene.root, output=out, now=scene.now))
    monkeypatch.setattr(carry_over, "__file__", str(failing))
    _edit("content/courses/umum-1.id.md", "Isi 1.", "Isi 1 yang baru.")(scene)
    result = build(BuildRequest(site_dir=scene.root, output=out, now=scene.now))
    assert result.linked > 10
    assert snapshot(out) == clean_build(scene, tmp_path / "clean")


def test_a_file_that_becomes_a_folder_and_back_is_carried_over_without_a_clash(tmp_path: Path) -> None:
    """The previous site's files are already in the new folder when this build writes (carried
    over by carry_over.py): a static file that became a folder of the same name, or a folder that
    became a file, finds the old one in its way, which goes first. Each build equals a clean one."""
    scene = Scene(make_site(tmp_path / "site"), random.Random(0))
    out = tmp_path / "public"
    scene.write("static/unduh/panduan", "a file")
    build(BuildRequest(site_dir=scene.root, output=out, now=scene.now))
    (scene.root / "static/unduh/panduan").unlink()
    scene.write("static/unduh/panduan/isi.txt", "now a folder")
    build(BuildRequest(site_dir=scene.root, output=out, now=scene.now))
    assert snapshot(out) == clean_build(scene, tmp_path / "clean")
    shutil.rmtree(scene.root / "static/unduh/panduan")
    scene.write("static/unduh/panduan", "a file again")
    build(BuildRequest(site_dir=scene.root, output=out, now=scene.now))
    assert snapshot(out) == clean_build(scene, tmp_path / "clean2")


def test_a_build_whose_carrying_process_cannot_start_links_the_files_itself(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The child cannot be started (here its Python is not where the build says: the same
    OSError as a refused fork or a full process table): the build carries the previous files
    over itself and publishes the clean build's site."""
    from types import SimpleNamespace

    from katalog import carry_over

    scene = Scene(make_site(tmp_path / "site"), random.Random(0))
    out = tmp_path / "public"
    build(BuildRequest(site_dir=scene.root, output=out, now=scene.now))
    monkeypatch.setattr(carry_over, "sys", SimpleNamespace(executable=str(tmp_path / "no-python")))
    _edit("content/courses/umum-1.id.md", "Isi 1.", "Isi 1 yang baru.")(scene)
    result = build(BuildRequest(site_dir=scene.root, output=out, now=scene.now))
    assert result.linked > 10
    assert snapshot(out) == clean_build(scene, tmp_path / "clean")



def test_a_saved_schedule_is_patched_into_the_kept_model_with_its_moments_of_change(tmp_path: Path) -> None:
    """A schedule saved puts its sessions anew into the kept model (kept.Kept.patched,
    assemble.patch_sessions) with the moments at which their statuses change: a session added
    that starts this afternoon ends the stretch in which the build stands, so that a build after
    it shows the session running, as a clean build does — and so do the other schedule's. A
    session given to a course that an earlier course shows as related (umum-0, beside koperasi)
    is in the related course held anew: the page keys digest each course once, wherever it is
    met first."""
    scene = Scene(make_site(tmp_path / "site"), random.Random(0))
    other = textwrap.dedent("""\
        sessions:
          - id: sore-1
            course: koperasi
            start: 2026-06-15 15:00
            end: 2026-06-15 17:00
            mode: offline
            venue: upt
            fee: 0
        """)
    scene.write("content/schedules/2025.yaml", other.replace("2026-06-15", "2026-05-15"))
    out = tmp_path / "public"
    assert build(BuildRequest(site_dir=scene.root, output=out, now=scene.now)).model_from == "assembled"
    scene.write("content/schedules/2025.yaml", other)  # a session this afternoon, 15:00 to 17:00
    schedule = scene.text("content/schedules/2026.yaml")
    scene.write("content/schedules/2026.yaml", schedule.replace("sessions:\n", textwrap.dedent("""\
        sessions:
          - id: siang-1
            course: koperasi
            start: 2026-06-15 13:00
            end: 2026-06-15 14:00
            mode: offline
            venue: upt
            fee: 0
          - id: umum-nol
            course: umum-0
            start: 2026-08-03 08:00
            end: 2026-08-03 16:00
            mode: online
            online_platform: Zoom
            fee: 0
        """), 1))
    for hour, model_from in ((9, "rescheduled"), (13, "rescheduled"), (14, "rescheduled"), (15, "rescheduled"),
                             (17, "rescheduled")):
        scene.now = START.replace(hour=hour, minute=30)
        result = build(BuildRequest(site_dir=scene.root, output=out, now=scene.now))
        assert not result.unchanged and result.model_from == model_from, hour
        assert snapshot(out) == clean_build(scene, tmp_path / "clean"), hour
    # Back to the morning (--now earlier): the stretch of the last build began at 17:00, when the
    # afternoon session ended, not where the kept model's began.
    scene.now = START.replace(hour=9, minute=30)
    assert not build(BuildRequest(site_dir=scene.root, output=out, now=scene.now)).unchanged
    assert snapshot(out) == clean_build(scene, tmp_path / "clean")


def test_the_kept_model_is_assembled_anew_when_the_time_zone_database_changes(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The site model is kept in the cache and patched by an edit of text (kept.py); its times
    and statuses were computed under the time-zone database of its build, which neither the
    inputs nor the tool's version show. A database updated (here: a search path of our own whose
    Asia/Jakarta file is replaced by another zone's) makes the next build assemble it anew."""
    import importlib.resources
    import zoneinfo

    zones = tmp_path / "zoneinfo"
    shutil.copytree(str(importlib.resources.files("tzdata.zoneinfo").joinpath("Asia")), zones / "Asia")
    monkeypatch.setattr(zoneinfo, "TZPATH", (str(zones),))
    scene = Scene(make_site(tmp_path / "site"), random.Random(0))
    out = tmp_path / "public"
    assert build(BuildRequest(site_dir=scene.root, output=out, now=scene.now)).model_from == "assembled"
    scene.course_body()
    assert build(BuildRequest(site_dir=scene.root, output=out, now=scene.now)).model_from == "patched"
    shutil.copy(zones / "Asia/Makassar", zones / "Asia/Jakarta")  # the database updated
    scene.course_body()
    assert build(BuildRequest(site_dir=scene.root, output=out, now=scene.now)).model_from == "assembled"
    scene.course_body()
    assert build(BuildRequest(site_dir=scene.root, output=out, now=scene.now)).model_from == "patched"


def test_compiled_templates_are_kept_in_the_cache_and_an_edited_one_is_compiled_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Templates compiled by one build are kept in the cache for the next (render._CompiledTemplates):
    a build in a new process that renders a page compiles no template, and a template edited is
    compiled again and shown — Jinja compares each template's source with the compiled code's. The
    first build renders its pages in worker processes: the templates are loaded in the build's own
    process first (Renderer.load_templates), else what a worker compiled would be lost with it."""
    import jinja2

    from katalog import render

    scene = Scene(make_site(tmp_path / "site"), random.Random(3))
    out = tmp_path / "public"
    monkeypatch.setattr(render._COMPILED, "_code", {})  # as in a new process
    assert build(BuildRequest(site_dir=scene.root, output=out, now=scene.now, jobs=2)).pages >= parallel.WORTH_A_POOL
    compiled: list[str | None] = []
    original = jinja2.Environment.compile

    def counted(self: jinja2.Environment, source: str, name: str | None = None, *args: object) -> object:
        compiled.append(name)
        return original(self, source, name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    monkeypatch.setattr(render._COMPILED, "_code", {})  # as in a new process
    scene.course_body()
    assert build(BuildRequest(site_dir=scene.root, output=out, now=scene.now, jobs=1)).written
    assert compiled == []
    monkeypatch.setattr(render._COMPILED, "_code", {})
    edited = scene.template()
    build(BuildRequest(site_dir=scene.root, output=out, now=scene.now, jobs=1))
    assert compiled == [edited.removeprefix("templates/")]
    assert snapshot(out) == clean_build(scene, tmp_path / "clean")
    compiled.clear()
    monkeypatch.setattr(render._COMPILED, "_code", {})  # the edited template's new code was kept too
    scene.course_body()
    build(BuildRequest(site_dir=scene.root, output=out, now=scene.now, jobs=1))
    assert compiled == []


def test_the_zone_definitions_are_read_where_zoneinfo_finds_them(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """What the kept model checks of the time-zone database (kept.zone_definitions) is each zone's
    file as zoneinfo finds it: the first folder of its search path that has it, else the tzdata
    package."""
    import importlib.resources
    import zoneinfo

    from katalog import kept

    packaged = importlib.resources.files("tzdata.zoneinfo")
    empty, second = tmp_path / "empty", tmp_path / "second"
    empty.mkdir()
    shutil.copytree(str(packaged.joinpath("Asia")), second / "Asia")
    shutil.copy(second / "Asia/Makassar", second / "Asia/Jakarta")  # unlike the package's
    monkeypatch.setattr(zoneinfo, "TZPATH", (str(empty), str(second)))
    assert kept._zone_file("Asia/Jakarta") == packaged.joinpath("Asia/Makassar").read_bytes()
    monkeypatch.setattr(zoneinfo, "TZPATH", ())
    assert kept._zone_file("Asia/Jakarta") == packaged.joinpath("Asia/Jakarta").read_bytes() != b""
