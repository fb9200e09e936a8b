"""Courses and pages: finding the Markdown files, reading and validating their front matter.

File names carry the key and the language: ``key.id.md``, or a bundle folder
``key/index.en.md`` whose other files (images) travel with the page. A file without a
language (``key.md``) is in the default language.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import schema as s
from .errors import ContentError, Problems
from .messages import msg
from .model import Level, Mode, Source
from .yamlio import read_text, split_front_matter

COURSES_DIR = Path("content") / "courses"
PAGES_DIR = Path("content") / "pages"


def course_spec() -> dict[str, s.Field]:
    return {
        "title": s.Field(s.text, required=True),
        "summary": s.Field(s.text, required=True),
        "category": s.Field(s.key),
        "slug": s.Field(s.slug),
        "translation_key": s.Field(s.key),
        "level": s.Field(s.one_of(Level)),
        "mode": s.Field(s.one_of(Mode)),
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
        if any(part.startswith(".") for part in relative.parts):
            continue  # hidden files (.git, editors' backups) are nobody's content
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
    sources: list[Source]  # complete or not; see Source.complete
    # Keys of files that could not be read at all: their translations may lack facts only
    # they hold, which must not be reported as a second, confusing mistake.
    unreadable: frozenset[str] = frozenset()
    files: tuple[Path, ...] = ()  # every file taken: Markdown files and the other files of bundle folders


def read_sources(root: Path, kind: str, languages: tuple[str, ...], default: str, problems: Problems) -> SourceSet:
    folder = COURSES_DIR if kind == "course" else PAGES_DIR
    spec = course_spec() if kind == "course" else page_spec()
    sources = []
    unreadable = set()
    found = discover(root, folder, languages, default, problems)
    taken = [path for path, *_ in found]
    for bundle in sorted({bundle for *_, bundle in found if bundle is not None}):
        taken += [p for p in bundle.rglob("*") if p.is_file() and p.suffix != ".md"]
    for path, file_key, lang, bundle in found:
        display = problems.where(path)
        try:
            document = split_front_matter(read_text(path, root, display), display)
        except ContentError as exc:
            problems.extend(exc.problems)
            unreadable.add(file_key)
            continue
        before = len(problems.errors)
        meta = s.check(document.meta, spec, problems, display, unknown_is_error=False)
        if not meta.get("slug") and not _is_slug(file_key):
            problems.error(display, msg("the file name '{name}' cannot be used as a web address; rename the file "
                                        "with lowercase letters, digits and '-' (like foto-produk.id.md) or set a "
                                        "slug", name=file_key))
        key = meta.get("translation_key") or file_key
        sources.append(Source(kind, key, lang, path, display, meta, dict(document.meta.key_lines),
                              document.body, document.body_line, bundle, complete=len(problems.errors) == before))
    return SourceSet(_unique(sources, problems), frozenset(unreadable), tuple(taken))


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
