"""The command line: build, check, serve, new. Maps problems to exit codes.

Exit 0 on success, 1 on content errors, 2 on a wrong command line. A Python traceback is
shown only for a bug in the program, and only with --debug.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from datetime import datetime
from pathlib import Path

from .errors import ContentError, Problem
from .pipeline import PROJECT_ROOT, BuildRequest, build, check
from .write import OutputError

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def _moment(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{value}' is not an ISO-8601 moment such as 2026-06-15T09:00+07:00") from None
    return moment


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="build.py", description="Katalog Pelatihan: build the training catalogue site.")
    root.add_argument("--debug", action="store_true", help="show Python tracebacks for program errors")
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def site_option(command: argparse.ArgumentParser) -> None:
        command.add_argument("--site", type=Path, default=PROJECT_ROOT,
                             help="folder with site_config.yaml and content/ (default: the project)")

    b = commands.add_parser("build", help="build the whole site into the output folder")
    site_option(b)
    b.add_argument("--output", type=Path, help="output folder (default: build.output of site_config.yaml)")
    b.add_argument("--base-url", help="public address of the site, overriding site_config.yaml")
    b.add_argument("--now", type=_moment, help="moment session statuses are computed for (ISO-8601)")
    b.add_argument("--strict", action="store_true", help="treat warnings as errors")
    b.add_argument("--drafts", action="store_true", help="include courses and pages marked draft")

    c = commands.add_parser("check", help="validate everything and report, without writing the site")
    site_option(c)
    c.add_argument("--now", type=_moment, help="moment session statuses are computed for (ISO-8601)")
    c.add_argument("--strict", action="store_true", help="treat warnings as errors")

    s = commands.add_parser("serve", help="preview the site with live reload")
    site_option(s)
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--drafts", action="store_true", help="include drafts (default for preview: no)")

    n = commands.add_parser("new", help="scaffold new content")
    n.add_argument("kind", choices=["course"], help="what to create")
    n.add_argument("title", help="the title in the default language, in quotes")
    site_option(n)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return _run(args)
    except ContentError as exc:
        _print_problems(exc.problems)
        count = len(exc.problems)
        building = args.command in ("build", "serve")
        outcome = "; nothing was published, the previous site is unchanged" if building else ""
        print(f"\n{count} problem(s){outcome}.", file=sys.stderr)
        return EXIT_CONTENT
    except OutputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    except KeyboardInterrupt:
        print("stopped; the previous site is unchanged", file=sys.stderr)
        return 130
    except Exception:
        if args.debug:
            traceback.print_exc()
        else:
            print("internal error: this is a bug in Katalog Pelatihan, not in your content. "
                  "Run again with --debug and report what it prints.", file=sys.stderr)
        return 70


def _run(args: argparse.Namespace) -> int:
    if args.command == "build":
        request = BuildRequest(site_dir=args.site, output=args.output, base_url=args.base_url, now=args.now,
                               strict=args.strict, drafts=args.drafts)
        outputs = build(request)
        _print_problems(list(outputs.warnings))
        out = request.output or (args.site / outputs.site.config.build.output)
        print(f"built {len(outputs.pages)} pages and {len(outputs.artifacts)} other files into {out}")
        return EXIT_OK
    if args.command == "check":
        from .report import translation_report

        request = BuildRequest(site_dir=args.site, now=args.now, strict=args.strict)
        warnings = check(request)
        _print_problems(warnings)
        for line in translation_report(request):
            print(line)
        print(f"check passed with {len(warnings)} warning(s)")
        return EXIT_OK
    if args.command == "serve":
        from .serve import serve

        return serve(args.site, args.host, args.port, args.drafts)
    if args.command == "new":
        from .scaffold import new_course

        for path in new_course(args.site, args.title):
            print(f"created {path}")
        return EXIT_OK
    raise AssertionError(args.command)


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)
