"""The site model: frozen dataclasses made by the loaders and the assembler, read by the views.

Loaders make the records (``Source``, ``SessionRecord``, data entries): what one file says,
validated, nothing looked up elsewhere. The assembler makes the rest (``Course``, ``Session``):
references resolved, facts inherited, statuses computed at a moment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from pathlib import Path
from typing import Any


class Level(StrEnum):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class FeeFilter(StrEnum):
    """The catalogue's and the agenda's fee filters (the address's ``fee=``, the items' ``data-fee``)."""

    FREE = "free"
    PAID = "paid"


class Mode(StrEnum):
    OFFLINE = "offline"
    ONLINE = "online"
    HYBRID = "hybrid"

    @property
    def has_venue(self) -> bool:
        return self in (Mode.OFFLINE, Mode.HYBRID)

    @property
    def has_platform(self) -> bool:
        return self in (Mode.ONLINE, Mode.HYBRID)

    @property
    def found_under(self) -> tuple[Mode, ...]:
        """The "how to take part" filters that find it: a hybrid session can be joined in person
        or online, so someone looking for either finds it."""
        return (Mode.OFFLINE, Mode.ONLINE, Mode.HYBRID) if self is Mode.HYBRID else (self,)


class DeclaredStatus(StrEnum):
    """What an editor writes in ``status:``."""

    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"


class Status(StrEnum):
    """A session's status at a moment. Members are in order of precedence: the first that
    applies wins (see ``sessions.status_at``)."""

    CANCELLED = "cancelled"
    POSTPONED = "postponed"
    PAST = "past"
    RUNNING = "running"
    FULL = "full"
    CLOSED = "closed"
    NOT_YET_OPEN = "not-yet-open"
    CLOSING_SOON = "closing-soon"
    OPEN = "open"

    @property
    def can_register(self) -> bool:
        return self in (Status.OPEN, Status.CLOSING_SOON)

    @property
    def called_off(self) -> bool:
        return self in (Status.CANCELLED, Status.POSTPONED)

    @property
    def says_what_next(self) -> bool:
        """A status one cannot register in that the page explains with what happens next
        ("next_<status>" in the UI strings); not-yet-open says when it opens instead."""
        return self in (Status.CANCELLED, Status.POSTPONED, Status.FULL, Status.CLOSED, Status.RUNNING)

    @property
    def bookable(self) -> bool:
        """One can register now, or will be able to once registration opens."""
        return self.can_register or self is Status.NOT_YET_OPEN


# Facts that do not depend on the language: written once and inherited by translations; a
# translation that states a different value is an error. `tags` and `draft` are inherited
# too but may differ (tags are words in each language; a translation may stay a draft).
SHARED_COURSE_FACTS = ("category", "level", "mode", "duration_hours", "certificate", "trainers", "image", "weight")
INHERITED_COURSE_FIELDS = (*SHARED_COURSE_FACTS, "tags", "draft")


@dataclass(frozen=True)
class Phone:
    """A telephone number as the editor wrote it and in international form (E.164)."""

    written: str
    e164: str  # "+6281200000001"
    international: str  # "+62 812-0000-0001", for reading

    @property
    def tel_url(self) -> str:
        return "tel:" + self.e164

    @property
    def whatsapp_url(self) -> str:
        return "https://wa.me/" + self.e164.lstrip("+")


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

    @property
    def street_line(self) -> str:
        """The address in one line, as pages and calendars show it: street, city."""
        return ", ".join(part for part in (self.address, self.city) if part)

    def one_line(self, lang: str) -> str:
        """The venue's name and address in one line (a calendar's location)."""
        return ", ".join(part for part in (self.name[lang], self.street_line) if part)


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
    """One Markdown file as read: validated front matter, raw body, where it came from.

    ``complete`` is False when a field failed validation: the file is still checked against
    the rest of the site (so every mistake shows in one run) but makes no page."""

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
    complete: bool = True
    bundle_files: tuple[Path, ...] = ()  # the bundle's other files (images), as listed when read

    def line_of(self, field: str) -> int | None:
        return self.meta_lines.get(field)


@dataclass(frozen=True)
class Body:
    """A Markdown body as HTML, with the links it holds: each link as it appears in the HTML
    and the line of the Markdown file it was written on (for messages about it later)."""

    html: str
    links: tuple[tuple[str, int], ...] = ()

    def line_of(self, link: str) -> int | None:
        return next((line for href, line in self.links if href == link), None)


@dataclass(frozen=True)
class Link:
    lang: str
    url: str
    title: str


@dataclass(frozen=True)
class Contact:
    name: str | None
    phone: Phone | None
    whatsapp: Phone | None
    email: str | None


@dataclass(frozen=True)
class SessionRecord:
    """One session as written in a schedule file, validated on its own: local times without
    a zone applied, course and venue as keys. ``complete`` is False when a field failed
    validation; its references are still checked, but it makes no session."""

    id: str
    course: str | None
    start: datetime | None  # naive, wall-clock time in ``timezone``
    end: datetime | None
    timezone: str
    mode: Mode | None
    venue: str | None
    online_platform: str | None
    quota: int | None
    seats_taken: int
    fee: int | None
    registration_opens: date | None
    registration_closes: date | None
    registration_url: str | None
    contact: Contact | None
    declared_status: DeclaredStatus
    language: str
    sequence: int
    note: dict[str, str] | None  # the editor's word to the public (a reason, a next step)
    source: str
    line: int
    lines: dict[str, int] = field(default_factory=dict)  # dotted field name -> line
    complete: bool = True


@dataclass(frozen=True)
class Session:
    """A session of a published course, its references resolved, its status at the build's moment."""

    id: str
    course: str
    start: datetime  # aware, in the session's zone
    end: datetime
    timezone: str
    mode: Mode
    venue: Venue | None
    online_platform: str | None
    quota: int | None
    seats_taken: int
    fee: int
    registration_opens: date | None
    registration_closes: date | None
    registration_url: str | None
    contact: Contact | None
    declared_status: DeclaredStatus
    language: str
    status: Status
    sequence: int
    note: dict[str, str] | None  # the editor's word to the public (a reason, a next step)
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
    def days(self) -> int:
        """Calendar days the session spans, first and last included."""
        return (self.end.date() - self.start.date()).days + 1

    @property
    def daily(self) -> bool:
        """Held over several days with the same hours each day (08:00–16:00 on three days),
        rather than one stretch through the night."""
        return self.days > 1 and self.end.time() > self.start.time()

    @property
    def daily_hours(self) -> tuple[time, time]:
        return self.start.timetz(), self.end.timetz()

    @property
    def upcoming(self) -> bool:
        return self.status is not Status.PAST

    @property
    def free(self) -> bool:
        """A session is free when its fee, which every session must state, is 0."""
        return self.fee == 0

    @property
    def fee_filter(self) -> FeeFilter:
        """The fee filter the session is found under."""
        return FeeFilter.FREE if self.free else FeeFilter.PAID

    @property
    def worth_a_calendar(self) -> bool:
        """Offered for a calendar only while a visitor may still take part: registration open or
        yet to open. A full, closed, running or called-off session is not offered (its .ics still
        exists, for those who added it earlier)."""
        return self.status.bookable

    @property
    def action_order(self) -> tuple[int, date, datetime, str]:
        """What one can act on soonest comes first: open for registration, the soonest to close
        first; then those that open later, the soonest to open first; then the rest by start.
        The one ordering of the home page, the catalogue and the cards."""
        start = self.start.date()
        if self.status.can_register:
            return (0, self.registration_closes or start, self.start, self.id)
        if self.status is Status.NOT_YET_OPEN:
            return (1, self.registration_opens or start, self.start, self.id)
        return (2, start, self.start, self.id)

    @property
    def counts_for_price(self) -> bool:
        """Sessions that say what the course costs now: not over and not called off."""
        return self.status not in (Status.PAST, Status.CANCELLED)

    @property
    def seats_left(self) -> int | None:
        """Seats left, said only while one can register: a cancelled, postponed, past, full or
        not yet open session has no seats to offer (its badge says why)."""
        if self.quota is None or not self.status.can_register:
            return None
        return max(self.quota - self.seats_taken, 0)

    @property
    def shows_registration(self) -> bool:
        """Registration dates matter until the session starts (unless it is called off)."""
        return self.status in (Status.NOT_YET_OPEN, Status.OPEN, Status.CLOSING_SOON, Status.FULL, Status.CLOSED)

    @property
    def can_register(self) -> bool:
        return self.status.can_register and bool(self.registration_url)


@dataclass(frozen=True)
class Price:
    """What a course costs across the sessions that count (see ``Session.counts_for_price``)."""

    low: int
    high: int

    @property
    def free(self) -> bool:
        """The one rule for a free course: every session that counts is free."""
        return self.high == 0

    @property
    def kinds(self) -> tuple[FeeFilter, ...]:
        """The catalogue's fee filters the course is found under: free when a session that
        counts is free, paid when one is paid, both when they differ. A card's chip names one
        session's fee, so a chip that says free is always found under the free filter."""
        return ((FeeFilter.FREE,) if self.low == 0 else ()) + ((FeeFilter.PAID,) if self.high > 0 else ())


def price_of(sessions: tuple[Session, ...] | list[Session]) -> Price | None:
    """The fees of the counted sessions. No counted session: nothing is said about the fee
    (None), never "free" by default."""
    fees = [s.fee for s in sessions if s.counts_for_price]
    return Price(min(fees), max(fees)) if fees else None


@dataclass(frozen=True)
class Course:
    key: str
    lang: str
    url: str
    slug: str
    title: str
    summary: str
    category: Category
    level: Level | None
    mode: Mode | None
    duration_hours: float | None
    certificate: bool | None
    audience: str | None
    prerequisites: tuple[str, ...]
    trainers: tuple[Trainer, ...]
    tags: tuple[str, ...]
    image: str | None  # as written; after assembling, the image's site path (None when not found)
    weight: int
    body: Body
    source: str
    draft: bool = False
    translations: tuple[Link, ...] = ()
    sessions: tuple[Session, ...] = ()
    related: tuple[str, ...] = ()  # the keys of the courses shown as related, in its language (assemble._add_related)

    @property
    def upcoming_sessions(self) -> tuple[Session, ...]:
        return tuple(s for s in self.sessions if s.upcoming)

    @property
    def next_session(self) -> Session | None:
        """The session a visitor is pointed to first, on its card and in its decision box: the
        first one can register for; else the first whose registration opens later; else the first
        that has not begun (full, closed); else one running now. A full or closed session is
        therefore never shown while a later one can still be booked. A session called off is
        never the next one."""
        coming = [s for s in self.upcoming_sessions if not s.status.called_off]
        return (next((s for s in coming if s.can_register), None)
                or next((s for s in coming if s.status is Status.NOT_YET_OPEN), None)
                or next((s for s in coming if s.status is not Status.RUNNING), None)
                or next(iter(coming), None))

    @property
    def action_order(self) -> tuple[tuple[int, date, datetime, str] | tuple[int], int, str, str]:
        """The catalogue's "soonest" order: by the next session's ``Session.action_order``; a
        course with nothing coming last, by weight and title."""
        following = self.next_session
        return (following.action_order if following else (3,), self.weight, self.title.casefold(), self.key)

    def session_after(self, session: Session) -> Session | None:
        """The first coming session, not called off, that starts after ``session``: where a
        visitor who cannot register for that one can go next."""
        return next((s for s in self.upcoming_sessions if s.start > session.start and not s.status.called_off), None)

    @property
    def past_sessions(self) -> tuple[Session, ...]:
        return tuple(s for s in self.sessions if not s.upcoming)

    @property
    def price(self) -> Price | None:
        return price_of(self.sessions)

    @property
    def filter_modes(self) -> tuple[Mode, ...]:
        """The "how to take part" filters that find the course: those of the sessions that say
        what it costs (coming, not cancelled), else its own mode. A course written as hybrid whose
        coming session is online is found by someone looking for online courses."""
        modes = [s.mode for s in self.sessions if s.counts_for_price] or ([self.mode] if self.mode else [])
        return tuple(m for m in Mode if any(m in mode.found_under for mode in modes))

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
    body: Body
    source: str
    draft: bool = False
    translations: tuple[Link, ...] = ()


@dataclass(frozen=True)
class Artifact:
    """A non-HTML output file (sitemap, feeds, calendars, copied assets)."""

    url: str
    content: bytes | None = None
    copy_from: Path | None = None
    source: str = ""
    make: Callable[[], bytes] | None = None  # made only when asked for (the preview asks for few)

    def data(self) -> bytes:
        """The file's bytes: copied, made, or as given."""
        if self.copy_from is not None:
            return self.copy_from.read_bytes()
        return self.make() if self.make is not None else self.content or b""
