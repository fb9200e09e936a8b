"""Files under content/ that the build does not read: each is named in a warning.

A course saved as ``kursus.id.md.txt`` (Windows hides the last extension) or a schedule
in the wrong folder would otherwise vanish from the site without a word. Hidden files
(``.gitkeep``, editors' backups starting with a dot) are left alone.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .errors import Problems
from .messages import Message, msg

CONTENT_DIR = "content"
KNOWN_EXTRA_ENDINGS = (".txt", ".docx", ".doc", ".rtf", ".bak")


def report_unread(root: Path, read: Iterable[Path], problems: Problems) -> None:
    """Warn about every file under content/ that is not in ``read`` (files the loaders read,
    and the images and other files of bundle folders)."""
    content = root / CONTENT_DIR
    if not content.is_dir():
        return
    known = {os.path.normpath(path) for path in read}
    for folder, folders, files in os.walk(content):
        folders[:] = sorted(name for name in folders if not name.startswith("."))  # hidden folders: nobody's content
        for name in sorted(files):
            path = os.path.join(folder, name)
            if not name.startswith(".") and os.path.normpath(path) not in known:
                problems.warning(path, _advice(Path(path).relative_to(content)))


def _advice(relative: Path) -> Message:
    name = relative.name
    for ending in KNOWN_EXTRA_ENDINGS:
        inner = name[: -len(ending)]
        if name.endswith(ending) and inner.endswith((".md", ".yaml", ".yml")):
            return msg("is not read: its name ends in '{ending}' (your computer may hide it); rename it to {name}",
                       ending=ending, name=inner)
    if name.endswith(".markdown"):
        return msg("is not read: rename it to end in .md ({name})", name=name.removesuffix(".markdown") + ".md")
    folder = relative.parts[0] if len(relative.parts) > 1 else ""
    if folder == "schedules":
        return msg("is not read: only .yaml files in content/schedules/ hold sessions")
    if folder == "data":
        return msg("is not read: content/data/ holds only categories.yaml, venues.yaml and trainers.yaml")
    if folder in ("courses", "pages"):
        return msg("is not read: content/{folder}/ holds .md files, and images only inside a course's own "
                   "folder", folder=folder)
    return msg("is not read: content/ holds only the folders courses, pages, schedules and data")
