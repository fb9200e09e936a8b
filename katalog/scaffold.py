"""`new course "Judul"`: a course in both languages, ready to fill in, kept as a draft.

The default language's file holds every fact; the other languages' files hold only what
is written in their language, and inherit the rest (category, level, trainers, draft …).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from .config import load_config
from .content import COURSES_DIR
from .data import load_shared_data
from .errors import ContentError, Problem, Problems
from .messages import msg
from .model import Source

MAIN_TEMPLATE = """---
title: {title}
summary: {summary}
category: {category}          # {note_category}: {categories}
level:                        # beginner | intermediate | advanced
mode:                         # {note_mode}
duration_hours:               # {note_hours}
certificate:                  # {note_certificate}
audience: {audience}
prerequisites:
  - {prerequisite}
trainers: []                  # {note_trainers}
tags: []
draft: true                   # {note_draft}
---

{body}
"""

# Facts such as category, level and draft come from the default language's file.
TRANSLATION_TEMPLATE = """---
title: {title}
summary: {summary}
slug: {key}                   # {note_slug}
audience: {audience}
prerequisites:
  - {prerequisite}
tags: []
---

{body}
"""

# Each file is written in its own language, its comments too.
TEXTS = {
    "id": {
        "summary": "Satu atau dua kalimat tentang manfaat pelatihan ini bagi peserta.",
        "audience": "Pelaku UMKM dan pengurus koperasi di Jawa Timur.",
        "prerequisite": "Membawa ponsel pintar atau laptop",
        "body": "Tuliskan pengantar pelatihan di sini.\n\n## Apa yang akan Anda pelajari\n\n- ...\n\n"
                "## Materi\n\n| Sesi | Materi |\n|---|---|\n| 1 | ... |\n",
        "note_category": "salah satu dari",
        "note_mode": "offline (tatap muka) | online (daring) | hybrid; sama dengan mode angkatannya",
        "note_hours": "jumlah jam pelajaran, misalnya 16",
        "note_certificate": "true bila peserta mendapat sertifikat, false bila tidak",
        "note_trainers": "kunci dari content/data/trainers.yaml, misalnya [sri-wahyuni]",
        "note_draft": "hapus baris ini untuk menerbitkan pelatihan (dalam semua bahasa)",
        "note_slug": "alamat dalam bahasa ini; ganti dengan kata-kata dalam bahasa ini",
    },
    "en": {
        "summary": "One or two sentences on what participants gain from this course.",
        "audience": "Small-business owners and cooperative officers in East Java.",
        "prerequisite": "Bring a smartphone or laptop",
        "body": "Write the introduction to the course here.\n\n## What you will learn\n\n- ...\n\n"
                "## Programme\n\n| Session | Topic |\n|---|---|\n| 1 | ... |\n",
        "note_category": "one of",
        "note_mode": "offline | online | hybrid; the same as its sessions' mode",
        "note_hours": "hours of lessons, such as 16",
        "note_certificate": "true when participants receive a certificate, false when not",
        "note_trainers": "keys from content/data/trainers.yaml, e.g. [sri-wahyuni]",
        "note_draft": "remove this line to publish the course (in every language)",
        "note_slug": "the address in this language; change it to words in this language",
    },
}


# The lines of the example bodies that only stand for text: the introduction, "- ...", "| 1 | ... |".
EXAMPLE_BODY_LINES = frozenset(line for texts in TEXTS.values() for number, line in enumerate(texts["body"].split("\n"))
                               if number == 0 or "..." in line)

# Facts `new course` leaves empty rather than guess: the editor fills them in or deletes the line.
FACTS_TO_FILL = ("level", "mode", "duration_hours", "certificate")


def placeholders_in(source: Source) -> list[tuple[str, int | None, str | None]]:
    """(field, line, text) of each example text written by `new course` that is still in a
    course file, and (field, line, None) of each fact it left empty: such a course is not
    published unless it is a draft. All are listed at once so that the editor fixes them in
    one pass."""
    meta = source.meta
    found: list[tuple[str, int | None, str | None]] = []
    for name in FACTS_TO_FILL:
        if name in source.meta_lines and meta.get(name) is None:
            found.append((name, source.line_of(name), None))
    if str(meta.get("title", "")).endswith(f" ({source.lang})"):
        found.append(("title", source.line_of("title"), meta["title"]))
    for texts in TEXTS.values():
        for name in ("summary", "audience"):
            if meta.get(name) == texts[name]:
                found.append((name, source.line_of(name), texts[name]))
        if texts["prerequisite"] in (meta.get("prerequisites") or ()):
            found.append(("prerequisites", source.line_of("prerequisites"), texts["prerequisite"]))
    for number, line in enumerate(source.body.split("\n")):
        if line.strip() in EXAMPLE_BODY_LINES:
            found.append(("body", source.body_line + number, line.strip()))
    return found


def course_key(title: str) -> str:
    """'Foto Produk & Kemasan!' -> 'foto-produk-kemasan'."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60].strip("-")


def new_course(site_dir: Path, title: str) -> list[Path]:
    root = site_dir.resolve()
    problems = Problems(root)
    config = load_config(root, problems)
    problems.raise_if_errors()
    assert config is not None
    key = course_key(title)
    if not key:
        raise ContentError([Problem("title", msg("'{value}' has no letters or digits to make a file name from",
                                                 value=title))])
    data = load_shared_data(root, config.language_codes, problems)
    ordered = sorted(data.categories.values(), key=lambda c: (c.weight, c.key))
    categories = [c.key for c in ordered] or ["koperasi"]
    folder = root / COURSES_DIR
    paths = [folder / f"{key}.{lang}.md" for lang in config.language_codes]
    existing = [p for p in paths if p.exists()]
    if existing:
        raise ContentError([Problem(problems.where(p), msg("already exists; choose another title")) for p in existing])
    folder.mkdir(parents=True, exist_ok=True)
    for lang, path in zip(config.language_codes, paths, strict=True):
        texts = TEXTS.get(lang, TEXTS["en"])
        main = lang == config.default_language
        template = MAIN_TEMPLATE if main else TRANSLATION_TEMPLATE
        shown_title = title if main else f"{title} ({lang})"
        path.write_text(template.format(title=_yaml_text(shown_title), category=categories[0], key=key,
                                        categories=", ".join(categories), **texts), encoding="utf-8")
    return paths


def _yaml_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
