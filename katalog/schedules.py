"""Schedules: sessions (angkatan) of courses, validated, with their status at a moment.

Every YAML file in content/schedules/ holds a list ``sessions:``. A session's status is
computed at build time against ``now``; the first rule that applies wins (see ``status_at``).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from . import schema as s
from .config import SiteConfig, _timezone
from .content import group_translations, inherit_facts
from .errors import Problems
from .messages import Message, msg
from .model import MODES, Session, SharedData, Source, Venue
from .yamlio import Mapping, read_yaml

SCHEDULES_DIR = Path("content") / "schedules"
DECLARED_STATUSES = ("scheduled", "cancelled", "postponed")
STATUSES = ("cancelled", "postponed", "past", "running", "full", "closed", "not-yet-open", "closing-soon", "open")


def session_spec(languages: tuple[str, ...], default_tz: str, problems: Problems, display: str,
                 sid: str) -> dict[str, s.Field]:
    return {
        "id": s.Field(s.key, required=True),
        "course": s.Field(s.key, required=True),
        "start": s.Field(s.local_datetime, required=True),
        "end": s.Field(s.local_datetime, required=True),
        "timezone": s.Field(_timezone, default=default_tz),
        "mode": s.Field(s.choice(*MODES), required=True),
        "venue": s.Field(s.key),
        "online_platform": s.Field(s.text),
        "quota": s.Field(s.integer(0)),
        "seats_taken": s.Field(s.integer(0), default=0),
        "fee": s.Field(s.integer(0), default=0),
        "registration": s.Field(s.group({
            "opens": s.Field(s.calendar_date),
            "closes": s.Field(s.calendar_date),
            "url": s.Field(s.url),
        }, problems, display, f"{sid}.registration"), default={}),
        "contact": s.Field(s.group({
            "name": s.Field(s.text),
            "phone": s.Field(s.text),
            "whatsapp": s.Field(s.text),
            "email": s.Field(s.text),
        }, problems, display, f"{sid}.contact")),
        "status": s.Field(s.choice(*DECLARED_STATUSES), default="scheduled"),
        "language": s.Field(s.choice(*languages), default=languages[0]),
        "sequence": s.Field(s.integer(0), default=0),
        "notes": s.Field(s.localized(languages)),
    }


def status_at(now: datetime, *, declared: str, start: datetime, end: datetime, quota: int | None,
              seats_taken: int, opens: date | None, closes: date | None, closing_soon_days: int) -> str:
    """The status token of a session at ``now``. Registration days are whole days in the
    session's own time zone, both inclusive."""
    if declared in ("cancelled", "postponed"):
        return declared
    if now >= end:
        return "past"
    if now >= start:
        return "running"
    if quota is not None and seats_taken >= quota:
        return "full"
    today = now.astimezone(start.tzinfo).date()
    if closes is not None and today > closes:
        return "closed"
    if opens is not None and today < opens:
        return "not-yet-open"
    if closes is not None and (closes - today).days <= closing_soon_days:
        return "closing-soon"
    return "open"


def load_sessions(root: Path, config: SiteConfig, data: SharedData, courses: list[Source], now: datetime,
                  include_drafts: bool, problems: Problems) -> tuple[Session, ...]:
    folder = root / SCHEDULES_DIR
    if not folder.is_dir():
        return ()
    groups = group_translations(courses)
    drafts = {key for key, group in groups.items()
              if all(meta.get("draft") for meta in inherit_facts(group, config.language_codes).values())}
    sessions: list[Session] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.rglob("*.y*ml")):
        display = problems.where(path)
        document = read_yaml(path, root, display, problems)
        if document is None:
            continue
        entries = document.get("sessions") if isinstance(document, dict) else None
        if not isinstance(document, dict) or not isinstance(entries, list):
            problems.error(display, msg("must hold a list named 'sessions:' with one '- id: …' entry per session"),
                           1, "sessions")
            continue
        for key in document:
            if key != "sessions":
                problems.error(display, s.unknown_field(key, ["sessions"]), document.line_of(key), key)
        for number, entry in enumerate(entries, start=1):
            session = _session(entry, number, display, config, data, groups, now, problems)
            if session is None:
                continue
            if session.id in seen:
                problems.error(display, msg("the id is used twice (also in {other}); ids must be unique because "
                                            "calendars identify sessions by them", other=seen[session.id]),
                               session.line, f"{session.id}.id")
                continue
            seen[session.id] = f"{display}:{session.line}"
            if session.course in drafts and not include_drafts:
                continue
            sessions.append(session)
    return tuple(sorted(sessions, key=lambda x: (x.start, x.id)))


def _session(entry: Any, number: int, display: str, config: SiteConfig, data: SharedData,
             courses: dict[str, dict[str, Source]], now: datetime, problems: Problems) -> Session | None:
    line = entry.line if isinstance(entry, Mapping) else None
    raw_id = entry.get("id") if isinstance(entry, dict) else None
    sid = str(raw_id) if raw_id else f"sessions[{number}]"
    before = len(problems.errors)
    spec = session_spec(config.language_codes, config.timezone, problems, display, sid)
    f = s.check(entry, spec, problems, display, prefix=f"{sid}.")
    if len(problems.errors) > before:
        return None

    def error(field: str, message: Message, at: str | None = None) -> None:
        """Report on ``field`` at the line of ``at`` (the field itself, or the one that requires it)."""
        node, where = entry, line
        for key in (at or field).split("."):
            if not (isinstance(node, Mapping) and key in node):
                break
            node, where = node[key], node.line_of(key)
        problems.error(display, message, where, f"{sid}.{field}")

    tz = ZoneInfo(f["timezone"])
    start, end = f["start"].replace(tzinfo=tz), f["end"].replace(tzinfo=tz)
    registration = f["registration"] or {}
    opens, closes = registration.get("opens"), registration.get("closes")
    if end <= start:
        error("end", msg("must be after the start"))
    if opens and closes and opens > closes:
        error("registration.opens", msg("must be on or before registration.closes"))
    if closes and closes > start.date():
        error("registration.closes", msg("must be on or before the day the session starts"))
    if f["course"] not in courses:
        close = s.closest(f["course"], courses)
        error("course", msg("'{value}' is not a course in content/courses/; did you mean '{close}'?",
                            value=f["course"], close=close) if close else
              msg("'{value}' is not a course in content/courses/", value=f["course"]))
    venue: Venue | None = None
    if f["mode"] in ("offline", "hybrid"):
        if not f["venue"]:
            error("venue", msg("is required when mode is {mode} (a key of content/data/venues.yaml)", mode=f["mode"]),
                  at="mode")
        elif f["venue"] not in data.venues:
            close = s.closest(f["venue"], data.venues)
            error("venue", msg("'{value}' is not in content/data/venues.yaml; did you mean '{close}'?",
                               value=f["venue"], close=close) if close else
                  msg("'{value}' is not in content/data/venues.yaml", value=f["venue"]))
        else:
            venue = data.venues[f["venue"]]
    elif f["venue"]:
        error("venue", msg("an online session has no venue; remove it or set mode: hybrid"))
    if f["mode"] in ("online", "hybrid") and not f["online_platform"]:
        error("online_platform", msg("is required when mode is {mode} (for example Zoom)", mode=f["mode"]),
              at="mode")
    if f["quota"] is not None and f["seats_taken"] > f["quota"]:
        error("seats_taken", msg("is {seats}, more than the quota of {quota}", seats=f["seats_taken"],
                                 quota=f["quota"]))
    if len(problems.errors) > before:
        return None
    status = status_at(now, declared=f["status"], start=start, end=end, quota=f["quota"],
                       seats_taken=f["seats_taken"], opens=opens, closes=closes,
                       closing_soon_days=config.build.closing_soon_days)
    return Session(
        id=f["id"], course=f["course"], start=start, end=end, timezone=f["timezone"], mode=f["mode"], venue=venue,
        online_platform=f["online_platform"], quota=f["quota"], seats_taken=f["seats_taken"], fee=f["fee"],
        registration_opens=opens, registration_closes=closes, registration_url=registration.get("url"),
        contact=f["contact"], declared_status=f["status"], language=f["language"], status=status,
        sequence=f["sequence"], notes=f["notes"], source=display, line=line or 0,
    )



