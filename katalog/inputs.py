"""Digests of what outputs are made from, without making them: course pages, the pages listing
courses, calendar events and share images are keyed by the courses they show, each whole (every
field of it and of what it holds), so that a field added to the model is keyed with no key code
touched (tests/test_plan.py)."""

from __future__ import annotations

import io
import pickle
from typing import Any

from .cache import digest
from .config import SiteConfig
from .model import Course


class CourseDigests:
    """Each course's digest, made once per build and shared by everything keyed by the courses
    it shows (pages, calendar events, share images); with the configuration's, digested once too."""

    def __init__(self, config: SiteConfig) -> None:
        self.config = digest("config", config)
        self._known: dict[tuple[str, str], str] = {}  # (course, language) -> course_digest

    def of(self, course: Course) -> str:
        key = (course.key, course.lang)
        if key not in self._known:
            self._known[key] = course_digest(course)
        return self._known[key]


class _OtherCourses(pickle.Pickler):
    """Pickles a course with every other course it holds (its related courses) as a reference."""

    def __init__(self, file: io.BytesIO, root: Course) -> None:
        super().__init__(file)
        self.fast = True  # no memo: equal values, equal bytes (cache.digest)
        self.root = root

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, Course) and obj is not self.root:
            return _course_reference, (obj.key, obj.lang)
        return NotImplemented


def _course_reference(key: str, lang: str) -> tuple[str, str]:
    """What another course stands as in a course's digest (never unpickled: digests only)."""
    return key, lang


def course_digest(course: Course) -> str:
    """A course, every field of it and of what it holds, another course by its key only."""
    buffer = io.BytesIO()
    _OtherCourses(buffer, course).dump(course)
    return digest(buffer.getvalue())  # no tag: a course's digest is only ever compared with another's
