"""From validated sources to the site model: translations paired, URLs fixed, bodies rendered.

Pure: reads no files except through the Markdown renderer's link checks, writes nothing.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from .config import SiteConfig
from .content import SourceSet, group_translations, inherit_facts
from .errors import Problems
from .markup import MarkdownRenderer
from .messages import msg
from .model import Artifact, Category, Course, Link, Page, Session, SharedData, Source
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

    def courses_in(self, lang: str) -> list[Course]:
        """The catalogue of one language: its own courses, plus courses that exist only in
        other languages (the template marks them with their language)."""
        chosen = []
        for key in self.courses:
            course = self.course(key, lang)
            if course is not None:
                chosen.append(course)
        return sorted(chosen, key=lambda c: (c.category.weight, c.weight, c.title.casefold()))

    def course(self, key: str, lang: str) -> Course | None:
        """A course in the wanted language, else in the first language it exists in."""
        by_lang = self.courses.get(key, {})
        return by_lang.get(lang) or next((by_lang[c] for c in self.config.language_codes if c in by_lang), None)

    def categories_by_weight(self, lang: str) -> list[Category]:
        return sorted(self.data.categories.values(), key=lambda c: (c.weight, c.name[lang].casefold()))

    def upcoming_sessions(self) -> list[Session]:
        return sorted((s for s in self.sessions if s.upcoming), key=lambda s: s.start)


def assemble(
    config: SiteConfig,
    data: SharedData,
    courses_read: SourceSet,
    pages_read: SourceSet,
    sessions: tuple[Session, ...],
    now: datetime,
    *,
    include_drafts: bool,
    static_url: Callable[[str], str | None],
    problems: Problems,
) -> Site:
    urls = Urls(config)
    languages = config.language_codes
    course_groups = group_translations(courses_read.sources)
    course_meta = {key: inherit_facts(group, languages) for key, group in course_groups.items()}
    page_groups = group_translations(pages_read.sources)
    if not include_drafts:
        course_groups = _without_drafts(course_groups, lambda key, lang: course_meta[key][lang].get("draft"))
        page_groups = _without_drafts(page_groups, lambda key, lang: page_groups[key][lang].meta.get("draft"))

    # Every page's URL first, so that bodies can link to any of them.
    url_of: dict[Path, str] = {}
    for group in course_groups.values():
        for lang, src in group.items():
            url_of[src.path.resolve()] = urls.course(lang, src.meta.get("slug") or src.key)
    for group in page_groups.values():
        for lang, src in group.items():
            url_of[src.path.resolve()] = urls.page(lang, src.meta.get("slug") or src.key)

    def resolve(path: Path) -> str | None:
        return url_of.get(path.resolve())

    files, bundle_urls = _bundle_files([*course_groups.values(), *page_groups.values()], languages, url_of, problems)

    def asset_url(path: Path) -> str | None:
        return bundle_urls.get(path.resolve())

    # A course body sits under the page's own h2 section; a page body right under its h1.
    renderer = MarkdownRenderer(config.build.sanitize_html, top_heading_level=3)
    page_renderer = MarkdownRenderer(config.build.sanitize_html, top_heading_level=2)
    sessions_of: dict[str, list[Session]] = {}
    for session in sessions:
        sessions_of.setdefault(session.course, []).append(session)

    courses: dict[str, dict[str, Course]] = {}
    for key, group in course_groups.items():
        built = {}
        for lang, src in group.items():
            course = _course(src, course_meta[key][lang], url_of[src.path.resolve()], data, problems,
                             renderer.render(src, resolve, asset_url, problems), key in courses_read.unreadable)
            if course is not None:
                image = _image_url(src, group, course.image, asset_url, static_url, problems)
                own_sessions = tuple(sorted(sessions_of.get(key, ()), key=lambda s: s.start))
                built[lang] = replace(course, image=image, sessions=own_sessions)
        if built:
            courses[key] = _link_translations(built, languages)
    courses = _add_related(courses, config.build.related_courses)

    pages: dict[str, dict[str, Page]] = {}
    for key, group in page_groups.items():
        built_pages = {
            lang: Page(key=key, lang=lang, url=url_of[src.path.resolve()], slug=src.meta.get("slug") or key,
                       title=src.meta["title"], summary=src.meta.get("summary"), weight=src.meta.get("weight") or 0,
                       body_html=page_renderer.render(src, resolve, asset_url, problems), source=src.display)
            for lang, src in group.items()
        }
        pages[key] = _link_translations(built_pages, languages)
    return Site(config, data, urls, courses, pages, sessions, now, tuple(files))


def _bundle_files(groups: list[dict[str, Source]], languages: tuple[str, ...], url_of: dict[Path, str],
                  problems: Problems) -> tuple[list[Artifact], dict[Path, str]]:
    """Files beside a bundle's index.*.md (images) are published once, next to the page in the
    first of the site's languages that the bundle has; every language's page links to that copy."""
    files: list[Artifact] = []
    urls: dict[Path, str] = {}
    for group in groups:
        for src in [group[lang] for lang in languages if lang in group][:1]:
            if src.bundle is None:
                continue
            page_url = url_of[src.path.resolve()]
            for path in sorted(src.bundle.rglob("*")):
                if not path.is_file() or path.suffix == ".md" or path.name.startswith("."):
                    continue
                if not _inside(path, src.bundle):
                    problems.error(path, msg("is a link to a file outside the site folder; copy the file in instead"))
                    continue
                relative = path.relative_to(src.bundle).as_posix()
                files.append(Artifact(page_url + relative, copy_from=path, source=problems.where(path)))
                urls[path.resolve()] = page_url + relative
    return files, urls


def _without_drafts(groups: dict[str, dict[str, Source]],
                    is_draft: Callable[[str, str], object]) -> dict[str, dict[str, Source]]:
    kept = {key: {lang: src for lang, src in group.items() if not is_draft(key, lang)} for key, group in groups.items()}
    return {key: group for key, group in kept.items() if group}


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


def _inside(path: Path, folder: Path) -> bool:
    return folder.resolve() in path.resolve().parents


def _course(src: Source, meta: dict, url: str, data: SharedData, problems: Problems, body_html: str,
            translation_unreadable: bool) -> Course | None:
    """The course of one language file; a wrong inherited fact is reported only in the file
    that wrote it, and a missing one not at all while a translation could not be read."""
    category_key = meta.get("category")
    if category_key is None:
        if not translation_unreadable:
            problems.error(src.display, msg("is required but missing (in this file or its translation)"),
                           src.meta_lines.get("category"), "category")
        return None
    category = data.categories.get(category_key)
    if category is None:
        if "category" in src.meta_lines:
            known = ", ".join(sorted(data.categories)) or "none yet"
            problems.error(src.display, msg("'{value}' is not in content/data/categories.yaml (known: {known})",
                                            value=category_key, known=known),
                           src.meta_lines.get("category"), "category")
        return None
    trainers = []
    for trainer_key in meta.get("trainers") or ():
        trainer = data.trainers.get(trainer_key)
        if trainer is None:
            if "trainers" in src.meta_lines:
                problems.error(src.display, msg("'{value}' is not in content/data/trainers.yaml", value=trainer_key),
                               src.meta_lines.get("trainers"), "trainers")
        else:
            trainers.append(trainer)
    return Course(
        key=src.key, lang=src.lang, url=url, slug=meta.get("slug") or src.key, title=meta["title"],
        summary=meta["summary"], category=category, level=meta.get("level"), mode=meta.get("mode"),
        duration_hours=meta.get("duration_hours"), certificate=meta.get("certificate"),
        audience=meta.get("audience"), prerequisites=tuple(meta.get("prerequisites") or ()),
        trainers=tuple(trainers), tags=tuple(meta.get("tags") or ()), image=meta.get("image"),
        weight=meta.get("weight") or 0, body_html=body_html, source=src.display,
    )


def _link_translations(items: dict, languages: tuple[str, ...]) -> dict:
    """Each language's item with links to all of them, in the site's language order."""
    ordered = {lang: items[lang] for lang in languages if lang in items}
    links = tuple(Link(lang, item.url, item.title) for lang, item in ordered.items())
    return {lang: replace(item, translations=links) for lang, item in ordered.items()}


def _add_related(courses: dict[str, dict[str, Course]], limit: int) -> dict[str, dict[str, Course]]:
    """Related courses in the same language: same category first, then most shared tags.

    Candidates come from the course's category and from courses sharing a tag, so the work
    grows with the size of a category, not with the square of the catalogue."""
    result: dict[str, dict[str, Course]] = {key: {} for key in courses}
    for lang in {lang for by_lang in courses.values() for lang in by_lang}:
        in_lang = [by_lang[lang] for by_lang in courses.values() if lang in by_lang]
        by_category: dict[str, list[Course]] = {}
        by_tag: dict[str, list[Course]] = {}
        for course in in_lang:
            by_category.setdefault(course.category.key, []).append(course)
            for tag in _tags(course):
                by_tag.setdefault(tag, []).append(course)
        for course in in_lang:
            tags = _tags(course)
            # Same-category courses always rank first, so others are needed only when those run short.
            candidates = {c.key: c for c in by_category[course.category.key] if c.key != course.key}
            if len(candidates) < limit:
                for tag in tags:
                    candidates.update((c.key, c) for c in by_tag[tag] if c.key != course.key)

            def closeness(other: Course, course: Course = course, tags: set[str] = tags) -> tuple[bool, int, str]:
                return (other.category.key != course.category.key, -len(_tags(other) & tags), other.title.casefold())

            related = heapq.nsmallest(limit, candidates.values(), key=closeness)
            result[course.key][lang] = replace(course, related=tuple(related))
    return result


def _tags(course: Course) -> set[str]:
    return {tag.casefold() for tag in course.tags}
