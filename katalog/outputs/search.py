"""Full-text search on a static host: a Pagefind index of the written site, per language.

Pagefind reads the pages marked ``data-pagefind-body`` (courses and ordinary pages) in the
temporary output folder, before it is swapped in, splits the index by each page's
``<html lang>`` and writes it to ``pagefind/``. The browser loads only the index fragments
a query needs (see static/js/search.js). The index is made again only when the text it
holds may have changed; otherwise the previous build's index is carried over.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath

from ..cache import digest
from ..documents import Document
from ..messages import msg
from ..write import OutputWriter, output_error

SEARCH_FOLDER = "pagefind"
# Pagefind's ready-made interfaces are not used (static/js/search.js draws the results).
UNUSED = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*", "pagefind-highlight.js")


def index_site(writer: OutputWriter, docs: list[Document], templates: str) -> None:
    """The search index in the writer's folder: carried over when no searchable text and no
    template changed, else written by Pagefind. OutputError if Pagefind fails."""
    key = digest("search", templates, sorted((d.url, d.lang, d.searchable) for d in docs if d.searchable is not None))
    previous = sorted(rel for rel in (writer.previous.files if writer.previous else {})
                      if rel.startswith(SEARCH_FOLDER + "/"))
    if previous and all(writer.reuse(PurePosixPath(rel), key) for rel in previous):
        return
    folder = writer.temporary / SEARCH_FOLDER
    shutil.rmtree(folder, ignore_errors=True)  # a half carried-over index is not kept
    run_pagefind(writer.temporary)
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            writer.adopt(PurePosixPath(path.relative_to(writer.temporary).as_posix()), key)


def run_pagefind(folder: Path) -> None:
    """Write the search index into ``folder/pagefind/``."""
    done = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-subdir", SEARCH_FOLDER, "--silent"],
        capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        raise output_error(msg("the search index could not be built: {reason}",
                               reason=(done.stderr or done.stdout).strip()[-500:]))
    for pattern in UNUSED:
        for path in (folder / SEARCH_FOLDER).glob(pattern):
            path.unlink()
    shutil.rmtree(folder / SEARCH_FOLDER / "playground", ignore_errors=True)
    _sort_entry(folder / SEARCH_FOLDER / "pagefind-entry.json")


def _sort_entry(path: Path) -> None:
    """Pagefind lists the languages in hash-map order; sorted, builds are byte-for-byte reproducible."""
    entry = json.loads(path.read_text(encoding="utf-8"))
    entry["languages"] = dict(sorted(entry["languages"].items()))
    path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
