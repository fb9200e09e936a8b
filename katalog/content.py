"""Courses and pages: finding the Markdown files, reading and validating their front matter.

File names carry the key and the language: ``key.id.md``, or a bundle folder
``key/index.en.md`` whose other files (images) travel with the page. A file without a
language (``key.md``) is in the default language.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import schema as s
from .cache import Store, digest
from .errors import ContentError, Problem, Problems
from .messages import msg
from .model import Level, Mode, Source
from .yamlio import OUTSIDE, FolderGuard, decode_text, inside_folder, read_bytes, split_front_matter

COURSES_DIR = Path("content") / "courses"
PAGES_DIR = Path("content") / "pages"


def course_spec() -> dict[str, s.Field]:
    return {
        "title": s.Field(s.text, required=True),
        "summary": s.Field(s.text, required=True),
        "category": s.Field(s.key, refers="categories"),
        "slug": s.Field(s.slug),
        "translation_key": s.Field(s.key),
        "level": s.Field(s.one_of(Level)),
        "mode": s.Field(s.one_of(Mode)),
        "duration_hours": s.Field(s.number),
        "certificate": s.Field(s.boolean),
        "audience": s.Field(s.text),
        "prerequisites": s.Field(s.text_list, default=()),
        "trainers": s.Field(s.key_list, refers="trainers"),
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
    found: list[tuple[Path, str, str, Path | None]] = []
    for path in sorted(base.rglob("*.md")):
        relative = path.relative_to(base)
        if any(part.startswith(".") for part in relative.parts):
            continue  # hidden files (.git, editors' backups) are nobody's content
        display = problems.where(path)
        stem, lang = _name_parts(path, default)
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


def _name_parts(path: Path, default: str) -> tuple[str, str]:
    """``key.id.md`` -> (key, id); a file without a language is in the default one."""
    stem, _, lang = path.stem.rpartition(".")
    return (stem, lang) if stem else (path.stem, default)


def read_again(source: Source, root: Path) -> tuple[Source | None, tuple[Problem, ...]]:
    """A file read before, read again as ``read_sources`` reads it (with the bundle files it
    listed then): what the preview patches its kept model with when a save changed only it."""
    try:
        data = read_bytes(source.path, FolderGuard(root), source.display)
    except ContentError as exc:
        return None, tuple(exc.problems)
    file_key = source.bundle.name if source.bundle else _name_parts(source.path, source.lang)[0]
    found, said = _parse(source.kind, source.path, source.display, data, file_key, source.lang, source.bundle, root)
    if found is None:
        return None, said
    return replace(found, bundle_files=source.bundle_files), said


@dataclass(frozen=True)
class SourceSet:
    sources: list[Source]  # complete or not; see Source.complete
    # Keys of files that could not be read at all: their translations may lack facts only
    # they hold, which must not be reported as a second, confusing mistake.
    unreadable: frozenset[str] = frozenset()
    files: tuple[Path, ...] = ()  # every file taken: Markdown files and the other files of bundle folders
    # Files that could not be read, as (path, key, language): a link to one is not a second mistake.
    unreadable_files: tuple[tuple[Path, str, str], ...] = ()
    said: dict[Path, tuple[Problem, ...]] = field(default_factory=dict)  # what reading each file said


def read_sources(root: Path, kind: str, languages: tuple[str, ...], default: str, problems: Problems,
                 store: Store | None = None, file_digest: Callable[[str], bytes | None] | None = None) -> SourceSet:
    """Every course or page file, validated; each file's result is kept in ``store`` by the
    digest of its bytes, so an unchanged file is not parsed again. ``file_digest``: a file's
    SHA-256 as the build already knows it (by its status, pipeline._file_digest), so that an
    unchanged file is not even read; None when it could not tell."""
    store = store or Store(None)
    sources = []
    unreadable = set()
    unreadable_files: list[tuple[Path, str, str]] = []
    said_by_file: dict[Path, tuple[Problem, ...]] = {}
    found = discover(root, COURSES_DIR if kind == "course" else PAGES_DIR, languages, default, problems)
    taken = [path for path, *_ in found]
    listings = {bundle: _bundle_listing(bundle, root, problems)
                for bundle in sorted({bundle for *_, bundle in found if bundle is not None})}
    for listing in listings.values():
        taken += listing
    guard = FolderGuard(root)
    common = digest("source", kind, languages, default)  # each file's key below is made of texts only: quick
    for path, file_key, lang, bundle in found:
        display = problems.where(path)
        try:
            known = file_digest(str(path)) if file_digest is not None and guard.holds(path) else None
            data = read_bytes(path, guard, display) if known is None else None
            key = digest(common, display, str(path), known or hashlib.sha256(data or b"").digest(), str(bundle))
            result = store.get(key)
            if result is None:
                data = data if data is not None else read_bytes(path, guard, display)
                result = _parse(kind, path, display, data, file_key, lang, bundle, root)
                store.put(key, result)
        except ContentError as exc:
            problems.extend(exc.problems)
            unreadable.add(file_key)
            unreadable_files.append((path, file_key, lang))
            continue
        source, said = result
        problems.extend(list(said))
        said_by_file[path] = said
        if source is None:
            unreadable.add(file_key)
            unreadable_files.append((path, file_key, lang))
            continue
        sources.append(replace(source, bundle_files=tuple(listings.get(bundle, ()))) if bundle else source)
    return SourceSet(_unique(sources, problems), frozenset(unreadable), tuple(taken), tuple(unreadable_files),
                     said_by_file)


def _parse(kind: str, path: Path, display: str, data: bytes, file_key: str, lang: str, bundle: Path | None,
           root: Path) -> tuple[Source | None, tuple[Problem, ...]]:
    """One file's source and what reading it said: a pure function of the file's bytes."""
    problems = Problems(root)
    try:
        document = split_front_matter(decode_text(data, display), display)
    except ContentError as exc:
        return None, tuple(exc.problems)
    meta = s.check(document.meta, course_spec() if kind == "course" else page_spec(), problems, display,
                   unknown_is_error=False)
    if not meta.get("slug") and not _is_slug(file_key):
        problems.error(display, msg("the file name '{name}' cannot be used as a web address; rename the file "
                                    "with lowercase letters, digits and '-' (like foto-produk.id.md) or set a "
                                    "slug", name=file_key))
    key = meta.get("translation_key") or file_key
    source = Source(kind, key, lang, path, display, meta, dict(document.meta.key_lines), document.body,
                    document.body_line, bundle, complete=not problems.errors)
    return source, tuple(problems.items)


def _bundle_listing(bundle: Path, root: Path, problems: Problems) -> list[Path]:
    """The files travelling with a bundle's pages (images); a link to outside the site is refused."""
    files = []
    for path in sorted(bundle.rglob("*")):
        if not path.is_file() or path.suffix == ".md" or path.name.startswith("."):
            continue
        if not inside_folder(path, bundle):
            problems.error(path, OUTSIDE)
            continue
        files.append(path)
    return files


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
