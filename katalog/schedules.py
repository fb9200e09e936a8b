"""Schedule files: content/schedules/*.yaml, each a list ``sessions:`` of sessions (angkatan).

Only reading and validating: the same bytes always give the same records. Whether a
course or venue exists and what status a session has at a moment are decided by the
site model (``sessions.py``), which sees the whole site.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import schema as s
from .cache import Store, digest
from .config import SiteConfig, _timezone
from .errors import ContentError, Problems
from .messages import Message, msg
from .model import Contact, DeclaredStatus, Mode, SessionRecord
from .yamlio import FolderGuard, Mapping, decode_text, line_of, parse_yaml, read_bytes

SCHEDULES_DIR = Path("content") / "schedules"
SCHEDULE_SUFFIXES = (".yaml", ".yml")


def session_spec(languages: tuple[str, ...], default_tz: str, problems: Problems, display: str,
                 sid: str) -> dict[str, s.Field]:
    return {
        "id": s.Field(s.key, required=True),
        "course": s.Field(s.key, required=True, refers="courses"),
        "start": s.Field(s.local_datetime, required=True),
        "end": s.Field(s.local_datetime, required=True),
        "timezone": s.Field(_timezone, default=default_tz),
        "mode": s.Field(s.one_of(Mode), required=True),
        "venue": s.Field(s.key, refers="venues"),
        "online_platform": s.Field(s.text),
        "quota": s.Field(s.integer(1, below=msg("must be 1 or more; leave quota out when there is no limit"))),
        "seats_taken": s.Field(s.integer(0), default=0),
        "fee": s.Field(s.integer(0), required=True,
                       missing=msg("is required: the fee in rupiah, or 0 when the session is free")),
        "registration": s.Field(s.group(registration_spec(), problems, display, f"{sid}.registration"), default={}),
        "contact": s.Field(s.group(contact_spec(), problems, display, f"{sid}.contact")),
        "status": s.Field(s.one_of(DeclaredStatus), default=DeclaredStatus.SCHEDULED),
        "language": s.Field(s.choice(*languages), default=languages[0]),
        "sequence": s.Field(s.integer(0), default=0),
        "note": s.Field(s.localized(languages)),  # shown with the session: why it is cancelled, what to bring
        "notes": s.Field(s.localized(languages)),  # the older name of note, still accepted
    }


def registration_spec() -> dict[str, s.Field]:
    return {
        "opens": s.Field(s.calendar_date),
        "closes": s.Field(s.calendar_date),
        "url": s.Field(s.https_url),
    }


def contact_spec() -> dict[str, s.Field]:
    return {
        "name": s.Field(s.text),
        "phone": s.Field(s.phone),
        "whatsapp": s.Field(s.phone),
        "email": s.Field(s.text),
    }


def session_label(entry: Any, number: int) -> str:
    """How messages name a session: its id, else its place in the list."""
    raw_id = entry.get("id") if isinstance(entry, dict) else None
    return str(raw_id) if raw_id else f"sessions[{number}]"


def schedule_files(root: Path) -> list[Path]:
    folder = root / SCHEDULES_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if is_schedule_file(root, p) and p.is_file())


def is_schedule_file(root: Path, path: Path) -> bool:
    """A file a build reads as a schedule: a YAML file in content/schedules/, not hidden."""
    folder = root / SCHEDULES_DIR
    return (path.suffix in SCHEDULE_SUFFIXES and path.is_relative_to(folder)
            and not any(part.startswith(".") for part in path.relative_to(folder).parts))


def read_schedules(root: Path, config: SiteConfig, problems: Problems,
                   store: Store | None = None) -> tuple[SessionRecord, ...]:
    """Every session record of every schedule file, in file order. Ids are unique. Each file's
    records are kept in ``store`` by the digest of its bytes."""
    records: list[SessionRecord] = []
    seen: dict[str, str] = {}
    guard = FolderGuard(root)
    for path in schedule_files(root):
        records += unique_ids(read_schedule_file(path, guard, config, problems, store), seen, problems)
    return tuple(records)


def read_schedule_file(path: Path, guard: FolderGuard, config: SiteConfig, problems: Problems,
                       store: Store | None = None) -> list[SessionRecord]:
    """The records of one schedule file, kept in ``store`` by the digest of its bytes with what
    reading it said."""
    display = problems.where(path)
    try:
        data = read_bytes(path, guard, display)
    except ContentError as exc:
        problems.extend(exc.problems)
        return []
    store = store or Store(None)
    key = digest("schedule", display, data, config.language_codes, config.timezone)
    result = store.get(key)
    if result is None:
        said = Problems(problems.root)
        result = (read_schedule(data, display, config, said), tuple(said.items))
        store.put(key, result)
    file_records, said_before = result
    problems.extend(list(said_before))
    return list(file_records)


def unique_ids(records: list[SessionRecord], seen: dict[str, str], problems: Problems) -> list[SessionRecord]:
    """The records whose id is not in ``seen`` (id -> where it was first given), which they are
    added to; a repeated id is reported where it is repeated."""
    unique = []
    for record in records:
        if record.id in seen:
            problems.error(record.source, id_used_twice(seen[record.id]), record.line, f"{record.id}.id")
            continue
        seen[record.id] = f"{record.source}:{record.line}"
        unique.append(record)
    return unique


def read_schedule(data: bytes, display: str, config: SiteConfig, problems: Problems) -> list[SessionRecord]:
    """The records of one schedule file: a pure function of its bytes."""
    if not data:
        problems.warning(display, msg("is empty: it holds no sessions; add them under 'sessions:' or delete the "
                                      "file"))
        return []
    try:
        document = parse_yaml(decode_text(data, display), display)
    except ContentError as exc:
        problems.extend(exc.problems)
        return []
    if document is None:
        problems.warning(display, msg("holds no sessions; add them under 'sessions:' or delete the file"))
        return []
    entries = document.get("sessions") if isinstance(document, dict) else None
    if not isinstance(document, dict) or not isinstance(entries, list):
        if document is not None:
            problems.error(display, msg("must hold a list named 'sessions:' with one '- id: …' entry per session"),
                           1, "sessions")
        return []
    for key in document:
        if key != "sessions":
            problems.error(display, s.unknown_field(key, ["sessions"]), line_of(document, key), key)
    return [session_record(entry, number, display, config, problems)
            for number, entry in enumerate(entries, start=1)]


def id_used_twice(other: str) -> Message:
    return msg("the id is used twice (also in {other}); ids must be unique because calendars identify sessions by "
               "them", other=other)


def session_record(entry: Any, number: int, display: str, config: SiteConfig, problems: Problems) -> SessionRecord:
    """One session checked by every rule a session has on its own: the one place these rules live.

    ``entry`` is what YAML gave for it: a :class:`Mapping` whose lines locate the problems, which
    are reported as ``display:line: ID.field: message``. A schedule file and a spreadsheet row
    (``sheets/``, which gives each cell as the value YAML would give for it) both come here."""
    line = entry.line if isinstance(entry, Mapping) else 0
    sid = session_label(entry, number)
    before = len(problems.errors)
    f = s.check(entry, session_spec(config.language_codes, config.timezone, problems, display, sid), problems,
                display, prefix=f"{sid}.")
    lines = _lines(entry)

    def error(field: str, message: Message, at: str | None = None) -> None:
        """Report on ``field`` at the line of ``at`` (the field itself, or the one that requires it)."""
        problems.error(display, message, lines.get(at or field, line), f"{sid}.{field}")

    start, end = f["start"], f["end"]
    registration = f["registration"] or {}
    opens, closes = registration.get("opens"), registration.get("closes")
    if start and end and end <= start:
        error("end", msg("must be after the start"))
    if opens and closes and opens > closes:
        error("registration.opens", msg("must be on or before registration.closes"))
    if closes and start and closes > start.date():
        error("registration.closes", msg("must be on or before the day the session starts"))
    mode: Mode | None = f["mode"]
    if mode is not None:
        if mode.has_venue and not f["venue"]:
            error("venue", msg("is required when mode is {mode} (a key of content/data/venues.yaml)", mode=mode),
                  at="mode")
        if not mode.has_venue and f["venue"]:
            error("venue", msg("an online session has no venue; remove it or set mode: hybrid"))
        if mode.has_platform and not f["online_platform"]:
            error("online_platform", msg("is required when mode is {mode} (for example Zoom)", mode=mode), at="mode")
    if f["quota"] is not None and f["seats_taken"] > f["quota"]:
        error("seats_taken", msg("is {seats}, more than the quota of {quota}", seats=f["seats_taken"],
                                 quota=f["quota"]))
    if f["note"] and f["notes"]:
        error("notes", msg("write the note once, under 'note'"))
    contact = f["contact"]
    return SessionRecord(
        id=f["id"] or sid, course=f["course"], start=start, end=end, timezone=f["timezone"], mode=mode,
        venue=f["venue"], online_platform=f["online_platform"], quota=f["quota"], seats_taken=f["seats_taken"],
        fee=f["fee"], registration_opens=opens, registration_closes=closes, registration_url=registration.get("url"),
        contact=Contact(contact["name"], contact["phone"], contact["whatsapp"], contact["email"]) if contact else None,
        declared_status=f["status"], language=f["language"], sequence=f["sequence"], note=f["note"] or f["notes"],
        source=display, line=line, lines=lines, complete=len(problems.errors) == before,
    )


def _lines(entry: Any, prefix: str = "") -> dict[str, int]:
    """Dotted field name -> line, for messages about fields decided later (course, venue)."""
    if not isinstance(entry, Mapping):
        return {}
    found: dict[str, int] = {}
    for key, value in entry.items():
        found[prefix + key] = entry.line_of(key)
        found.update(_lines(value, f"{prefix}{key}."))
    return found
