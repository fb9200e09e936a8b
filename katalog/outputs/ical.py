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
from urllib.parse import urlsplit

import icalendar

from .. import parallel
from ..assemble import Site
from ..cache import Store, digest
from ..model import DeclaredStatus, Session

ICAL_STATUS = {DeclaredStatus.CANCELLED: "CANCELLED", DeclaredStatus.POSTPONED: "TENTATIVE"}
END = b"END:VCALENDAR\r\n"


def session_uid(site: Site, session: Session) -> str:
    return f"{session.id}@{urlsplit(site.config.base_url).hostname}"


@dataclass
class CalendarWriter:
    """Writes the calendars of one build. Each VTIMEZONE and each event is serialised once
    and reused by every file that holds it (the site's, the course's and the session's own);
    events are kept in ``store`` between builds, keyed by everything they are made from."""

    site: Site
    store: Store = field(default_factory=lambda: Store(None))
    jobs: int = 1
    zones: dict[str, bytes] = field(default_factory=dict)
    events: dict[tuple[str, str], bytes] = field(default_factory=dict)

    def prepare(self, wanted: list[tuple[str, Session]]) -> None:
        """Serialise every wanted (language, session) event: from the store when its inputs are
        unchanged, the rest on every core."""
        missing, keys = [], {}
        for lang, session in wanted:
            if (lang, session.id) in self.events:
                continue
            key = self._key(lang, session)
            found = self.store.get(key)
            if found is None:
                missing.append((lang, session))
                keys[(lang, session.id)] = key
            else:
                self.events[(lang, session.id)] = found
        for (lang, session), data in zip(missing, parallel.run(_event_bytes, self.site, missing, self.jobs),
                                         strict=True):
            self.store.put(keys[(lang, session.id)], data)
            self.events[(lang, session.id)] = data

    def _key(self, lang: str, session: Session) -> str:
        course = self.site.course(session.course, lang)
        return digest("event", lang, session, course.title if course else "", course.url if course else "",
                      course.summary if course else "", self.site.day_began, self.site.config.base_url)

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
            cal = icalendar.Calendar()
            cal.add("prodid", "-//Katalog Pelatihan//NONSGML v1//" + lang.upper())
            cal.add("version", "2.0")
            cal.add("calscale", "GREGORIAN")
            cal.add("method", "PUBLISH")
            cal.add("x-wr-calname", name)
            cal.add("x-wr-timezone", self.site.config.timezone)
            header = cal.to_ical()
            self.store.put(key, header)
        return header

    def _zone(self, tzid: str) -> bytes:
        if tzid not in self.zones:
            self.zones[tzid] = icalendar.Timezone.from_tzid(tzid).to_ical()
        return self.zones[tzid]


def _event_bytes(site: Site, item: tuple[str, Session]) -> bytes:
    lang, session = item
    return _event(site, lang, session).to_ical()


def _event(site: Site, lang: str, session: Session) -> icalendar.Event:
    course = site.course(session.course, lang)
    if course is None:
        raise LookupError(f"session {session.id} belongs to no published course")
    url = site.config.absolute(course.url)
    event = icalendar.Event()
    event.add("uid", session_uid(site, session))
    event.add("dtstamp", site.day_began.astimezone(UTC))
    event.add("dtstart", session.start)
    if session.daily:
        # The first day's hours, repeated on each day of the session.
        event.add("dtend", datetime.combine(session.start.date(), session.end.timetz()))
        event.add("rrule", {"freq": "daily", "count": session.days})
    else:
        event.add("dtend", session.end)
    event.add("sequence", session.sequence)
    event.add("status", ICAL_STATUS.get(session.declared_status, "CONFIRMED"))
    event.add("summary", course.title)
    event.add("url", url)
    location = _location(session, lang)
    if location:
        event.add("location", location)
    lines = [course.summary]
    if session.registration_url:
        lines.append(session.registration_url)
    lines.append(url)
    event.add("description", "\n\n".join(lines))
    return event


def _location(session: Session, lang: str) -> str:
    parts = []
    if session.venue:
        venue = session.venue
        parts.append(", ".join(p for p in (venue.name[lang], venue.address, venue.city) if p))
    if session.online_platform:
        parts.append(session.online_platform)
    return " / ".join(parts)
