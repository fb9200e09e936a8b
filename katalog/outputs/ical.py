"""iCalendar files (RFC 5545) with the icalendar library: all sessions, one per course, one per session.

UIDs come from the session id and the site's host, so they are the same in every build
and in both languages' files; DTSTAMP is the start of the build's day, so builds are
reproducible and a calendar changes at most once a day by the clock alone.
A session held on several days with the same hours each day is one event that recurs
daily (RRULE), never one block running through the nights.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .. import parallel
from ..assemble import Site
from ..cache import Store, digest
from ..inputs import CourseDigests
from ..model import DeclaredStatus, Session

if TYPE_CHECKING:  # loaded only when a calendar is made (60 ms): an edit carries most of them over unmade
    import icalendar

ICAL_STATUS = {DeclaredStatus.CANCELLED: "CANCELLED", DeclaredStatus.POSTPONED: "TENTATIVE"}
END = b"END:VCALENDAR\r\n"


def session_uid(site: Site, session: Session) -> str:
    return f"{session.id}@{urlsplit(site.config.base_url).hostname}"


@dataclass(frozen=True)
class EventView:
    """Everything one event shows, and nothing else: the event is made from this view alone."""

    uid: str
    stamp: datetime
    start: datetime
    end: datetime
    repeat_days: int | None  # a daily-recurring session's number of days
    sequence: int
    status: str
    summary: str
    url: str
    location: str
    description: str

    @classmethod
    def of(cls, site: Site, lang: str, session: Session) -> EventView:
        course = site.course(session.course, lang)
        if course is None:
            raise LookupError(f"session {session.id} belongs to no published course")  # pragma: no mutate
        url = site.config.absolute(course.url)
        lines = [course.summary, *([session.registration_url] if session.registration_url else []), url]
        return cls(
            uid=session_uid(site, session),
            stamp=site.day_began.astimezone(UTC),
            start=session.start,
            # A daily session: the first day's hours, repeated on each day of it.
            end=datetime.combine(session.start.date(), session.end.timetz()) if session.daily else session.end,
            repeat_days=session.days if session.daily else None,
            sequence=session.sequence,
            status=ICAL_STATUS.get(session.declared_status, "CONFIRMED"),
            summary=course.title,
            url=url,
            location=_location(session, lang),
            description="\n\n".join(lines),
        )


@dataclass
class CalendarWriter:
    """Writes the calendars of one build. Each VTIMEZONE and each event is serialised once
    and reused by every file that holds it (the site's, the course's and the session's own).

    Events are kept in ``store`` between builds, keyed by what their EventView is made from
    (:meth:`event_key`), so that a build views only the events of the courses that changed:
    viewing and digesting all 15,000 events of a large catalogue took most of a one-course edit's
    calendar stage."""

    site: Site
    store: Store = field(default_factory=lambda: Store(None))
    jobs: int = 1
    courses: CourseDigests | None = None  # the build's course digests, shared with the course pages
    zones: dict[str, bytes] = field(default_factory=dict)
    events: dict[tuple[str, str], bytes] = field(default_factory=dict)
    _event_keys: dict[tuple[str, str], str] = field(default_factory=dict)
    _zone_keys: dict[str, str] = field(default_factory=dict)
    _keyed: dict[str, list[tuple[str, Session]]] = field(default_factory=dict)  # a calendar's key -> its events

    def __post_init__(self) -> None:
        self.courses = self.courses or CourseDigests(self.site.config)
        # What every event is made from besides its course: the configuration and the day.
        self._common = digest("events", self.courses.config, self.site.day_began)

    def event_key(self, lang: str, session: Session) -> str:
        """What :meth:`EventView.of` reads: the session's course as listed (every field but its
        body) in the language shown (the session, its venue and status are held by the course, so
        they are in its digest), the configuration and the day (tests/test_plan.py checks that it
        reads nothing else)."""
        known = self._event_keys.get((lang, session.id))
        if known is None:
            known = self._event_keys[(lang, session.id)] = self._event_key(lang, session)
        return known

    def calendar_key(self, lang: str, sessions: list[Session], name: str) -> str:
        """What :meth:`calendar` makes a file from, without making it: its name (the header, with
        the configuration's zone), the zones of its sessions and its events' keys; its language is
        its address's, to whose previous file alone the key is compared. An unchanged calendar is
        carried over without being made (12,000 files at 2,500 courses)."""
        zones = [self._zone_key(tzid) for tzid in sorted({s.timezone for s in sessions})]
        key = digest(self._common, name, *zones, *(self.event_key(lang, s) for s in sessions))
        self._keyed[key] = [(lang, session) for session in sessions]
        return key

    def prepare_calendars(self, keys: list[str]) -> None:
        """Serialise at once, on every core, the events of the calendars with these keys (each
        once: an event is in the agenda, its course's calendar and its own)."""
        self.prepare([event for key in keys for event in self._keyed.get(key, ())])

    def _event_key(self, lang: str, session: Session) -> str:
        course = self.site.course(session.course, lang)
        if course is None:
            raise LookupError(f"session {session.id} belongs to no published course")  # pragma: no mutate
        assert self.courses is not None
        return digest(self._common, lang, session.id, self.courses.listed(course))

    def prepare(self, wanted: list[tuple[str, Session]]) -> None:
        """Serialise every wanted (language, session) event: from the store when what it is
        made from is unchanged, the rest viewed and serialised on every core."""
        missing: list[tuple[tuple[str, str], str, EventView]] = []
        asked: set[tuple[str, str]] = set()
        for lang, session in wanted:
            if (lang, session.id) in self.events or (lang, session.id) in asked:
                continue  # made already, or asked twice in this batch
            asked.add((lang, session.id))
            key = self.event_key(lang, session)
            found = self.store.get(key)
            if found is None:
                missing.append(((lang, session.id), key, EventView.of(self.site, lang, session)))
            else:
                self.events[(lang, session.id)] = found
        made = parallel.run(_event_bytes, None, [view for _, _, view in missing], self.jobs)
        for (name, key, _), data in zip(missing, made, strict=True):
            self.store.put(key, data)
            self.events[name] = data

    def calendar(self, lang: str, sessions: list[Session], name: str) -> bytes:
        header = self._header(lang, name)
        self.prepare([(lang, session) for session in sessions])
        parts = [header.removesuffix(END)]
        parts += [self._zone(tzid) for tzid in sorted({s.timezone for s in sessions})]
        parts += [self.events[(lang, session.id)] for session in sessions]
        return b"".join([*parts, END])

    def _header(self, lang: str, name: str) -> bytes:
        key = digest("calendar-head", lang, name, self.site.config.timezone)
        header = self.store.get(key)
        if header is None:
            import icalendar

            cal = icalendar.Calendar()
            cal.add("prodid", "-//Katalog Pelatihan//NONSGML v1//" + lang.upper())
            cal.add("version", "2.0")
            cal.add("calscale", "GREGORIAN")
            cal.add("method", "PUBLISH")
            cal.add("x-wr-calname", name)
            cal.add("x-wr-timezone", self.site.config.timezone)
            header = bytes(cal.to_ical())
            self.store.put(key, header)
        return header

    def _zone_key(self, tzid: str) -> str:
        """A zone's definition digested once, not once for each of the calendars holding it."""
        if tzid not in self._zone_keys:
            self._zone_keys[tzid] = digest(self._zone(tzid))
        return self._zone_keys[tzid]

    def _zone(self, tzid: str) -> bytes:
        if tzid not in self.zones:
            import icalendar

            self.zones[tzid] = bytes(icalendar.Timezone.from_tzid(tzid).to_ical())
        return self.zones[tzid]


def _event_bytes(_: None, view: EventView) -> bytes:
    return bytes(_event(view).to_ical())


def _event(view: EventView) -> icalendar.Event:
    import icalendar

    event = icalendar.Event()
    event.add("uid", view.uid)
    event.add("dtstamp", view.stamp)
    event.add("dtstart", view.start)
    event.add("dtend", view.end)
    if view.repeat_days is not None:
        event.add("rrule", {"freq": "daily", "count": view.repeat_days})
    event.add("sequence", view.sequence)
    event.add("status", view.status)
    event.add("summary", view.summary)
    event.add("url", view.url)
    if view.location:
        event.add("location", view.location)
    event.add("description", view.description)
    return event


def _location(session: Session, lang: str) -> str:
    parts = []
    if session.venue:
        parts.append(session.venue.one_line(lang))
    if session.online_platform:
        parts.append(session.online_platform)
    return " / ".join(parts)
