"""Every row of a sheet checked by the schedule rules, its problems placed by sheet, row and column,
and what importing it would add and change.

A row whose id is a session of a schedule file updates that session: the session as the file has it,
with the sheet's columns written over it (an empty cell removes that field), is checked whole, so a
sheet with only ``kode angkatan`` and ``terisi`` can update the seats taken. A row with a new id is a
new session. The rules and their messages are the schedule loader's (``schedules.session_record``)
and the site's (``sessions.check_references``); nothing here judges a value itself.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import SiteConfig
from ..errors import Problem, Problems
from ..messages import Message, msg
from ..model import SessionRecord
from ..schedules import id_used_twice, session_label, session_spec
from ..sessions import check_references
from ..yamlio import Mapping
from .cells import Names, yaml_value
from .columns import Header, Kind, cell_name, place
from .read import Row, Table

EXAMPLE_ID = "contoh-angkatan"  # the id of the template's example row, refused if it is imported


@dataclass(frozen=True)
class Existing:
    """A session already in a schedule file, as the schedule loader read it."""

    display: str  # content/schedules/2027.yaml
    entry: Mapping
    record: SessionRecord


@dataclass(frozen=True)
class Change:
    field: str  # dotted, as in a schedule file
    before: Any  # None: not written
    after: Any  # None: removed


@dataclass
class RowPlan:
    row: int
    session_id: str
    record: SessionRecord
    existing: Existing | None
    fields: dict[str, Any]  # the session's fields after the import, dotted paths -> value as YAML gives it
    changes: list[Change] = field(default_factory=list)


# A fact of a checked session, by the dotted field that holds it: what is compared to tell a change.
FACTS: dict[str, Callable[[SessionRecord], Any]] = {
    "course": lambda r: r.course, "start": lambda r: r.start, "end": lambda r: r.end,
    "timezone": lambda r: r.timezone, "mode": lambda r: r.mode, "venue": lambda r: r.venue,
    "online_platform": lambda r: r.online_platform, "quota": lambda r: r.quota,
    "seats_taken": lambda r: r.seats_taken, "fee": lambda r: r.fee,
    "registration.opens": lambda r: r.registration_opens, "registration.closes": lambda r: r.registration_closes,
    "registration.url": lambda r: r.registration_url,
    "contact.name": lambda r: r.contact.name if r.contact else None,
    "contact.phone": lambda r: r.contact.phone.e164 if r.contact and r.contact.phone else None,
    "contact.whatsapp": lambda r: r.contact.whatsapp.e164 if r.contact and r.contact.whatsapp else None,
    "contact.email": lambda r: r.contact.email if r.contact else None,
    "status": lambda r: r.declared_status, "language": lambda r: r.language, "sequence": lambda r: r.sequence,
    "note": lambda r: r.note,
}
CALENDAR_FACTS = ("start", "end", "timezone", "status")  # a change to these is a new revision for calendars


class SheetProblems:
    """The problems of one sheet, each placed by row and column, at most one per cell."""

    def __init__(self, table: Table, header: Header) -> None:
        self.table, self.header = table, header
        self.items: list[tuple[int, int, Problem]] = []
        self.said: set[tuple[int, str]] = set()

    def at(self, row: int, path: str | None, message: Message) -> None:
        """A problem of the field ``path`` of a row: at its column, or named after the row."""
        if path is not None and (row, path) in self.said:
            return
        if path is not None:
            self.said.add((row, path))
        column = self._column(path)
        if column is not None:
            where = place(self.table, row, column, self.header.written[column])
            self.items.append((row, column, Problem(self.table.display, message, place=where)))
        else:
            self.items.append((row, 0, Problem(self.table.display, message, field=path,
                                               place=place(self.table, row))))

    def header_problem(self, where: Message, message: Message, column: int = 0) -> None:
        self.items.append((self.header.row, column, Problem(self.table.display, message, place=where)))

    def take(self, problems: list[Problem], row: int, prefix: str) -> None:
        """Problems a rule reported for a session (``ID.field``), placed in the row."""
        for problem in problems:
            name = problem.field or ""
            self.at(row, name[len(prefix):] if name.startswith(prefix) else (name or None), problem.message)

    def _column(self, path: str | None) -> int | None:
        if path is None:
            return None
        fields = self.header.fields
        if path in fields:
            return fields[path]
        return next((column for name, column in fields.items() if name.startswith(path + ".")), None)

    def sorted(self) -> list[Problem]:
        return [problem for _row, _column, problem in sorted(self.items, key=lambda item: (item[0], item[1]))]


def check_rows(table: Table, header: Header, config: SiteConfig, names: Names,
               existing: dict[str, Existing]) -> tuple[list[RowPlan], SheetProblems]:
    """Every data row checked; the plan of each row that has no problem."""
    problems = SheetProblems(table, header)
    plans: list[RowPlan] = []
    seen: dict[str, int] = {}
    id_column = header.fields.get("id")
    required = [name for name, spec in session_spec(config.language_codes, config.timezone, Problems(Path()), "",
                                                    "").items() if spec.required]
    missing = [name for name in required if name not in header.fields]
    lacking: list[int] = []  # rows of new sessions, which need every required column
    for row in table.rows:
        if row.number <= header.row or row.blank:
            continue
        values = _values(table, header, row, names, problems)
        session_id = str(values.get("id") or "")
        old = existing.get(session_id)
        if session_id and session_id in seen and id_column is not None:
            problems.at(row.number, "id", id_used_twice(cell_name(table, seen[session_id], id_column)))
        seen.setdefault(session_id, row.number)
        if session_id == EXAMPLE_ID:
            problems.at(row.number, "id", msg("is the template's example row; write your own session over it, or "
                                              "delete the row"))
        if old is None and missing:
            lacking.append(row.number)
            for name in missing:
                problems.said.add((row.number, name))  # said once, for every row, with the header
        fields = _merged(old.entry if old else None, values, config.language_codes)
        said = Problems(Path())
        record = _check(fields, row.number, config, said)
        label = session_label(fields, row.number)
        problems.take(said.errors, row.number, f"{label}.")
        references = Problems(Path())
        check_references(record, names.venues, names.courses, references,
                         names=[*names.words(Kind.COURSE), *names.words(Kind.VENUE)])
        problems.take(references.errors, row.number, f"{record.id}.")
        plans.append(RowPlan(row.number, record.id, record, old, _written(_flat(fields), record)))
    if lacking:
        problems.header_problem(place(table, header.row), msg(
            "the columns {columns} are missing; a new session needs them (rows {rows})",
            columns=", ".join(_header_names(missing, config.default_language)),
            rows=", ".join(str(number) for number in lacking)))
    bad_rows = {row for row, _column, _problem in problems.items}
    for plan in plans:
        if plan.row not in bad_rows:
            plan.changes = _changes(plan)
    return [plan for plan in plans if plan.row not in bad_rows], problems


def _values(table: Table, header: Header, row: Row, names: Names, problems: SheetProblems) -> dict[str, Any]:
    """Field -> the value YAML would give for the row's cell, for every column imported."""
    values: dict[str, Any] = {}
    for number, column in header.by_column.items():
        if column.field is None:
            continue
        value = yaml_value(row.cell(number), column.kind, table.epoch)
        if column.kind in (Kind.COURSE, Kind.VENUE) and value is not None:
            key, problem = (names.course if column.kind is Kind.COURSE else names.venue)(str(value))
            if problem is not None:
                problems.at(row.number, column.field, problem)
            value = key
        values[column.field] = value
    return values


def _merged(old: Mapping | None, values: dict[str, Any], languages: tuple[str, ...]) -> dict[str, Any]:
    """The session after the import: the file's session (or nothing) with the row's cells written over
    it; an empty cell removes its field, and a group left empty goes with it."""
    fields: dict[str, Any] = copy.deepcopy(dict(old)) if old is not None else {}
    for path, value in values.items():
        if old is None and value is None:
            continue
        if path == "note" or path.startswith("note."):
            fields.pop("notes", None)  # the note's older name: one note, under 'note'
        *groups, name = path.split(".")
        holder = fields
        for group in groups:
            inner = holder.get(group)
            if group == "note" and inner is not None and not isinstance(inner, dict):
                inner = {lang: inner for lang in languages}  # one text for every language: now one each
            holder[group] = dict(inner) if isinstance(inner, dict) else {}
            holder = holder[group]
        if value is None:
            holder.pop(name, None)
        else:
            holder[name] = value
    for group in ("registration", "contact", "note"):
        if fields.get(group) == {}:
            del fields[group]
    return fields


def _check(fields: dict[str, Any], row: int, config: SiteConfig, problems: Problems) -> SessionRecord:
    """The schedule loader's own check, of the session as a YAML mapping whose every line is the row."""
    from ..schedules import session_record

    return session_record(_mapping(fields, row), row, "", config, problems)


def _mapping(value: Any, row: int) -> Any:
    if not isinstance(value, dict):
        return value
    mapping = Mapping({key: _mapping(item, row) for key, item in value.items()})
    mapping.line = row
    mapping.key_lines = {key: row for key in value}
    return mapping


def _flat(fields: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Dotted path -> value; a note stays whole."""
    flat: dict[str, Any] = {}
    for key, value in fields.items():
        if isinstance(value, dict) and key != "note":
            flat.update(_flat(value, f"{prefix}{key}."))
        else:
            flat[prefix + key] = value
    return flat


WHOLE_NUMBERS = ("quota", "seats_taken", "fee", "sequence")


def _written(fields: dict[str, Any], record: SessionRecord) -> dict[str, Any]:
    """Whole numbers as numbers: a CSV cell "150000", which the fee rule accepts, is written 150000."""
    return {path: getattr(record, path) if path in WHOLE_NUMBERS and isinstance(getattr(record, path), int)
            else value for path, value in fields.items()}


def _changes(plan: RowPlan) -> list[Change]:
    """What the import writes: every field of a new session; of a session updated, each field whose
    fact differs (a phone written another way, the default time zone written out, are left as they are)."""
    if plan.existing is None:
        return [Change(path, None, value) for path, value in plan.fields.items()]
    before = _flat(dict(plan.existing.entry))
    old = plan.existing.record
    changes = []
    for path, fact in FACTS.items():
        if fact(old) != fact(plan.record):
            changes.append(Change(path, before.get(path), plan.fields.get(path)))
    if "notes" in before and "notes" not in plan.fields:
        changes.append(Change("notes", before["notes"], None))
    if any(change.field in CALENDAR_FACTS for change in changes) and \
            not any(change.field == "sequence" for change in changes):
        changes.append(Change("sequence", before.get("sequence"), old.sequence + 1))
    return changes


def _header_names(fields: list[str], language: str) -> list[str]:
    from .columns import columns

    by_field = {column.field: column for column in columns(())}
    return [by_field[name].header(language) if name in by_field else name for name in fields]
