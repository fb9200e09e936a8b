"""Files other than HTML pages: sitemap and robots, Atom feeds, calendars, structured data, search."""

from __future__ import annotations

from collections.abc import Callable

from ..assemble import Site
from ..cache import Store
from ..documents import Document
from ..i18n import Strings
from ..model import Artifact, Session
from . import atom, ical, sitemap

Planned = tuple[str, str, Callable[[], bytes]]  # address, source file ("" for none), how to make it


def machine_readable(site: Site, docs: list[Document], strings: Strings, events: Store, jobs: int) -> list[Artifact]:
    """sitemap.xml, robots.txt, and per language an Atom feed and the calendars: the whole
    agenda, each course's coming sessions, and each coming session on its own."""
    calendars = ical.CalendarWriter(site, events, jobs)
    calendars.prepare([(lang, session) for lang in site.config.language_codes for session in site.sessions])
    return [Artifact(url, make(), source=source)
            for url, source, make in _planned(site, docs, strings, calendars.calendar)]


def machine_readable_urls(site: Site, strings: Strings) -> list[str]:
    """The addresses of those files, without making them (the preview's link check)."""
    return [url for url, _source, _make in _planned(site, [], strings, None)]


def _planned(site: Site, docs: list[Document], strings: Strings,
             calendar: Callable[[str, list[Session], str], bytes] | None) -> list[Planned]:
    urls, config = site.urls, site.config

    def ics(lang: str, sessions: list[Session], name: str) -> Callable[[], bytes]:
        return lambda: calendar(lang, sessions, name) if calendar else b""

    files: list[Planned] = [
        (urls.root_file("sitemap.xml"), "", lambda: sitemap.sitemap(config, docs)),
        (urls.root_file("robots.txt"), "", lambda: sitemap.robots(config)),
    ]
    for lang in config.language_codes:
        files.append((urls.home(lang) + atom.FEED_FILE, "", lambda lang=lang: atom.feed(site, lang, strings.get)))
        name = f"{config.title[lang]}: {strings.get(lang, 'schedule_title')}"
        files.append((urls.schedule_calendar(lang), "", ics(lang, list(site.sessions), name)))
        for key in site.courses:
            course = site.courses[key].get(lang)
            if course is None or not course.upcoming_sessions:
                continue
            files.append((urls.course_calendar(course.url, course.slug), course.source,
                          ics(lang, list(course.upcoming_sessions), course.title)))
            for session in course.upcoming_sessions:
                files.append((urls.session_calendar(course.url, course.slug, session.id), session.source,
                              ics(lang, [session], course.title)))
    return files
