"""The HTML pages of the site as Documents: where each goes, its template, its head and its view."""

from __future__ import annotations

import io
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from jinja2.utils import htmlsafe_json_dumps

from .assemble import Site
from .cache import digest
from .errors import Problems
from .messages import msg
from .model import Body, Category, Course, Link
from .outputs import jsonld
from .outputs.cards import SHARE_TYPE, share_url
from .views import Views


@dataclass(frozen=True)
class SwitchTarget:
    lang: str
    name: str
    url: str
    available: bool  # False: the page is not translated; the link goes to that language's catalogue


@dataclass(frozen=True)
class Head:
    """What a page says about itself: title, addresses, language alternates, structured data."""

    title: str
    description: str
    canonical: str
    alternates: tuple[tuple[str, str], ...]  # (hreflang, absolute URL), x-default last
    switcher: tuple[SwitchTarget, ...]
    breadcrumbs: tuple[tuple[str, str], ...]  # (name, URL)
    jsonld: tuple[str, ...]  # serialised JSON-LD blocks
    image: str | None = None  # absolute URL of the page's share image (1200×630)
    image_type: str = SHARE_TYPE


@dataclass(frozen=True)
class Document:
    url: str  # site path, e.g. "/en/courses/photo/"
    template: str
    lang: str
    head: Head
    view: Any  # the template's view (views.py)
    links: tuple[Link, ...]  # the same page in every language it exists in
    source: str = ""  # the content file behind it, for messages
    body: Body | None = None  # the Markdown body it shows, for messages about its links
    in_sitemap: bool = True
    indexed: bool = False  # in the search index (its key is made from these pages' keys)

    @property
    def facts(self) -> PageFacts:
        return PageFacts(self.url, self.template, self.lang, self.head.alternates, self.source, self.body,
                         self.in_sitemap, self.indexed)


@dataclass(frozen=True)
class PageFacts:
    """What a build needs of a page besides its HTML (the sitemap, the search index, the link
    check, the summary): known for a course page without making its view."""

    url: str
    template: str
    lang: str
    alternates: tuple[tuple[str, str], ...]
    source: str
    body: Body | None
    in_sitemap: bool
    indexed: bool


@dataclass(frozen=True)
class PageEntry:
    """A page of the plan: its address, the file behind it, and how to make its Document, which
    is made only when needed (the preview renders just the pages a browser requests; a build, the
    pages whose key changed). A course page also says what it is made from (``inputs``), so that
    its key needs no view, and its facts."""

    url: str
    source: str
    make: Callable[[], Document]
    inputs: Callable[[], str] | None = None
    facts: Callable[[], PageFacts] | None = None


@dataclass(frozen=True)
class PagePlan:
    """Every page of the site; ``plan.py`` puts them in the plan of every output."""

    entries: tuple[PageEntry, ...]  # clashes included


def plan_documents(site: Site, views: Views) -> PagePlan:
    return _Builder(site, views).plan()


class _Builder:
    def __init__(self, site: Site, views: Views) -> None:
        self.site, self.views, self.urls, self.config = site, views, site.urls, site.config
        self.t: Callable[..., str] = views.t
        self._digests: dict[tuple[str, str], str] = {}  # (course, language) -> course_digest
        self._config = digest("config", site.config)  # in every course page's inputs: digested once

    def plan(self) -> PagePlan:
        entries: list[PageEntry] = []
        for lang in self.config.language_codes:
            entries += [PageEntry(url, "", make) for url, make in self.sections(lang).items()]
        for by_lang in self.site.courses.values():
            entries += [PageEntry(course.url, course.source, partial(self.course, course),
                                  partial(self.course_inputs, course), partial(self.course_facts, course))
                        for course in by_lang.values()]
        for pages in self.site.pages.values():
            entries += [PageEntry(page.url, page.source, partial(self.page, page)) for page in pages.values()]
        entries.append(PageEntry(self.urls.root_file("404.html"), "", self.not_found))
        return PagePlan(tuple(entries))

    def course_inputs(self, course: Course) -> str:
        """The digest of everything a course page is made from, without making it: the course
        whole (its sessions with their statuses, venues, trainers, category, body: every field, so
        none can be left out) and the related courses it shows as cards, the configuration and
        the build's date (``Views.as_of``; statuses are fields of the sessions). The page key adds
        the template's digest and the language's strings, assets and chrome (pages.page_keys).
        ``course.related`` is the only way ``views.course`` and ``course`` below reach another
        course: each related course stands in the course's own digest by its key, and counts
        with its own digest beside it."""
        related = tuple(self._whole(other) for other in course.related)
        return digest("course page", self._whole(course), related, self._config, self.site.now.date())

    def _whole(self, course: Course) -> str:
        key = (course.key, course.lang)
        if key not in self._digests:
            self._digests[key] = course_digest(course)
        return self._digests[key]

    def course_facts(self, course: Course) -> PageFacts:
        return PageFacts(course.url, "course.html", course.lang, self.alternates(course.translations), course.source,
                         course.body, True, True)

    def head(self, url: str, lang: str, title: str, description: str, links: tuple[Link, ...],
             trail: list[tuple[str, str]], data: list[dict[str, Any]], image: str | None = None) -> Head:
        """``image``: the page's own share image; else the language's."""
        return Head(title=title, description=description, canonical=self.config.absolute(url),
                    alternates=self.alternates(links), switcher=self.switcher(lang, links),
                    breadcrumbs=tuple(trail), jsonld=tuple(str(htmlsafe_json_dumps(d, sort_keys=True)) for d in data),
                    image=self.config.absolute(image or share_url(self.urls.home(lang))))

    def alternates(self, links: tuple[Link, ...]) -> tuple[tuple[str, str], ...]:
        """hreflang links: every language the page exists in, plus x-default."""
        if len(links) < 2:
            return ()
        default = next((link for link in links if link.lang == self.config.default_language), links[0])
        return (*((link.lang, self.config.absolute(link.url)) for link in links),
                ("x-default", self.config.absolute(default.url)))

    def switcher(self, lang: str, links: tuple[Link, ...]) -> tuple[SwitchTarget, ...]:
        translated = {link.lang: link for link in links}
        return tuple(
            SwitchTarget(language.code, language.name, translated[language.code].url, True)
            if language.code in translated else
            SwitchTarget(language.code, language.name, self.urls.section(language.code, "courses"), False)
            for language in self.config.languages if language.code != lang)

    def everywhere(self, make_url: Callable[[str], str], title: Callable[[str], str]) -> tuple[Link, ...]:
        return tuple(Link(lang, make_url(lang), title(lang)) for lang in self.config.language_codes)

    def section(self, lang: str, section: str, template: str, title_key: str, intro_key: str, view: Any,
                data: list[dict[str, Any]] | None = None) -> Document:
        url = self.urls.section(lang, section)
        links = self.everywhere(lambda lg: self.urls.section(lg, section), lambda lg: self.t(lg, title_key))
        trail = [(self.t(lang, "home"), self.urls.home(lang)), (self.t(lang, title_key), url)]
        head = self.head(url, lang, self.t(lang, title_key), self.t(lang, intro_key), links, trail, data or [])
        return Document(url, template, lang, head, view, links)

    def sections(self, lang: str) -> dict[str, Callable[[], Document]]:
        urls, views = self.urls, self.views
        plan: dict[str, Callable[[], Document]] = {
            urls.home(lang): partial(self.home, lang),
            urls.section(lang, "courses"): lambda: self.section(
                lang, "courses", "catalogue.html", "catalogue_title", "catalogue_intro", views.catalogue(lang),
                [jsonld.item_list(self.site, self.site.courses_in(lang))]),
            urls.section(lang, "categories"): lambda: self.section(
                lang, "categories", "categories.html", "categories_title", "categories_intro",
                views.categories_view(lang)),
            urls.section(lang, "schedule"): lambda: self.section(
                lang, "schedule", "schedule.html", "schedule_title", "schedule_intro", views.schedule(lang)),
            urls.section(lang, "search"): lambda: self.section(
                lang, "search", "search.html", "search_title", "search_intro", views.search(lang)),
        }
        for category in self.site.categories_by_weight(lang):
            plan[urls.category(lang, category.key)] = partial(self.category, category, lang)
        return plan

    def home(self, lang: str) -> Document:
        urls, config = self.urls, self.config
        links = self.everywhere(urls.home, lambda lg: config.title[lg])
        head = self.head(urls.home(lang), lang, config.title[lang], config.description[lang], links, [], [])
        return Document(urls.home(lang), "home.html", lang, head, self.views.home(lang, config.build.home_sessions),
                        links)

    def category(self, category: Category, lang: str) -> Document:
        urls = self.urls
        url = urls.category(lang, category.key)
        members = [c for c in self.site.courses_in(lang) if c.category.key == category.key]
        links = self.everywhere(lambda lg: urls.category(lg, category.key), lambda lg: category.name[lg])
        trail = [(self.t(lang, "home"), urls.home(lang)),
                 (self.t(lang, "categories_title"), urls.section(lang, "categories")), (category.name[lang], url)]
        head = self.head(url, lang, category.name[lang], category.description[lang] or self.config.description[lang],
                         links, trail, [jsonld.item_list(self.site, members)])
        return Document(url, "category.html", lang, head, self.views.category(category, members, lang), links)

    def course(self, course: Course) -> Document:
        lang, urls = course.lang, self.urls
        trail = [
            (self.t(lang, "home"), urls.home(lang)),
            (self.t(lang, "catalogue_title"), urls.section(lang, "courses")),
            (course.category.name[lang], urls.category(lang, course.category.key)),
            (course.title, course.url),
        ]
        head = self.head(course.url, lang, course.title, course.summary, course.translations, trail,
                         [jsonld.course(self.site, course), jsonld.breadcrumbs(self.site, trail)],
                         share_url(course.url))
        view = self.views.course(course)
        return Document(course.url, "course.html", lang, head, view, course.translations, course.source, course.body,
                        indexed=True)

    def page(self, page: Any) -> Document:
        lang = page.lang
        trail = [(self.t(lang, "home"), self.urls.home(lang)), (page.title, page.url)]
        head = self.head(page.url, lang, page.title, page.summary or self.config.description[lang], page.translations,
                         trail, [])
        view = self.views.page(page)
        return Document(page.url, "page.html", lang, head, view, page.translations, page.source, page.body,
                        indexed=True)

    def not_found(self) -> Document:
        """One page for every language: hosts serve it for any missing address."""
        lang = self.config.default_language
        url = self.urls.root_file("404.html")
        head = Head(title=self.t(lang, "not_found_title"), description="", canonical=self.config.absolute(url),
                    alternates=(), switcher=(), breadcrumbs=(), jsonld=(),
                    image=self.config.absolute(share_url(self.urls.home(lang))))
        return Document(url, "404.html", lang, head, self.views.not_found(), (), in_sitemap=False)


def check_unique_urls(addresses: list[tuple[str, str]], problems: Problems) -> None:
    """Two outputs at one address would overwrite each other; hosts differ in case rules."""
    seen: dict[str, str] = {}
    for url, source in addresses:
        folded = url.casefold()
        if folded in seen:
            problems.error(source or seen[folded], msg("would be written to {url}, the same address as {other}; "
                                                       "give one a different slug or file name", url=url,
                                                       other=seen[folded] or "a page of the site itself"),
                           None, "slug")
        else:
            seen[folded] = source


class _OtherCourses(pickle.Pickler):
    """Pickles a course with every other course it holds (its related courses) as a reference."""

    def __init__(self, file: io.BytesIO, root: Course) -> None:
        super().__init__(file)
        self.fast = True  # no memo: equal values, equal bytes (cache.digest)
        self.root = root

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, Course) and obj is not self.root:
            return _course_reference, (obj.key, obj.lang)
        return NotImplemented


def _course_reference(key: str, lang: str) -> tuple[str, str]:
    """What another course stands as in a course's digest (never unpickled: digests only)."""
    return key, lang


def course_digest(course: Course) -> str:
    """A course, every field of it and of what it holds, another course by its key only."""
    buffer = io.BytesIO()
    _OtherCourses(buffer, course).dump(course)
    return digest("course", buffer.getvalue())
