"""Digests of what outputs are made from, without making them: course pages, the pages listing
courses, calendar events and share images are keyed by the courses they show, each whole (every
field of it and of what it holds), so that a field added to the model is keyed with no key code
touched (tests/test_plan.py)."""

from __future__ import annotations

from dataclasses import fields

from .cache import digest
from .config import SiteConfig
from .model import Course


class CourseDigests:
    """Each course's digests, made once per build and shared by everything keyed by the courses
    it shows (pages, calendar events, share images); with the configuration's, digested once too."""

    def __init__(self, config: SiteConfig, known: dict[tuple[str, str], tuple[str, str]] | None = None) -> None:
        self.config = digest("config", config)
        # (course, language) -> as listed, body: given, those of a kept model (kept.py), filled here.
        self._known = known if known is not None else {}

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


def course_digests(course: Course) -> tuple[str, str]:
    """A course's digest without its body — every other field of it and of what it holds; its
    related courses are keys (each counts with its own digest where it is shown) — and its
    body's. Pickled by the C pickler field by field, with no hook per object: this runs for every
    course in every build. (Another course held anywhere else would be pickled whole, so keyed
    more than needed, never less; one holding this course back would fail loudly as a cycle.)"""
    state = {field.name: getattr(course, field.name) for field in fields(course)}
    body = state.pop("body")
    # No tag: a course's digests are only ever compared with another's.
    return digest(type(course).__qualname__, state), digest(body)
