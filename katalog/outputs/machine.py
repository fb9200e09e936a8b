"""Files other than HTML pages: sitemap and robots, Atom feeds, calendars, structured data, search."""

from __future__ import annotations

from ..assemble import Site
from ..cache import Store
from ..documents import Document
from ..i18n import Strings
from ..model import Artifact
from . import atom, ical, sitemap


def machine_readable(site: Site, docs: list[Document], strings: Strings, events: Store, jobs: int) -> list[Artifact]:
    """sitemap.xml, robots.txt, and per language an Atom feed and the calendars: the whole
    agenda, each course's coming sessions, and each coming session on its own."""
    urls, config = site.urls, site.config
    files = [
        Artifact(urls.root_file("sitemap.xml"), sitemap.sitemap(config, docs)),
        Artifact(urls.root_file("robots.txt"), sitemap.robots(config)),
    ]
    calendars = ical.CalendarWriter(site, events, jobs)
    calendars.prepare([(lang, session) for lang in config.language_codes for session in site.sessions])
    for lang in config.language_codes:
        files.append(Artifact(urls.home(lang) + atom.FEED_FILE, atom.feed(site, lang, strings.get)))
        name = f"{config.title[lang]}: {strings.get(lang, 'schedule_title')}"
        files.append(Artifact(urls.schedule_calendar(lang), calendars.calendar(lang, list(site.sessions), name)))
        for key in site.courses:
            course = site.courses[key].get(lang)
            if course is None or not course.upcoming_sessions:
                continue
            files.append(Artifact(urls.course_calendar(course.url, course.slug),
                                  calendars.calendar(lang, list(course.upcoming_sessions), course.title),
                                  source=course.source))
            for session in course.upcoming_sessions:
                files.append(Artifact(urls.session_calendar(course.url, course.slug, session.id),
                                      calendars.calendar(lang, [session], course.title), source=session.source))
    return files
