"""``export sessions``: the registration desk's sheet, from the site model at a moment.

One row per session (of draft courses too, marked as not published): the course's title and the
venue's name in the language of the messages, dates as real date cells, fees in the rupiah number
format (0 shows as "Gratis"), the seats left and the status computed by the site's own rule
(``sessions.status_at``, through the model) at ``--now``. A title row says what the sheet is and
when; the header is frozen and filtered; columns are wide enough to read. The same rows can be
written as CSV. Everything the sheet holds can be imported again: ``import sessions`` reads titles
and names back to keys and passes over the columns that are only for reading (status now, seats
left, address).
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..formatting import clock, long_date
from ..messages import msg, msg_n
from ..model import Session, Status
from .columns import Column, columns

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

    from ..pipeline import Assembled

# The desk sheet's columns, by field (None: for reading only), in order.
DESK = ("id", "course", "current status", "start", "end", "timezone", "mode", "venue", "venue address",
        "online_platform", "quota", "seats_taken", "seats left", "fee", "registration.opens",
        "registration.closes", "registration.url", "status", "language", "contact.name", "contact.phone",
        "contact.whatsapp", "contact.email")
TITLE_ROWS = 2  # a title and a line under it, then the header


@dataclass(frozen=True)
class Sheet:
    """What a sheet shows: a title, the headers and the rows of values (real dates and numbers)."""

    name: str
    title: str
    subtitle: str
    columns: tuple[Column, ...]
    rows: list[list[Any]]
    language: str


def desk_columns(languages: tuple[str, ...]) -> tuple[Column, ...]:
    by_name = {column.field or column.english: column for column in columns(languages)}
    return tuple(by_name[name] for name in (*DESK, *(f"note.{lang}" for lang in languages)))


def desk_sheet(read: Assembled, language: str, catalog: Catalog | None, statuses: Sequence[Status] = (),
               since: date | None = None) -> Sheet:
    """The desk's rows at the site's moment, filtered by status and by first day."""
    site = read.site
    lang = language if language in site.config.language_codes else site.config.default_language
    chosen = [session for session in site.sessions
              if (not statuses or session.status in statuses) and (since is None or session.start.date() >= since)]
    cols = desk_columns(site.config.language_codes)
    locale = site.config.language(lang).locale
    when = f"{long_date(site.now, locale)} {clock(site.now, locale)} {site.now.tzname()}"
    about = [site.config.title[lang], msg_n("{count} session", "{count} sessions", len(chosen)).translated(catalog)]
    if statuses:
        about.append(msg("status: {statuses}", statuses=", ".join(s.value for s in statuses)).translated(catalog))
    if since:
        about.append(msg("starting from {day}", day=since.isoformat()).translated(catalog))
    what = msg("Sessions").translated(catalog)
    return Sheet(name=f"{what} {site.now.date().isoformat()}"[:31],
                 title=msg("Training sessions: status as of {when}", when=when).translated(catalog),
                 subtitle=" · ".join(about), columns=cols,
                 rows=[[_value(session, column, read, lang, catalog) for column in cols] for session in chosen],
                 language=lang)


def _value(session: Session, column: Column, read: Assembled, lang: str, catalog: Catalog | None) -> Any:
    site = read.site
    name = column.field or column.english
    contact = session.contact
    course = site.course(session.course, lang)
    status = read.strings.get(lang, f"status_{session.status.value}")
    if course and course.draft:
        status += " (" + msg("draft: not published").translated(catalog) + ")"
    values: dict[str, Any] = {
        "id": session.id,
        "course": course.title if course else session.course,
        "current status": status,
        "start": session.start.replace(tzinfo=None), "end": session.end.replace(tzinfo=None),
        "timezone": session.timezone, "mode": session.mode.value,
        "venue": session.venue.name[lang] if session.venue else None,
        "venue address": ", ".join(p for p in (session.venue.address, session.venue.city) if p)
        if session.venue else None,
        "online_platform": session.online_platform, "quota": session.quota, "seats_taken": session.seats_taken,
        "seats left": max(0, session.quota - session.seats_taken) if session.quota is not None else None,
        "fee": session.fee, "registration.opens": session.registration_opens,
        "registration.closes": session.registration_closes, "registration.url": session.registration_url,
        "status": session.declared_status.value, "language": session.language,
        "contact.name": contact.name if contact else None,
        "contact.phone": contact.phone.written if contact and contact.phone else None,
        "contact.whatsapp": contact.whatsapp.written if contact and contact.whatsapp else None,
        "contact.email": contact.email if contact else None,
    }
    if name.startswith("note."):
        return (session.note or {}).get(name.removeprefix("note."))
    return values[name]


def save_atomically(path: Path, write: Any) -> None:
    """``write(file)`` into a temporary file beside ``path``, then moved into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=path.suffix)
    os.close(handle)
    try:
        write(Path(temporary))
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_csv(sheet: Sheet, path: Path) -> None:
    """Semicolons and a byte-order mark, as a spreadsheet program set to Indonesian opens a CSV file
    without asking; dates as 2026-02-10 08:00, which every program reads as a date."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([column.header(sheet.language) for column in sheet.columns])
    for row in sheet.rows:
        writer.writerow([_csv_text(value) for value in row])

    def write(temporary: Path) -> None:
        temporary.write_text("\ufeff" + out.getvalue(), encoding="utf-8", newline="")

    save_atomically(path, write)


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)

