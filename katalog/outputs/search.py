"""Full-text search on a static host: a Pagefind index of the written site, one per language.

Pagefind reads the pages marked ``data-pagefind-body`` (courses and ordinary pages) and writes a
bundle the browser loads fragment by fragment (see static/js/search.js). Each language has its
own bundle, ``pagefind/<lang>/``, made from that language's pages alone (hard-linked into a
folder of the cache kept between builds, or a scratch folder inside the output removed before
the swap), so that an edit in one language re-indexes only that language. A bundle is made again
only when the text it holds may have changed; otherwise the previous build's is carried over.
Whether it may have changed is read from the keys of its pages themselves (pages.page_keys: the
view, the templates and the strings each page was rendered from), never from a list of fields
kept beside them, which would forget the next field someone shows inside the indexed region.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path, PurePosixPath

from ..cache import digest
from ..messages import msg
from ..write import OutputWriter, output_error

SEARCH_FOLDER = "pagefind"
PAGEFIND = version("pagefind")  # another Pagefind may index the same pages differently
# Pagefind's ready-made interfaces are not used (static/js/search.js draws the results).
UNUSED = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*", "pagefind-highlight.js")
SCRATCH = ".search-pages"  # inside the folder being filled, so that a failed build leaves none behind


def bundle_folder(lang: str) -> str:
    """Where a language's search index lives, relative to the site's root."""
    return f"{SEARCH_FOLDER}/{lang}/"


@dataclass(frozen=True)
class IndexedPage:
    lang: str
    path: PurePosixPath  # the written file, relative to the output folder
    key: str  # the page's key (pages.page_keys): same key, same HTML, same index entry


@dataclass
class _Run:
    """One language's Pagefind, running."""

    lang: str
    key: str
    process: subprocess.Popen[str]


class Indexer:
    """The search indexes of one build, made while the build goes on: started once the pages
    are in the temporary folder, finished before the swap."""

    def __init__(self, writer: OutputWriter, pages: Iterable[IndexedPage], links_kept_in: Path | None = None) -> None:
        self.writer = writer
        # Where each language's pages are linked for Pagefind: kept from build to build when the
        # cache lies on the output's file system, so that an edit relinks the pages it changed
        # (a few) instead of making every page's folder again; else inside the folder being filled.
        links = writer.temporary / SCRATCH
        if links_kept_in is not None and _same_file_system(links_kept_in, writer.temporary):
            links = links_kept_in
            _keep_only(links)
        self.runs: list[_Run] = []
        by_language: dict[str, list[IndexedPage]] = defaultdict(list)
        for page in pages:
            by_language[page.lang].append(page)
        previous = writer.previous.files if writer.previous else {}
        try:
            for lang, its_pages in sorted(by_language.items()):
                key = digest("search", PAGEFIND, lang, sorted(page.key for page in its_pages))
                folder = bundle_folder(lang)
                before = [rel for rel in previous if rel.startswith(folder)]
                if before and all(writer.reuse(PurePosixPath(rel), key) for rel in before):
                    continue  # none of this language's indexed pages changed: its index is carried over
                writer.clear(folder)  # a half carried-over index is not kept
                link_pages(writer.temporary, [page.path for page in its_pages], links / lang)
                self.runs.append(_Run(lang, key, start(links / lang, writer.temporary / folder)))
        except BaseException:
            self.stop()  # a language's Pagefind already running must not write on into a discarded folder
            raise

    @property
    def languages(self) -> list[str]:
        """The languages whose index is being made again."""
        return [run.lang for run in self.runs]

    def finish(self) -> None:
        """Wait for Pagefind and take its files into the output; a failure is a problem."""
        try:
            for run in self.runs:
                out, _ = run.process.communicate()
                folder = bundle_folder(run.lang)
                _tidy(self.writer.temporary / folder, run.process.returncode, out)
                for path in sorted((self.writer.temporary / folder).rglob("*")):
                    if path.is_file():
                        self.writer.adopt(PurePosixPath(path.relative_to(self.writer.temporary).as_posix()), run.key)
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop every Pagefind still running and remove their scratch folders."""
        for run in self.runs:
            if run.process.poll() is None:
                run.process.kill()
                run.process.wait()
        shutil.rmtree(self.writer.temporary / SCRATCH, ignore_errors=True)


def index_folder(folder: Path, pages: dict[str, list[PurePosixPath]]) -> None:
    """Write each language's search index of ``folder``'s pages (the preview's rendered pages)
    into ``folder/pagefind/<lang>/``."""
    for lang, paths in sorted(pages.items()):
        link_pages(folder, paths, folder / SCRATCH / lang)
    runs = [(lang, start(folder / SCRATCH / lang, folder / bundle_folder(lang))) for lang in sorted(pages)]
    try:
        for lang, process in runs:
            out, _ = process.communicate()
            _tidy(folder / bundle_folder(lang), process.returncode, out)
    finally:
        shutil.rmtree(folder / SCRATCH, ignore_errors=True)


def link_pages(folder: Path, pages: list[PurePosixPath], links: Path) -> None:
    """Make ``links`` hold ``pages`` of ``folder``, hard-linked at the same paths (so that the
    addresses Pagefind records are the site's) and nothing else. Links already to the very file
    (the same inode: a link keeps its file, so its number is never another file's) are left as
    they are; the list of the pages linked, beside the folder, says what to remove next time."""
    listed = links.with_name(links.name + ".pages")
    wanted = {page.as_posix() for page in pages}
    try:
        before = set(listed.read_text(encoding="utf-8").split("\0")) - {""}
    except (OSError, UnicodeDecodeError):
        shutil.rmtree(links, ignore_errors=True)  # unknown contents: start again
        before = set()
    listed.unlink(missing_ok=True)  # not to be trusted while the links change
    for name in before - wanted:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(os.path.join(links, name))
    folders: set[str] = set()
    for name in sorted(wanted):
        source, linked = os.path.join(folder, name), os.path.join(links, name)
        try:
            if os.lstat(linked).st_ino == os.stat(source).st_ino:
                continue
            os.unlink(linked)
        except FileNotFoundError:
            if os.path.dirname(name) not in folders:
                os.makedirs(os.path.dirname(linked), exist_ok=True)
                folders.add(os.path.dirname(name))
        try:
            os.link(source, linked)
        except OSError:  # a file system without hard links
            shutil.copyfile(source, linked)
    written = listed.with_name(listed.name + ".new")
    written.write_text("\0".join(sorted(wanted)), encoding="utf-8")
    os.replace(written, listed)  # whole or absent: a list cut short would leave pages unremoved


def start(pages: Path, into: Path) -> subprocess.Popen[str]:
    """Start Pagefind over the pages linked in ``pages``; its bundle is written to ``into``."""
    # At a lower priority: in an edit Pagefind runs beside the build's other stages and should take
    # only the cores they leave idle; in the preview, the server stays quick while it indexes.
    nice = shutil.which("nice")
    return subprocess.Popen([*([nice, "-n", "10"] if nice else []), _program(), "--site", str(pages),
                             "--output-path", str(into), "--silent"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _program() -> str:
    """Pagefind's own program, started directly: ``python -m pagefind`` would start a Python
    only to find and run it (a tenth of a second a language, in every build). Pagefind's
    PAGEFIND_BINARY_PATH names another. (Imported here: the package's module loads asyncio, which
    a build that indexes nothing need not pay for.)"""
    from pagefind.service import get_executable

    found = get_executable()
    if found is None:
        raise output_error(msg("the search index could not be built: {reason}",
                               reason="the pagefind package has no program for this machine"))
    return str(found)


def _tidy(index: Path, returncode: int, said: str) -> None:
    """Fail with Pagefind's words, or keep only what the site uses, in a reproducible order."""
    if returncode != 0:
        raise output_error(msg("the search index could not be built: {reason}", reason=said.strip()[-500:]))
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


def _keep_only(folder: Path) -> None:
    """Keep the page links of one output, the one being built: the links of another output
    (built once elsewhere, or since removed) would keep all its pages on disk."""
    for other in folder.parent.iterdir():
        if other.name != folder.name:
            shutil.rmtree(other, ignore_errors=True)


def _same_file_system(folder: Path, other: Path) -> bool:
    """Whether ``folder`` (made if missing) can hold hard links to files of ``other``."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return folder.stat().st_dev == other.stat().st_dev
    except OSError:
        return False
