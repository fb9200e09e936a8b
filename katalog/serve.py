"""`serve`: the site in memory, rebuilt on every save, pages rendered when the browser asks.

The preview runs the build engine without writing a site: a save re-reads the files that
changed (the others come from the in-memory cache), assembles the site again, and tells
the open pages to reload (the LiveReload protocol, with the ``livereload`` package's own
client, loaded as a file from the preview's origin so that the pages' Content-Security-Policy
stays as it is published). While anything is broken, every address shows the problems; the
first good save brings the site back. Drafts are shown, and marked.
"""

from __future__ import annotations

import asyncio
import gc
import html
import json
import shutil
import signal
import socket
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

import livereload
import watchfiles
from babel.messages.catalog import Catalog
from tornado import httpserver, ioloop, netutil, web, websocket

from .cache import Cache
from .cms_config import EditorFacts
from .config import CONFIG_FILE
from .documents import Document
from .errors import CommandLineError, ContentError, Problem, Problems
from .kept import Kept
from .messages import Message, msg, msg_n
from .model import Artifact
from .outputs.admin import FOLDER as ADMIN_FOLDER
from .outputs.admin import admin_output
from .outputs.cards import image_bytes
from .outputs.search import SEARCH_FOLDER
from .pipeline import INPUT_FOLDERS, BuildRequest, Model, _Build, fewer_collections, layers
from .plan import Kind, Plan

CLIENT = Path(livereload.__file__).resolve().parent / "vendors" / "livereload.js"
PREVIEW_CSS = """\
.katalog-preview{position:fixed;inset:auto 0 0 0;z-index:1000;margin:0;padding:.5rem 1rem;max-height:40vh;
overflow:auto;background:#fff8d6;border-top:3px solid #b58100;font:14px/1.4 system-ui,sans-serif;color:#1a1a1a}
.katalog-preview summary{cursor:pointer;font-weight:600}.katalog-preview code{white-space:pre-wrap}
.katalog-preview-error{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
.katalog-preview-error h1{color:#8a1c1c}.katalog-preview-error li{margin:.5rem 0}
"""
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml",
         ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp",
         ".ics": "text/calendar; charset=utf-8", ".xml": "application/xml", ".txt": "text/plain; charset=utf-8",
         ".json": "application/json", ".wasm": "application/wasm"}
TYPES[".yml"] = "application/yaml"
TYPES[".woff2"] = "font/woff2"
IDLE_SECONDS = 2.0  # the preview is idle: the garbage of past rebuilds is collected (0.13-0.2 s at 2,500 courses)
RELOAD = {"command": "reload", "path": "*", "liveCSS": False, "liveImg": False}  # the whole page, always


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str = TYPES[".html"]
    location: str | None = None
    live: bool = True  # an HTML page gets the live-reload client and the warnings bar


@dataclass
class State:
    """What the preview shows after one rebuild; replaced whole by the next, so that a page is
    never made from half of one and half of another."""

    model: Model | None
    plan: Plan | None  # every output of the site, made when a browser asks for its address
    problems: list[Problem]  # errors: nothing but these is shown
    warnings: list[Problem]
    stable_until: datetime | None = None  # when statuses turn by the clock alone
    made: dict[str, Response] = field(default_factory=dict)
    search: Path | None = None  # the search index, made on the first search
    number: int = 0  # counts the rebuilds: which one a page was shown from
    editor: EditorFacts | None = None  # the browser editor's choices; kept while the site is broken
    admin: dict[str, Artifact] | None = None  # the files of /admin/, made on the first request
    model_from: str = ""  # "kept", "patched" (texts saved), "rescheduled" (schedules saved) or "assembled" anew

    def close(self) -> None:
        if self.search is not None:
            shutil.rmtree(self.search, ignore_errors=True)


class Preview:
    """The site of one folder in memory. ``rebuild`` reads what changed and assembles the site
    again (unless only templates changed); ``respond`` makes the page at an address, once per
    rebuild."""

    def __init__(self, site_dir: Path, base_url: str, catalog: Catalog | None = None,
                 now: datetime | None = None) -> None:
        self.site_dir, self.base_url, self.catalog = site_dir.resolve(), base_url, catalog
        self.now = now  # a fixed moment (tests); None: the clock, at each rebuild
        self.cache = Cache(None)  # in memory, kept from one rebuild to the next
        self.state = State(None, None, [], [])
        self.shown: dict[str, int] = {}  # address -> the rebuild its page was last shown from
        self._environment: Any = None
        self.kept: Kept | None = None
        self.rebuilt: float | None = None  # when the last rebuild ended, until the garbage is collected

    def rebuild(self) -> float:
        """Read and assemble the site; returns the seconds it took. Never raises for content."""
        began = time.perf_counter()
        self.cache.next_build()
        request = BuildRequest(site_dir=self.site_dir, base_url=self.base_url, now=self.now, drafts=True, jobs=1)
        build = _Build(request, self.cache)
        build.environment = self.state.model.renderer.env if self.state.model else self._environment
        try:
            with fewer_collections():
                config, now = build.configuration()
                kept, how = build.kept_model(config, now, self.kept)
                self.kept = kept
                model = build.model(config, now, kept)
                self._environment = model.renderer.env
                # The site as listed is the one the shown plan was made of, but for bodies and templates.
                plan = build.plan(model, preview=True, like=self.state.plan if how in ("kept", "patched") else None)
                check_body_links(model, plan, build.problems)
                state = State(model, plan, [], list(build.problems.warnings), kept.stable_until, model_from=how)
        except ContentError as exc:
            state = State(None, None, exc.errors, exc.warnings, model_from="assembled")
        # The editor must keep working while the site is broken: a mistake the form could not
        # prevent is mended in the form.
        state.editor = state.model.editor if state.model else self.state.editor or lenient_editor_facts(self.site_dir)
        state.number = self.state.number + 1
        old, self.state = self.state, state
        old.close()
        # What this rebuild made lives until the next one: out of the collector's sight, so that
        # no collection walks the model's million objects while a page is made for the browser
        # (one did in every other save at 2,500 courses, 0.15-0.45 s on the way to the screen).
        # The garbage among them is collected when the preview is idle (collect_garbage).
        gc.freeze()
        self.rebuilt = time.monotonic()
        return time.perf_counter() - began

    def collect_garbage(self, idle: float = IDLE_SECONDS) -> bool:
        """The full collection that rebuild put off, once the preview has been idle for ``idle``
        seconds since it (the watch asks five times a second); True when it ran."""
        if self.rebuilt is None or time.monotonic() - self.rebuilt < idle:
            return False
        self.rebuilt = None
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        return True

    def respond(self, path: str) -> Response:
        state = self.state
        if path not in state.made:
            state.made[path] = self._respond(state, path)
        response = state.made[path]
        if response.location is None and response.content_type == TYPES[".html"]:
            self.shown[path] = state.number
        return response

    def outdated(self, page_url: str) -> bool:
        """Was the page at this address shown from an earlier rebuild than the current one?
        A page whose live-reload client connects only after a save has been rebuilt missed
        that reload; it is told to reload at once, or a quick second save would never show."""
        path = urllib.parse.unquote(urllib.parse.urlsplit(page_url).path)
        return self.shown.get(path, self.state.number) < self.state.number

    def _respond(self, state: State, path: str) -> Response:
        if state.plan is None or state.model is None:
            return self._admin(state, path) or Response(500, error_page(state.problems + state.warnings,
                                                                         self.catalog).encode())
        model, plan = state.model, state.plan
        target = plan.target(path)
        if target is None and not path.endswith("/") and plan.target(path + "/") is not None:
            return Response(301, b"", location=path + "/")
        if target is None:
            if path.startswith(model.site.urls.root_file(SEARCH_FOLDER + "/")):
                found = self._search_index(state, model, plan) / path[len(model.site.config.path_prefix):]
                if found.is_file():
                    return Response(200, found.read_bytes(), _type(path))
            not_found = plan.target(model.site.urls.root_file("404.html"))
            assert not_found is not None and not_found.document is not None
            return self._page(model, not_found.document, 404)
        if target.kind is Kind.PAGE and target.document is not None:
            return self._page(model, target.document, 200)
        if target.kind is Kind.IMAGE and target.image is not None:
            data = next(image_bytes([target.image], self.cache.files("cards"), 1))
            return Response(200, data, _type(path))
        data = target.copy_from.read_bytes() if target.copy_from else target.content() if target.content else b""
        # The editor's page is not reloaded on saves: a reload would throw away what is being typed.
        editor = path.startswith(model.site.urls.root_file(ADMIN_FOLDER))
        return Response(200, data, TYPES[".html"] if path.endswith("/") else _type(path), live=not editor)

    def _admin(self, state: State, path: str) -> Response | None:
        """/admin/ while the site cannot be built: the editor must keep working, so that a mistake
        the form could not prevent is mended in the form. Its choices are the last good ones."""
        from .config import load_config

        if state.editor is None or not path.startswith("/" + ADMIN_FOLDER.rstrip("/")):
            return None
        if state.admin is None:
            config = load_config(self.site_dir, Problems(self.site_dir))
            if config is None:
                return None
            env = self._environment
            if env is None:
                from .render import make_environment

                env = make_environment([folder / "templates" for folder in reversed(layers(self.site_dir))])
            made = admin_output(config.with_base_url(self.base_url), state.editor, env, preview=True)
            state.admin = {artifact.url: artifact for artifact in made.files}
        if path == "/" + ADMIN_FOLDER.rstrip("/"):
            return Response(301, b"", location=path + "/")
        artifact = state.admin.get(path)
        if artifact is None:
            return Response(404, b"", TYPES[".txt"])
        return Response(200, artifact.data(), _type(path) if not path.endswith("/") else TYPES[".html"], live=False)

    def _page(self, model: Model, document: Callable[[], Document], status: int) -> Response:
        from .render import RenderError

        try:
            page = model.renderer.render(document())
        except RenderError as exc:
            return Response(500, error_page([exc.problem], self.catalog).encode())
        return Response(status, page.encode())

    def _search_index(self, state: State, model: Model, plan: Plan) -> Path:
        """Searching works in the preview too: the index is made on the first search after a save."""
        if state.search is None:
            from .outputs.search import index_folder

            folder = Path(tempfile.mkdtemp(prefix="katalog-preview-search-"))
            pages: dict[str, list[PurePosixPath]] = {}
            for doc in plan.documents():
                if doc.indexed:
                    path = model.site.urls.output_path(doc.url)
                    (folder / path).parent.mkdir(parents=True, exist_ok=True)
                    (folder / path).write_text(model.renderer.render(doc), encoding="utf-8")
                    pages.setdefault(doc.lang, []).append(path)
            index_folder(folder, pages)
            state.search = folder
        return state.search

    def close(self) -> None:
        self.state.close()

    def with_preview(self, response: Response, port: int) -> bytes:
        """An HTML page with the live-reload client and the warnings bar (not the editor: a
        reload on every save would throw away what is being typed)."""
        if not response.live or not response.content_type.startswith("text/html"):
            return response.body
        extra = (f'<link rel="stylesheet" href="/__katalog/preview.css"><script src="/livereload.js?port={port}" '
                 'defer></script>')
        state = self.state
        if state.warnings and state.model is not None:
            items = "".join(f"<li><code>{html.escape(w.render(self.catalog))}</code></li>" for w in state.warnings)
            title = html.escape(msg_n("{count} warning: the site is shown, but CI's strict build would stop",
                                      "{count} warnings: the site is shown, but CI's strict build would stop",
                                      len(state.warnings)).translated(self.catalog))
            extra += (f'<details class="katalog-preview" role="status"><summary>{title}</summary><ul>{items}</ul>'
                      "</details>")
        body = response.body.decode("utf-8")
        at = body.rfind("</body>")
        return (body[:at] + extra + body[at:] if at >= 0 else body + extra).encode("utf-8")


def lenient_editor_facts(site_dir: Path) -> EditorFacts | None:
    """The editor's choices of a site that cannot be built (the preview was started on a broken
    file): read with whatever validates, so that the editor can open and mend it."""
    from .cms_config import editor_facts
    from .config import load_config
    from .content import read_sources
    from .data import load_shared_data

    ignored = Problems(site_dir)
    try:
        config = load_config(site_dir, ignored)
    except ContentError:
        config = None
    if config is None:
        return None  # site_config.yaml itself is broken: the error page says so
    codes = config.language_codes
    return editor_facts(read_sources(site_dir, "course", codes, config.default_language, ignored),
                        load_shared_data(site_dir, codes, ignored), config.default_language)


def check_body_links(model: Model, plan: Plan, problems: Problems) -> None:
    """The addresses editors write in Markdown are checked as a build checks them, so that a
    link to nowhere shows in the warnings bar and not first in CI. (The build also checks the
    templates' links on every rendered page; the preview renders only the pages asked for.)"""
    from .linkcheck import known_addresses, report_broken_body_links

    report_broken_body_links(model.site, known_addresses(plan.page_urls, plan.other_urls()), problems)


def _type(path: str) -> str:
    return TYPES.get(Path(path).suffix.lower(), "application/octet-stream")


def error_page(problems: list[Problem], catalog: Catalog | None = None) -> str:
    """Every address shows this while the site cannot be built; it reloads when it can."""
    items = "\n".join(f"<li><code>{html.escape(p.render(catalog))}</code></li>" for p in problems)
    title = html.escape(msg("The site could not be built").translated(catalog))
    advice = html.escape(msg("Fix the problems below and save; this page reloads by itself.").translated(catalog))
    lang = catalog.locale.language if catalog is not None and catalog.locale else "en"
    return (
        f"<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title>"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>"
        f"<body class=\"katalog-preview-error\"><main><h1>{title}</h1><p>{advice}</p><ul>{items}</ul></main></body>"
        "</html>"
    )


class _Reload(websocket.WebSocketHandler):
    """The LiveReload protocol (hello, then reload commands) for the pages open in browsers."""

    def initialize(self, waiters: set[_Reload], preview: Preview) -> None:
        self.waiters, self.preview = waiters, preview

    def check_origin(self, origin: str) -> bool:
        return True  # loopback only

    def on_message(self, message: str | bytes) -> None:
        said = json.loads(message)
        command = said.get("command")
        if command == "hello":
            self.write_message({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"],
                                "serverName": "katalog-preview"})
        elif command == "info":  # the page's address: from now on, this page is told of every rebuild
            self.waiters.add(self)
            if self.preview.outdated(str(said.get("url", ""))):
                self.write_message(RELOAD)

    def on_close(self) -> None:
        self.waiters.discard(self)


class _Page(web.RequestHandler):
    def initialize(self, preview: Preview, port: int) -> None:
        self.preview, self.port = preview, port

    def get(self, path: str) -> None:
        response = self.preview.respond("/" + path)
        self.set_status(response.status)
        if response.location:
            self.redirect(response.location, permanent=True)
            return
        self.set_header("Content-Type", response.content_type)
        self.set_header("Cache-Control", "no-store")
        self.finish(self.preview.with_preview(response, self.port))


class _Fixed(web.RequestHandler):
    def initialize(self, body: Callable[[], bytes], content_type: str) -> None:
        self.body, self.content_type = body, content_type

    def get(self) -> None:
        self.set_header("Content-Type", self.content_type)
        self.finish(self.body())


def watched_paths(site_dir: Path) -> list[Path]:
    paths = []
    for folder in layers(site_dir):
        paths += [folder / name for name in (CONFIG_FILE, *INPUT_FOLDERS) if (folder / name).exists()]
    return paths


def serve(site_dir: Path, host: str, port: int, catalog: Catalog | None = None,
          now: datetime | None = None) -> int:
    """Run the preview until Ctrl+C or SIGTERM; 0 when stopped."""
    def say(message: Message) -> None:
        print(message.translated(catalog), flush=True)

    try:
        sockets = netutil.bind_sockets(port, host, family=socket.AF_INET)
    except OSError as exc:
        # Said before anything else is printed: nothing has been built.
        raise CommandLineError("--port", msg("cannot serve on {host}:{port}: {reason}; choose another --port",
                                             host=host, port=port, reason=exc.strerror or exc)) from None
    port = sockets[0].getsockname()[1]
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)  # before the server: it listens on the loop that is current
    preview = Preview(site_dir, f"http://{host}:{port}/", catalog, now)
    report(preview, preview.rebuild(), say)
    waiters: set[_Reload] = set()
    app = web.Application([
        (r"/livereload", _Reload, {"waiters": waiters, "preview": preview}),
        (r"/livereload\.js", _Fixed, {"body": CLIENT.read_bytes, "content_type": TYPES[".js"]}),
        (r"/__katalog/preview\.css", _Fixed, {"body": PREVIEW_CSS.encode, "content_type": TYPES[".css"]}),
        (r"/(.*)", _Page, {"preview": preview, "port": port}),
    ], log_function=lambda _handler: None)  # the terminal is for the editor's problems, not for requests
    server = httpserver.HTTPServer(app)
    server.add_sockets(sockets)
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    say(msg("preview on {url} (Ctrl+C to stop)", url=preview.base_url))
    try:
        loop.run_until_complete(_watch(preview, waiters, stop, say))
    finally:
        server.stop()
        preview.close()
        ioloop.IOLoop.current().close(all_fds=True)
    say(msg("preview stopped"))
    return 0


async def _watch(preview: Preview, waiters: set[_Reload], stop: asyncio.Event,
                 say: Callable[[Any], None]) -> None:
    """Rebuild on every burst of saves, when a day or a session's registration turns, and when a
    folder of inputs is made or removed (a site's own templates/, say); then reload every open
    page. A folder made after the watch began is watched from then on: the watch begins again
    over the folders there are (checked each time the watcher wakes, five times a second)."""
    while not stop.is_set():
        paths = watched_paths(preview.site_dir)
        changes = watchfiles.awatch(*paths, stop_event=stop, debounce=30, step=10, rust_timeout=200,
                                    yield_on_timeout=True)
        async for changed in changes:
            turns = preview.state.stable_until
            due = turns is not None and preview.now is None and datetime.now(UTC) >= turns.astimezone(UTC)
            moved = watched_paths(preview.site_dir) != paths
            if not changed and not due and not moved:
                preview.collect_garbage()
                continue
            seconds = await asyncio.get_running_loop().run_in_executor(None, preview.rebuild)
            report(preview, seconds, say)
            for waiter in list(waiters):
                waiter.write_message(RELOAD)
            if moved:
                break


def report(preview: Preview, seconds: float, say: Callable[[Any], None]) -> None:
    state = preview.state
    for problem in state.problems + state.warnings:
        print(problem.render(preview.catalog), flush=True)
    if state.model is None:
        say(msg_n("the site cannot be built: {count} error; the preview shows it at every address",
                  "the site cannot be built: {count} errors; the preview shows them at every address",
                  len(state.problems)))
    else:
        say(msg("ready in {seconds} s: {pages} pages", seconds=f"{seconds:.2f}", pages=len(state.model.pages.entries)))


