"""The site model kept from one build (or preview rebuild) to the next.

Used again whole while the files it is read from (``pipeline.MODEL_INPUTS``) are unchanged and
the clock has reached no change of status (a template edited: nothing is read or assembled);
patched when nothing but the text of courses or pages changed (what an editor does most): each
such file is read again and only its body rendered; patched when a schedule changed: the file is
read again and its sessions put in their courses, checked against the rest of the site as it
stands. Anything else (front matter, data, the configuration, a file added or removed) assembles
the site anew. The build keeps it in its cache, the preview in memory.
"""

from __future__ import annotations

import importlib.resources
import zoneinfo
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .assemble import patch_sessions, patch_texts
from .cache import Store, digest
from .content import read_again
from .errors import Problem, Problems
from .schedules import is_schedule_file, read_schedule_file
from .sessions import stable_within
from .yamlio import FolderGuard

if TYPE_CHECKING:
    from .pipeline import Assembled
    from .plan import Target


@dataclass(frozen=True)
class Kept:
    inputs: str  # the fingerprint of pipeline.MODEL_INPUTS and the options
    read: Assembled
    warnings: tuple[Problem, ...]  # what reading and assembling it said
    stable_from: datetime  # the stretch of moments in which no status changes
    stable_until: datetime
    files: dict[str, bytes]  # the digest of each file the fingerprint is made of
    zones: str  # zone_definitions() when it was made: an update of the time-zone database is a change
    # Each course's digests (inputs.CourseDigests), filled by the builds that use this model.
    digests: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    # The keys of the files made from the site as listed (calendars, the sitemap), by address,
    # with the courses whose sessions each holds. Made from nothing but this model (no template,
    # no body: a patch of texts changes none of them; a patch of sessions those of the courses it
    # changed) and the zones' definitions, which ``stands`` checks.
    listed_keys: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)

    def listed_key(self, target: Target) -> str | None:
        """A made file's key when it is known without making it (plan.Target.key), made once."""
        if target.key is None:
            return None
        if target.url not in self.listed_keys:
            self.listed_keys[target.url] = (target.key(), target.courses)
        return self.listed_keys[target.url][0]

    def holds(self, inputs: str, now: datetime) -> bool:
        return self.inputs == inputs and self.stands(now)

    def stands(self, now: datetime) -> bool:
        """Its statuses are those of ``now``, under the time-zone definitions it was made with."""
        return self.stable_from <= now < self.stable_until and self.zones == zone_definitions(self.read)

    def patched(self, inputs: str, files: dict[str, bytes], now: datetime, root: Path) -> tuple[Kept, str] | None:
        """This model with the files saved since read again, when each is a course or page it
        rendered whose text alone changed ("patched": assemble.patch_texts) or a schedule it read
        ("rescheduled": assemble.patch_sessions, also with texts); None when the site must be
        assembled again."""
        changed = {path for path in files.keys() | self.files.keys() if files.get(path) != self.files.get(path)}
        texts = [path for path in changed if path in self.read.texts.sources]
        schedules = sorted(changed.difference(texts))
        if not changed or not self.stands(now) or not all(
                path in files and path in self.files and is_schedule_file(root, Path(path)) for path in schedules):
            return None
        found: Kept | None = self._with_texts(texts, root) if texts else self
        for path in schedules:
            found = found._with_sessions(path, now, root) if found is not None else None
        if found is None:
            return None
        return replace(found, inputs=inputs, files=files), "rescheduled" if schedules else "patched"

    def _with_texts(self, paths: list[str], root: Path) -> Kept | None:
        before = [self.read.texts.sources[path] for path in paths]
        edited = [read_again(source, root) for source in before]
        sources = [(source, said) for source, said in edited if source is not None]
        if len(sources) < len(edited):
            return None
        # Rendered without the cache: a build that used one entry of it would keep only that one.
        site = patch_texts(self.read.site, self.read.texts, sources, Store(None), root)
        if site is None:
            return None
        # A course's digests change with its body; every other course is the same object as before.
        courses = {(source.key, source.lang) for source, _said in sources if source.kind == "course"}
        return replace(self, read=replace(self.read, site=site),
                       digests={key: value for key, value in self.digests.items() if key not in courses})

    def _with_sessions(self, path: str, now: datetime, root: Path) -> Kept | None:
        config, reading = self.read.site.config, Problems(root)
        display = reading.where(path)
        records = read_schedule_file(Path(path), FolderGuard(root), config, reading)
        said_before = tuple(problem for problem in self.warnings if problem.path == display)
        found = patch_sessions(self.read.site, self.read.schedules, display, records, tuple(reading.items),
                               said_before, now, root)
        if found is None:
            return None
        site, schedules, courses = found
        read = replace(self.read, site=site, schedules=schedules)
        stable_from, stable_until = stable_within(schedules.bounds.values(), now, config.timezone)
        return replace(self, read=read, stable_from=stable_from, stable_until=stable_until,
                       zones=zone_definitions(read),
                       digests={key: value for key, value in self.digests.items() if key[0] not in courses},
                       listed_keys={url: entry for url, entry in self.listed_keys.items()
                                    if not entry[1] & courses})


def zone_definitions(read: Assembled) -> str:
    """The digest of the time-zone database's files for the zones of the site and its sessions,
    found as ``zoneinfo`` finds them (its search path, then the ``tzdata`` package): a model whose
    times were computed under other definitions is not used again. Neither the inputs nor the
    tool's version say that the database was updated."""
    zones = sorted({read.site.config.timezone, *(session.timezone for session in read.site.sessions)})
    return digest("zones", *(_zone_file(zone) for zone in zones))


def _zone_file(zone: str) -> bytes:
    for folder in zoneinfo.TZPATH:
        try:
            return Path(folder, zone).read_bytes()
        except OSError:
            continue
    try:
        return importlib.resources.files("tzdata.zoneinfo").joinpath(zone).read_bytes()
    except (ImportError, OSError):
        return b""
