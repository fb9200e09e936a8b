"""Generate a large, valid bilingual catalogue from the sample site's configuration and data,
and the same catalogue as a Hugo site, so that both tools build the same bodies.

Used by the benchmark runner and by tests that need a build long enough to interrupt.
"""

from __future__ import annotations

import random
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent

TOPICS_ID = ["pemasaran", "pembukuan", "koperasi", "kemasan", "ekspor", "fotografi", "wisata halal", "keuangan"]
TOPICS_EN = ["marketing", "bookkeeping", "cooperatives", "packaging", "export", "photography", "halal tourism",
             "finance"]
PARAGRAPH_ID = ("Pelatihan ini membekali pelaku UMKM dengan keterampilan praktis yang langsung dapat diterapkan "
                "di usaha masing-masing, dari perencanaan sampai evaluasi. ")
PARAGRAPH_EN = ("This course gives small-business owners practical skills they can apply in their own business "
                "straight away, from planning to review. ")
CATEGORIES = ["koperasi", "keuangan", "pemasaran-digital", "fotografi-produk", "wisata-halal", "pangan", "ekspor"]


def generate(root: Path, courses: int = 1000, sessions_per_course: int = 4, seed: int = 7) -> Path:
    """Write a site with ``courses`` courses (every tenth in Indonesian only) into ``root``."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    (root / "content").mkdir(parents=True)
    shutil.copy(PROJECT / "site_config.yaml", root / "site_config.yaml")
    shutil.copytree(PROJECT / "content" / "data", root / "content" / "data")
    shutil.copytree(PROJECT / "content" / "pages", root / "content" / "pages")
    course_dir = root / "content" / "courses"
    course_dir.mkdir()
    schedule: list[str] = []
    start = date(2026, 1, 5)
    for number in range(courses):
        key = f"pelatihan-{number:05d}"
        topic = number % len(TOPICS_ID)
        body_id = "\n\n".join([PARAGRAPH_ID * 3, "## Materi", *[f"- Materi {i}" for i in range(1, 8)],
                               "| Sesi | Materi |\n|---|---|\n| 1 | Pengantar |\n| 2 | Praktik |"])
        (course_dir / f"{key}.id.md").write_text(
            f"---\ntitle: Pelatihan {TOPICS_ID[topic].title()} {number}\n"
            f"summary: Ringkasan pelatihan {TOPICS_ID[topic]} nomor {number}.\n"
            f"category: {CATEGORIES[number % len(CATEGORIES)]}\nlevel: beginner\nmode: offline\n"
            f"duration_hours: {8 + number % 5 * 8}\ncertificate: true\ntrainers: [sri-wahyuni]\n"
            f"tags: [{TOPICS_ID[topic]}, umkm]\n---\n\n{body_id}\n", encoding="utf-8")
        if number % 10:
            body_en = "\n\n".join([PARAGRAPH_EN * 3, "## Programme", *[f"- Topic {i}" for i in range(1, 8)]])
            (course_dir / f"{key}.en.md").write_text(
                f"---\ntitle: {TOPICS_EN[topic].title()} Course {number}\nsummary: A course on "
                f"{TOPICS_EN[topic]}, number {number}.\nslug: course-{number:05d}\ntags: [{TOPICS_EN[topic]}]\n"
                f"---\n\n{body_en}\n", encoding="utf-8")
        for index in range(sessions_per_course):
            day = start + timedelta(days=rng.randrange(0, 720))
            opens = day - timedelta(days=40)
            schedule += [
                f"  - id: {key}-{index}", f"    course: {key}",
                f"    start: {day.isoformat()} 08:00", f"    end: {(day + timedelta(days=2)).isoformat()} 16:00",
                "    mode: offline", "    venue: upt-malang", "    quota: 30",
                f"    seats_taken: {rng.randrange(0, 31)}", f"    fee: {rng.choice([0, 0, 0, 150000])}",
                f"    registration: {{opens: {opens.isoformat()}, closes: {(day - timedelta(days=3)).isoformat()},"
                f" url: 'https://example.org/daftar/{key}-{index}'}}",
            ]
    (root / "content" / "schedules").mkdir()
    # Several files, as an office would keep them, each well under the file-size limit.
    lines_per_session = 10
    chunk = 60 * lines_per_session * max(sessions_per_course, 1)
    for part, begin in enumerate(range(0, len(schedule), chunk)):
        (root / "content" / "schedules" / f"part-{part:03d}.yaml").write_text(
            "\n".join(["sessions:", *schedule[begin:begin + chunk]]) + "\n", encoding="utf-8")
    return root


HUGO_CONFIG = """\
baseURL = "https://pelatihan.example.org/"
title = "Katalog Pelatihan"
defaultContentLanguage = "id"
defaultContentLanguageInSubdir = false
disableKinds = ["RSS"]
[taxonomies]
  category = "categories"
  tag = "tags"
[languages.id]
  languageName = "Bahasa Indonesia"
  weight = 1
[languages.en]
  languageName = "English"
  weight = 2
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!doctype html>
<html lang="{{ .Site.Language.Lang }}"><head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title>
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">{{ end }}
</head><body><header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
<nav>{{ range .Translations }}<a href="{{ .RelPermalink }}">{{ .Language.LanguageName }}</a>{{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Summary }}</p>
<dl><dt>Category</dt><dd>{{ range .Params.categories }}{{ . }} {{ end }}</dd></dl>
{{ .Content }}
</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a><p>{{ .Summary }}</p></li>{{ end }}</ul>{{ end }}
""",
}


def generate_hugo(site: Path, root: Path) -> Path:
    """The same courses as a Hugo site: the same bodies, titles and summaries, a page per
    course and language, a list per section and per category. Hugo is asked for less than
    this tool makes (no sessions, calendars, feeds of sessions, structured data, related
    courses or search index), so the comparison flatters Hugo, not us."""
    if root.exists():
        shutil.rmtree(root)
    (root / "content" / "courses").mkdir(parents=True)
    (root / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (root / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "layouts" / name).write_text(text, encoding="utf-8")
    for path in sorted((site / "content" / "courses").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        key, lang = path.stem.rsplit(".", 1)
        category = re.search(r"^category: (.+)$", text, re.M)
        if category is None:  # an English file inherits its category from the Indonesian one
            source = (site / "content" / "courses" / f"{key}.id.md").read_text(encoding="utf-8")
            category = re.search(r"^category: (.+)$", source, re.M)
        assert category is not None
        text = re.sub(r"^category: .+\n", "", text, flags=re.M)
        text = text.replace("---\n", f"---\ntranslationKey: {key}\ncategories: [{category.group(1)}]\n", 1)
        (root / "content" / "courses" / f"{key}.{lang}.md").write_text(text, encoding="utf-8")
    return root
