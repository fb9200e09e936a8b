"""Sessions in the site model: records resolved against courses and venues, with their status
at the build's moment. The precedence of statuses lives here and nowhere else."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from . import schema as s
from .data import unknown_key
from .errors import Problems
from .messages import Message, msg
from .model import DeclaredStatus, Mode, Session, SessionRecord, SharedData, Status


def status_at(now: datetime, *, declared: DeclaredStatus | str, start: datetime, end: datetime, quota: int | None,
              seats_taken: int, opens: date | None, closes: date | None, closing_soon_days: int) -> Status:
    """The status of a session at ``now``: the first that applies, in the order of ``Status``.
    Registration days are whole days in the session's own time zone, both inclusive."""
    if declared == DeclaredStatus.CANCELLED:
        return Status.CANCELLED
    if declared == DeclaredStatus.POSTPONED:
        return Status.POSTPONED
    if now >= end:
        return Status.PAST
    if now >= start:
        return Status.RUNNING
    if quota is not None and seats_taken >= quota:
        return Status.FULL
    today = now.astimezone(start.tzinfo).date()
    if closes is not None and today > closes:
        return Status.CLOSED
    if opens is not None and today < opens:
        return Status.NOT_YET_OPEN
    if closes is not None and (closes - today).days <= closing_soon_days:
        return Status.CLOSING_SOON
    return Status.OPEN


def resolve_sessions(records: Iterable[SessionRecord], data: SharedData, course_keys: Collection[str],
                     published: Collection[str], now: datetime, closing_soon_days: int,
                     problems: Problems) -> tuple[Session, ...]:
    """Sessions of published courses, sorted by start. Every record's references are checked,
    also those of unpublished courses and of records with other mistakes, so that one run
    reports everything."""
    sessions = []
    for record in records:
        known = check_references(record, data.venues, course_keys, problems)
        if not (known and record.complete and record.course in published):
            continue
        sessions.append(_session(record, data, now, closing_soon_days))
    return tuple(sorted(sessions, key=lambda x: (x.start, x.id)))


def check_references(record: SessionRecord, venues: Collection[str], course_keys: Collection[str],
                     problems: Problems, names: Iterable[str] = ()) -> bool:
    """Whether the course and the venue a record names exist; each one that does not is reported
    at its line. ``names`` are other words a person may have meant (titles, venue names), offered
    in the "did you mean" besides the keys."""
    ok = True
    others = tuple(names)
    if record.course is not None and record.course not in course_keys:
        problems.error(record.source, unknown_course(record.course, (*course_keys, *others)),
                       record.lines.get("course", record.line), f"{record.id}.course")
        ok = False
    if record.venue is not None and record.venue not in venues:
        problems.error(record.source, unknown_key("venues", record.venue, venues, others),
                       record.lines.get("venue", record.line), f"{record.id}.venue")
        ok = False
    return ok


def unknown_course(value: str, known: Iterable[str]) -> Message:
    """What to say of a course that does not exist, with the nearest known word."""
    close = s.closest(value, known)
    return (msg("'{value}' is not a course in content/courses/; did you mean '{close}'?", value=value, close=close)
            if close else msg("'{value}' is not a course in content/courses/", value=value))


def _session(record: SessionRecord, data: SharedData, now: datetime, closing_soon_days: int) -> Session:
    assert record.course and record.start and record.end and record.mode and record.fee is not None  # complete
    zone = ZoneInfo(record.timezone)
    start, end = record.start.replace(tzinfo=zone), record.end.replace(tzinfo=zone)
    status = status_at(now, declared=record.declared_status, start=start, end=end, quota=record.quota,
                       seats_taken=record.seats_taken, opens=record.registration_opens,
                       closes=record.registration_closes, closing_soon_days=closing_soon_days)
    return Session(
        id=record.id, course=record.course, start=start, end=end, timezone=record.timezone, mode=record.mode,
        venue=data.venues.get(record.venue) if record.venue else None, online_platform=record.online_platform,
        quota=record.quota, seats_taken=record.seats_taken, fee=record.fee,
        registration_opens=record.registration_opens, registration_closes=record.registration_closes,
        registration_url=record.registration_url, contact=record.contact, declared_status=record.declared_status,
        language=record.language, status=status, sequence=record.sequence, note=record.note,
        source=record.source, line=record.line,
    )


def day_start(day: date, zone: ZoneInfo | str) -> datetime:
    """The first moment of a day in a time zone."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(zone) if isinstance(zone, str) else zone)


def moments_of_change(record: SessionRecord, closing_soon_days: int) -> list[datetime]:
    """Every moment at which something published about a session can change by itself: its
    status (start, end, the registration days) and its announcement in the feeds."""
    if record.start is None or record.end is None:
        return []
    zone = ZoneInfo(record.timezone)
    moments = [record.start.replace(tzinfo=zone), record.end.replace(tzinfo=zone),
               day_start(record.start.date(), zone)]
    if record.registration_opens:
        moments.append(day_start(record.registration_opens, zone))
    if record.registration_closes:
        closes = record.registration_closes
        moments += [day_start(closes + timedelta(days=1), zone),
                    day_start(closes - timedelta(days=closing_soon_days), zone)]
    return moments


Bounds = tuple[datetime | None, datetime | None]  # the last moment of change at or before a moment, the first after


def bounds_of(records: Iterable[SessionRecord], now: datetime, closing_soon_days: int) -> Bounds:
    """The moments of change of ``records`` nearest to ``now``: the last at or before it, the
    first after it (None where there is none). They stay the same for any moment between them."""
    earliest: datetime | None = None
    latest: datetime | None = None
    for record in records:
        for moment in moments_of_change(record, closing_soon_days):
            if moment <= now:
                earliest = moment if earliest is None else max(earliest, moment)
            else:
                latest = moment if latest is None else min(latest, moment)
    return earliest, latest


def stable_within(bounds: Iterable[Bounds], now: datetime, site_zone: str) -> tuple[datetime, datetime]:
    """The stretch of time around ``now`` in which no output changes by the clock alone (a build
    at any moment of it, from the same files, gives the same site): what the bounds of every
    schedule leave, within ``now``'s day — days turn at midnight in the site's zone ("status as
    of" dates, calendar stamps)."""
    today = now.astimezone(ZoneInfo(site_zone)).date()
    earliest, latest = day_start(today, site_zone), day_start(today + timedelta(days=1), site_zone)
    for before, after in bounds:
        earliest = max(earliest, before) if before is not None else earliest
        latest = min(latest, after) if after is not None else latest
    return earliest, latest


def contradicts_course(said: Mode | None, session: Session, now: datetime) -> bool:
    """A course said to be offline (or online) says so on its card and in the filters: a session
    still to come in another mode would contradict it. A hybrid course takes sessions of any mode."""
    return session.end > now and said is not None and said != Mode.HYBRID and said != session.mode
