"""Full-text search on a static host: a Pagefind index of the written site, per language.

Pagefind reads the pages marked ``data-pagefind-body`` (courses and ordinary pages) in the
temporary output folder, before it is swapped in, splits the index by each page's
``<html lang>`` and writes it to ``pagefind/``. The browser loads only the index fragments
a query needs (see static/js/search.js). The index is made again only when the text it
holds may have changed; otherwise the previous build's index is carried over. Whether it may
have changed is read from the keys of the indexed pages themselves (pages.page_keys: the view,
the templates and the strings each page was rendered from), never from a list of fields kept
beside them, which would forget the next field someone shows inside the indexed region.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path, PurePosixPath

from ..cache import digest
from ..messages import msg
from ..write import OutputWriter, output_error

SEARCH_FOLDER = "pagefind"
PAGEFIND = version("pagefind")  # another Pagefind may index the same pages differently
# Pagefind's ready-made interfaces are not used (static/js/search.js draws the results).
UNUSED = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*", "pagefind-highlight.js")


class Indexer:
    """The search index of one build, made while the build goes on: started once the pages are
    in the temporary folder, finished before the swap."""

    def __init__(self, writer: OutputWriter, page_keys: list[str]) -> None:
        """``page_keys``: the keys of the pages the index holds (same HTML, same index)."""
        self.writer = writer
        self.key = digest("search", PAGEFIND, sorted(page_keys))
        previous = sorted(rel for rel in (writer.previous.files if writer.previous else {})
                          if rel.startswith(SEARCH_FOLDER + "/"))
        self.process: subprocess.Popen[str] | None = None
        if previous and all(writer.reuse(PurePosixPath(rel), self.key) for rel in previous):
            return  # no indexed page changed: the previous index is carried over
        shutil.rmtree(writer.temporary / SEARCH_FOLDER, ignore_errors=True)  # a half carried-over index is not kept
        self.process = subprocess.Popen(_command(writer.temporary), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True)

    def finish(self) -> None:
        """Wait for Pagefind and take its files into the output; a failure is a problem."""
        if self.process is None:
            return
        out, _ = self.process.communicate()
        _tidy(self.writer.temporary, self.process.returncode, out)
        folder = self.writer.temporary / SEARCH_FOLDER
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                self.writer.adopt(PurePosixPath(path.relative_to(self.writer.temporary).as_posix()), self.key)


def run_pagefind(folder: Path) -> None:
    """Write the search index of the pages in ``folder`` into ``folder/pagefind/``."""
    done = subprocess.run(_command(folder), capture_output=True, text=True, check=False)
    _tidy(folder, done.returncode, done.stdout + done.stderr)


def _command(folder: Path) -> list[str]:
    return [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-subdir", SEARCH_FOLDER, "--silent"]


def _tidy(folder: Path, returncode: int, said: str) -> None:
    """Fail with Pagefind's words, or keep only what the site uses, in a reproducible order."""
    if returncode != 0:
        raise output_error(msg("the search index could not be built: {reason}", reason=said.strip()[-500:]))
    index = folder / SEARCH_FOLDER
    for pattern in UNUSED:
        for path in index.glob(pattern):
            path.unlink()
    shutil.rmtree(index / "playground", ignore_errors=True)
    _sort_entry(index / "pagefind-entry.json")


def _sort_entry(path: Path) -> None:
    """Pagefind lists the languages in hash-map order; sorted, builds are byte-for-byte reproducible."""
    entry = json.loads(path.read_text(encoding="utf-8"))
    entry["languages"] = dict(sorted(entry["languages"].items()))
    path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
