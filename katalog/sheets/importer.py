"""``import sessions``: the office's sheet into the schedule files.

Read the sheet; find its header; check every row by the schedule rules; edit the schedule files
round-trip; prove on a copy of the site that it still builds; only then write, each file atomically.
Every mistake of the sheet is reported in one run, placed by sheet, row and column, and nothing is
written while there is one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..config import CONFIG_FILE, SiteConfig, load_config
from ..content import read_sources
from ..data import load_shared_data
from ..errors import ContentError, Problem, Problems
from ..messages import Message, msg
from ..schedules import SCHEDULES_DIR, schedule_files, session_record
from ..yamlio import Mapping, decode_text, parse_yaml, read_bytes
from .cells import Names
from .columns import Header, columns, find_header, letter, place, read_header
from .read import Table, read_table
from .rows import Existing, RowPlan, SheetProblems, check_rows
from .yamledit import ScheduleText, Unreadable


@dataclass(frozen=True)
class ImportRequest:
    sheet_file: Path
    display: str  # the sheet file as named on the command line
    site_dir: Path
    into: str | None = None  # a schedule file, relative to the site: where new sessions go
    sheet: str | None = None
    dry_run: bool = False
    now: datetime | None = None  # the moment the site is checked for (sessions still to come)


@dataclass
class Outcome:
    """What an import did (or, with --dry-run, would do)."""

    rows: int = 0
    added: list[tuple[str, RowPlan]] = field(default_factory=list)  # (schedule file, row)
    changed: list[tuple[str, RowPlan]] = field(default_factory=list)
    unchanged: list[RowPlan] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def import_sessions(request: ImportRequest) -> Outcome:
    root = request.site_dir.resolve()
    problems = Problems(root)
    config = load_config(root, problems)
    problems.raise_if_errors()
    assert config is not None
    table = read_table(request.sheet_file, request.display, request.sheet)
    known = columns(config.language_codes)
    header_row = find_header(table, known)
    if header_row is None:
        raise ContentError([Problem(table.display, msg(
            "has no header row: the first row must name the columns, like kode angkatan, pelatihan, mulai, selesai, "
            "mode, biaya (export sessions --template writes a sheet to start from)"),
            place=msg("sheet {sheet}", sheet=table.sheet) if table.sheet else None)])
    header, header_problems = read_header(table, header_row, known)
    existing, files = _existing(root, config)
    plans, sheet = check_rows(table, header, config, _names(root, config), existing)
    for where, message in header_problems:
        sheet.header_problem(where, message)
    _unnamed_columns(table, header, sheet)
    if sheet.items:
        raise ContentError(sheet.sorted())
    outcome = Outcome(rows=len(plans))
    edits = _edit(plans, files, request.into, outcome)
    texts = {display: edit.text() for display, edit in edits.items()}
    _prove(root, texts, request.now, plans, sheet)
    outcome.warnings = [Problem(display, msg("has an unusual indentation; the import writes it in the usual layout "
                                             "(comments and order are kept)"))
                        for display, edit in edits.items() if not edit.keeps_layout()]
    if not request.dry_run:
        for display, text in texts.items():
            _write(root / display, text)
            outcome.written.append(display)
    return outcome


def _existing(root: Path, config: SiteConfig) -> tuple[dict[str, Existing], dict[str, str]]:
    """Every session of the schedule files by id (the first, where an id is used twice), and each
    file's text. A file that is not readable YAML stops the import: fix it first."""
    problems = Problems(root)
    sessions: dict[str, Existing] = {}
    texts: dict[str, str] = {}
    for path in schedule_files(root):
        display = problems.where(path)
        try:
            text = decode_text(read_bytes(path, root, display), display)
            document = parse_yaml(text, display)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        texts[display] = text
        entries = document.get("sessions") if isinstance(document, dict) else None
        for number, entry in enumerate(entries if isinstance(entries, list) else [], start=1):
            record = session_record(entry, number, display, config, Problems(root))
            if isinstance(entry, Mapping) and record.id not in sessions:
                sessions[record.id] = Existing(display, entry, record)
    problems.raise_if_errors()
    return sessions, texts


def _names(root: Path, config: SiteConfig) -> Names:
    """Course keys with their titles, venue keys with their names, in every language."""
    quiet = Problems(root)
    courses: dict[str, set[str]] = {}
    for source in read_sources(root, "course", config.language_codes, config.default_language, quiet).sources:
        title = source.meta.get("title")
        courses.setdefault(source.key, set()).update([title] if isinstance(title, str) else [])
    venues = load_shared_data(root, config.language_codes, quiet).venues
    return Names(courses, {key: set(venue.name.values()) for key, venue in venues.items()})


def _unnamed_columns(table: Table, header: Header, sheet: SheetProblems) -> None:
    """A column with values under no header: its values would be lost without a word."""
    reported: set[int] = set()
    for row in table.rows:
        if row.number <= header.row:
            continue
        for number, cell in enumerate(row.cells, start=1):
            if number in header.written or number in reported or cell.value is None or not str(cell.value).strip():
                continue
            reported.add(number)
            sheet.header_problem(place(table, header.row, number, ""), msg(
                "column {column} has values (row {row}) but no header; name it or delete the column",
                column=letter(number), row=row.number), number)


def _edit(plans: list[RowPlan], files: dict[str, str], into: str | None, outcome: Outcome) -> dict[str, ScheduleText]:
    edits: dict[str, ScheduleText] = {}

    def edit(display: str) -> ScheduleText:
        if display not in edits:
            try:
                edits[display] = ScheduleText(files.get(display, ""))
            except Unreadable as error:
                raise ContentError([Problem(display, msg("cannot be edited: {reason}", reason=str(error)))]) from None
        return edits[display]

    for plan in plans:
        if plan.existing is None:
            assert plan.record.start is not None  # a new session without a start has a problem
            target = into or (SCHEDULES_DIR / f"{plan.record.start.year}.yaml").as_posix()
            edit(target).append(plan.fields)
            outcome.added.append((target, plan))
        elif plan.changes:
            schedule = edit(plan.existing.display)
            index = schedule.index_of(plan.session_id)
            assert index is not None
            for change in plan.changes:
                schedule.change(index, change.field, change.after)
            outcome.changed.append((plan.existing.display, plan))
        else:
            outcome.unchanged.append(plan)
    return edits


def _prove(root: Path, texts: dict[str, str], now: datetime | None, plans: list[RowPlan],
           sheet: SheetProblems) -> None:
    """Assemble a copy of the site with the new schedule files, as the build would: a session that
    contradicts its course (an online session of an offline course) or an id used in another file is
    said at its row; nothing is written unless the whole site builds."""
    from ..pipeline import BuildRequest, assemble_site

    with tempfile.TemporaryDirectory(prefix="katalog-import-") as folder:
        copy = Path(folder)
        shutil.copy2(root / CONFIG_FILE, copy / CONFIG_FILE)
        for name in ("content", "templates", "static"):
            if (root / name).is_dir():
                shutil.copytree(root / name, copy / name, symlinks=True)
        for display, text in texts.items():
            (copy / display).parent.mkdir(parents=True, exist_ok=True)
            (copy / display).write_text(text, encoding="utf-8", newline="")
        try:
            assemble_site(BuildRequest(site_dir=copy, now=now, drafts=True, use_cache=False, jobs=0))
        except ContentError as exc:
            rows = {(plan.existing.display if plan.existing else None, plan.session_id): plan.row for plan in plans}
            others = []
            for problem in exc.errors:
                session_id, _, path = (problem.field or "").partition(".")
                row = rows.get((problem.path, session_id)) or rows.get((None, session_id))
                if row is not None:
                    sheet.at(row, path or None, problem.message)
                else:
                    others.append(problem)
            raise ContentError([*sheet.sorted(), *others]) from None


def _write(path: Path, text: str) -> None:
    """Replace a file atomically: a crash leaves the old file or the new one, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise




def report(outcome: Outcome, dry_run: bool) -> list[Message]:
    """What the import did, a line per session added or changed, then the counts."""
    lines: list[Message] = []
    for display, plan in outcome.added:
        lines.append(msg("{file}: added {id} (row {row})", file=display, id=plan.session_id, row=plan.row))
    for display, plan in outcome.changed:
        shown = "; ".join(f"{change.field} {_shown(change.before)} → {_shown(change.after)}" for change in plan.changes)
        lines.append(msg("{file}: changed {id} (row {row}): {changes}", file=display, id=plan.session_id,
                         row=plan.row, changes=shown))
    lines.append(msg("sessions: {added} added, {changed} changed, {unchanged} unchanged", added=len(outcome.added),
                     changed=len(outcome.changed), unchanged=len(outcome.unchanged)))
    if dry_run:
        lines.append(msg("--dry-run: nothing was written"))
    elif outcome.written:
        lines.append(msg("written: {files}", files=", ".join(outcome.written)))
    return lines


def _shown(value: object) -> str:
    """A value in a change line, as a schedule file writes it; a field not written shows as —."""
    if value is None:
        return "—"
    if isinstance(value, dict):
        return " / ".join(f"{key}: {text}" for key, text in value.items())
    return str(getattr(value, "written", value))
