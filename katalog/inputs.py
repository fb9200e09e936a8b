"""Digests of what outputs are made from, without making them: course pages, the pages listing
courses, calendar events and share images are keyed by the courses they show, each whole (every
field of it and of what it holds), so that a field added to the model is keyed with no key code
touched (tests/test_plan.py)."""

from __future__ import annotations

import io
import pickle
from dataclasses import fields
from typing import Any

from .cache import digest
from .config import SiteConfig
from .model import Course


class CourseDigests:
    """Each course's digests, made once per build and shared by everything keyed by the courses
    it shows (pages, calendar events, share images); with the configuration's, digested once too."""

    def __init__(self, config: SiteConfig) -> None:
        self.config = digest("config", config)
        self._known: dict[tuple[str, str], tuple[str, str]] = {}  # (course, language) -> as listed, body

    def of(self, course: Course) -> str:
        """The course whole: every field of it and of what it holds (its page, its events)."""
        listed, body = self._digests(course)
        return digest(listed, body)

    def listed(self, course: Course) -> str:
        """The course as the pages listing it show it: every field but its body (the list pages,
        a category's page, the cards of related courses; tests/test_plan.py makes each of those
        pages again from courses without bodies). A course's text edited, its lists stay."""
        return self._digests(course)[0]

    def _digests(self, course: Course) -> tuple[str, str]:
        key = (course.key, course.lang)
        if key not in self._known:
            self._known[key] = course_digests(course)
        return self._known[key]


class _OtherCourses(pickle.Pickler):
    """Pickles a course without its body, and every other course it holds (its related courses)
    as a reference."""

    def __init__(self, file: io.BytesIO, root: Course) -> None:
        super().__init__(file)
        self.fast = True  # no memo: equal values, equal bytes (cache.digest)
        self.root = root

    def reducer_override(self, obj: Any) -> Any:
        if obj is self.root:
            return _course_fields, (type(obj).__qualname__, *((field.name, getattr(obj, field.name))
                                                              for field in fields(obj) if field.name != "body"))
        if isinstance(obj, Course):
            return _course_reference, (obj.key, obj.lang)
        return NotImplemented


def _course_fields(kind: str, *named: tuple[str, Any]) -> None:
    """What a course stands as in its digest without its body (never unpickled: digests only)."""


def _course_reference(key: str, lang: str) -> tuple[str, str]:
    """What another course stands as in a course's digest (never unpickled: digests only)."""
    return key, lang


def course_digests(course: Course) -> tuple[str, str]:
    """A course's digest without its body (every other field of it and of what it holds, another
    course by its key only), and its body's."""
    buffer = io.BytesIO()
    _OtherCourses(buffer, course).dump(course)
    # No tag: a course's digests are only ever compared with another's.
    return digest(buffer.getvalue()), digest(course.body)
