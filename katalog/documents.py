"""The HTML pages of the site as Documents: where each goes, its template, its head and its view."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, partial
from typing import Any

from jinja2.utils import htmlsafe_json_dumps

from .assemble import Site
from .cache import digest
from .errors import Problems
from .inputs import CourseDigests
from .messages import msg
from .model import Body, Category, Course, Link, Page
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


@dataclass(slots=True)  # not frozen: made for every page of every plan (see plan.Target)
class PageEntry:
    """A page of the plan: its address, the file behind it, and how to make its Document, which
    is made only when needed (the preview renders just the pages a browser requests; a build, the
    pages whose key changed). It also says what it is made from (``inputs``), so that its key
    needs no view, and its facts."""

    url: str
    source: str
    make: Callable[[], Document]
    inputs: Callable[[], str]
    facts: Callable[[], PageFacts]


@dataclass(frozen=True)
class PagePlan:
    """Every page of the site; ``plan.py`` puts them in the plan of every output."""

    entries: tuple[PageEntry, ...]  # clashes included

    @cached_property
    def facts(self) -> list[PageFacts]:
        """Every page's facts (the sitemap, the build), made once, without any page's view."""
        return [entry.facts() for entry in self.entries]


def plan_documents(site: Site, views: Views, courses: CourseDigests | None = None) -> PagePlan:
    """``courses``: the build's digests of its courses, shared with the calendars."""
    return _Builder(site, views, courses or CourseDigests(site.config)).plan()


class _Builder:
    def __init__(self, site: Site, views: Views, courses: CourseDigests) -> None:
        self.site, self.views, self.urls, self.config = site, views, site.urls, site.config
        self.t: Callable[..., str] = views.t
        self.courses = courses
        self._lists: dict[str, str] = {}  # language -> lists_inputs

    def plan(self) -> PagePlan:
        entries: list[PageEntry] = []
        for lang in self.config.language_codes:
            entries += self.sections(lang)
        for by_lang in self.site.courses.values():
            entries += [PageEntry(course.url, course.source, partial(self.course, course),
                                  partial(self.course_inputs, course), partial(self.course_facts, course))
                        for course in by_lang.values()]
        for pages in self.site.pages.values():
            entries += [PageEntry(page.url, page.source, partial(self.page, page), partial(self.page_inputs, page),
                                  partial(self.page_facts, page)) for page in pages.values()]
        url = self.urls.root_file("404.html")
        facts = PageFacts(url, "404.html", self.config.default_language, (), "", None, False, False)
        entries.append(PageEntry(url, "", self.not_found, partial(digest, "not found", self.courses.config),
                                 lambda: facts))
        return PagePlan(tuple(entries))

    # What each page is made from (its inputs), known without making it: a page's key is made of
    # these (pages.page_keys), and its view only when it must be rendered. The page key adds its
    # address, its template's digest and its language's strings, assets and chrome.

    def course_inputs(self, course: Course) -> str:
        """The course whole (its sessions with their statuses, venues, trainers, category, body:
        every field, so none can be left out) and the related courses it shows as cards (each as
        listed: without its body), the configuration and the build's date (``Views.as_of``;
        statuses are fields of the sessions). ``course.related`` is the only way ``views.course``
        and ``course`` below reach another course: its keys stand in the course's own digest, and
        each related course, in the course's language, counts with its own digest beside it."""
        related = tuple(self.courses.listed(self.site.courses[other][course.lang]) for other in course.related)
        return digest("course page", self.courses.of(course), related, self.courses.config, self.site.now.date())

    def lists_inputs(self, lang: str) -> str:
        """What the pages listing a language's whole catalogue are made from (home, catalogue,
        categories, schedule): every course it lists, as listed (every field but its body) —
        which holds every session of the site, with its venue and trainers — the categories, the
        configuration and the date."""
        if lang not in self._lists:
            listed = tuple(self.courses.listed(course) for course in self.site.courses_in(lang))
            self._lists[lang] = digest("lists", lang, listed, self.site.data.categories, self.courses.config,
                                       self.site.now.date())
        return self._lists[lang]

    def category_inputs(self, category: Category, lang: str) -> str:
        members = tuple(self.courses.listed(course) for course in self.members(category, lang))
        return digest("category page", lang, category, members, self.courses.config, self.site.now.date())

    def page_inputs(self, page: Page) -> str:
        return digest("content page", page, self.courses.config)

    def members(self, category: Category, lang: str) -> list[Course]:
        return [c for c in self.site.courses_in(lang) if c.category.key == category.key]

    def course_facts(self, course: Course) -> PageFacts:
        return PageFacts(course.url, "course.html", course.lang, self.alternates(course.translations), course.source,
                         course.body, True, True)

    def page_facts(self, page: Page) -> PageFacts:
        return PageFacts(page.url, "page.html", page.lang, self.alternates(page.translations), page.source, page.body,
                         True, True)

    def listing(self, url: str, template: str, lang: str, links: tuple[Link, ...], make: Callable[[], Document],
                inputs: Callable[[], str]) -> PageEntry:
        """A page of the site itself (no content file behind it), in the sitemap, not indexed."""
        facts = PageFacts(url, template, lang, self.alternates(links), "", None, True, False)
        return PageEntry(url, "", make, inputs, lambda: facts)

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

    def section(self, lang: str, section: str, template: str, title_key: str, intro_key: str,
                view: Callable[[], Any], inputs: Callable[[], str],
                data: Callable[[], list[dict[str, Any]]] = list) -> PageEntry:
        url = self.urls.section(lang, section)
        links = self.everywhere(lambda lg: self.urls.section(lg, section), lambda lg: self.t(lg, title_key))

        def make() -> Document:
            trail = [(self.t(lang, "home"), self.urls.home(lang)), (self.t(lang, title_key), url)]
            head = self.head(url, lang, self.t(lang, title_key), self.t(lang, intro_key), links, trail, data())
            return Document(url, template, lang, head, view(), links)

        return self.listing(url, template, lang, links, make, inputs)

    def sections(self, lang: str) -> list[PageEntry]:
        urls, views, site, config = self.urls, self.views, self.site, self.config
        links = self.everywhere(urls.home, lambda lg: config.title[lg])
        every = partial(self.lists_inputs, lang)  # the pages listing the whole catalogue
        entries = [
            self.listing(urls.home(lang), "home.html", lang, links, partial(self.home, lang, links), every),
            self.section(lang, "courses", "catalogue.html", "catalogue_title", "catalogue_intro",
                         partial(views.catalogue, lang), every,
                         lambda: [jsonld.item_list(site, site.courses_in(lang))]),
            self.section(lang, "categories", "categories.html", "categories_title", "categories_intro",
                         partial(views.categories_view, lang), every),
            self.section(lang, "schedule", "schedule.html", "schedule_title", "schedule_intro",
                         partial(views.schedule, lang), every),
            self.section(lang, "search", "search.html", "search_title", "search_intro", partial(views.search, lang),
                         partial(digest, "search page", lang, self.courses.config)),
        ]
        for category in site.categories_by_weight(lang):
            url = urls.category(lang, category.key)
            links = self.everywhere(partial(urls.category, key=category.key), partial(_name, category))
            make = partial(self.category, category, lang, links)
            entries.append(self.listing(url, "category.html", lang, links, make,
                                        partial(self.category_inputs, category, lang)))
        return entries

    def home(self, lang: str, links: tuple[Link, ...]) -> Document:
        urls, config = self.urls, self.config
        head = self.head(urls.home(lang), lang, config.title[lang], config.description[lang], links, [], [])
        return Document(urls.home(lang), "home.html", lang, head, self.views.home(lang, config.build.home_sessions),
                        links)

    def category(self, category: Category, lang: str, links: tuple[Link, ...]) -> Document:
        urls = self.urls
        url = urls.category(lang, category.key)
        members = self.members(category, lang)
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


def _name(category: Category, lang: str) -> str:
    return category.name[lang]


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
