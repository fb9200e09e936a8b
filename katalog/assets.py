"""Static files: the project's static/ overlaid by the site's, CSS and JS content-hashed.

Hashed names (``site.3f2a9c1e.css``) change whenever the content changes, so hosts can
cache them forever.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import Problems
from .model import Artifact
from .yamlio import OUTSIDE, FolderGuard

HASHED_SUFFIXES = {".css", ".js"}


@dataclass(frozen=True)
class Assets:
    urls: dict[str, str]  # logical name ("css/site.css") -> site path
    artifacts: tuple[Artifact, ...]

    def path(self, name: str) -> Path | None:
        """The file behind a static name (``img/emblem.png``), or None."""
        url = self.urls.get(name)
        return next((a.copy_from for a in self.artifacts if a.url == url), None) if url else None

    def url(self, name: str) -> str:
        try:
            return self.urls[name]
        except KeyError:
            raise KeyError(f"the asset '{name}' is not in static/") from None


def collect_assets(folders: list[Path], path_prefix: str, problems: Problems) -> Assets:
    """Later folders override earlier ones file by file."""
    files: dict[str, Path] = {}
    for folder in folders:
        static = folder / "static"
        if static.is_dir():
            guard = FolderGuard(folder)
            for path in sorted(static.rglob("*")):
                if not path.is_file() or path.name.startswith("."):
                    continue
                if not guard.holds(path):
                    problems.error(path, OUTSIDE)
                    continue
                files[path.relative_to(static).as_posix()] = path
    urls, artifacts = {}, []
    for name, path in sorted(files.items()):
        target = PurePosixPath("static") / name
        content = None
        if target.suffix in HASHED_SUFFIXES:
            data = path.read_bytes()
            if target.suffix == ".css":
                content = data = compact_css(data)
            digest = hashlib.sha256(data).hexdigest()[:10]
            target = target.with_name(f"{target.stem}.{digest}{target.suffix}")
        url = path_prefix + target.as_posix()
        urls[name] = url
        artifacts.append(Artifact(url, content=content, copy_from=None if content is not None else path,
                                  source=str(path)))
    return Assets(urls, tuple(artifacts))


_COMMENT = re.compile(rb"/\*.*?\*/", re.S)
_SPACE = re.compile(rb"\s+")
_AROUND = re.compile(rb"\s*([{};])\s*")


def compact_css(data: bytes) -> bytes:
    """The stylesheet without its comments and spare white space (a third of its weight): the
    comments explain the design to its readers in static/, not to every visitor's phone."""
    text = _SPACE.sub(b" ", _COMMENT.sub(b"", data))
    return _AROUND.sub(rb"\1", text).strip() + b"\n"
