"""The command line: build, check, serve, new, import, export. Maps problems to exit codes.

Exit 0 on success, 1 on content errors, 2 on a wrong command line (or a busy --port). A Python traceback is
shown only for a bug in the program, and only with --debug. Messages are in the language the
site's config asks for (``build.messages``), else English; ``--messages`` or KATALOG_MESSAGES
overrides it.

Run as ``python build.py`` in a checkout or as ``katalog`` once the package is installed.
A build ends with a short summary; ``--quiet`` prints only problems (for logs); on a terminal a
build that takes longer than a second shows a progress bar of its stages.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from datetime import date, datetime
from pathlib import Path
from types import TracebackType

from babel.messages.catalog import Catalog
from babel.numbers import format_decimal

from .errors import CommandLineError, ContentError, Problem
from .messages import LANGUAGES, Message, load_catalog, msg, msg_n
from .model import Status
from .pipeline import PROJECT_ROOT, STAGES, BuildRequest, BuildResult, build, check

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 70  # argparse itself exits 2 on a wrong command line


def _moment(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{value}' is not an ISO-8601 moment such as 2026-06-15T09:00+07:00") from None
    return moment


def _base_url(value: str) -> str:
    from .config import parse_base_url
    from .schema import Invalid

    try:
        return parse_base_url(value)
    except Invalid as exc:
        raise argparse.ArgumentTypeError(str(exc.message)) from None


def default_site() -> Path:
    """The project's own site in a checkout; the current folder for an installed tool, whose
    package holds only the default templates and static files."""
    return PROJECT_ROOT if (PROJECT_ROOT / "site_config.yaml").is_file() else Path.cwd()


def parser() -> argparse.ArgumentParser:
    # prog from argv[0]: `build.py` in a checkout, `katalog` when installed.
    root = argparse.ArgumentParser(description="Katalog Pelatihan: build the training catalogue site.")
    root.add_argument("--debug", action="store_true", help="show Python tracebacks for program errors")
    root.add_argument("--messages", choices=LANGUAGES,
                      help="language of messages: en or id (default: KATALOG_MESSAGES, else build.messages in "
                           "site_config.yaml, else en)")
    # The same two options after the command (`build --messages id`); given there, they win.
    anywhere = argparse.ArgumentParser(add_help=False)
    anywhere.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    anywhere.add_argument("--messages", choices=LANGUAGES, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def site_option(command: argparse.ArgumentParser) -> None:
        command.add_argument("--site", type=Path, default=default_site(),
                             help="folder with site_config.yaml and content/ (default: the project in a "
                                  "checkout, else the current folder)")

    def engine_options(command: argparse.ArgumentParser) -> None:
        command.add_argument("--no-cache", action="store_true",
                             help="neither use nor keep the build cache (.katalog-cache/): a clean build")
        command.add_argument("--jobs", type=int, help="processes to render with (default: one per core)")
        command.add_argument("--quiet", action="store_true",
                             help="print only problems (warnings and errors), not the summary: for logs")

    b = commands.add_parser("build", help="build the whole site into the output folder", parents=[anywhere])
    site_option(b)
    b.add_argument("--output", type=Path, help="output folder (default: build.output of site_config.yaml)")
    b.add_argument("--base-url", type=_base_url, help="public address of the site, overriding site_config.yaml")
    b.add_argument("--now", type=_moment, help="moment session statuses are computed for (ISO-8601)")
    b.add_argument("--strict", action="store_true", help="treat warnings as errors")
    b.add_argument("--drafts", action="store_true", help="include courses and pages marked draft")
    b.add_argument("--timings", action="store_true", help="after the summary, the seconds each stage took")
    engine_options(b)

    c = commands.add_parser("check", help="validate everything, drafts included, and report, without writing",
                            parents=[anywhere])
    site_option(c)
    c.add_argument("--now", type=_moment, help="moment session statuses are computed for (ISO-8601)")
    c.add_argument("--strict", action="store_true", help="treat warnings as errors")
    engine_options(c)

    s = commands.add_parser("serve", help="preview the site, drafts included, reloading on every save",
                            parents=[anywhere])
    site_option(s)
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000, help="port to serve on (0: any free one)")
    s.add_argument("--now", type=_moment, help="a fixed moment for statuses (default: the clock, kept current)")

    n = commands.add_parser("new", help="scaffold new content", parents=[anywhere])
    n.add_argument("kind", choices=["course"], help="what to create")
    n.add_argument("title", help="the title in the default language, in quotes")
    site_option(n)

    i = commands.add_parser("import", help="read sessions from the office's sheet (.xlsx or .csv) into the "
                                           "schedule files, every row checked", parents=[anywhere])
    i.add_argument("kind", choices=["sessions"], help="what to import")
    i.add_argument("file", type=Path, help="the sheet: an .xlsx workbook or a .csv file")
    i.add_argument("--into", help="schedule file for new sessions, like content/schedules/2027.yaml (default: the "
                                  "file of the year each starts in)")
    i.add_argument("--sheet", help="the sheet of the workbook to read (default: the first)")
    i.add_argument("--dry-run", action="store_true", help="say what would be added and changed; write nothing")
    i.add_argument("--now", type=_moment, help="moment the site is checked for (ISO-8601)")
    site_option(i)

    e = commands.add_parser("export", help="write the registration desk's sheet (.xlsx or .csv), or with "
                                           "--template an empty sheet to fill in", parents=[anywhere])
    e.add_argument("kind", choices=["sessions"], help="what to export")
    e.add_argument("--output", type=Path, help="the file to write, .xlsx or .csv (default: angkatan-DATE.xlsx, "
                                               "or templat-angkatan.xlsx)")
    e.add_argument("--status", type=_statuses, default=(),
                   help="only sessions with these statuses at --now, separated by commas (open,closing-soon)")
    e.add_argument("--from", dest="since", type=_day, help="only sessions starting on or after this day (YYYY-MM-DD)")
    e.add_argument("--template", action="store_true",
                   help="an empty sheet with an example row and drop-down lists, to fill in and import")
    e.add_argument("--now", type=_moment, help="moment session statuses are computed for (ISO-8601)")
    site_option(e)
    return root


def _statuses(value: str) -> tuple[Status, ...]:
    words = [word.strip() for word in value.split(",") if word.strip()]
    unknown = [word for word in words if word not in {status.value for status in Status}]
    if unknown or not words:
        raise argparse.ArgumentTypeError(f"'{value}' is not a list of statuses; use "
                                         f"{', '.join(status.value for status in Status)}")
    return tuple(Status(word) for word in words)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a day written as YYYY-MM-DD") from None


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.messages = message_language(args.messages, args.site)
    catalog = load_catalog(args.messages)
    say = _Printer(catalog, quiet=getattr(args, "quiet", False))
    try:
        return _run(args, say)
    except ContentError as exc:
        say.problems(exc.problems)
        counts = {"errors": len(exc.errors), "warnings": len(exc.warnings)}
        if not exc.errors and getattr(args, "strict", False):
            say.error(msg("warnings: {warnings}; --strict refuses warnings, so nothing was published and the "
                          "previous site is unchanged.", warnings=counts["warnings"]) if args.command == "build"
                      else msg("warnings: {warnings}; --strict refuses warnings.", warnings=counts["warnings"]))
        elif args.command == "build":
            say.error(msg("errors: {errors}, warnings: {warnings}; nothing was published, the previous site is "
                          "unchanged.", **counts))
        elif args.command == "import":
            say.error(msg("errors: {errors}; nothing was written, the schedule files are unchanged.", **counts))
        else:
            say.error(msg("errors: {errors}, warnings: {warnings}.", **counts))
        return EXIT_CONTENT
    except CommandLineError as exc:
        print(f"{exc.option}: {exc.message.translated(say.catalog)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        say.error(msg("stopped; the previous site is unchanged"))
        return 130
    except Exception:  # a bug in the program, not in the content
        if args.debug:
            traceback.print_exc()
        else:
            say.error(msg("internal error: this is a bug in Katalog Pelatihan, not in your content. "
                          "Run again with --debug and report what it prints."))
        return EXIT_BUG


def message_language(chosen: str | None, site: Path) -> str:
    """The command line's choice, else the environment's, else the site's own, else English."""
    from .config import preferred_messages

    named = os.environ.get("KATALOG_MESSAGES")
    return chosen or (named if named in LANGUAGES else None) or preferred_messages(site) or "en"


class _Printer:
    """Prints messages in the chosen language: results to stdout, problems to stderr; with
    --quiet, problems only."""

    def __init__(self, catalog: Catalog | None, quiet: bool = False) -> None:
        self.catalog = catalog
        self.quiet = quiet

    def info(self, message: Message, indent: str = "") -> None:
        if not self.quiet:
            print(indent + message.translated(self.catalog))

    def error(self, message: Message) -> None:
        print(message.translated(self.catalog), file=sys.stderr)

    def problems(self, problems: list[Problem]) -> None:
        for problem in problems:
            print(problem.render(self.catalog), file=sys.stderr)


def _run(args: argparse.Namespace, say: _Printer) -> int:
    if args.command == "build":
        began = time.perf_counter()
        with _Progress(say.catalog, shown=not args.quiet and _on_a_terminal()) as progress:
            request = BuildRequest(site_dir=args.site, output=args.output, base_url=args.base_url, now=args.now,
                                   strict=args.strict, drafts=args.drafts, use_cache=not args.no_cache,
                                   jobs=args.jobs, progress=progress.stage)
            result = build(request)
        say.problems(list(result.warnings))
        for number, line in enumerate(summary(result, time.perf_counter() - began, args.messages, say.catalog)):
            say.info(line, indent="  " if number else "")
        if args.timings:
            for line in timings(result, args.messages, say.catalog):
                say.info(line, indent="  ")
        return EXIT_OK
    if args.command == "check":
        from .report import missing_translations

        # Drafts are checked too: an editor wants to hear about a mistake before publishing.
        request = BuildRequest(site_dir=args.site, now=args.now, strict=args.strict, drafts=True,
                               use_cache=not args.no_cache, jobs=args.jobs)
        warnings = check(request)
        say.problems(warnings)
        missing = missing_translations(request)
        for line in missing:
            say.info(line)
        if not missing:
            say.info(msg("every course and page exists in every language"))
        say.info(msg_n("check passed with {count} warning", "check passed with {count} warnings", len(warnings)))
        return EXIT_OK
    if args.command == "serve":
        from .serve import serve

        return serve(args.site, args.host, args.port, say.catalog, now=args.now)
    if args.command == "new":
        from .scaffold import new_course

        for path in new_course(args.site, args.title):
            say.info(msg("created {path}", path=path.relative_to(args.site.resolve()).as_posix()))
        return EXIT_OK
    if args.command == "import":
        return _import(args, say)
    if args.command == "export":
        return _export(args, say)
    raise AssertionError(args.command)


def _import(args: argparse.Namespace, say: _Printer) -> int:
    from .sheets.importer import ImportRequest, import_sessions, report

    into = _schedule_file(args.site, args.into) if args.into else None
    outcome = import_sessions(ImportRequest(sheet_file=args.file, display=str(args.file), site_dir=args.site,
                                            into=into, sheet=args.sheet, dry_run=args.dry_run, now=args.now))
    say.problems(outcome.warnings)
    for line in report(outcome, args.dry_run):
        say.info(line)
    return EXIT_OK


def _schedule_file(site: Path, into: str) -> str:
    """--into as the site names it (content/schedules/NAME.yaml), or a command-line error."""
    from .schedules import SCHEDULE_SUFFIXES, SCHEDULES_DIR

    root = site.resolve()
    path = Path(into) if Path(into).is_absolute() else root / into
    folder = (root / SCHEDULES_DIR).resolve()
    resolved = path.resolve()
    if resolved.suffix not in SCHEDULE_SUFFIXES or not resolved.is_relative_to(folder) or resolved == folder:
        raise CommandLineError("--into", msg("'{value}' must be a .yaml file under content/schedules/ of the site, "
                                             "like content/schedules/2027.yaml", value=into))
    return resolved.relative_to(root).as_posix()


def _export(args: argparse.Namespace, say: _Printer) -> int:
    from .pipeline import BuildRequest, assemble_site
    from .sheets.export import desk_sheet, write_csv
    from .sheets.workbook import write_desk, write_template

    # Drafts too: every session of the schedule files is on the desk's sheet, the unpublished ones marked.
    read = assemble_site(BuildRequest(site_dir=args.site, now=args.now, drafts=True))
    default = ("templat-angkatan" if args.template else f"angkatan-{read.site.now.date().isoformat()}") \
        if args.messages == "id" else ("sessions-template" if args.template else
                                       f"sessions-{read.site.now.date().isoformat()}")
    output: Path = args.output or Path(default + ".xlsx")
    if output.suffix.lower() not in (".xlsx", ".csv"):
        raise CommandLineError("--output", msg("'{value}' must end in .xlsx (a workbook) or .csv", value=str(output)))
    if args.template:
        if output.suffix.lower() == ".csv":
            raise CommandLineError("--output", msg("a template has drop-down lists, which only a workbook holds; "
                                                   "name it .xlsx"))
        write_template(read, args.messages, say.catalog, output)
        say.info(msg("written: {path} (a template to fill in)", path=str(output)))
        return EXIT_OK
    sheet = desk_sheet(read, args.messages, say.catalog, args.status, args.since)
    (write_csv if output.suffix.lower() == ".csv" else write_desk)(sheet, output)
    say.info(msg_n("written: {path} ({count} session)", "written: {path} ({count} sessions)", len(sheet.rows),
                   path=str(output)))
    return EXIT_OK


GONE_SHOWN = 5  # addresses of pages gone that the summary lists

# How the summary names each status: the published token in English, a word in Indonesian.
STATUS_WORDS = {Status.CANCELLED: msg("cancelled"), Status.POSTPONED: msg("postponed"), Status.PAST: msg("past"),
                Status.RUNNING: msg("running"), Status.FULL: msg("full"), Status.CLOSED: msg("closed"),
                Status.NOT_YET_OPEN: msg("not-yet-open"), Status.CLOSING_SOON: msg("closing-soon"),
                Status.OPEN: msg("open")}


def summary(result: BuildResult, seconds: float, language: str, catalog: Catalog | None = None) -> list[Message]:
    """What a build did, in a few lines: pages per language, courses, sessions by status,
    warnings, the output's size and the time it took."""
    if result.unchanged:
        head = msg("nothing changed since the last build: {output} is up to date ({pages} pages, {files} files)",
                   output=result.output, pages=result.pages, files=result.files)
    else:
        head = msg("built {pages} pages ({files} files in all) into {output}; {written} written, {linked} "
                   "carried over unchanged", pages=result.pages, files=result.files, output=result.output,
                   written=result.written, linked=result.linked)
    pages = ", ".join(f"{count} {lang}" for lang, count in result.pages_by_language.items())
    # Most telling first: the reverse of the precedence of statuses (model.Status), by their tokens.
    by_status = ", ".join(f"{result.sessions_by_status[s.value]} {STATUS_WORDS[s].translated(catalog)}"
                          for s in reversed(Status) if result.sessions_by_status.get(s.value))
    total = sum(result.sessions_by_status.values())

    def decimal(value: float) -> str:
        return format_decimal(value, format="#,##0.0" if value >= 1 else "0.00", locale=language)

    return [head,
            msg("pages: {pages} · courses: {courses} · warnings: {warnings} · output: {size} MB · time: {seconds} s",
                pages=pages or "0", courses=result.courses, warnings=len(result.warnings),
                size=decimal(result.size / 1_000_000), seconds=decimal(seconds)),
            msg("sessions: {count} ({statuses})", count=total, statuses=by_status) if by_status
            else msg("sessions: none"),
            *result.notes,
            *([msg_n("{count} page of the previous build is gone; its address no longer works: {pages}",
                     "{count} pages of the previous build are gone; their addresses no longer work: {pages}",
                     len(result.gone), pages=", ".join(result.gone[:GONE_SHOWN]) + (" …" if len(result.gone) >
                                                                                  GONE_SHOWN else ""))]
              if result.gone else [])]


def timings(result: BuildResult, language: str, catalog: Catalog | None) -> list[Message]:
    """The seconds of each stage the build went through (for `build --timings` and the benchmark),
    the search index with the languages it was made again for."""
    lines = []
    for name, seconds in result.stopwatch.seconds.items():
        said = format_decimal(seconds, format="0.00", locale=language)
        stage = STAGES[name].translated(catalog) if name in STAGES else name
        if name == "search index":
            lines.append(msg("time, {stage}: {seconds} s (made again: {languages})", stage=stage, seconds=said,
                             languages=", ".join(result.reindexed) or "-"))
        else:
            lines.append(msg("time, {stage}: {seconds} s", stage=stage, seconds=said))
    made = {"kept": msg("the site model: kept from the previous build as it was"),
            "patched": msg("the site model: kept from the previous build, with the texts saved since"),
            "rescheduled": msg("the site model: kept from the previous build, with the schedules saved since"),
            "assembled": msg("the site model: read and assembled anew")}
    return lines + ([made[result.model_from]] if result.model_from in made else [])


def _on_a_terminal() -> bool:
    """A person is watching: both streams are a terminal (not a log file or a pipe)."""
    return sys.stdout.isatty() and sys.stderr.isatty()


BAR_DELAY = 1.0  # seconds a build runs before its progress bar appears


class _Progress:
    """A progress bar of a build's stages on stderr (tqdm): drawn only once the build has taken
    a second (tqdm's ``delay``), cleared when it ends, never drawn when not ``shown``."""

    def __init__(self, catalog: Catalog | None, shown: bool) -> None:
        from tqdm import tqdm

        self.catalog = catalog
        self.names = list(STAGES)
        # No monitor thread: the build forks worker processes, which should not inherit a thread.
        tqdm.monitor_interval = 0
        self.bar = tqdm(total=len(self.names), disable=not shown, delay=BAR_DELAY, leave=False, file=sys.stderr,
                        bar_format="{desc}: {percentage:3.0f}%|{bar}| {elapsed}", dynamic_ncols=True)

    def stage(self, name: str) -> None:
        label = STAGES.get(name)
        self.bar.set_description_str(label.translated(self.catalog) if label else name, refresh=False)
        done = self.names.index(name) if name in self.names else self.bar.n
        self.bar.update(max(0, done - self.bar.n))  # also draws the bar, once the delay has passed

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.bar.close()  # clears the line, so that messages start on a clean one
