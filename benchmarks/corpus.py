"""Generate a large, valid bilingual catalogue from the sample site's configuration and data.

Used by the benchmark runner and by tests that need a build long enough to interrupt.
"""

from __future__ import annotations

import random
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


def generate(root: Path, courses: int = 1000, sessions_per_course: int = 4, seed: int = 7) -> Path:
    """Write a site with ``courses`` courses (every tenth in Indonesian only) into ``root``."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    (root / "content").mkdir(parents=True)
    shutil.copy(PROJECT / "site_config.yaml", root / "site_config.yaml")
    shutil.copytree(PROJECT / "content" / "data", root / "content" / "data")
    shutil.copytree(PROJECT / "content" / "pages", root / "content" / "pages")
    categories = ["koperasi", "keuangan", "pemasaran-digital", "fotografi-produk", "wisata-halal", "pangan", "ekspor"]
    course_dir = root / "content" / "courses"
    course_dir.mkdir()
    schedule: list[str] = ["sessions:"]
    start = date(2026, 1, 5)
    for number in range(courses):
        key = f"pelatihan-{number:05d}"
        topic = number % len(TOPICS_ID)
        body_id = "\n\n".join([PARAGRAPH_ID * 3, "## Materi", *[f"- Materi {i}" for i in range(1, 8)],
                               "| Sesi | Materi |\n|---|---|\n| 1 | Pengantar |\n| 2 | Praktik |"])
        (course_dir / f"{key}.id.md").write_text(
            f"---\ntitle: Pelatihan {TOPICS_ID[topic].title()} {number}\n"
            f"summary: Ringkasan pelatihan {TOPICS_ID[topic]} nomor {number}.\n"
            f"category: {categories[number % len(categories)]}\nlevel: beginner\nmode: offline\n"
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
    chunk = 60 * 10 * sessions_per_course
    lines = schedule[1:]
    for part, begin in enumerate(range(0, len(lines), chunk)):
        (root / "content" / "schedules" / f"part-{part:03d}.yaml").write_text(
            "\n".join(["sessions:", *lines[begin:begin + chunk]]) + "\n", encoding="utf-8")
    return root
