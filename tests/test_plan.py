"""The plan of outputs: one list of every file a site publishes, each keyed by what made it.

The output folder of a real build holds exactly the plan's addresses (nothing stale, nothing
missing); a field added to a view changes the key of what shows it, with no key code touched;
nothing may be written into the search index's folder.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from pathlib import Path

import pytest
from conftest import SAMPLE_NOW
from sitefactory import PROJECT, build_site, write_site

from katalog.assemble import Site
from katalog.cache import Store
from katalog.documents import Document, Head, _Builder, plan_documents
from katalog.inputs import CourseDigests, course_digests
from katalog.model import Body, Category, Course, Page
from katalog.outputs.cards import CardText, share_images
from katalog.outputs.ical import CalendarWriter, EventView
from katalog.pages import page_keys
from katalog.pipeline import BuildRequest, _Build
from katalog.plan import Kind
from katalog.views import Views


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


@dataclass(frozen=True)
class PageWithBadge(Page):
    """A content page with one more field, as a template change would need."""

    badge: str = ""


@dataclass(frozen=True)
class CategoryWithIcon(Category):
    icon: str = ""


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
    keys = page_keys([doc.facts for doc in docs], [partial(str, index) for index in range(3)], docs.__getitem__,
                     {"page.html": "t"}, {"id": "c"}, Store(None))
    assert len(set(keys)) == 3  # the new field is keyed, and so is its value


def test_a_page_is_viewed_again_only_when_what_it_is_made_from_changed() -> None:
    """pages.page_keys: the view's key is remembered by the page's inputs; a page whose inputs
    changed is viewed again, and keyed by its new view."""
    head = Head("T", "", "https://x.example/a/", (), (), (), ())
    docs = [Document("/a/", "page.html", "id", head, Shown("Judul"), ())]
    viewed: list[int] = []

    def document(index: int) -> Document:
        viewed.append(index)
        return docs[index]

    known = Store(None)
    first = page_keys([docs[0].facts], [lambda: "v1"], document, {"page.html": "t"}, {"id": "c"}, known)
    assert page_keys([docs[0].facts], [lambda: "v1"], document, {"page.html": "t"}, {"id": "c"}, known) == first
    assert viewed == [0]
    docs[0] = Document("/a/", "page.html", "id", head, Shown("Judul baru"), ())
    again = page_keys([docs[0].facts], [lambda: "v2"], document, {"page.html": "t"}, {"id": "c"}, known)
    assert viewed == [0, 0] and again != first
    for changed in ({"page.html": "t2"}, {"id": "c"}), ({"page.html": "t"}, {"id": "c2"}):  # template, strings
        page_keys([docs[0].facts], [lambda: "v2"], document, *changed, known)
    assert viewed == [0, 0, 0, 0]


def test_two_pages_made_from_the_same_inputs_at_two_addresses_have_their_own_keys() -> None:
    """Pages of one template made from the same inputs (pages of one list, say) differ by their
    address, which their heads show: the view's key remembered for one is not the other's."""
    docs = [Document(url, "page.html", "id", Head("T", "", "https://x.example" + url, (), (), (), ()),
                     Shown("Judul"), ()) for url in ("/a/", "/b/")]
    keys = page_keys([doc.facts for doc in docs], [lambda: "same"] * 2, docs.__getitem__, {"page.html": "t"},
                     {"id": "c"}, Store(None))
    assert keys[0] != keys[1]


def test_a_field_added_to_a_page_or_a_category_changes_the_keys_of_the_pages_showing_it() -> None:
    """Every page is keyed by what it is made from, whole (documents._Builder): a field added to
    a content page, or to a category, is keyed with no key code touched — in the page itself, in
    its category's page and in the pages listing the whole catalogue."""
    run = _Build(BuildRequest(site_dir=PROJECT, now=datetime.fromisoformat(SAMPLE_NOW), use_cache=False, jobs=1))
    config, now = run.configuration()
    read = run.assembled(config, now)
    site = read.site

    def builder(site: Site) -> _Builder:
        return _Builder(site, Views(site, read.strings, read.assets.urls.get), CourseDigests(site.config))

    page = next(page for by_lang in site.pages.values() for page in by_lang.values())
    same = {name: getattr(page, name) for name in page.__dataclass_fields__}
    made = builder(site)
    assert len({made.page_inputs(page), made.page_inputs(PageWithBadge(**same)),
                made.page_inputs(PageWithBadge(**same, badge="Baru"))}) == 3
    key, category = next(iter(site.data.categories.items()))
    fields = {name: getattr(category, name) for name in category.__dataclass_fields__}
    keys = []
    for changed in (category, CategoryWithIcon(**fields), CategoryWithIcon(**fields, icon="koperasi.svg")):
        other = builder(replace(site, data=replace(site.data, categories={**site.data.categories, key: changed})))
        keys.append((other.category_inputs(changed, "id"), other.lists_inputs("id")))
    assert len({category_key for category_key, _ in keys}) == 3 and len({lists for _, lists in keys}) == 3


def test_a_field_added_to_a_course_changes_its_page_key() -> None:
    """A course page is keyed by what it is made from, the course whole (inputs.course_digests):
    a field added to the course is keyed without touching any key code; another course it holds
    (a related one) is held by its key only, and counts by its own digest beside it. The pages listing a
    course take it without its body: its text edited changes its whole digest, not that one."""
    run = _Build(BuildRequest(site_dir=PROJECT, now=datetime.fromisoformat(SAMPLE_NOW), use_cache=False, jobs=1))
    config, now = run.configuration()
    course = next(c for by_lang in run.assembled(config, now).site.courses.values() for c in by_lang.values()
                  if c.related)

    def whole(course: Course) -> tuple[str, str]:
        return course_digests(course)

    same = {name: getattr(course, name) for name in course.__dataclass_fields__}
    digests = {whole(course), whole(CourseWithRoom(**same)), whole(CourseWithRoom(**same, room="Lab Koperasi"))}
    assert len(digests) == 3 and len({listed for listed, _ in digests}) == 3
    assert whole(replace(course, related=course.related[1:])) != whole(course)
    rewritten = whole(replace(course, body=replace(course.body, html=course.body.html + "<p>Baru.</p>")))
    assert rewritten[0] == whole(course)[0] and rewritten[1] != whole(course)[1]
    retitled = whole(replace(course, title="Judul lain"))
    assert retitled[0] != whole(course)[0] and retitled[1] == whole(course)[1]


def without_bodies(site: Site, keep: str | None = None) -> Site:
    """The site with every course's body emptied, but ``keep``'s own (a course's address): what is
    keyed by courses as listed (inputs.CourseDigests.listed)."""
    def emptied(course: Course) -> Course:
        return course if course.url == keep else replace(course, body=Body(""))
    return replace(site, courses={key: {lang: emptied(course) for lang, course in by_lang.items()}
                                  for key, by_lang in site.courses.items()})


def test_an_event_reads_nothing_but_what_its_key_covers() -> None:
    """A calendar event is keyed by what it is made from (ical.CalendarWriter.event_key): its
    course as listed (without its body) in the language shown — which holds the session, its
    venue and its status — the configuration and the day. Each event of the sample site is made
    here with a site that answers only those, and records which course it was asked for."""
    run = _Build(BuildRequest(site_dir=PROJECT, now=datetime.fromisoformat(SAMPLE_NOW), use_cache=False, jobs=1))
    config, now = run.configuration()
    site = run.assembled(config, now).site
    listed = without_bodies(site)

    class KeyedOnly:
        config = site.config
        day_began = site.day_began

        def __init__(self) -> None:
            self.asked: list[tuple[str, str]] = []

        def course(self, key: str, lang: str) -> Course | None:
            self.asked.append((key, lang))
            return listed.course(key, lang)

        def __getattr__(self, name: str) -> None:
            pytest.fail(f"an event read Site.{name}, which its key does not cover")

    writer = CalendarWriter(site)
    for lang in config.language_codes:
        for session in site.sessions:
            keyed = KeyedOnly()
            view = EventView.of(keyed, lang, session)  # type: ignore[arg-type]
            assert keyed.asked == [(session.course, lang)]
            course = site.course(session.course, lang)
            assert course is not None and session in course.sessions  # the course's digest holds it
            assert view == EventView.of(site, lang, session) and writer.event_key(lang, session)
    assert len(site.sessions) > 10


def test_a_share_image_shows_nothing_but_what_its_key_covers() -> None:
    """A course's share image is keyed by its course as listed (without its body), the UI
    strings, the configuration and its picture (cards.share_images, ``made_from``): every share
    image of the sample site says the same made from courses without bodies."""
    run = _Build(BuildRequest(site_dir=PROJECT, now=datetime.fromisoformat(SAMPLE_NOW), use_cache=False, jobs=1))
    config, now = run.configuration()
    read = run.assembled(config, now)

    def texts(site: Site) -> list[CardText]:
        return [image.text for image in share_images(site, Views(site, read.strings, read.assets.urls.get), b"")]

    shown = texts(read.site)
    assert len(shown) > 10 and texts(without_bodies(read.site)) == shown


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
        assert set(asked) <= {item.key, *item.related}, item.url
        assert item.key in asked
    assert len(pages) > 10


def test_each_page_is_the_same_made_from_only_what_its_key_covers() -> None:
    """What a page's inputs cover (documents._Builder) is all its Document is made from: each page
    of the sample site made again from a site stripped of everything else is the same — a list page
    without the content pages, the bundles' files and the venue and trainer lists (the sessions
    hold theirs) and without any course's body; a category's page with its own courses only, without
    their bodies; a course's page with its own course and its related ones only, theirs without
    their bodies; a content page, the search page and the 404 page without a single
    course, session or category. (Unlike recording lookups, this sees a direct read of
    ``site.courses`` or ``site.sessions`` too.)"""
    run = _Build(BuildRequest(site_dir=PROJECT, now=datetime.fromisoformat(SAMPLE_NOW), use_cache=False, jobs=1))
    config, now = run.configuration()
    read = run.assembled(config, now)
    site = read.site

    def document(site: Site, url: str) -> Document:
        entries = plan_documents(site, Views(site, read.strings, read.assets.urls.get)).entries
        return next(entry for entry in entries if entry.url == url).make()

    def only(keys: set[str], site: Site = site) -> Site:
        return replace(site, courses={key: site.courses[key] for key in keys},
                       sessions=tuple(session for session in site.sessions if session.course in keys))

    data = replace(site.data, venues={}, trainers={})
    lists = without_bodies(replace(site, pages={}, files=(), data=data))
    bare = replace(only(set()), data=replace(data, categories={}))
    compared = {"lists": 0, "categories": 0, "bare": 0, "courses": 0}
    for entry in plan_documents(site, Views(site, read.strings, read.assets.urls.get)).entries:
        doc = entry.make()
        if doc.template in ("home.html", "catalogue.html", "categories.html", "schedule.html", "category.html"):
            assert document(lists, doc.url) == doc, doc.url
            compared["lists"] += 1
        if doc.template == "category.html":
            key = next(key for key in site.data.categories if site.urls.category(doc.lang, key) == doc.url)
            members = {k for k, by_lang in site.courses.items() if any(c.category.key == key for c in by_lang.values())}
            assert document(only(members, without_bodies(site)), doc.url) == doc, doc.url
            compared["categories"] += 1
        if doc.template in ("page.html", "search.html", "404.html"):
            assert document(bare, doc.url) == doc, doc.url
            compared["bare"] += 1
        if doc.template == "course.html":
            course = next(c for by_lang in site.courses.values() for c in by_lang.values() if c.url == doc.url)
            alone = only({course.key, *course.related}, without_bodies(site, course.url))
            assert document(replace(alone, pages={}, files=(), data=data), doc.url) == doc, doc.url
            compared["courses"] += 1
    assert min(compared.values()) >= 2, compared
