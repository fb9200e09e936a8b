"""iCalendar files (RFC 5545) with the icalendar library: all sessions, one per course, one per session.

UIDs come from the session id and the site's host, so they are the same in every build
and in both languages' files; DTSTAMP is the build's ``now``, so builds are reproducible.
A session held on several days with the same hours each day is one event that recurs
daily (RRULE), never one block running through the nights.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

import icalendar

from ..assemble import Site
from ..model import DeclaredStatus, Session

ICAL_STATUS = {DeclaredStatus.CANCELLED: "CANCELLED", DeclaredStatus.POSTPONED: "TENTATIVE"}
END = b"END:VCALENDAR\r\n"


def session_uid(site: Site, session: Session) -> str:
    return f"{session.id}@{urlsplit(site.config.base_url).hostname}"


@dataclass
class CalendarWriter:
    """Writes the calendars of one build. Each VTIMEZONE and each event is serialised once
    and reused by every file that holds it (the site's, the course's and the session's own)."""

    site: Site
    zones: dict[str, bytes] = field(default_factory=dict)
    events: dict[tuple[str, str], bytes] = field(default_factory=dict)

    def calendar(self, lang: str, sessions: list[Session], name: str) -> bytes:
        cal = icalendar.Calendar()
        cal.add("prodid", "-//Katalog Pelatihan//NONSGML v1//" + lang.upper())
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("method", "PUBLISH")
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", self.site.config.timezone)
        header = cal.to_ical()
        parts = [header.removesuffix(END)]
        parts += [self._zone(tzid) for tzid in sorted({s.timezone for s in sessions})]
        parts += [self._event(lang, session) for session in sessions]
        return b"".join([*parts, END])

    def _zone(self, tzid: str) -> bytes:
        if tzid not in self.zones:
            self.zones[tzid] = icalendar.Timezone.from_tzid(tzid).to_ical()
        return self.zones[tzid]

    def _event(self, lang: str, session: Session) -> bytes:
        key = (lang, session.id)
        if key not in self.events:
            self.events[key] = _event(self.site, lang, session).to_ical()
        return self.events[key]


def _event(site: Site, lang: str, session: Session) -> icalendar.Event:
    course = site.course(session.course, lang)
    if course is None:
        raise LookupError(f"session {session.id} belongs to no published course")
    url = site.config.absolute(course.url)
    event = icalendar.Event()
    event.add("uid", session_uid(site, session))
    event.add("dtstamp", site.now.astimezone(UTC))
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
