"""The site model: frozen dataclasses built by the pipeline and read by templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

LEVELS = ("beginner", "intermediate", "advanced")
MODES = ("offline", "online", "hybrid")
# Facts that do not depend on the language: written once, inherited by translations.
SHARED_COURSE_FACTS = ("category", "level", "mode", "duration_hours", "certificate", "trainers",
                       "image", "tags", "weight", "draft")


@dataclass(frozen=True)
class Category:
    key: str
    name: dict[str, str]
    description: dict[str, str]
    weight: int


@dataclass(frozen=True)
class Venue:
    key: str
    name: dict[str, str]
    address: str
    city: str
    region: str
    postal_code: str
    map_url: str | None


@dataclass(frozen=True)
class Trainer:
    key: str
    name: str
    role: dict[str, str] | None
    bio: dict[str, str] | None
    photo: str | None


@dataclass(frozen=True)
class SharedData:
    categories: dict[str, Category]
    venues: dict[str, Venue]
    trainers: dict[str, Trainer]


@dataclass(frozen=True)
class Source:
    """One Markdown file as read: validated front matter, raw body, where it came from."""

    kind: str  # "course" | "page"
    key: str  # the translation key that links languages
    lang: str
    path: Path
    display: str  # path relative to the site folder, as an editor sees it
    meta: dict[str, Any]
    meta_lines: dict[str, int]
    body: str
    body_line: int
    bundle: Path | None = None  # the folder of a bundle (its images are copied along)


@dataclass(frozen=True)
class Link:
    lang: str
    url: str
    title: str


@dataclass(frozen=True)
class Session:
    id: str
    course: str
    start: datetime  # aware, in the session's zone
    end: datetime
    timezone: str
    mode: str
    venue: Venue | None
    online_platform: str | None
    quota: int | None
    seats_taken: int
    fee: int
    registration_opens: date | None
    registration_closes: date | None
    registration_url: str | None
    contact: dict[str, str] | None
    declared_status: str  # scheduled | cancelled | postponed
    language: str
    status: str  # computed at --now
    sequence: int
    notes: dict[str, str] | None
    source: str
    line: int

    @property
    def zone(self) -> str:
        """The zone's abbreviation from the tz database: WIB, WITA, WIT."""
        return self.start.tzname() or self.timezone

    @property
    def month_key(self) -> str:
        return f"{self.start:%Y-%m}"

    @property
    def seats_left(self) -> int | None:
        return None if self.quota is None else max(self.quota - self.seats_taken, 0)

    @property
    def upcoming(self) -> bool:
        return self.status not in ("past",)

    @property
    def shows_registration(self) -> bool:
        """Registration dates matter until the session starts (unless it is called off)."""
        return self.status in ("not-yet-open", "open", "closing-soon", "full", "closed")

    @property
    def can_register(self) -> bool:
        return self.status in ("open", "closing-soon") and bool(self.registration_url)


@dataclass(frozen=True)
class Course:
    key: str
    lang: str
    url: str
    slug: str
    title: str
    summary: str
    category: Category
    level: str | None
    mode: str | None
    duration_hours: float | None
    certificate: bool | None
    audience: str | None
    prerequisites: tuple[str, ...]
    trainers: tuple[Trainer, ...]
    tags: tuple[str, ...]
    image: str | None  # as written; after assembling, the image's site path (None when not found)
    weight: int
    body_html: str
    source: str
    translations: tuple[Link, ...] = ()
    sessions: tuple[Session, ...] = ()
    related: tuple[Course, ...] = ()

    @property
    def upcoming_sessions(self) -> tuple[Session, ...]:
        return tuple(s for s in self.sessions if s.upcoming)

    @property
    def past_sessions(self) -> tuple[Session, ...]:
        return tuple(s for s in self.sessions if not s.upcoming)

    @property
    def is_free(self) -> bool:
        upcoming = [s for s in self.upcoming_sessions if s.status not in ("cancelled",)]
        return all(s.fee == 0 for s in upcoming)

    @property
    def has_open_session(self) -> bool:
        return any(s.can_register for s in self.sessions)


@dataclass(frozen=True)
class Page:
    key: str
    lang: str
    url: str
    slug: str
    title: str
    summary: str | None
    weight: int
    body_html: str
    source: str
    translations: tuple[Link, ...] = ()


@dataclass(frozen=True)
class Document:
    """One HTML page of the output: where it goes, which template, and what it shows."""

    url: str  # site path, e.g. "/en/courses/photo/"
    template: str
    lang: str
    title: str
    description: str
    alternates: tuple[Link, ...]  # the same page in every language it exists in
    context: dict[str, Any] = field(default_factory=dict)
    source: str = ""  # the content file behind it, for error messages
    in_sitemap: bool = True
    all_languages: bool = False  # holds every language itself (the 404 page): no switcher
    image: str | None = None  # site path of the picture that represents the page (og:image)


@dataclass(frozen=True)
class Artifact:
    """A non-HTML output file (sitemap, feeds, calendars, copied assets)."""

    url: str
    content: bytes | None = None
    copy_from: Path | None = None
    source: str = ""
