"""Static files: the project's static/ overlaid by the site's, CSS and JS content-hashed.

Hashed names (``site.3f2a9c1e.css``) change whenever the content changes, so hosts can
cache them forever.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import Problems
from .messages import msg
from .model import Artifact

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
            for path in sorted(static.rglob("*")):
                if not path.is_file() or path.name.startswith("."):
                    continue
                if folder.resolve() not in path.resolve().parents:
                    problems.error(path, msg("is a link to a file outside the site folder; copy the file in instead"))
                    continue
                files[path.relative_to(static).as_posix()] = path
    urls, artifacts = {}, []
    for name, path in sorted(files.items()):
        target = PurePosixPath("static") / name
        if target.suffix in HASHED_SUFFIXES:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
            target = target.with_name(f"{target.stem}.{digest}{target.suffix}")
        url = path_prefix + target.as_posix()
        urls[name] = url
        artifacts.append(Artifact(url, copy_from=path, source=str(path)))
    return Assets(urls, tuple(artifacts))
