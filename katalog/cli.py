"""The command line: build, check, serve, new. Maps problems to exit codes.

Exit 0 on success, 1 on content errors, 2 on a wrong command line. A Python traceback is
shown only for a bug in the program, and only with --debug. Messages are in English, or in
Indonesian with ``--messages id`` (or KATALOG_MESSAGES=id in the environment).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from datetime import datetime
from pathlib import Path

from babel.messages.catalog import Catalog

from .errors import ContentError, Problem
from .messages import LANGUAGES, Message, load_catalog, msg
from .pipeline import PROJECT_ROOT, BuildRequest, build, check

EXIT_OK, EXIT_CONTENT, EXIT_BUG = 0, 1, 70  # argparse itself exits 2 on a wrong command line


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


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="build.py", description="Katalog Pelatihan: build the training catalogue site.")
    root.add_argument("--debug", action="store_true", help="show Python tracebacks for program errors")
    root.add_argument("--messages", choices=LANGUAGES, default=os.environ.get("KATALOG_MESSAGES", "en"),
                      help="language of messages: en (default) or id; also KATALOG_MESSAGES")
    # The same two options after the command (`build --messages id`); given there, they win.
    anywhere = argparse.ArgumentParser(add_help=False)
    anywhere.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    anywhere.add_argument("--messages", choices=LANGUAGES, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def site_option(command: argparse.ArgumentParser) -> None:
        command.add_argument("--site", type=Path, default=PROJECT_ROOT,
                             help="folder with site_config.yaml and content/ (default: the project)")

    def engine_options(command: argparse.ArgumentParser) -> None:
        command.add_argument("--no-cache", action="store_true",
                             help="neither use nor keep the build cache (.katalog-cache/): a clean build")
        command.add_argument("--jobs", type=int, help="processes to render with (default: one per core)")

    b = commands.add_parser("build", help="build the whole site into the output folder", parents=[anywhere])
    site_option(b)
    b.add_argument("--output", type=Path, help="output folder (default: build.output of site_config.yaml)")
    b.add_argument("--base-url", type=_base_url, help="public address of the site, overriding site_config.yaml")
    b.add_argument("--now", type=_moment, help="moment session statuses are computed for (ISO-8601)")
    b.add_argument("--strict", action="store_true", help="treat warnings as errors")
    b.add_argument("--drafts", action="store_true", help="include courses and pages marked draft")
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
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    catalog = load_catalog(args.messages)
    say = _Printer(catalog)
    try:
        return _run(args, say)
    except ContentError as exc:
        say.problems(exc.problems)
        counts = {"errors": len(exc.errors), "warnings": len(exc.warnings)}
        if args.command == "build":
            say.error(msg("errors: {errors}, warnings: {warnings}; nothing was published, the previous site is "
                          "unchanged.", **counts))
        else:
            say.error(msg("errors: {errors}, warnings: {warnings}.", **counts))
        return EXIT_CONTENT
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


class _Printer:
    """Prints messages in the chosen language: results to stdout, problems to stderr."""

    def __init__(self, catalog: Catalog | None) -> None:
        self.catalog = catalog

    def info(self, message: Message) -> None:
        print(message.translated(self.catalog))

    def error(self, message: Message) -> None:
        print(message.translated(self.catalog), file=sys.stderr)

    def problems(self, problems: list[Problem]) -> None:
        for problem in problems:
            print(problem.render(self.catalog), file=sys.stderr)


def _run(args: argparse.Namespace, say: _Printer) -> int:
    if args.command == "build":
        request = BuildRequest(site_dir=args.site, output=args.output, base_url=args.base_url, now=args.now,
                               strict=args.strict, drafts=args.drafts, use_cache=not args.no_cache, jobs=args.jobs)
        result = build(request)
        say.problems(list(result.warnings))
        if result.unchanged:
            say.info(msg("nothing changed since the last build: {output} is up to date ({pages} pages, {files} files)",
                         output=result.output, pages=result.pages, files=result.files))
        else:
            say.info(msg("built {pages} pages ({files} files in all) into {output}; {written} written, {linked} "
                         "carried over unchanged", pages=result.pages, files=result.files, output=result.output,
                         written=result.written, linked=result.linked))
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
        say.info(msg("check passed with {count} warning(s)", count=len(warnings)))
        return EXIT_OK
    if args.command == "serve":
        from .serve import serve

        return serve(args.site, args.host, args.port, say.catalog, now=args.now)
    if args.command == "new":
        from .scaffold import new_course

        for path in new_course(args.site, args.title):
            say.info(msg("created {path}", path=path))
        return EXIT_OK
    raise AssertionError(args.command)
