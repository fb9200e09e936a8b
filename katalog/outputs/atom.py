"""Atom feeds per language announcing new courses and new sessions (RFC 4287)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date, datetime, time

from ..assemble import Site
from ..model import Course, Session

ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_FILE = "feed.xml"
MAX_ENTRIES = 50


def announced(session: Session) -> datetime:
    """When a session was announced: the day registration opens, or else its start."""
    day = session.registration_opens or session.start.date()
    return _moment(day, session)


def course_announced(course: Course) -> datetime | None:
    """A course is announced with its first session."""
    return min((announced(s) for s in course.sessions), default=None)


def _moment(day: date, session: Session) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=session.start.tzinfo)


def feed(site: Site, lang: str, t: Callable[..., str]) -> bytes:
    entries: list[tuple[datetime, str, str, str, str]] = []  # when, id, title, url, summary
    for key in site.courses:
        course = site.course(key, lang)
        when = course_announced(course) if course else None
        if course and when and when <= site.now:
            entries.append((when, f"course-{key}", course.title, course.url, course.summary))
    for session in site.sessions:
        course = site.course(session.course, lang)
        when = announced(session)
        if course and when <= site.now and session.status != "past":
            title = f"{course.title}: {session.start.strftime('%Y-%m-%d')} ({t(lang, 'status_' + session.status)})"
            entries.append((when, f"session-{session.id}", title, course.url + "#sessions", course.summary))
    entries.sort(key=lambda e: (e[0], e[1]), reverse=True)
    entries = entries[:MAX_ENTRIES]

    ET.register_namespace("", ATOM_NS)
    root = ET.Element(f"{{{ATOM_NS}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    home = site.config.absolute(site.urls.home(lang))
    _text(root, "id", home)
    _text(root, "title", site.config.title[lang])
    _text(root, "subtitle", site.config.description[lang])
    _text(root, "updated", (entries[0][0] if entries else site.day_began).isoformat())
    ET.SubElement(root, f"{{{ATOM_NS}}}link", {"rel": "self", "href": home + FEED_FILE})
    ET.SubElement(root, f"{{{ATOM_NS}}}link", {"rel": "alternate", "href": home})
    author = ET.SubElement(root, f"{{{ATOM_NS}}}author")
    _text(author, "name", site.config.office.name[lang])
    for when, entry_id, title, url, summary in entries:
        entry = ET.SubElement(root, f"{{{ATOM_NS}}}entry")
        _text(entry, "id", f"tag:{site.config.origin.split('://', 1)[1]},{when:%Y-%m-%d}:{lang}/{entry_id}")
        _text(entry, "title", title)
        _text(entry, "updated", when.isoformat())
        ET.SubElement(entry, f"{{{ATOM_NS}}}link", {"rel": "alternate", "href": site.config.absolute(url)})
        _text(entry, "summary", summary)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"


def _text(parent: ET.Element, name: str, value: str) -> None:
    ET.SubElement(parent, f"{{{ATOM_NS}}}{name}").text = value
