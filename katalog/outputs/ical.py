"""iCalendar feeds (RFC 5545) with the icalendar library: all sessions, and one per course.

UIDs come from the session id and the site's host, so they are the same in every build
and in both languages' feeds; DTSTAMP is the build's ``now``, so builds are reproducible.
"""

from __future__ import annotations

from datetime import UTC
from urllib.parse import urlsplit

import icalendar

from ..assemble import Site
from ..model import Session

CALENDAR_FILE = "calendar.ics"
ICAL_STATUS = {"cancelled": "CANCELLED", "postponed": "TENTATIVE"}


def session_uid(site: Site, session: Session) -> str:
    return f"{session.id}@{urlsplit(site.config.base_url).hostname}"


def calendar(site: Site, lang: str, sessions: list[Session], name: str) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Katalog Pelatihan//NONSGML v1//" + lang.upper())
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", site.config.timezone)
    for session in sessions:
        cal.add_component(_event(site, lang, session))
    cal.add_missing_timezones()
    # The library adds time zones in set order; sort them so that builds are byte-for-byte reproducible.
    cal.subcomponents.sort(key=lambda c: (c.name != "VTIMEZONE", str(c.get("TZID", ""))))
    return cal.to_ical()


def _event(site: Site, lang: str, session: Session) -> icalendar.Event:
    course = site.course(session.course, lang)
    assert course is not None  # sessions of unknown courses were rejected when loading
    url = site.config.absolute(course.url)
    event = icalendar.Event()
    event.add("uid", session_uid(site, session))
    event.add("dtstamp", site.now.astimezone(UTC))
    event.add("dtstart", session.start)
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
