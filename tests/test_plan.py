"""The plan of outputs: one list of every file a site publishes, each keyed by what made it.

The output folder of a real build holds exactly the plan's addresses (nothing stale, nothing
missing); a field added to a view changes the key of what shows it, with no key code touched;
nothing may be written into the search index's folder.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import SAMPLE_NOW
from sitefactory import PROJECT, build_site, write_site

from katalog.assemble import Site
from katalog.cache import digest
from katalog.documents import Document, Head, course_digest, plan_documents
from katalog.model import Course
from katalog.outputs.ical import EventView
from katalog.pages import page_keys
from katalog.pipeline import BuildRequest, _Build
from katalog.plan import Kind
from katalog.views import Views


@dataclass(frozen=True)
class EventWithRoom(EventView):
    """The event view as it would be once someone shows one more fact in calendars."""

    room: str = ""


@dataclass(frozen=True)
class CourseWithRoom(Course):
    """A course as it would be once someone adds one more fact to the model."""

    room: str = ""


@dataclass(frozen=True)
class Shown:
    title: str


@dataclass(frozen=True)
class ShownWithBadge(Shown):
    """A page view with one more field, as a template change would need."""

    badge: str = ""


def test_the_output_holds_exactly_the_plan(built_sample_site: Path) -> None:
    run = _Build(BuildRequest(site_dir=PROJECT, now=datetime.fromisoformat(SAMPLE_NOW), use_cache=False, jobs=1))
    config, now = run.configuration()
    model = run.model(config, now)
    plan = run.plan(model)
    planned = {str(model.site.urls.output_path(url)) for url in plan.targets}
    written = {path.relative_to(built_sample_site).as_posix() for path in built_sample_site.rglob("*")
               if path.is_file() and path.name != ".katalog-build" and not path.relative_to(built_sample_site)
               .as_posix().startswith("pagefind/")}
    assert written == planned
    kinds = {target.kind for target in plan.targets.values()}
    assert kinds == {Kind.PAGE, Kind.FILE, Kind.COPY, Kind.IMAGE}


def test_a_field_added_to_a_view_changes_the_page_key() -> None:
    head = Head("T", "", "https://x.example/a/", (), (), (), ())
    plain = Document("/a/", "page.html", "id", head, Shown("Judul"), ())
    badged = Document("/a/", "page.html", "id", head, ShownWithBadge("Judul", "Baru"), ())
    unbadged = Document("/a/", "page.html", "id", head, ShownWithBadge("Judul", ""), ())
    docs = [plain, badged, unbadged]
    keys = page_keys([doc.facts for doc in docs], dict(enumerate(docs)), [None] * 3, {"page.html": "t"}, {"id": "c"})
    assert len(set(keys)) == 3  # the new field is keyed, and so is its value


def test_a_field_added_to_a_course_changes_its_page_key() -> None:
    """A course page is keyed by what it is made from, the course whole (documents.course_digest):
    a field added to the course is keyed without touching any key code; another course it holds
    (a related one) counts by its key only, and by its own digest beside it."""
    run = _Build(BuildRequest(site_dir=PROJECT, now=datetime.fromisoformat(SAMPLE_NOW), use_cache=False, jobs=1))
    config, now = run.configuration()
    course = next(c for by_lang in run.assembled(config, now).site.courses.values() for c in by_lang.values()
                  if c.related)
    same = {name: getattr(course, name) for name in course.__dataclass_fields__}
    digests = {course_digest(course), course_digest(CourseWithRoom(**same)),
               course_digest(CourseWithRoom(**same, room="Lab Koperasi"))}
    assert len(digests) == 3
    renamed = replace(course.related[0], title="Judul lain")
    assert course_digest(replace(course, related=(renamed, *course.related[1:]))) == course_digest(course)
    assert course_digest(renamed) != course_digest(course.related[0])


def test_a_field_added_to_an_event_view_changes_the_event_key() -> None:
    moment = datetime(2027, 1, 12, 8, tzinfo=ZoneInfo("Asia/Jakarta"))
    fields = asdict(EventView("u", moment, moment, moment, None, 0, "CONFIRMED", "S", "https://x/", "L", "D"))
    keys = {digest("event", EventView(**fields)), digest("event", EventWithRoom(**fields)),
            digest("event", EventWithRoom(**fields, room="Labkop"))}
    assert len(keys) == 3


def test_nothing_is_written_into_the_search_index_folder(site: Path, tmp_path: Path) -> None:
    write_site(site, {"content/pages/pagefind.id.md": "---\ntitle: Cari\nslug: pagefind\n---\n\nIsi.\n"})
    result = build_site(site, tmp_path / "out")
    assert result.code == 1
    assert "content/pages/pagefind.id.md: slug: would be written to /pagefind/, inside the search index's " \
           "folder /pagefind/" in result.err


def test_a_course_page_reads_no_course_but_its_own_and_its_related(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a course page's key covers (documents._Builder.course_inputs) is what making its
    Document reads: each course page of the sample site made afresh, every lookup of the site
    model recorded — only its own course and its related courses, and no list of the site."""
    run = _Build(BuildRequest(site_dir=PROJECT, now=datetime.fromisoformat(SAMPLE_NOW), use_cache=False, jobs=1))
    config, now = run.configuration()
    read = run.assembled(config, now)
    site = read.site
    asked: list[str] = []
    lookup = Site.course

    def course(self: Site, key: str, lang: str) -> Course | None:
        asked.append(key)
        return lookup(self, key, lang)

    pages = []  # each course page with a plan of its own, so that no view is remembered from another
    for by_lang in site.courses.values():
        for item in by_lang.values():
            entries = plan_documents(site, Views(site, read.strings, read.assets.urls.get)).entries
            pages.append((item, next(entry for entry in entries if entry.url == item.url)))
    monkeypatch.setattr(Site, "course", course)
    for name in ("courses_in", "upcoming_sessions", "categories_by_weight"):
        monkeypatch.setattr(Site, name, lambda *_args, name=name: pytest.fail(f"a course page read Site.{name}"))
    for item, entry in pages:
        asked.clear()
        entry.make()
        assert set(asked) <= {item.key, *(other.key for other in item.related)}, item.url
        assert item.key in asked
    assert len(pages) > 10
