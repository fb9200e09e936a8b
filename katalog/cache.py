"""The persistent build cache in the site folder (``.katalog-cache/``): results kept between builds.

Each kind of small result (parsed files, Markdown bodies, calendar events, the manifest of an
output folder) is one file holding a mapping from a key to a value; large results (share
images) are a file each, read only when needed (:class:`FileStore`). A key is a digest of
everything that made the value plus the tool's version (``TOOL``), so a value is never
looked up with inputs other than its own. A file that is missing, truncated, corrupt,
written by another version, or otherwise not what this tool wrote is ignored and rebuilt:
the cache can only make a build faster, never different. Files are replaced atomically,
so a build killed while saving leaves the previous file whole.

The cache is a pickle, which runs code when loaded: it must be written by this tool only.
Nothing reads it from anywhere but the site folder, which is as trusted as the content.
"""

from __future__ import annotations

import gc
import hashlib
import io
import os
import pickle
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

CACHE_DIR = ".katalog-cache"
FORMAT = b"katalog-cache 1\n"
PACKAGE = Path(__file__).resolve().parent


# The libraries whose version can change what a build makes (a page's HTML, a parsed file, an
# event, an image, the search index); the tool's other dependencies make no output
# (tests/test_cache.py keeps the two lists equal to pyproject.toml's dependencies).
SHAPING_OUTPUTS = ("babel", "icalendar", "jinja2", "markdown", "mdx-truly-sane-lists", "nh3", "pagefind",
                   "phonenumbers", "pillow", "pyyaml", "resvg-py")
MAKING_NO_OUTPUT = ("livereload", "openpyxl", "ruamel.yaml", "tqdm", "watchfiles")


def _tool_version(libraries: tuple[str, ...] = SHAPING_OUTPUTS) -> str:
    """The digest of the tool's own code and UI-independent data and of the versions of the
    libraries that shape its outputs: any change to the program, or a library upgraded (another
    Jinja2 may render whitespace otherwise, another Pillow draw other pixels), makes every cached
    result a miss."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".po") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    for name in libraries:
        try:
            digest.update(f"{name}=={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} absent\n".encode())
    return digest.hexdigest()[:16]


TOOL = _tool_version()


def digest(*parts: Any) -> str:
    """A stable digest of texts, bytes and picklable values (the tool's version included).

    Values are pickled without the pickler's memo: with it, the bytes would depend on which
    parts of a value happen to be the same object in memory (a text read from the cache and
    the same text parsed afresh), and equal values would get different digests."""
    return _digest(parts)


def _digest(parts: tuple[Any, ...]) -> str:
    h = hashlib.sha256(TOOL.encode())
    for part in parts:
        if isinstance(part, bytes):
            data = part
        elif isinstance(part, str):
            data = part.encode()
        else:
            buffer = io.BytesIO()
            pickler = pickle.Pickler(buffer)
            pickler.fast = True  # no memo: every occurrence written out, whatever its identity
            pickler.dump(part)
            data = buffer.getvalue()
        # Each part's length first keeps the parts apart ("ab", "c" is not "a", "bc"); any fixed
        # width and byte order does that equally.
        h.update(len(data).to_bytes(8, "little"))  # pragma: no mutate
        h.update(data)
    return h.hexdigest()


class Store:
    """One kind of cached result: ``get`` and ``put`` by key, written with only the entries used
    in this build (so the file never grows with what is gone) when this build put one; left as
    it is when it put none."""

    def __init__(self, path: Path | None, keep_unused: int = 0) -> None:
        self.path = path  # None: caching is off (--no-cache)
        self.keep_unused = keep_unused  # entries of other builds kept as well (manifests of other outputs)
        self._old: dict[str, Any] | None = None
        self.used: dict[str, Any] = {}
        self.changed = False  # something was put

    def _load(self) -> dict[str, Any]:
        if self._old is None:
            self._old = _read(self.path) if self.path is not None else {}
        return self._old

    def get(self, key: str) -> Any | None:
        if key in self.used:
            return self.used[key]
        value = self._load().get(key)
        if value is not None:
            self.used[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        self.used[key] = value
        self.changed = True

    def next_build(self) -> None:
        """Begin another build with the same store in memory (the preview): the next finds what
        this build would have left in the file (``save``) — all it had, if it put nothing (a
        rebuild that showed no list keeps the lists' views for the next that does)."""
        if self.changed:
            self._old = self._left()
        self.used, self.changed = {}, False

    def save(self) -> None:
        # Nothing new: the file stays as it is, with what this build used and what it did not
        # need (the events of the calendars it carried over unmade, which the next build to make
        # them will ask for). Entries nobody uses any more go the next time the store is written.
        if self.path is None or not self.changed:
            return
        _write(self.path, self._left())

    def _left(self) -> dict[str, Any]:
        """What a build that put something leaves: the entries it used, and ``keep_unused`` others."""
        kept = {}
        if self.keep_unused:
            unused = [(key, value) for key, value in self._load().items() if key not in self.used]
            kept = dict(unused[-self.keep_unused:])
        return {**kept, **self.used}


class FileStore:
    """Large results, a file each in a folder, named by key: a build that links them from the
    previous output never reads them (``keep``), and one file changed rewrites one file.

    A file holds the SHA-256 of its bytes and then the bytes; one that does not match is a
    miss. Files are written beside and renamed, so a crash leaves none half-written."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder  # None: caching is off (--no-cache); results live for this run only
        self._memory: dict[str, bytes] = {}
        self.used: set[str] = set()
        self.complete = False  # every key of the build was used or kept: the rest can go

    def __contains__(self, key: str) -> bool:
        return key in self._memory or (self.folder is not None and (self.folder / key).is_file())

    def get(self, key: str) -> bytes | None:
        self.used.add(key)
        # Images the cache folder could not take: a miss here only draws the same image again.
        if key in self._memory or self.folder is None:  # pragma: no mutate
            return self._memory.get(key)  # pragma: no mutate
        try:
            data = (self.folder / key).read_bytes()
        except OSError:
            return None
        check, body = data[:32], data[32:]
        return body if hashlib.sha256(body).digest() == check else None

    def put(self, key: str, value: bytes) -> None:
        self.used.add(key)
        if self.folder is None:
            self._memory[key] = value
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = self.folder / f".{key}.{os.getpid()}"
            temporary.write_bytes(hashlib.sha256(value).digest() + value)
            os.replace(temporary, self.folder / key)
        except OSError:
            self._memory[key] = value  # a cache that cannot be written makes builds slower, nothing else

    def keep(self, key: str) -> None:
        """Still wanted, though not read in this build."""
        self.used.add(key)

    def next_build(self) -> None:
        self.used, self.complete = set(), False

    def save(self) -> None:
        """Remove what this build no longer wants, once it has named everything it wants."""
        if self.folder is None or not self.complete or not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.name not in self.used:
                path.unlink(missing_ok=True)


class Cache:
    """The stores of one site folder."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self._stores: dict[str, Store | FileStore] = {}

    @classmethod
    def open(cls, site_dir: Path, enabled: bool = True) -> Cache:
        return cls(site_dir / CACHE_DIR if enabled else None)

    @property
    def enabled(self) -> bool:
        return self.root is not None

    def store(self, name: str, keep_unused: int = 0) -> Store:
        if name not in self._stores:
            self._stores[name] = Store(self.root / f"{name}.pickle" if self.root is not None else None, keep_unused)
        store = self._stores[name]
        assert isinstance(store, Store)
        return store

    def files(self, name: str) -> FileStore:
        if name not in self._stores:
            self._stores[name] = FileStore(self.root / name if self.root is not None else None)
        store = self._stores[name]
        assert isinstance(store, FileStore)
        return store

    def folder(self, name: str) -> Path | None:
        """A folder of the cache that one stage keeps as it needs (the search index's page links)."""
        return self.root / name if self.root is not None else None

    def next_build(self) -> None:
        for store in self._stores.values():
            store.next_build()

    def save(self, names: Iterable[str] | None = None) -> None:
        for name, store in self._stores.items():
            if names is None or name in names:
                store.save()


def _read(path: Path) -> dict[str, Any]:
    """The entries of a cache file, or nothing if it is not a whole file of this version."""
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    header = FORMAT + TOOL.encode() + b"\n"
    if not data.startswith(header):
        return {}
    check, body = data[len(header): len(header) + 32], data[len(header) + 32:]
    if hashlib.sha256(body).digest() != check:
        return {}  # truncated (even within the checksum) or changed by something else
    # What a cache file holds lives as long as the build: no collection should walk it. Unpickled
    # with the collector paused, then frozen out of its sight with everything alive so far (a
    # one-course edit at 2,500 courses unpickles some two million objects: 0.3 s of collections).
    collecting = gc.isenabled()
    gc.disable()
    try:
        entries = pickle.loads(body)
    except Exception:  # any unreadable cache is a miss, never an error
        return {}
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
    return entries if isinstance(entries, dict) else {}


def _write(path: Path, entries: dict[str, Any]) -> None:
    """Write beside, then rename over: a crash leaves the old file or the new one, whole."""
    try:
        path.parent.mkdir(exist_ok=True)  # in the site folder, which the build has read: it exists
        _ignore_in_git(path.parent)
        body = pickle.dumps(entries)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        with temporary.open("wb") as handle:
            handle.write(FORMAT + TOOL.encode() + b"\n")
            handle.write(hashlib.sha256(body).digest())
            handle.write(body)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError:
        pass  # a cache that cannot be written makes the next build slower, nothing else


def _ignore_in_git(folder: Path) -> None:
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Katalog Pelatihan's build cache: safe to delete, never to commit.\n*\n")


__all__ = ["CACHE_DIR", "TOOL", "Cache", "FileStore", "Store", "digest"]
