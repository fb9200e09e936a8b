"""From validated records to the site model: translations paired, URLs fixed, bodies rendered,
sessions resolved and their statuses computed.

Pure: reads no files and writes none; given the same records and moment, the same model.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from .cache import Store, digest
from .config import CONFIG_FILE, SiteConfig
from .content import SourceSet
from .data import unknown_key
from .errors import Problem, Problems
from .markup import render_bodies
from .messages import msg
from .model import (
    Artifact,
    Body,
    Category,
    Course,
    Link,
    Page,
    Session,
    SessionRecord,
    SharedData,
    Source,
    Status,
    Trainer,
)
from .scaffold import placeholders_in
from .schedules import unique_ids
from .sessions import Bounds, bounds_of, contradicts_course, day_start, resolve_sessions
from .translations import Fields, Group, group_translations, is_draft, merged_fields, published_languages
from .urls import Urls


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    data: SharedData
    urls: Urls
    courses: dict[str, dict[str, Course]]  # key -> language -> course
    pages: dict[str, dict[str, Page]]
    sessions: tuple[Session, ...]
    now: datetime
    files: tuple[Artifact, ...] = ()  # images and other files travelling with bundle folders

    @property
    def day_began(self) -> datetime:
        """The first moment of the build's day in the site's zone: a timestamp for calendars and
        feeds that changes once a day, not with every build (see sessions.stable_within)."""
        return day_start(self.now.astimezone(ZoneInfo(self.config.timezone)).date(), self.config.timezone)

    def courses_in(self, lang: str) -> tuple[Course, ...]:
        """The catalogue of one language: its own courses, plus courses that exist only in
        other languages (the template marks them with their language)."""
        return self._catalogues[lang]

    @cached_property
    def _catalogues(self) -> dict[str, tuple[Course, ...]]:
        """Each language's catalogue, made once per site: the lists, their keys and the views ask
        for it some thirty times a build (a site is never changed: a patch makes a new one)."""
        catalogues = {}
        for lang in self.config.language_codes:
            chosen = [course for key in self.courses if (course := self.course(key, lang)) is not None]
            catalogues[lang] = tuple(sorted(chosen, key=lambda c: (c.category.weight, c.weight, c.title.casefold())))
        return catalogues

    def course(self, key: str, lang: str) -> Course | None:
        """A course in the wanted language, else in the first language it exists in."""
        by_lang = self.courses.get(key, {})
        return by_lang.get(lang) or next((by_lang[c] for c in self.config.language_codes if c in by_lang), None)

    def categories_by_weight(self, lang: str) -> list[Category]:
        return sorted(self.data.categories.values(), key=lambda c: (c.weight, c.name[lang].casefold()))

    @cached_property
    def registration_hosts(self) -> tuple[str, ...]:
        """Where the register buttons lead, as the official-site line tells visitors: exactly the
        hosts written in the sessions, never a guess (every language's chrome shows them)."""
        return tuple(sorted({_host(s.registration_url) for s in self.sessions if s.registration_url} - {""}))

    def upcoming_sessions(self) -> tuple[Session, ...]:
        return self._upcoming

    @cached_property
    def _upcoming(self) -> tuple[Session, ...]:
        return tuple(sorted((s for s in self.sessions if s.upcoming), key=lambda s: s.start))

    @cached_property
    def next_to_open(self) -> Session | None:
        """The coming session whose registration opens first, among those not yet open (the lists'
        "nothing open now: registration opens on …")."""
        return min((s for s in self._upcoming if s.status is Status.NOT_YET_OPEN), key=lambda s: s.action_order,
                   default=None)


# The level of a body's top heading: a course's sits under the page's own h2 section, a page's
# right under its h1.
BODY_LEVEL = {"course": 3, "page": 2}


@dataclass(frozen=True)
class Texts:
    """What the site's bodies were rendered from and with: enough to render an edited body again
    without assembling the site (``patch_texts``, the preview's answer to a save of text)."""

    sources: dict[str, Source]  # every rendered source, by its path as text, without its body (kept small)
    said: dict[str, tuple[Problem, ...]]  # what reading and rendering each of them said
    url_of: dict[str, str]  # a Markdown file's place (_place) -> its page's address
    asset_urls: dict[str, str]  # a bundle file's place -> its address
    sanitize: bool

    def resolve(self, path: Path) -> str | None:
        return self.url_of.get(_place(path))

    def asset_url(self, path: Path) -> str | None:
        return self.asset_urls.get(_place(path))


@dataclass(frozen=True)
class Schedules:
    """What the site's sessions were resolved from, without their records: enough to put one
    schedule file's sessions anew without reading the others (``patch_sessions``)."""

    course_keys: frozenset[str]  # every course file's key, drafts and files with mistakes included
    ids: dict[str, frozenset[str]]  # a schedule file, as an editor sees its path -> the ids of its sessions
    bounds: dict[str, Bounds]  # a schedule file -> its moments of change nearest to the build's (sessions.bounds_of)


@dataclass(frozen=True)
class Assembly:
    site: Site
    texts: Texts
    schedules: Schedules


@lru_cache(maxsize=16384)
def _host(url: str) -> str:
    """A web address's host; remembered, since the preview asks again for every session's on
    each save."""
    return urlsplit(url).hostname or ""


def assemble(
    config: SiteConfig,
    data: SharedData,
    courses_read: SourceSet,
    pages_read: SourceSet,
    records: tuple[SessionRecord, ...],
    now: datetime,
    *,
    include_drafts: bool,
    static_url: Callable[[str], str | None],
    problems: Problems,
    markdown_store: Store,
    related_store: Store | None = None,
    jobs: int = 1,
) -> Assembly:
    urls = Urls(config)
    languages = config.language_codes
    course_groups = group_translations(courses_read.sources)
    course_fields = {key: merged_fields(group, languages, problems) for key, group in course_groups.items()}
    page_groups = group_translations(pages_read.sources)
    page_fields = {key: {lang: src.meta for lang, src in group.items()} for key, group in page_groups.items()}
    # Every published page's URL first, so that bodies can link to any of them; a file with a
    # mistake keeps its URL, so that links to it are not reported as a second mistake.
    url_of: dict[str, str] = {}
    for group in _publishable(course_groups, course_fields, include_drafts).values():
        for lang, src in group.items():
            url_of[_place(src.path)] = urls.course(lang, src.meta.get("slug") or src.key)
    for group in _publishable(page_groups, page_fields, include_drafts).values():
        for lang, src in group.items():
            url_of[_place(src.path)] = urls.page(lang, src.meta.get("slug") or src.key)
    # A file that could not be read at all is reported once, in itself: links to it resolve to the
    # address its name gives (nothing is published while it is broken).
    for read, address in ((courses_read, urls.course), (pages_read, urls.page)):
        for path, key, lang in read.unreadable_files:
            url_of.setdefault(_place(path), address(lang, key))
    # What will have a page: complete files of the published languages.
    course_groups = _complete(_publishable(course_groups, course_fields, include_drafts))
    page_groups = _complete(_publishable(page_groups, page_fields, include_drafts))
    for key, group in course_groups.items():
        for lang, src in group.items():
            _refuse_placeholder(src, is_draft(course_fields[key][lang]), problems)

    files, bundle_urls = _bundle_files([*course_groups.values(), *page_groups.values()], languages, url_of)
    rendered_sources = [src for groups in (course_groups, page_groups) for group in groups.values()
                        for src in group.values()]
    said_reading = {**courses_read.said, **pages_read.said}
    texts = Texts({str(src.path): replace(src, body="") for src in rendered_sources}, {}, url_of, bundle_urls,
                  config.build.sanitize_html)

    published = {key for key, group in course_groups.items() if group}
    sessions = resolve_sessions(records, data, course_fields.keys(), published, now,
                                config.build.closing_soon_days, problems)
    sessions_of: dict[str, list[Session]] = {}
    for session in sessions:
        sessions_of.setdefault(session.course, []).append(session)

    _check_modes(sessions, records, course_groups, course_fields, now, problems)

    # A file with a mistake makes no page, but its references are checked all the same, so
    # that one run reports everything.
    for source in courses_read.sources:
        fields = course_fields[source.key][source.lang]
        if not source.complete and (include_drafts or not is_draft(fields)):
            _category(source, fields, data, problems, source.key in courses_read.unreadable)
            _trainers(source, fields, data, problems)

    rendered = render_bodies([(src, BODY_LEVEL[src.kind]) for src in rendered_sources], texts.sanitize,
                             texts.resolve, texts.asset_url, markdown_store, jobs, problems)
    texts.said.update({str(src.path): said_reading.get(src.path, ()) + rendered[src.path].problems
                       for src in rendered_sources})
    bodies = {path: found.body for path, found in rendered.items()}
    courses: dict[str, dict[str, Course]] = {}
    for key, group in course_groups.items():
        built = {}
        for lang, src in group.items():
            course = _course(src, course_fields[key][lang], url_of[_place(src.path)], data, problems,
                             bodies[src.path], key in courses_read.unreadable)
            if course is not None:
                image = _image_url(src, group, course.image, texts.asset_url, static_url, problems)
                built[lang] = replace(course, image=image, sessions=tuple(sessions_of.get(key, ())))
        if built:
            courses[key] = _link_translations(built, languages)
    courses = _add_related(courses, config.build.related_courses, languages, related_store or Store(None))

    pages: dict[str, dict[str, Page]] = {}
    for key, group in page_groups.items():
        built_pages = {
            lang: Page(key=key, lang=lang, url=url_of[_place(src.path)], slug=src.meta.get("slug") or key,
                       title=src.meta["title"], summary=src.meta.get("summary"), weight=src.meta.get("weight") or 0,
                       body=bodies[src.path], source=src.display,
                       draft=is_draft(src.meta))
            for lang, src in group.items()
        }
        if built_pages:
            pages[key] = _link_translations(built_pages, languages)
    visible_sessions = tuple(s for s in sessions if s.course in courses)
    of_file: dict[str, list[SessionRecord]] = {}
    for record in records:
        of_file.setdefault(record.source, []).append(record)
    schedules = Schedules(frozenset(course_fields),
                          {file: frozenset(record.id for record in found) for file, found in of_file.items()},
                          {file: bounds_of(found, now, config.build.closing_soon_days)
                           for file, found in of_file.items()})
    return Assembly(Site(config, data, urls, courses, pages, visible_sessions, now, tuple(files)), texts, schedules)


def patch_texts(site: Site, texts: Texts, edited: list[tuple[Source, tuple[Problem, ...]]], markdown_store: Store,
                root: Path) -> Site | None:
    """The site with the bodies of ``edited`` (sources read again after a save, with what reading
    said) rendered anew, when nothing but their bodies changed and everything said of them is
    as before; None when the site must be assembled again.

    A body is read by nothing but its own page (cards, lists, calendars and related courses take
    a course as listed, without it), so the rest of the model stands as it is."""
    for new, _said in edited:
        if texts.sources.get(str(new.path)) != replace(new, body=""):
            return None
    problems = Problems(root)
    rendered = render_bodies([(new, BODY_LEVEL[new.kind]) for new, _said in edited], texts.sanitize, texts.resolve,
                             texts.asset_url, markdown_store, 1, problems)
    courses, pages = dict(site.courses), dict(site.pages)
    for new, said in edited:
        place = str(new.path)
        if said + rendered[new.path].problems != texts.said[place]:
            return None  # a warning came or went: the site's warnings are gathered anew
        items: dict[str, dict[str, Any]] = courses if new.kind == "course" else pages
        item = items[new.key][new.lang]
        if new.kind == "course":
            _refuse_placeholder(new, item.draft, problems)
        items[new.key] = {**items[new.key], new.lang: replace(item, body=rendered[new.path].body)}
    if problems.errors:
        return None
    # ``texts`` stands as it is: without their bodies the sources are the same, and so is what was said.
    return replace(site, courses=courses, pages=pages)


def patch_sessions(site: Site, schedules: Schedules, display: str, records: list[SessionRecord],
                   said: tuple[Problem, ...], said_before: tuple[Problem, ...], now: datetime,
                   root: Path) -> tuple[Site, Schedules, set[str]] | None:
    """The site with the sessions of one schedule file (``display``) put anew from ``records``
    (read again after a save; ``said``: what reading them said), their statuses at ``now`` (a
    moment at which the rest of the site stands, kept.Kept.stands), with the keys of the courses
    whose sessions changed; None when the site must be assembled again: a mistake
    (checked against the rest of the site as it stands), or a warning come or gone.

    Sessions are held by their course alone (a course shown as related is held by its key), and
    read from it by its pages, cards and calendars, the lists and the agenda."""
    problems = Problems(root)
    problems.extend(list(said))
    seen = {sid: "" for other, ids in schedules.ids.items() if other != display for sid in ids}
    unique = unique_ids(records, seen, problems)
    new = resolve_sessions(unique, site.data, schedules.course_keys, site.courses.keys(), now,
                           site.config.build.closing_soon_days, problems)
    if problems.errors or tuple(problems.items) != said_before:
        return None
    if any(contradicts_course(next(iter(site.courses[s.course].values())).mode, s, now) for s in new):
        return None  # the course's mode is the same in every language (a shared fact)
    sessions = tuple(sorted([s for s in site.sessions if s.source != display] + list(new),
                            key=lambda s: (s.start, s.id)))
    of_course: dict[str, list[Session]] = {s.course: [] for s in site.sessions if s.source == display}
    of_course.update({s.course: [] for s in new})
    for session in sessions:
        if session.course in of_course:
            of_course[session.course].append(session)
    changed = {key for key, found in of_course.items()
               if tuple(found) != next(iter(site.courses[key].values())).sessions}

    courses = {**site.courses, **{key: {lang: replace(course, sessions=tuple(of_course[key]))
                                        for lang, course in site.courses[key].items()} for key in changed}}
    kept = Schedules(schedules.course_keys, {**schedules.ids, display: frozenset(r.id for r in records)},
                     {**schedules.bounds, display: bounds_of(records, now, site.config.build.closing_soon_days)})
    return replace(site, courses=courses, sessions=sessions), kept, changed


def _publishable(groups: dict[str, Group], fields: dict[str, dict[str, Fields]],
                 include_drafts: bool) -> dict[str, Group]:
    """The files of the languages that are published."""
    kept = {}
    for key, group in groups.items():
        languages = published_languages(fields[key], include_drafts)
        kept[key] = {lang: src for lang, src in group.items() if lang in languages}
    return kept


def _place(path: Path) -> str:
    """A path as a key: normalised text, so that `a/../b.md` and `b.md` meet."""
    return posixpath.normpath(path.as_posix())


def _complete(groups: dict[str, Group]) -> dict[str, Group]:
    return {key: {lang: src for lang, src in group.items() if src.complete} for key, group in groups.items()}


def _refuse_placeholder(src: Source, draft: bool, problems: Problems) -> None:
    if draft:
        return
    for name, line, text in placeholders_in(src):
        if text is None:
            problems.error(src.display, msg("is empty, as 'new course' left it; write its value (the comment beside "
                                            "it says what it takes), or delete the line if the course does not say"),
                           line, name)
            continue
        problems.error(src.display, msg("still holds the example text written by 'new course' ('{text}'); write "
                                        "the real text, or keep 'draft: true' until it is ready", text=text),
                       line, name)


def _bundle_files(groups: list[dict[str, Source]], languages: tuple[str, ...], url_of: dict[str, str]
                  ) -> tuple[list[Artifact], dict[str, str]]:
    """Files beside a bundle's index.*.md (images) are published once, next to the page in the
    first of the site's languages that the bundle has; every language's page links to that copy."""
    files: list[Artifact] = []
    urls: dict[str, str] = {}
    for group in groups:
        for src in [group[lang] for lang in languages if lang in group][:1]:
            if src.bundle is None:
                continue
            page_url = url_of[_place(src.path)]
            for path in src.bundle_files:
                relative = path.relative_to(src.bundle).as_posix()
                files.append(Artifact(page_url + relative, copy_from=path, source=src.display))
                urls[_place(path)] = page_url + relative
    return files, urls


def _image_url(src: Source, group: dict[str, Source], image: str | None, asset_url: Callable[[Path], str | None],
               static_url: Callable[[str], str | None], problems: Problems) -> str | None:
    """A course image's site path: ``cover.jpg`` beside a bundle's index files, or
    ``/img/cover.jpg`` in static/. A missing one is reported in the file that names it."""
    if not image:
        return None
    if image.startswith("/"):
        url = static_url(image.lstrip("/"))
    else:
        bundle = next((other.bundle for other in group.values() if other.bundle), None)
        url = asset_url(bundle / image) if bundle else None
    if url is None and "image" in src.meta_lines:
        problems.warning(src.display, msg("'{value}' is neither a file in the course's folder nor a file under "
                                          "static/ (written /img/name.jpg)", value=image),
                         src.meta_lines["image"], "image")
    return url


def _category(src: Source, fields: Fields, data: SharedData, problems: Problems,
              translation_unreadable: bool) -> Category | None:
    """A course's category; a wrong inherited one is reported only in the file that wrote it,
    and a missing one not at all while a translation could not be read."""
    category_key = fields.get("category")
    if category_key is None:
        if not translation_unreadable:
            problems.error(src.display, msg("is required but missing (in this file or its translation)"),
                           src.line_of("category"), "category")
        return None
    category = data.categories.get(category_key)
    if category is None and src.line_of("category") is not None:
        problems.error(src.display, unknown_key("categories", category_key, data.categories), src.line_of("category"),
                       "category")
    return category


def _trainers(src: Source, fields: Fields, data: SharedData, problems: Problems) -> tuple[Trainer, ...]:
    found = []
    for trainer_key in fields.get("trainers") or ():
        trainer = data.trainers.get(trainer_key)
        if trainer is not None:
            found.append(trainer)
        elif src.line_of("trainers") is not None:
            problems.error(src.display, unknown_key("trainers", trainer_key, data.trainers), src.line_of("trainers"),
                           "trainers")
    return tuple(found)


def _check_modes(sessions: tuple[Session, ...], records: tuple[SessionRecord, ...], course_groups: dict[str, Group],
                 course_fields: dict[str, dict[str, Fields]], now: datetime, problems: Problems) -> None:
    """A session still to come in another mode than its course's (sessions.contradicts_course)."""
    mode_line = {(record.source, record.id): record.lines.get("mode", record.line) for record in records}
    for session in sessions:
        group = course_groups.get(session.course)
        if not group or session.end <= now:
            continue
        lang, src = next(((lang, src) for lang, src in group.items() if src.line_of("mode")),
                         next(iter(group.items())))
        said = course_fields[session.course][lang].get("mode")
        if not contradicts_course(said, session, now):
            continue
        problems.error(session.source, msg("the session is {mode}, but {file} says the course is {said}; make them "
                                           "agree (a course with sessions of both kinds is hybrid)",
                                           mode=str(session.mode), file=src.display, said=str(said)),
                       mode_line.get((session.source, session.id), session.line), f"{session.id}.mode")


def _course(src: Source, fields: Fields, url: str, data: SharedData, problems: Problems, body: Body,
            translation_unreadable: bool) -> Course | None:
    category = _category(src, fields, data, problems, translation_unreadable)
    trainers = _trainers(src, fields, data, problems)
    if category is None:
        return None
    return Course(
        key=src.key, lang=src.lang, url=url, slug=fields.get("slug") or src.key, title=fields["title"],
        summary=fields["summary"], category=category, level=fields.get("level"), mode=fields.get("mode"),
        duration_hours=fields.get("duration_hours"), certificate=fields.get("certificate"),
        audience=fields.get("audience"), prerequisites=tuple(fields.get("prerequisites") or ()),
        trainers=trainers, tags=tuple(fields.get("tags") or ()), image=fields.get("image"),
        weight=fields.get("weight") or 0, body=body, source=src.display, draft=is_draft(fields),
    )


def _link_translations(items: dict[str, Any], languages: tuple[str, ...]) -> dict[str, Any]:
    """Each language's item with links to all of them, in the site's language order."""
    ordered = {lang: items[lang] for lang in languages if lang in items}
    links = tuple(Link(lang, item.url, item.title) for lang, item in ordered.items())
    return {lang: replace(item, translations=links) for lang, item in ordered.items()}


def _add_related(courses: dict[str, dict[str, Course]], limit: int, languages: tuple[str, ...],
                 store: Store) -> dict[str, dict[str, Course]]:
    """Related courses in the same language: same category first, then most shared tags, then
    by title (see :func:`related_keys`). The ranking is kept in ``store`` by what it is made
    from, so that an edit that changes no course's category, tags or title does not rank again."""
    result: dict[str, dict[str, Course]] = {key: {} for key in courses}
    for lang in languages:  # the site's order: dictionaries made here keep it
        in_lang = {key: by_lang[lang] for key, by_lang in courses.items() if lang in by_lang}
        features = {key: (c.category.key, _tags(c), c.title.casefold()) for key, c in in_lang.items()}
        key_of = digest("related", limit, [(key, category, sorted(tags), title)
                                          for key, (category, tags, title) in features.items()])
        ranked = store.get(key_of)
        if ranked is None:
            ranked = related_keys(features, limit)
            store.put(key_of, ranked)
        for key, course in in_lang.items():
            result[key][lang] = replace(course, related=tuple(ranked[key]))
    return result


def related_keys(courses: dict[str, tuple[str, set[str], str]], limit: int) -> dict[str, list[str]]:
    """For each course (key: category, tags, title for sorting), the ``limit`` others closest to
    it: same category before any other, then more shared tags, then title; courses of another
    category only when they share a tag.

    A catalogue's categories grow with it, so comparing every pair within a category would
    make this the slowest part of a rebuild: shared tags are counted from an index of who has
    which tag, and only the few best counts are sorted."""
    by_title = sorted(courses, key=lambda key: (courses[key][2], key))
    rank = {key: position for position, key in enumerate(by_title)}
    in_category: dict[str, list[str]] = {}  # in title order, as every list here
    with_tag: dict[tuple[str, str], list[str]] = {}
    for key in by_title:
        category, tags, _title = courses[key]
        in_category.setdefault(category, []).append(key)
        for tag in tags:
            with_tag.setdefault((category, tag), []).append(key)
    result: dict[str, list[str]] = {}
    for key, (category, tags, _title) in courses.items():
        shared: Counter[str] = Counter()
        for tag in tags:
            shared.update(with_tag[(category, tag)])
        shared.pop(key, None)
        chosen = _most_shared(shared, limit, rank, in_category[category], skip=key)
        if len(chosen) < limit:  # then courses of other categories that share a tag
            elsewhere: Counter[str] = Counter()
            for (other_category, tag), keys in with_tag.items():
                if tag in tags and other_category != category:
                    elsewhere.update(keys)
            chosen += _most_shared(elsewhere, limit - len(chosen), rank, sorted(elsewhere, key=rank.__getitem__))
        result[key] = chosen
    return result


def _most_shared(counts: Counter[str], limit: int, rank: dict[str, int], candidates_by_title: list[str],
                 skip: str | None = None) -> list[str]:
    """The ``limit`` candidates with the highest counts (a candidate missing from ``counts``
    counts 0), equal counts by title; without sorting them all."""
    if limit <= 0:
        return []
    top = counts.most_common(limit)  # highest first, from a heap: the others are never sorted
    floor = top[-1][1] if len(top) == limit else 0
    chosen = sorted((other for other, count in top if count > floor), key=lambda other: (-counts[other], rank[other]))
    if floor > 0:  # the rest tie at the lowest count taken: the first of them by title
        tied = sorted((other for other, count in counts.items() if count == floor and other != skip),
                      key=rank.__getitem__)
        return chosen + tied[:limit - len(chosen)]
    for other in candidates_by_title:  # no count left to take: courses sharing nothing, by title
        if len(chosen) == limit:
            break
        if counts.get(other, 0) == floor and other != skip:
            chosen.append(other)
    return chosen


def _tags(course: Course) -> set[str]:
    return {tag.casefold() for tag in course.tags}


def check_menus(site: Site, problems: Problems) -> None:
    """A menu item naming a page that does not exist is left out of the menu, and said."""
    for lang, items in site.config.menus.items():
        for number, item in enumerate(items, start=1):
            if item.page and item.page not in site.pages:
                problems.warning(CONFIG_FILE, msg("the page '{page}' does not exist in content/pages/; the menu "
                                                  "leaves it out", page=item.page), item.line,
                                 f"menus.{lang}[{number}].page")
