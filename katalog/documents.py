"""The HTML pages of the site, as Documents: one per page kind, language and item."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from .assemble import Site
from .errors import Problems
from .messages import msg
from .model import Course, Document, Link
from .outputs import jsonld


def build_documents(site: Site, t: Callable[[str, str], str]) -> list[Document]:
    """Every HTML page; ``t(lang, key)`` gives a UI string (used for titles and breadcrumbs)."""
    docs: list[Document] = []
    codes = site.config.language_codes
    for lang in codes:
        docs += _section_documents(site, lang, t)
    for by_lang in site.courses.values():
        docs += [_course_document(site, course, t) for course in by_lang.values()]
    for by_lang in site.pages.values():
        for lang, page in by_lang.items():
            trail = [(t(lang, "home"), site.urls.home(lang)), (page.title, page.url)]
            docs.append(Document(page.url, "page.html", lang, page.title, page.summary or site.config.description[lang],
                                 page.translations, {"item": page, "breadcrumbs": trail}, page.source,
                                 body=page.body))
    docs.append(Document(site.urls.root_file("404.html"), "404.html", site.config.default_language,
                         t(site.config.default_language, "not_found_title"), "", (), {},
                         in_sitemap=False, all_languages=True))
    return docs


def _everywhere(site: Site, make_url: Callable[[str], str], title: Callable[[str], str]) -> tuple[Link, ...]:
    return tuple(Link(lang, make_url(lang), title(lang)) for lang in site.config.language_codes)


def _section_documents(site: Site, lang: str, t: Callable[[str, str], str]) -> list[Document]:
    urls, config = site.urls, site.config
    home = Document(
        urls.home(lang), "home.html", lang, config.title[lang], config.description[lang],
        _everywhere(site, urls.home, lambda lg: config.title[lg]),
        {"courses": site.courses_in(lang), "sessions": site.upcoming_sessions()[: config.build.home_sessions]},
    )
    courses = site.courses_in(lang)
    catalogue_url = urls.section(lang, "courses")
    trail_home = (t(lang, "home"), urls.home(lang))
    catalogue = Document(
        catalogue_url, "catalogue.html", lang, t(lang, "catalogue_title"), t(lang, "catalogue_intro"),
        _everywhere(site, lambda lg: urls.section(lg, "courses"), lambda lg: t(lg, "catalogue_title")),
        {"courses": courses, "breadcrumbs": [trail_home, (t(lang, "catalogue_title"), catalogue_url)],
         "jsonld": [jsonld.item_list(site, courses)]},
    )
    categories_url = urls.section(lang, "categories")
    categories = Document(
        categories_url, "categories.html", lang, t(lang, "categories_title"), t(lang, "categories_intro"),
        _everywhere(site, lambda lg: urls.section(lg, "categories"), lambda lg: t(lg, "categories_title")),
        {"breadcrumbs": [trail_home, (t(lang, "categories_title"), categories_url)], "courses": courses},
    )
    schedule_url = urls.section(lang, "schedule")
    schedule = Document(
        schedule_url, "schedule.html", lang, t(lang, "schedule_title"), t(lang, "schedule_intro"),
        _everywhere(site, lambda lg: urls.section(lg, "schedule"), lambda lg: t(lg, "schedule_title")),
        {"sessions": site.upcoming_sessions(), "breadcrumbs": [trail_home, (t(lang, "schedule_title"), schedule_url)]},
    )
    search_url = urls.section(lang, "search")
    search = Document(
        search_url, "search.html", lang, t(lang, "search_title"), t(lang, "search_intro"),
        _everywhere(site, lambda lg: urls.section(lg, "search"), lambda lg: t(lg, "search_title")),
        {"breadcrumbs": [trail_home, (t(lang, "search_title"), search_url)]},
    )
    docs = [home, catalogue, categories, schedule, search]
    by_category: dict[str, list[Course]] = defaultdict(list)
    for course in courses:
        by_category[course.category.key].append(course)
    for category in site.categories_by_weight(lang):
        url = urls.category(lang, category.key)
        members = by_category.get(category.key, [])
        docs.append(Document(
            url, "category.html", lang, category.name[lang], category.description[lang] or config.description[lang],
            _everywhere(site, lambda lg, key=category.key: urls.category(lg, key), lambda lg, c=category: c.name[lg]),
            {"category": category, "courses": members,
             "breadcrumbs": [trail_home, (t(lang, "categories_title"), categories_url), (category.name[lang], url)],
             "jsonld": [jsonld.item_list(site, members)]},
        ))
    return docs


def _course_document(site: Site, course: Course, t: Callable[[str, str], str]) -> Document:
    lang, urls = course.lang, site.urls
    trail = [
        (t(lang, "home"), urls.home(lang)),
        (t(lang, "catalogue_title"), urls.section(lang, "courses")),
        (course.category.name[lang], urls.category(lang, course.category.key)),
        (course.title, course.url),
    ]
    return Document(
        course.url, "course.html", lang, course.title, course.summary, course.translations,
        {"item": course, "breadcrumbs": trail,
         "jsonld": [jsonld.course(site, course), jsonld.breadcrumbs(site, trail)]},
        course.source,
        image=course.image,
        body=course.body,
    )


def check_unique_urls(docs: list[Document], other_urls: list[tuple[str, str]], problems: Problems) -> None:
    """Two outputs at one address would overwrite each other; hosts differ in case rules."""
    seen: dict[str, str] = {}
    for url, source in [(d.url, d.source or d.template) for d in docs] + other_urls:
        folded = url.casefold()
        if folded in seen:
            problems.error(source or seen[folded], msg("would be written to {url}, the same address as {other}; "
                                                       "give one a different slug or file name", url=url,
                                                       other=seen[folded] or "a page of the site itself"),
                           None, "slug")
        else:
            seen[folded] = source
