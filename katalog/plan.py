"""One plan of every output of a site: its address, what made it, and how to make it.

HTML pages, feeds, calendars, the sitemap and robots.txt, share images, copied static and
bundle files and the browser editor are each a :class:`Target`; the search index is made from
the pages the plan marks as indexed. ``build`` writes the plan, ``check`` makes it without
writing, and the preview answers one address from it (``Plan.target``). Two outputs at one
address are found here, when the plan is made, and nowhere else.

Nothing is made while planning: a target holds how to make itself, so that the preview makes
only what a browser asks for, and a build makes each kind together, on every core.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import Store, digest
from .documents import Document, PageFacts, PagePlan, check_unique_urls
from .errors import Problems
from .messages import Message, msg
from .outputs import atom, sitemap
from .outputs.admin import AdminOutput, admin_output
from .outputs.cards import ShareImage, share_images
from .outputs.ical import CalendarWriter
from .outputs.search import SEARCH_FOLDER

if TYPE_CHECKING:
    from .model import Artifact, Session
    from .pipeline import Model


class Kind(StrEnum):
    PAGE = "page"  # an HTML page rendered from its Document
    FILE = "file"  # bytes made by a function: feeds, calendars, sitemap, robots.txt, the editor's page
    COPY = "copy"  # a file published as it is: static files, a bundle's images, the editor's code
    IMAGE = "image"  # a share image, drawn


# Not frozen: a plan at 2,500 courses holds 26,000 targets, and a frozen dataclass takes four times as
# long to make (a tenth of a second of every plan). Nothing changes a target once it is made.
@dataclass(slots=True)
class Target:
    url: str
    kind: Kind
    source: str = ""  # the content file behind it, for messages ("" for the site itself)
    document: Callable[[], Document] | None = None  # PAGE
    inputs: Callable[[], str] | None = None  # PAGE: the digest of what it is made from, without its view
    facts: Callable[[], PageFacts] | None = None  # PAGE: likewise, its facts
    content: Callable[[], bytes] | None = None  # FILE
    key: Callable[[], str] | None = None  # FILE: the digest of what it is made from, when known without making it
    courses: frozenset[str] = frozenset()  # FILE with a key: the courses whose sessions it holds (kept.Kept.listed_key)
    copy_from: Path | None = None  # COPY
    image: ShareImage | None = None  # IMAGE


@dataclass
class Plan:
    """Every output of one build, by address, in a fixed order."""

    targets: dict[str, Target]
    pages: PagePlan  # the site's pages, which its page targets are made from
    calendars: CalendarWriter  # the calendars' events, made once and shared by every file holding them
    # The outputs made from the site as listed (static and bundle files, feeds, calendars, sitemap,
    # share images): what a plan of the same site with other bodies or templates takes as it is.
    listed: list[Target] = field(default_factory=list, repr=False)
    admin_note: Message | None = None  # why the browser editor was left out, said in the summary
    made: dict[str, Document] = field(default_factory=dict, repr=False)  # address -> its Document, made once

    def target(self, url: str) -> Target | None:
        return self.targets.get(url)

    def of_kind(self, kind: Kind) -> list[Target]:
        return [target for target in self.targets.values() if target.kind is kind]

    def document(self, target: Target) -> Document:
        """A page's Document, made once however many ask for it (the build, the sitemap)."""
        if target.url not in self.made:
            assert target.document is not None  # every page target has a maker
            self.made[target.url] = target.document()
        return self.made[target.url]

    def documents(self) -> list[Document]:
        """Every page's Document (the preview's search index)."""
        return [self.document(target) for target in self.of_kind(Kind.PAGE)]

    def page_facts(self) -> list[PageFacts]:
        """Every page's facts (the sitemap, the build), made once, without any page's view."""
        return self.pages.facts

    @cached_property
    def page_urls(self) -> list[str]:
        return [target.url for target in self.of_kind(Kind.PAGE)]

    def other_urls(self) -> Iterator[str]:
        return (target.url for target in self.targets.values() if target.kind is not Kind.PAGE)


def plan_outputs(model: Model, events: Store, jobs: int, problems: Problems, *, preview: bool = False,
                 share_keys: Store | None = None, file_digest: Callable[[str], bytes | None] | None = None,
                 like: Plan | None = None) -> Plan:
    """The plan of a site assembled into ``model``; address clashes are reported to ``problems``.
    ``events``, ``share_keys``: the build cache's calendar events and share images' keys;
    ``file_digest``: a file's digest as the build knows it by its status (None: read it);
    ``like``: the plan of a site that differs from this one in nothing but the bodies of its
    pages and its templates (the preview's kept or patched model), whose outputs made from the
    site as listed are taken as they are."""
    site, config = model.site, model.site.config
    pages = [Target(entry.url, Kind.PAGE, entry.source, document=entry.make, inputs=entry.inputs, facts=entry.facts)
             for entry in model.pages.entries]
    plan = Plan({}, model.pages, like.calendars, listed=like.listed) if like is not None else \
        Plan({}, model.pages, CalendarWriter(site, events, jobs, model.courses))
    if like is None:
        plan.listed = _listed(model, plan, share_keys, file_digest)
    admin: AdminOutput = admin_output(config, model.editor, model.renderer.env, preview=preview,
                                      logo_url=model.logo_url)
    plan.admin_note = admin.note
    targets = [*pages, *plan.listed, *(_published(artifact) for artifact in admin.files)]
    check_unique_urls([(target.url, target.source) for target in targets], problems)
    index = site.urls.root_file(SEARCH_FOLDER + "/")  # Pagefind's: nothing else may be written there
    for target in targets:
        if target.url.startswith(index):
            problems.error(target.source or index, msg("would be written to {url}, inside the search index's folder "
                                                       "{folder}; give it another slug or file name", url=target.url,
                                                       folder=index), None, "slug")
    plan.targets = {target.url: target for target in targets}
    return plan


def _listed(model: Model, plan: Plan, share_keys: Store | None,
            file_digest: Callable[[str], bytes | None] | None) -> list[Target]:
    """Static and bundle files, feeds, calendars, the sitemap and the share images."""
    site = model.site
    targets = [_published(artifact) for artifact in (*model.assets.artifacts, *site.files)]
    targets += _machine_readable(model, plan.calendars)
    copies = {target.url: target.copy_from for target in targets if target.copy_from is not None}

    def picture_of(url: str) -> bytes:
        path = copies.get(url)
        return path.read_bytes() if path is not None else b""

    def picture_digest(url: str) -> bytes:
        """What a share image's key needs of its picture, without reading every picture in
        every build: the file's digest by its status, as the build already knows it."""
        path = copies.get(url)
        if path is None:
            return b""
        return (file_digest(str(path)) if file_digest else None) or hashlib.sha256(path.read_bytes()).digest()

    return targets + [Target(image.url, Kind.IMAGE, image=image)
                      for image in share_images(site, model.views, model.emblem(), picture_of, model.courses,
                                                share_keys, picture_digest)]


def _published(artifact: Artifact) -> Target:
    """A file published as it is, or bytes made (a compacted stylesheet, the editor's page)."""
    if artifact.copy_from is not None:
        return Target(artifact.url, Kind.COPY, artifact.source, copy_from=artifact.copy_from)
    return Target(artifact.url, Kind.FILE, artifact.source, content=artifact.data)


def _machine_readable(model: Model, calendars: CalendarWriter) -> list[Target]:
    """sitemap.xml, robots.txt, and per language an Atom feed and the calendars: the whole
    agenda, each course's coming sessions, and each coming session on its own."""
    site, strings = model.site, model.strings
    urls, config = site.urls, site.config

    def ics(url: str, source: str, lang: str, sessions: list[Session], name: str) -> Target:
        return Target(url, Kind.FILE, source, content=partial(calendars.calendar, lang, sessions, name),
                      key=partial(calendars.calendar_key, lang, sessions, name),
                      courses=frozenset(session.course for session in sessions))

    @cache
    def listed_pages() -> list[sitemap.Entry]:
        return sitemap.entries(model.pages.facts)  # the model's, not the plan's: a plan holding itself is a cycle

    # Keyed by exactly what it is made from: its arguments (their digest, not another list).
    files = [Target(urls.root_file("sitemap.xml"), Kind.FILE, content=lambda: sitemap.sitemap(config, listed_pages()),
                    key=lambda: digest("sitemap", model.courses.config, listed_pages())),
             Target(urls.root_file("robots.txt"), Kind.FILE, content=partial(sitemap.robots, config))]
    for lang in config.language_codes:
        files.append(Target(urls.home(lang) + atom.FEED_FILE, Kind.FILE, content=partial(atom.feed, site, lang,
                                                                                          strings.get)))
        name = f"{config.title[lang]}: {strings.get(lang, 'schedule_title')}"
        files.append(ics(urls.schedule_calendar(lang), "", lang, list(site.sessions), name))
        for key in site.courses:
            course = site.courses[key].get(lang)
            upcoming = list(course.upcoming_sessions) if course is not None else []
            if course is None or not upcoming:
                continue
            files.append(ics(urls.course_calendar(course.url, course.slug), course.source, lang, upcoming,
                             course.title))
            files += [ics(urls.session_calendar(course.url, course.slug, session.id), session.source, lang, [session],
                          course.title) for session in upcoming]
    return files
