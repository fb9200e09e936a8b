"""Courses and pages: finding the Markdown files, reading and validating their front matter.

File names carry the key and the language: ``key.id.md``, or a bundle folder
``key/index.en.md`` whose other files (images) travel with the page. A file without a
language (``key.md``) is in the default language.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import schema as s
from .errors import ContentError, Problems
from .messages import msg
from .model import LEVELS, MODES, SHARED_COURSE_FACTS, Source
from .yamlio import Mapping, read_text, split_front_matter

COURSES_DIR = Path("content") / "courses"
PAGES_DIR = Path("content") / "pages"


def course_spec() -> dict[str, s.Field]:
    return {
        "title": s.Field(s.text, required=True),
        "summary": s.Field(s.text, required=True),
        "category": s.Field(s.key),
        "slug": s.Field(s.slug),
        "translation_key": s.Field(s.key),
        "level": s.Field(s.choice(*LEVELS)),
        "mode": s.Field(s.choice(*MODES)),
        "duration_hours": s.Field(s.number),
        "certificate": s.Field(s.boolean),
        "audience": s.Field(s.text),
        "prerequisites": s.Field(s.text_list, default=()),
        "trainers": s.Field(s.key_list),
        "tags": s.Field(s.text_list),
        "image": s.Field(s.text),
        "draft": s.Field(s.boolean),
        "weight": s.Field(s.integer(None)),
    }


def page_spec() -> dict[str, s.Field]:
    return {
        "title": s.Field(s.text, required=True),
        "summary": s.Field(s.text),
        "slug": s.Field(s.slug),
        "translation_key": s.Field(s.key),
        "weight": s.Field(s.integer(None), default=0),
        "draft": s.Field(s.boolean, default=False),
    }


def discover(root: Path, folder: Path, languages: tuple[str, ...], default: str,
             problems: Problems) -> list[tuple[Path, str, str, Path | None]]:
    """Every Markdown file under ``folder`` as (path, key, language, bundle folder)."""
    base = root / folder
    if not base.is_dir():
        return []
    found = []
    for path in sorted(base.rglob("*.md")):
        relative = path.relative_to(base)
        if any(part.startswith((".", "_")) for part in relative.parts):
            continue
        display = problems.where(path)
        stem, _, lang = path.stem.rpartition(".")
        if not stem:
            stem, lang = path.stem, default
        if lang not in languages:
            problems.error(display, msg("the language '{lang}' in the file name is not one of the site's "
                                        "languages ({languages}); name it like {example}", lang=lang,
                                        languages=", ".join(languages), example=f"{stem}.{default}.md"))
            continue
        if stem == "index" and len(relative.parts) >= 2:
            found.append((path, relative.parts[-2], lang, path.parent))
        elif len(relative.parts) == 1:
            found.append((path, stem, lang, None))
        else:
            problems.error(display, msg("a course or page in a folder must be named index.<language>.md "
                                        "(like {example})", example=f"index.{default}.md"))
    return found


@dataclass(frozen=True)
class SourceSet:
    sources: list[Source]
    # Keys of files that could not be read: their translations may lack facts only they hold,
    # which must not be reported as a second, confusing mistake.
    unreadable: frozenset[str] = frozenset()


def read_sources(root: Path, kind: str, languages: tuple[str, ...], default: str, problems: Problems) -> SourceSet:
    folder = COURSES_DIR if kind == "course" else PAGES_DIR
    spec = course_spec() if kind == "course" else page_spec()
    sources = []
    unreadable = set()
    for path, file_key, lang, bundle in discover(root, folder, languages, default, problems):
        display = problems.where(path)
        try:
            document = split_front_matter(read_text(path, root, display), display)
        except ContentError as exc:
            problems.extend(exc.problems)
            unreadable.add(file_key)
            continue
        before = len(problems.errors)
        meta = s.check(document.meta, spec, problems, display, unknown_is_error=False)
        if len(problems.errors) > before:
            unreadable.add(meta.get("translation_key") or file_key)
            continue
        if not meta.get("slug") and not _is_slug(file_key):
            problems.error(display, msg("the file name '{name}' cannot be used as a web address; rename the file "
                                        "with lowercase letters, digits and '-' (like foto-produk.id.md) or set a "
                                        "slug", name=file_key))
            continue
        key = meta.get("translation_key") or file_key
        sources.append(Source(kind, key, lang, path, display, meta, dict(document.meta.key_lines),
                              document.body, document.body_line, bundle))
    return SourceSet(_unique(sources, problems), frozenset(unreadable))


def _is_slug(word: str) -> bool:
    try:
        s.slug(word)
    except s.Invalid:
        return False
    return True


def _unique(sources: list[Source], problems: Problems) -> list[Source]:
    seen: dict[tuple[str, str], Source] = {}
    for source in sources:
        other = seen.get((source.key, source.lang))
        if other:
            problems.error(source.display, msg("is the same course or page ('{key}') in the same language as "
                                               "{other}; give one a different name or translation_key",
                                               key=source.key, other=other.display),
                           source.meta_lines.get("translation_key"), "translation_key")
            continue
        seen[(source.key, source.lang)] = source
    return list(seen.values())


def group_translations(sources: list[Source]) -> dict[str, dict[str, Source]]:
    """key -> language -> source, keys in file-name order."""
    groups: dict[str, dict[str, Source]] = {}
    for source in sources:
        groups.setdefault(source.key, {})[source.lang] = source
    return groups


def inherit_facts(group: dict[str, Source], languages: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """Each language's course fields, with language-independent facts filled in field by field
    from the other languages' files (the default language first)."""
    merged = {}
    for lang, source in group.items():
        meta = dict(source.meta)
        for fact in SHARED_COURSE_FACTS:
            if meta.get(fact) is None:
                donors = (group[other].meta.get(fact) for other in languages if other in group and other != lang)
                meta[fact] = next((value for value in donors if value is not None), None)
        merged[lang] = meta
    return merged


def line_of(source: Source, field: str) -> int | None:
    return source.meta_lines.get(field)


__all__ = ["Mapping", "discover", "group_translations", "inherit_facts", "line_of", "read_sources"]
