"""The only place that knows the order of the stages:

configuration -> content, data and schedules (validated) -> site model -> rendering -> atomic write.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .assemble import Site, assemble
from .assets import Assets, collect_assets
from .config import CONFIG_FILE, SiteConfig, load_config
from .content import SourceSet, read_sources
from .data import data_files, load_shared_data
from .documents import build_documents, check_unique_urls
from .errors import ContentError, Problem, Problems
from .i18n import Strings, load_strings
from .inventory import report_unread
from .linkcheck import report_broken_links
from .messages import msg
from .model import Artifact, Document, SessionRecord, SharedData
from .outputs import atom, ical, search, sitemap
from .render import Renderer, RenderError, make_environment
from .schedules import read_schedules, schedule_files
from .write import copy_file, discard, prepare_temporary, publish, write_file

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class BuildRequest:
    site_dir: Path = PROJECT_ROOT
    output: Path | None = None
    base_url: str | None = None
    now: datetime | None = None
    strict: bool = False
    drafts: bool = False


@dataclass
class Stopwatch:
    """Seconds spent in each stage of one build, for the benchmark and `--verbose`-style reports."""

    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        began = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - began


@dataclass(frozen=True)
class Outputs:
    """Everything a build would write, in memory: HTML pages and other files."""

    site: Site
    pages: dict[str, str] = field(default_factory=dict)  # site path -> HTML
    artifacts: tuple[Artifact, ...] = ()
    warnings: tuple[Problem, ...] = ()
    stopwatch: Stopwatch = field(default_factory=Stopwatch)


def default_now(tz: str) -> datetime:
    """SOURCE_DATE_EPOCH (reproducible builds) or the clock, in the site's time zone."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return datetime.now(UTC).astimezone(ZoneInfo(tz))
    if not epoch.strip().isdigit():
        raise ContentError([Problem("SOURCE_DATE_EPOCH", msg("'{value}' must be a whole number of seconds since "
                                                             "1970-01-01 UTC", value=epoch))])
    return datetime.fromtimestamp(int(epoch), UTC).astimezone(ZoneInfo(tz))


def layers(site_dir: Path) -> list[Path]:
    """Folders whose templates/ and static/ apply, the project's first, the site's last."""
    site_dir = site_dir.resolve()
    return [PROJECT_ROOT] if site_dir == PROJECT_ROOT else [PROJECT_ROOT, site_dir]


@dataclass(frozen=True)
class Inputs:
    """Everything read from the site folder, validated."""

    config: SiteConfig
    now: datetime
    data: SharedData
    strings: Strings
    courses: SourceSet
    pages: SourceSet
    sessions: tuple[SessionRecord, ...]
    assets: Assets
    read: tuple[Path, ...]  # every file under content/ that was read, for the unread-file warning


def load_site(request: BuildRequest, problems: Problems,
              stopwatch: Stopwatch | None = None) -> tuple[Site, Inputs]:
    """Read and validate everything, then assemble the site model. Raises ContentError."""
    stopwatch = stopwatch or Stopwatch()
    with stopwatch.stage("read and validate"):
        inputs = read_inputs(request, problems)
    # No stop between reading and assembling: assembling what did validate finds the remaining
    # mistakes (unknown categories, trainers), so that an editor sees every problem in one run.
    with stopwatch.stage("assemble"):
        site = assemble(inputs.config, inputs.data, inputs.courses, inputs.pages, inputs.sessions, inputs.now,
                        include_drafts=request.drafts, static_url=inputs.assets.urls.get, problems=problems)
        report_unread(inputs.config.root, inputs.read, problems)
        _check_menus(site, problems)
    problems.raise_if_errors()
    return site, inputs


def read_inputs(request: BuildRequest, problems: Problems) -> Inputs:
    root = request.site_dir.resolve()
    config = load_config(root, problems)
    problems.raise_if_errors()
    assert config is not None
    if request.base_url:
        config = config.with_base_url(request.base_url)
    zone = ZoneInfo(config.timezone)
    moment = request.now or default_now(config.timezone)
    # A --now without an offset is read as the site's local time.
    now = moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)
    codes = config.language_codes
    data = load_shared_data(root, codes, problems)
    courses = read_sources(root, "course", codes, config.default_language, problems)
    pages = read_sources(root, "page", codes, config.default_language, problems)
    schedules = schedule_files(root)
    return Inputs(
        config=config,
        now=now,
        data=data,
        strings=load_strings(layers(root), codes, problems),
        courses=courses,
        pages=pages,
        sessions=read_schedules(root, config, problems),
        assets=collect_assets(layers(root), config.path_prefix, problems),
        read=(*data_files(root), *schedules, *courses.files, *pages.files),
    )


def render_site(request: BuildRequest, problems: Problems) -> Outputs:
    """The whole site in memory, with every internal link checked. Raises ContentError."""
    stopwatch = Stopwatch()
    site, inputs = load_site(request, problems, stopwatch)
    config, strings, assets = inputs.config, inputs.strings, inputs.assets
    with stopwatch.stage("feeds, calendars, sitemap"):
        docs = build_documents(site, strings.get)
        artifacts = [*assets.artifacts, *site.files, *machine_readable(site, docs, strings)]
    check_unique_urls(docs, [(a.url, a.source) for a in artifacts], problems)
    problems.raise_if_errors()
    renderer = Renderer(make_environment([folder / "templates" for folder in reversed(layers(request.site_dir))]),
                        site, strings, assets)
    pages: dict[str, str] = {}
    failed_at: set[tuple[str, int | None]] = set()
    with stopwatch.stage("render pages"):
        for doc in docs:
            try:
                pages[doc.url] = renderer.render(doc)
            except RenderError as exc:
                place = (exc.problem.path, exc.problem.line)
                if place not in failed_at:  # one message per broken template line, not one per page
                    failed_at.add(place)
                    problems.error(exc.problem.path, exc.problem.message, exc.problem.line)
    problems.raise_if_errors()
    with stopwatch.stage("check links"):
        report_broken_links(pages, docs, [a.url for a in artifacts], config.origin, problems)
    problems.raise_if_errors(strict=request.strict)
    return Outputs(site, pages, tuple(artifacts), tuple(problems.warnings), stopwatch)


def machine_readable(site: Site, docs: list[Document], strings: Strings) -> list[Artifact]:
    """sitemap.xml, robots.txt, and per language an Atom feed and the calendars."""
    urls, config = site.urls, site.config
    files = [
        Artifact(urls.root_file("sitemap.xml"), sitemap.sitemap(config, docs)),
        Artifact(urls.root_file("robots.txt"), sitemap.robots(config)),
    ]
    calendars = ical.CalendarWriter(site)
    for lang in config.language_codes:
        files.append(Artifact(urls.home(lang) + atom.FEED_FILE, atom.feed(site, lang, strings.get)))
        name = f"{config.title[lang]}: {strings.get(lang, 'schedule_title')}"
        files.append(Artifact(urls.schedule_calendar(lang), calendars.calendar(lang, list(site.sessions), name)))
        for key in site.courses:
            course = site.courses[key].get(lang)
            if course is None or not course.upcoming_sessions:
                continue
            files.append(Artifact(urls.course_calendar(course.url, course.slug),
                                  calendars.calendar(lang, list(course.upcoming_sessions), course.title),
                                  source=course.source))
            for session in course.upcoming_sessions:
                files.append(Artifact(urls.session_calendar(course.url, course.slug, session.id),
                                      calendars.calendar(lang, [session], course.title), source=session.source))
    return files


def _check_menus(site: Site, problems: Problems) -> None:
    for lang, items in site.config.menus.items():
        for number, item in enumerate(items, start=1):
            if item.page and item.page not in site.pages:
                problems.warning(CONFIG_FILE, msg("the page '{page}' does not exist in content/pages/; the menu "
                                                  "leaves it out", page=item.page), item.line,
                                 f"menus.{lang}[{number}].page")


def build(request: BuildRequest) -> Outputs:
    """Render everything, then write it into a temporary folder and swap it in."""
    problems = Problems(request.site_dir.resolve())
    outputs = render_site(request, problems)
    config = outputs.site.config
    output = request.output or (request.site_dir / config.build.output)
    temporary = prepare_temporary(output)
    stage = outputs.stopwatch.stage
    try:
        with stage("write files"):
            for url, html in outputs.pages.items():
                write_file(temporary, outputs.site.urls.output_path(url), html.encode("utf-8"))
            for artifact in outputs.artifacts:
                target = outputs.site.urls.output_path(artifact.url)
                if artifact.copy_from is not None:
                    copy_file(temporary, target, artifact.copy_from)
                else:
                    write_file(temporary, target, artifact.content or b"")
        with stage("search index"):
            search.index_site(temporary)
        with stage("swap in (atomic)"):
            publish(temporary, output)
    except BaseException:
        discard(temporary)
        raise
    return outputs


def check(request: BuildRequest) -> list[Problem]:
    """Everything a build validates, without writing; returns warnings, raises on errors."""
    problems = Problems(request.site_dir.resolve())
    outputs = render_site(request, problems)
    return list(outputs.warnings)


__all__ = ["BuildRequest", "ContentError", "build", "check", "default_now", "render_site"]
