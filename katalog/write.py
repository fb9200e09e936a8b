"""Writing the site atomically: build into a temporary folder beside the output, then swap.

The previous site stays complete until the new one is whole: a failed build, or one killed
with SIGKILL half-way, leaves only a stray temporary folder that the next build removes.

Incremental: a file made from the same inputs as in the previous build (the manifest records
what made each file) is carried into the temporary folder as a hard link to the previous
output's file, without copying a byte; only the rest is written, and only what was written
is synced to disk.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import posixpath
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import carry_over
from .carry_over import Carrying
from .errors import ContentError, Problem
from .messages import msg

MARKER = ".katalog-build"  # proves a folder was written by this tool, so it may be replaced
MARKER_NOTE = "Written by Katalog Pelatihan; replaced whole on every build.\n"  # its first line, for people
FEW_WRITES = 300  # up to this many written files are synced one by one; beyond, the whole file system


def output_error(message: object) -> ContentError:
    """A problem with the output folder, reported like any other problem."""
    return ContentError([Problem("output", message)])  # type: ignore[arg-type]


@dataclass(frozen=True)
class Entry:
    """One file of a written output: what made it, what it holds, and how to recognise it
    unchanged on disk (size, modification time and inode from the last build)."""

    key: str
    sha: str
    size: int
    mtime_ns: int
    inode: int


@dataclass
class Manifest:
    token: str = ""  # written into the marker file: proves the folder is the one described
    files: dict[str, Entry] = field(default_factory=dict)  # path relative to the output -> entry


def prepare_temporary(output: Path) -> Path:
    output = output.resolve()
    if output.exists() and not output.is_dir():
        raise output_error(msg("the output {output} is a file, not a folder", output=output))
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).exists():
        raise output_error(msg("the output folder {output} already holds files that this tool did not write; "
                               "choose another --output or empty it", output=output))
    output.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(output)
    temporary = output.parent / f".{output.name}.tmp-{os.getpid()}"
    if temporary.exists():
        shutil.rmtree(temporary)
    temporary.mkdir()
    return temporary


class OutputWriter:
    """Fills a temporary folder for ``output``: unchanged files linked from the previous build,
    the others written; then swaps it in."""

    def __init__(self, output: Path, previous: Manifest | None) -> None:
        self.output = output.resolve()
        self.previous = previous if previous and _marker_token(self.output) == previous.token else None
        self.temporary = prepare_temporary(self.output)
        self.manifest = Manifest()
        self.written: list[Path] = []
        self.linked = 0
        self._folders: set[str] = set()  # folders of the temporary output made so far, relative
        # The previous build's files are linked into the temporary folder by a child process
        # while this build goes on; until it is done (``_carried``), nothing is written there.
        self._carrying = Carrying.start(carry_over.request(str(self.output), str(self.temporary), (
            (name, entry.size, entry.mtime_ns, entry.inode) for name, entry in self.previous.files.items())
        )) if self.previous and self.previous.files else None
        self._carried_over: set[str] | None = None  # in the temporary folder, not yet taken or replaced

    def reuse(self, relative: PurePosixPath, key: str) -> Entry | None:
        """Keep the previous build's file if it was made from the same inputs and is still as
        that build left it; None when it must be made again."""
        name = relative.as_posix()
        old = self.previous.files.get(name) if self.previous else None
        if old is None or old.key != key or name not in self._carried():
            return None
        self._carried_over.discard(name)  # type: ignore[union-attr]  # set by _carried()
        self.manifest.files[name] = old
        self.linked += 1
        return old

    def _carried(self) -> set[str]:
        """The previous files linked into the temporary folder and not yet taken, once the child
        linking them is done; if it failed, linked here instead, all at once. (Called before
        anything is written: the folder may be emptied.)"""
        if self._carried_over is None:
            previous = self.previous.files if self.previous else {}
            left = self._carrying.left_out() if self._carrying else set()
            if left is None:  # what the child linked is unknown: start again from an empty folder, here
                assert self._carrying is not None
                shutil.rmtree(self.temporary)
                self.temporary.mkdir()
                left = self._carrying.carry_here()
            self._carried_over = set(previous) - left
        return self._carried_over

    def write(self, relative: PurePosixPath, data: bytes, key: str) -> Entry:
        target = self._target(relative)
        with target.open("wb") as handle:
            handle.write(data)
        return self._record(relative, target, key, hashlib.sha256(data).hexdigest())

    def copy(self, relative: PurePosixPath, source: Path, key: str) -> Entry:
        target = self._target(relative)
        shutil.copyfile(source, target)
        return self._record(relative, target, key, key)

    def write_or_reuse(self, relative: PurePosixPath, data: bytes) -> Entry:
        """For files that are cheap to make: keyed by their own bytes."""
        key = hashlib.sha256(data).hexdigest()
        return self.reuse(relative, key) or self.write(relative, data, key)

    def adopt(self, relative: PurePosixPath, key: str) -> Entry:
        """Record a file that something else (the search indexer) wrote into the folder."""
        target = self.temporary / relative
        self.written.append(target)
        return self._record(relative, target, key, key, written=False)

    def _target(self, relative: PurePosixPath) -> Path:
        if relative.is_absolute() or ".." in relative.parts:
            raise output_error(msg("refusing to write {path}: it lies outside the output folder", path=relative))
        name = relative.as_posix()
        carried = self._carried()  # first: the child makes folders too
        target = self.temporary / relative
        if carried:
            self._make_room(name, carried)
        self._folder(posixpath.dirname(name))
        if name in carried:
            os.unlink(target)  # a link to the previous site's file: never written through
            carried.discard(name)
        self.written.append(target)
        return target

    def _make_room(self, name: str, carried: set[str]) -> None:
        """Where a file of the previous site is carried over at a folder of this one (or its
        folder at this file: a static file that became a folder, or the other way round), the
        carried-over file or folder goes first."""
        parts = name.split("/")
        for depth in range(1, len(parts)):
            above = "/".join(parts[:depth])
            if above in carried:
                os.unlink(os.path.join(self.temporary, above))
                carried.discard(above)
        if os.path.isdir(os.path.join(self.temporary, name)):
            shutil.rmtree(os.path.join(self.temporary, name))
            carried -= {inside for inside in carried if inside.startswith(name + "/")}

    def clear(self, folder: str) -> None:
        """Empty a folder of the temporary output (a search index made again whole)."""
        carried = self._carried()  # first: the child is done linking into it
        shutil.rmtree(self.temporary / folder, ignore_errors=True)
        inside = folder.rstrip("/") + "/"
        self._folders = {made for made in self._folders if not (made + "/").startswith(inside)}
        carried -= {name for name in carried if name.startswith(inside)}
        for name in [name for name in self.manifest.files if name.startswith(inside)]:
            del self.manifest.files[name]

    def _folder(self, folder: str) -> None:
        """Make a folder of the temporary output and its parents, once ("" is the output itself)."""
        if folder not in self._folders:
            os.makedirs(os.path.join(self.temporary, folder), exist_ok=True)
            while folder not in self._folders:
                self._folders.add(folder)
                folder = posixpath.dirname(folder)

    def _record(self, relative: PurePosixPath, target: Path, key: str, sha: str, written: bool = True) -> Entry:
        stat = target.stat()
        entry = Entry(key, sha, stat.st_size, stat.st_mtime_ns, stat.st_ino)
        self.manifest.files[relative.as_posix()] = entry
        return entry

    def publish(self, *, dispose_in_background: bool) -> None:
        self._remove_left_over()
        # The token names the content, so that equal sites stay byte-for-byte equal.
        self.manifest.token = hashlib.sha256(repr(sorted((path, entry.sha) for path, entry in
                                                         self.manifest.files.items())).encode()).hexdigest()
        (self.temporary / MARKER).write_text(f"{MARKER_NOTE}{self.manifest.token}\n")
        _sync(self.written, self.temporary)
        publish(self.temporary, self.output, dispose_in_background=dispose_in_background)

    def discard(self) -> None:
        if self._carrying is not None:
            self._carrying.stop()  # it must not link on into the removed folder
        discard(self.temporary)

    def _remove_left_over(self) -> None:
        """Remove the carried-over files this build did not keep, and the folders they leave empty."""
        folders = set()
        for name in self._carried():
            os.unlink(os.path.join(self.temporary, name))
            folders.add(posixpath.dirname(name))
        for folder in sorted(folders, key=len, reverse=True):  # the deepest first
            while folder:
                try:
                    os.rmdir(os.path.join(self.temporary, folder))
                except OSError:
                    break  # not empty
                folder = posixpath.dirname(folder)
        self._carried_over = set()


def publish(temporary: Path, output: Path, *, dispose_in_background: bool) -> None:
    """Swap the finished temporary folder in place of the output folder; the previous one is
    removed before returning, or, for a large one, by a detached process."""
    output = output.resolve()
    if not (temporary / MARKER).exists():
        (temporary / MARKER).write_text(MARKER_NOTE)
    if output.exists() and _exchange(temporary, output):
        _dispose(temporary, dispose_in_background)  # now holds the previous site
        return
    if output.exists():
        old = output.parent / f".{output.name}.old-{os.getpid()}"
        os.replace(output, old)
        os.replace(temporary, output)
        _dispose(old, dispose_in_background)
    else:
        os.replace(temporary, output)


def discard(temporary: Path) -> None:
    shutil.rmtree(temporary, ignore_errors=True)


def _dispose(folder: Path, in_background: bool) -> None:
    """Remove the previous site. Removing thousands of folders takes longer than building what
    changed, so large sites are removed by a detached ``rm`` after the swap (the next build
    removes whatever a killed one left)."""
    if in_background and shutil.which("rm"):
        trash = folder.with_name(folder.name.split(".tmp-")[0].split(".old-")[0] + f".trash-{os.getpid()}")
        try:
            os.replace(folder, trash)
            subprocess.Popen(["rm", "-rf", "--", str(trash)], start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return
        except OSError:
            folder = trash if trash.exists() else folder
    shutil.rmtree(folder, ignore_errors=True)


def _sync(written: list[Path], folder: Path) -> None:
    """Make the new files durable before the swap, so that a power cut cannot publish empty
    files: a few are synced one by one with their folders; many, with their file system."""
    if len(written) <= FEW_WRITES:
        for path in [*written, *{folder, *(path.parent for path in written)}]:
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        return
    if not _syncfs(folder):
        os.sync()


def _syncfs(folder: Path) -> bool:
    """Linux syncfs(2): flush one file system, not the whole machine."""
    try:
        libc = ctypes.CDLL(None)
        syncfs = libc.syncfs
    except (OSError, AttributeError):
        return False
    fd = os.open(folder, os.O_RDONLY)
    try:
        return bool(syncfs(fd) == 0)
    finally:
        os.close(fd)


def _exchange(a: Path, b: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): both folders swap in one atomic step."""
    try:
        libc = ctypes.CDLL(None)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    # Both paths are absolute, so the folder descriptors are ignored; an exchange is the same both
    # ways round; with any other flag the call fails and publish() falls back to two renames of the
    # same folders. Mutants of these two lines change nothing a test or a visitor can see.
    at_fdcwd, rename_exchange = -100, 2  # pragma: no mutate
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)  # pragma: no mutate
    return bool(result == 0)


def _marker_token(output: Path) -> str | None:
    try:
        lines = (output / MARKER).read_text().splitlines()
    except OSError:
        return None
    return lines[1].strip() if len(lines) > 1 else None


def _remove_stale(output: Path) -> None:
    """Temporary and old folders of builds that were killed: their process is gone. A previous
    site still being removed in the background is left to that removal, unless it stalled."""
    for leftover in output.parent.glob(f".{output.name}.*-*"):
        pid = leftover.name.rsplit("-", 1)[-1]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        if ".trash-" in leftover.name and time.time() - leftover.stat().st_mtime < 300:
            continue
        shutil.rmtree(leftover, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
