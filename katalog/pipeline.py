"""The only place that knows the order of the stages:

configuration -> content, data and schedules (read and validated) -> site model -> views and
documents -> pages and other files -> link check -> atomic write (incremental) -> search index.

Every stage takes its results from the build cache when what made them is unchanged
(cache.py), and a build whose inputs and moment change nothing leaves the output alone.
"""

from __future__ import annotations

import gc
import hashlib
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from .cache import TOOL, Cache, Store, digest
from .config import CONFIG_FILE, SiteConfig, load_config
from .errors import ContentError, Problem, Problems
from .messages import Message, msg
from .write import Entry, Manifest, OutputWriter

if TYPE_CHECKING:
    from .assemble import Schedules, Site, Texts
    from .assets import Assets
    from .cms_config import EditorFacts
    from .documents import PageFacts, PagePlan
    from .i18n import Strings
    from .inputs import CourseDigests
    from .kept import Kept
    from .model import SessionRecord
    from .plan import Plan
    from .render import Renderer
    from .views import Views

# The folder whose templates/ and static/ every site starts from (and the sample site in a
# checkout): beside the package in a checkout; inside it, as katalog/defaults/, in an installed
# wheel (pyproject.toml maps them there), so the tool works without the repository.
_BUNDLED = Path(__file__).resolve().parent / "defaults"
PROJECT_ROOT = _BUNDLED if _BUNDLED.is_dir() else Path(__file__).resolve().parent.parent
INPUT_FOLDERS = ("content", "templates", "static")
# What the site model is read from (Assembled): templates are read only when pages are rendered.
MODEL_INPUTS = (CONFIG_FILE, "content", "static", "templates/strings")
SETTLED_NS = 2_000_000_000  # a file's digest is recorded only once it has not changed for this long
UNREADABLE = b"unreadable"  # what a file that cannot be read counts as in a fingerprint
BACKGROUND_REMOVAL = 2000  # previous outputs with more files are removed after the swap, in the background
# The stages of a build in order, with what the progress bar says during each (a test keeps this
# list complete).
STAGES: dict[str, Message] = {
    "read and validate": msg("reading and checking the content"),
    "assemble": msg("assembling the site"),
    "views": msg("preparing the pages"),
    "render pages": msg("rendering the pages"),
    "feeds, calendars, sitemap": msg("feeds, calendars and sitemap"),
    "share images": msg("share images"),
    "check links": msg("checking links"),
    "write files": msg("writing files"),
    "search index": msg("building the search index"),
    "swap in (atomic)": msg("putting the new site in place"),
}


@dataclass(frozen=True)
class BuildRequest:
    site_dir: Path = PROJECT_ROOT
    output: Path | None = None
    base_url: str | None = None
    now: datetime | None = None
    strict: bool = False
    drafts: bool = False
    use_cache: bool = True
    jobs: int | None = None
    progress: Callable[[str], None] | None = None  # told the name of each stage as it begins


@dataclass
class Stopwatch:
    """Seconds spent in each stage of one build, for the benchmark and the build summary."""

    seconds: dict[str, float] = field(default_factory=dict)
    on_stage: Callable[[str], None] | None = None

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        if self.on_stage is not None:
            self.on_stage(name)
        began = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - began


@dataclass
class Model:
    """A site read, validated and assembled, ready to render: what a build writes out whole
    and what the preview renders a page at a time (``plan.py`` makes the plan of its outputs)."""

    site: Site
    strings: Strings
    assets: Assets
    views: Views
    pages: PagePlan  # every page address and how to make its Document
    courses: CourseDigests  # each course's digest, made once: pages, calendars and share images are keyed by them
    renderer: Renderer
    common: dict[str, str]  # language -> digest of what all its pages share
    editor: EditorFacts  # the choices the browser editor's forms offer
    references: Store | None = None  # the build cache's record of which templates each template names

    @property
    def logo_url(self) -> str | None:
        """The address of the office's emblem (SVG), when the site has one."""
        logo = self.site.config.logo
        return self.assets.urls.get(logo.svg) if logo else None

    def emblem(self) -> bytes:
        """The PNG of the office's emblem, for the share images; empty when there is none."""
        logo = self.site.config.logo
        path = self.assets.path(logo.png) if logo and logo.png else None
        return path.read_bytes() if path else b""

    @cached_property
    def templates(self) -> dict[str, str]:
        """Template -> digest of it and of what it extends, includes and imports."""
        from .pages import template_digests

        return template_digests(self.renderer.env, self.references)



@dataclass(frozen=True)
class Assembled:
    """A site read, validated and assembled, with what was read to make it."""

    site: Site
    records: tuple[SessionRecord, ...]
    strings: Strings
    assets: Assets
    editor: EditorFacts  # the choices the browser editor's forms offer (drafts' courses included)
    texts: Texts  # what the bodies were rendered from: a save of text is patched with it (kept.py)
    schedules: Schedules  # what the sessions were resolved from: a save of a schedule is patched with it


@dataclass(frozen=True)
class Summary:
    """The facts of a build's summary; kept with its output, so that a build with nothing to do
    reports them too."""

    sessions_by_status: dict[str, int]
    courses: int
    pages_by_language: dict[str, int]
    size: int  # bytes of every file written or carried over
    notes: tuple[Message, ...]  # what was left out and why (the browser editor), said once


@dataclass(frozen=True)
class Written:
    """What the next build needs to know of an output folder: what made each file (the
    manifest), and when the whole of it would stay as it is."""

    manifest: Manifest
    fingerprint: str  # every input file and option
    stable_from: datetime  # the stretch of moments in which no status changes
    stable_until: datetime
    warnings: tuple[Problem, ...]
    pages: int
    summary: Summary


@dataclass
class BuildResult:
    """What a build did, for the command line's summary and for the benchmark."""

    output: Path | None
    pages: int = 0
    files: int = 0
    written: int = 0
    linked: int = 0
    unchanged: bool = False  # nothing to do: inputs and moment as in the previous build
    warnings: tuple[Problem, ...] = ()
    sessions_by_status: dict[str, int] = field(default_factory=dict)
    courses: int = 0
    pages_by_language: dict[str, int] = field(default_factory=dict)
    size: int = 0  # bytes of every file written or carried over
    stopwatch: Stopwatch = field(default_factory=Stopwatch)
    gone: tuple[str, ...] = ()  # addresses of pages the previous build published and this one does not
    notes: tuple[Message, ...] = ()  # what was left out and why (the browser editor), said once
    reindexed: tuple[str, ...] = ()  # the languages whose search index was made again (the others carried over)
    views: int = 0  # pages whose view was made (a page's only when what it is made from changed)
    model_from: str = ""  # the site model "kept", "patched" (texts saved), "rescheduled" or "assembled" (kept.py)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Python's cycle collector, run less often while a build runs (and as before after it).

    A build makes millions of objects that live until it ends (the model, its views, the
    cache); with the default thresholds the collector walked them some 1,600 times in a
    one-course edit at 2,500 courses, about 1 s of it (now 26 times, 0.4 s). A build makes
    little cyclic garbage, so a collection every 50,000 new objects instead of 700 costs no
    memory that shows in the peak."""
    before = gc.get_threshold()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*before)


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


def build(request: BuildRequest) -> BuildResult:
    """Build the site into its output folder, replacing it atomically; only what changed is
    made again. Raises ContentError with every problem found."""
    return _Build(request).run(write=True)


def assemble_site(request: BuildRequest) -> Assembled:
    """The site model at the request's moment, rendering nothing: for commands that read the model
    (``export sessions``) or prove that content builds (``import sessions``). Raises ContentError."""
    run = _Build(request)
    config, now = run.configuration()
    return run.assembled(config, now)


def check(request: BuildRequest) -> list[Problem]:
    """Everything a build validates, without writing; returns warnings, raises on errors."""
    return list(_Build(request).run(write=False).warnings)


class _Build:
    def __init__(self, request: BuildRequest, cache: Cache | None = None) -> None:
        self.request = request
        self.root = request.site_dir.resolve()
        self.problems = Problems(self.root)
        self.stopwatch = Stopwatch(on_stage=request.progress)
        self.cache = cache or Cache.open(self.root, request.use_cache)
        # The preview keeps its Jinja environment: templates are compiled again only when changed.
        self.environment: Any = None
        from .parallel import jobs_wanted

        self.jobs = jobs_wanted(request.jobs)

    def configuration(self) -> tuple[SiteConfig, datetime]:
        """The site's configuration (with --base-url) and the moment statuses are computed for."""
        config = load_config(self.root, self.problems)
        self.problems.raise_if_errors()
        assert config is not None  # no errors: loaded
        if self.request.base_url:
            config = config.with_base_url(self.request.base_url)
        return config, _local(self.request.now or default_now(config.timezone), config.timezone)

    def run(self, write: bool) -> BuildResult:
        with fewer_collections():
            return self._run(write)

    def _run(self, write: bool) -> BuildResult:
        request, stage = self.request, self.stopwatch.stage
        with stage("read and validate"):
            config, now = self.configuration()
            output = (request.output or self.root / config.build.output).resolve()
            manifests = self.cache.store("outputs", keep_unused=8)  # other output folders of this site
            manifest_key = digest("output", str(output))
            found = manifests.get(manifest_key) if write else None
            previous = found if isinstance(found, Written) else None  # another version's entry is no answer
            fingerprint = self.fingerprint(config)
        if previous is not None and _still_valid(previous, fingerprint, now, output):
            self.cache.save(["inputs"])  # digests of files that have settled since the last build
            return self.unchanged(previous, output)
        result, written = self.make(config, now, output if write else None, previous, fingerprint)
        if written is not None:
            manifests.put(manifest_key, written)
        self.cache.save()
        return result

    def fingerprint(self, config: SiteConfig, names: tuple[str, ...] = (CONFIG_FILE, *INPUT_FOLDERS),
                    files: dict[str, bytes] | None = None) -> str:
        """The digest of every input file (or of the files and folders ``names``, in every layer)
        and option: equal fingerprints, equal inputs. ``files`` is given each file's digest."""
        h = hashlib.sha256(TOOL.encode())
        h.update(repr((config.base_url, self.request.drafts, self.jobs > 0)).encode())
        known = self.cache.store("inputs")
        settled = time.time_ns() - SETTLED_NS
        for folder in layers(self.root):
            for name in names:
                for path in _files_under(os.path.join(folder, name)):
                    h.update(path.encode() + b"\0")
                    value = _file_digest(path, known, settled)
                    h.update(value)
                    if files is not None:
                        files[path] = value
        return h.hexdigest()

    def file_digest(self, path: str) -> bytes | None:
        """A file's SHA-256 by its status, as the fingerprint knows it (None: unreadable)."""
        found = _file_digest(path, self.cache.store("inputs"), time.time_ns() - SETTLED_NS)
        return None if found == UNREADABLE else found

    def unchanged(self, previous: Written, output: Path) -> BuildResult:
        if self.request.strict and previous.warnings:
            raise ContentError(list(previous.warnings))
        return _result(output, previous.pages, previous.summary, len(previous.manifest.files), None, True,
                       previous.warnings, self.stopwatch)

    def assembled(self, config: SiteConfig, now: datetime) -> Assembled:
        """Read and validate everything and assemble the site model, rendering nothing. Raises
        ContentError with every problem found."""
        # Imported here, not above: a build with nothing to do never pays for loading them.
        from .assemble import assemble, check_menus
        from .assets import collect_assets
        from .cms_config import editor_facts
        from .content import read_sources
        from .data import data_files, load_shared_data
        from .i18n import load_strings
        from .inventory import report_unread
        from .schedules import read_schedules, schedule_files

        problems, stage, cache, root, codes = self.problems, self.stopwatch.stage, self.cache, self.root, \
            config.language_codes
        with stage("read and validate"):
            data = load_shared_data(root, codes, problems)
            strings = load_strings(layers(root), codes, problems,
                                   {language.code: language.locale for language in config.languages})
            courses = read_sources(root, "course", codes, config.default_language, problems, cache.store("sources"),
                                   self.file_digest)
            pages = read_sources(root, "page", codes, config.default_language, problems, cache.store("sources"),
                                 self.file_digest)
            records = read_schedules(root, config, problems, cache.store("schedules"))
            assets = collect_assets(layers(root), config.path_prefix, problems)
            if config.logo:
                for kind, name in (("svg", config.logo.svg), ("png", config.logo.png)):
                    if name and name not in assets.urls:
                        problems.error(CONFIG_FILE, msg("'{value}' is not a file under static/", value=name),
                                       config.logo.lines.get(kind), f"logo.{kind}")
        # No stop between reading and assembling: assembling what did validate finds the remaining
        # mistakes (unknown categories, trainers), so that an editor sees every problem in one run.
        with stage("assemble"):
            assembly = assemble(config, data, courses, pages, records, now, include_drafts=self.request.drafts,
                                static_url=assets.urls.get, problems=problems, markdown_store=cache.store("markdown"),
                                related_store=cache.store("related"), jobs=self.jobs)
            check_menus(assembly.site, problems)
            report_unread(root, (*data_files(root), *schedule_files(root), *courses.files, *pages.files), problems)
        problems.raise_if_errors()
        editor = editor_facts(courses, data, config.build.messages or config.default_language, strings,
                              {lang.code: lang.name for lang in config.languages})
        return Assembled(assembly.site, records, strings, assets, editor, assembly.texts, assembly.schedules)

    def kept_model(self, config: SiteConfig, now: datetime, kept: Kept | None) -> tuple[Kept, str]:
        """The site model: ``kept`` as it is while its files and statuses stand ("kept"),
        patched when a save changed nothing but texts ("patched") or schedules too
        ("rescheduled"), else read and assembled anew ("assembled"); what reading it said is said
        again. Raises ContentError."""
        from .kept import Kept, zone_definitions
        from .sessions import stable_within

        files: dict[str, bytes] = {}
        inputs = self.fingerprint(config, MODEL_INPUTS, files)
        found: tuple[Kept, str] | None = None
        if kept is not None:
            found = (kept, "kept") if kept.holds(inputs, now) else kept.patched(inputs, files, now, self.root)
        if found is None:
            read = self.assembled(config, now)
            # Without the session records: each schedule's moments of change are what is kept of them.
            return Kept(inputs, replace(read, records=()), tuple(self.problems.warnings),
                        *stable_within(read.schedules.bounds.values(), now, config.timezone),
                        files, zone_definitions(read)), "assembled"
        self.problems.extend(list(found[0].warnings))
        return found

    def model(self, config: SiteConfig, now: datetime, kept: Kept | None = None) -> Model:
        """Everything a page needs before it is rendered, from the site model ``kept`` (else read
        and assembled anew). Raises ContentError with every problem found."""
        from .documents import plan_documents
        from .inputs import CourseDigests
        from .render import Renderer, make_environment, template_files
        from .views import KeptViews, Views

        root, codes = self.root, config.language_codes
        kept = kept or self.kept_model(config, now, None)[0]
        read = kept.read
        site, strings, assets = read.site, read.strings, read.assets
        courses = CourseDigests(config, kept.digests)
        views = Views(site, strings, assets.urls.get, KeptViews(self.cache.store("views"), courses, digest(strings)))
        folders = [folder / "templates" for folder in reversed(layers(root))]
        if self.environment is None or self.environment.katalog_files != template_files(folders):
            # Every template's code kept, not only those of the pages this build renders (a key per template).
            self.environment = make_environment(folders, self.cache.store("compiled", keep_unused=500))
        env = self.environment
        chrome = {lang: views.chrome(lang) for lang in codes}
        return Model(site=site, strings=strings, assets=assets, views=views,
                     pages=plan_documents(site, views, courses), courses=courses,
                     renderer=Renderer(env, strings, assets, chrome, {lang.code: lang.locale
                                                                      for lang in config.languages}),
                     common={lang: digest(strings, assets.urls, chrome[lang]) for lang in codes}, editor=read.editor,
                     references=self.cache.store("templates"))

    def plan(self, model: Model, preview: bool = False, like: Plan | None = None) -> Plan:
        """Every output of the site; two at one address are refused here. ``like``: see plan_outputs."""
        from .plan import plan_outputs

        plan = plan_outputs(model, self.cache.store("events"), self.jobs, self.problems, preview=preview,
                            share_keys=self.cache.store("share-keys"), file_digest=self.file_digest, like=like)
        self.problems.raise_if_errors()
        return plan

    def make(self, config: SiteConfig, now: datetime, output: Path | None, previous: Written | None,
             fingerprint: str) -> tuple[BuildResult, Written | None]:
        """Make the plan's outputs; with an ``output``, write them into a new folder swapped in
        at the end (``check`` has none: it makes everything and writes nothing)."""
        from .kept import Kept
        from .linkcheck import known_addresses, report_broken_body_links, report_broken_links
        from .outputs import search
        from .outputs.cards import write_share_images
        from .pages import page_keys, render_pages
        from .plan import Kind, Target

        problems, stage, cache = self.problems, self.stopwatch.stage, self.cache
        # First: it starts carrying the previous build's files over, beside the stages below.
        writer = OutputWriter(output, previous.manifest if previous else None) if output is not None else None
        indexer: search.Indexer | None = None
        try:
            # The model of the previous build with these options, kept in the cache (kept.py).
            models, options = cache.store("model"), digest("model", config.base_url, self.request.drafts)
            previous_model = models.get(options)
            kept, how = self.kept_model(config, now, previous_model if isinstance(previous_model, Kept) else None)
            if how == "assembled":  # a patched model is not written: the next build patches the kept one again
                models.put(options, kept)
            model = self.model(config, now, kept)
            plan = self.plan(model)
            site = model.site
            with stage("views"):
                # The views of the pages whose inputs changed, and every page's key (pages.page_keys).
                targets = plan.of_kind(Kind.PAGE)
                docs = plan.page_facts()
                inputs = [target.inputs for target in targets if target.inputs is not None]
                assert len(inputs) == len(targets)  # every page says what it is made from (documents.PageEntry)
                keys = page_keys(docs, inputs, lambda index: plan.document(targets[index]), model.templates,
                                 model.common, cache.store("page-keys"))
            with stage("render pages"):
                paths = [site.urls.output_path(doc.url) for doc in docs]
                links = render_pages(docs, lambda index: plan.document(targets[index]), model.renderer, keys, paths,
                                     writer, cache.store("pages"), self.jobs, config.origin, problems)
            problems.raise_if_errors()
            indexed = [search.IndexedPage(doc.lang, path, key) for doc, key, path in zip(docs, keys, paths, strict=True)
                       if doc.indexed]
            search_pages = cache.folder(f"search-pages/{digest('output', str(output))[:16]}")  # for this output
            if writer is not None and writer.previous is not None:
                # An edit: Pagefind starts as soon as the pages are written and takes the cores the
                # stages below leave idle (they mostly carry files over). A cold build starts it last:
                # its drawing uses every core, and the two memory peaks would add up.
                indexer = search.Indexer(writer, indexed, search_pages)
            with stage("feeds, calendars, sitemap"):
                # A file known by what it is made from (a calendar) is carried over unmade when that
                # is unchanged; the others are made, and carried over when their bytes are.
                made: list[tuple[PurePosixPath, Target, str | None]] = []
                for target in plan.of_kind(Kind.FILE):
                    path, key = site.urls.output_path(target.url), kept.listed_key(target)
                    if target.content and not (writer is not None and key is not None and writer.reuse(path, key)):
                        made.append((path, target, key))
                plan.calendars.prepare_calendars([key for _, _, key in made if key])  # at once, on every core
                files = [(path, target.content(), key) for path, target, key in made if target.content]
            with stage("share images"):
                if writer is not None:  # a check draws none
                    write_share_images([target.image for target in plan.of_kind(Kind.IMAGE) if target.image],
                                       writer, site.urls.output_path, cache.files("cards"), self.jobs)
            with stage("check links"):
                known = known_addresses(links, plan.other_urls())
                report_broken_body_links(site, known, problems)
                report_broken_links(links, docs, known, problems)
            problems.raise_if_errors(strict=self.request.strict)
            notes = (plan.admin_note,) if plan.admin_note else ()
            if writer is None:
                return _result(None, len(docs), self.summary(site, docs, None, notes), 0, None, False,
                               tuple(problems.warnings), self.stopwatch, views=len(plan.made), model_from=how), None
            with stage("write files"):
                for path, data, key in files:
                    writer.write(path, data, key) if key else writer.write_or_reuse(path, data)
                for target in plan.of_kind(Kind.COPY):
                    assert target.copy_from is not None
                    copied, digest_of = site.urls.output_path(target.url), hashlib.sha256(target.copy_from.read_bytes())
                    writer.reuse(copied, digest_of.hexdigest()) or writer.copy(copied, target.copy_from,
                                                                               digest_of.hexdigest())
            with stage("search index"):
                indexer = indexer or search.Indexer(writer, indexed, search_pages)
                indexer.finish()
            with stage("swap in (atomic)"):
                summary = self.summary(site, docs, writer.manifest, notes)
                written = Written(writer.manifest, fingerprint, kept.stable_from, kept.stable_until,
                                  tuple(problems.warnings), len(docs), summary)
                writer.publish(dispose_in_background=len(previous.manifest.files) > BACKGROUND_REMOVAL
                               if previous else False)
        except BaseException:
            if indexer is not None:
                indexer.stop()  # a Pagefind still running must not write on into a discarded folder
            if writer is not None:
                writer.discard()
            raise
        assert indexer is not None
        return _result(writer.output, len(docs), summary, len(writer.manifest.files), writer, False,
                       tuple(problems.warnings), self.stopwatch, tuple(indexer.languages), len(plan.made),
                       how), written

    def summary(self, site: Site, docs: list[PageFacts], manifest: Manifest | None,
                notes: tuple[Message, ...]) -> Summary:
        by_status: dict[str, int] = {}
        for session in site.sessions:
            by_status[session.status.value] = by_status.get(session.status.value, 0) + 1
        by_language: dict[str, int] = {}
        for doc in docs:
            by_language[doc.lang] = by_language.get(doc.lang, 0) + 1
        return Summary(by_status, len(site.courses), by_language,
                       sum(entry.size for entry in manifest.files.values()) if manifest else 0, notes)


def _result(output: Path | None, pages: int, summary: Summary, files: int, writer: OutputWriter | None,
            unchanged: bool, warnings: tuple[Problem, ...], stopwatch: Stopwatch,
            reindexed: tuple[str, ...] = (), views: int = 0, model_from: str = "") -> BuildResult:
    return BuildResult(output=output, pages=pages, files=files, written=len(writer.written) if writer else 0,
                       linked=writer.linked if writer else 0, unchanged=unchanged, warnings=warnings,
                       sessions_by_status=summary.sessions_by_status, courses=summary.courses,
                       pages_by_language=summary.pages_by_language, size=summary.size, stopwatch=stopwatch,
                       gone=gone_pages(writer), notes=summary.notes, reindexed=reindexed, views=views,
                       model_from=model_from)


def gone_pages(writer: OutputWriter | None) -> tuple[str, ...]:
    """The pages of the previous output that this build no longer makes (a course deleted, a
    translation removed, a slug changed): said in the summary, since their addresses stop working."""
    if writer is None or writer.previous is None:
        return ()
    pages = [path for path in writer.previous.files if path.endswith(".html") and path not in writer.manifest.files
             and not path.startswith("pagefind/")]
    return tuple(sorted("/" + path.removesuffix("index.html") for path in pages))


def _local(moment: datetime, zone: str) -> datetime:
    """A --now without an offset is read as the site's local time."""
    return moment.replace(tzinfo=ZoneInfo(zone)) if moment.tzinfo is None else moment.astimezone(ZoneInfo(zone))


def _still_valid(previous: Written, fingerprint: str, now: datetime, output: Path) -> bool:
    """The previous build stands: same inputs, a moment in the same stretch of unchanging
    statuses, and the output folder exactly as that build left it."""
    if previous.fingerprint != fingerprint or not previous.stable_from <= now < previous.stable_until:
        return False
    from .write import _marker_token

    if _marker_token(output) != previous.manifest.token:
        return False
    folder = os.path.join(output, "")  # plain strings: tens of thousands of files are checked
    return all(_intact(folder + relative, entry) for relative, entry in previous.manifest.files.items())


def _files_under(top: str) -> list[str]:
    """Every file at or under ``top`` (hidden ones too, and links to files), in a fixed order."""
    if os.path.isfile(top):
        return [top]
    found: list[str] = []
    folders = [top]
    while folders:  # the folder entries say which is a file: no status asked per file (the preview asks on each save)
        try:
            with os.scandir(folders.pop()) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(entry.path)
                    elif entry.is_file():
                        found.append(entry.path)
        except OSError:
            continue  # gone meanwhile, or not a folder: nothing to take
    return sorted(found)


def _file_digest(path: str, known: Store, settled: int) -> bytes:
    """The SHA-256 of a file, read only when its status (size, times, inode) is not the one
    recorded with its digest. As in Git's index, the status change time (ctime) cannot be set
    by tools that restore modification times; a digest is recorded only for a file unchanged
    since ``settled``, so that a change within the same tick is never missed."""
    try:
        status = os.stat(path)
        stamp = (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)
        recorded = known.get(path)
        if recorded is not None and recorded[0] == stamp:
            return bytes(recorded[1])
        with open(path, "rb") as handle:
            value = hashlib.sha256(handle.read()).digest()
    except OSError:
        return UNREADABLE
    if status.st_ctime_ns < settled:
        known.put(path, (stamp, value))
    return value


def _intact(path: str, entry: Entry) -> bool:
    try:
        stat = os.stat(path)
    except OSError:
        return False
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino) == (entry.size, entry.mtime_ns, entry.inode)


__all__ = ["Assembled", "BuildRequest", "BuildResult", "ContentError", "assemble_site", "build", "check",
           "default_now"]
