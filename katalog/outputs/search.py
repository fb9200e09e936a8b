"""Full-text search on a static host: a Pagefind index of the written site, per language.

Pagefind reads the pages marked ``data-pagefind-body`` (courses and ordinary pages) in the
temporary output folder, before it is swapped in, splits the index by each page's
``<html lang>`` and writes it to ``pagefind/``. The browser loads only the index fragments
a query needs (see static/js/search.js).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from ..messages import msg
from ..write import OutputError

SEARCH_FOLDER = "pagefind"
# Pagefind's ready-made interfaces are not used (static/js/search.js draws the results).
UNUSED = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*", "pagefind-highlight.js")


def index_site(folder: Path) -> None:
    """Write the search index into ``folder/pagefind/``; OutputError if Pagefind fails."""
    done = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-subdir", SEARCH_FOLDER, "--silent"],
        capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        raise OutputError(msg("the search index could not be built: {reason}",
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
