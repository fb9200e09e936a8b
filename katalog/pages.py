"""Every HTML page of a build: carried over from the previous output when made from the same
inputs, the rest rendered on every core.

A page's key is the digest of everything it is made from: its view and head (views.py),
the template and every template it extends, includes, imports or calls, the UI strings, the
asset addresses, the language's chrome and the tool's version. Equal keys, equal bytes. A
view is made only when what it is made from changed (``page_keys``).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

import jinja2
from jinja2 import meta

from . import parallel
from .cache import Store, digest
from .documents import Document, PageFacts
from .errors import Problem, Problems
from .linkcheck import internal_targets
from .render import CALLED_PARTIALS, Renderer, RenderError
from .write import OutputWriter

Targets = tuple[tuple[str, str], ...]  # (link as written in the page, site path it leads to)


def template_digests(env: jinja2.Environment, known: Store | None = None) -> dict[str, str]:
    """Each template's digest, covering the templates it extends, includes and imports. ``known``
    keeps which templates a source names between builds (finding them compiles the template:
    a seventh of a second of every build's start)."""
    loader = env.loader
    assert loader is not None  # make_environment gives every environment its folders
    sources: dict[str, str] = {}
    found: dict[str, str] = {}

    def source(name: str) -> str:
        if name not in sources:
            sources[name] = loader.get_source(env, name)[0]
        return sources[name]

    def closure(name: str) -> list[str] | None:
        seen, todo = [], [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.append(current)
            referenced = _remembered_references(source(current), known)
            if referenced is None:
                return None  # a syntax error (rendering reports it, with its line) or a name computed at
                # render time: depend on every template
            todo += referenced
        return sorted(seen)

    # The pages' templates and partials; feeds and calendars are made in Python. Listing more
    # (the strings files) would change nothing a page shows: their text reaches each key as strings.
    names = env.list_templates(extensions=["html"])  # pragma: no mutate
    everything = digest(*[(n, source(n)) for n in sorted(names)])
    for name in names:
        parts = closure(name)
        found[name] = everything if parts is None else digest(*[(n, source(n)) for n in parts])
    return found


# Which templates a template names depends only on its source and Jinja's syntax, not on the
# loader, filters or whitespace options of the environment that will render it.
_SYNTAX = jinja2.Environment()


def _remembered_references(source: str, known: Store | None) -> tuple[str, ...] | None:
    if known is None:
        return _references(source)
    key = digest("template references", source)
    found = known.get(key)
    if found is None:
        found = (_references(source),)  # in a tuple: None is an answer too (a name computed at render time)
        known.put(key, found)
    return found[0]


@functools.lru_cache(maxsize=1024)
def _references(source: str) -> tuple[str, ...] | None:
    """The templates a template's source extends, includes, imports or calls (render.CALLED_PARTIALS);
    None when one is computed at render time or the source does not parse. A pure function of the
    source, so remembered: the shared partials are parsed once, not once for every page template
    that uses them, and the preview and the tests parse an unchanged template once per process."""
    try:
        tree = _SYNTAX.parse(source)
    except jinja2.TemplateSyntaxError:
        return None
    referenced = list(meta.find_referenced_templates(tree))
    called = meta.find_undeclared_variables(tree)
    referenced += [template for name, template in CALLED_PARTIALS.items() if name in called]
    return None if None in referenced else tuple(name for name in referenced if name)


@dataclass(frozen=True)
class _RenderJob:
    renderer: Renderer
    docs: list[Document | None]  # made for the pages to render
    origin: str


def _render(job: _RenderJob, index: int) -> tuple[bytes, Targets] | Problem:
    doc = job.docs[index]
    assert doc is not None
    try:
        html = job.renderer.render(doc)
    except RenderError as exc:
        return exc.problem
    return html.encode("utf-8"), internal_targets(html, doc.url, job.origin)


def render_pages(pages: list[PageFacts], document: Callable[[int], Document], renderer: Renderer, keys: list[str],
                 paths: list[PurePosixPath], writer: OutputWriter | None, store: Store, jobs: int, origin: str,
                 problems: Problems) -> dict[str, Targets]:
    """Make every page (or, without a writer, check that it can be made); return each page's
    internal links. A template error is reported once per template line. ``document(index)``
    makes a page's Document, asked for only for the pages to render."""
    targets: dict[str, Targets] = {}
    todo = []
    for index, (page, key) in enumerate(zip(pages, keys, strict=True)):
        known = store.get(key)
        if known is not None and (writer is None or writer.reuse(paths[index], key)):
            targets[page.url] = known
        else:
            todo.append(index)
    docs: list[Document | None] = [None] * len(pages)
    for index in todo:
        docs[index] = document(index)
    failed_at: set[tuple[str, int | None]] = set()
    if jobs > 1 and len(todo) >= parallel.WORTH_A_POOL:
        renderer.load_templates()
    for index, result in zip(todo, parallel.run(_render, _RenderJob(renderer, docs, origin), todo, jobs), strict=True):
        if isinstance(result, Problem):
            if (result.path, result.line) not in failed_at:  # one message per broken template line
                failed_at.add((result.path, result.line))
                problems.error(result.path, result.message, result.line)
            continue
        data, found = result
        found = tuple((sys.intern(link), sys.intern(target)) for link, target in found)
        if writer is not None:
            writer.write(paths[index], data, keys[index])
        store.put(keys[index], found)
        targets[pages[index].url] = found
    return targets


def page_keys(pages: list[PageFacts], inputs: list[Callable[[], str]], document: Callable[[int], Document],
              templates: dict[str, str], common: dict[str, str], known: Store) -> list[str]:
    """Each page's key: the digest of its head and view, its template with every template it
    uses, and ``common``: per language, the digest of what its pages share (strings, assets,
    chrome). Nothing else goes in, since nothing else can change a page: its address and language
    are in its head (the canonical address, the chrome's language); and no tag, since page keys
    are compared only with page keys.

    A page's view is made only when what it is made from changed (``inputs``, documents._Builder:
    a course page's course whole, a list page's every listed course as listed, without its body): ``known`` maps the
    digest of those inputs to the key the view gave last time. So an edit views only the pages
    it touches, and of those renders only the pages whose view changed (a course's body edited
    leaves the catalogue's cards, and so the catalogue, as they were)."""
    keys = []
    for index, page in enumerate(pages):
        shared = (common[page.lang], templates[page.template])
        made_from = digest(*shared, page.url, inputs[index]())
        key = known.get(made_from)
        if key is None:
            doc = document(index)
            key = digest(*shared, doc.head, doc.view)
            known.put(made_from, key)
        keys.append(key)
    return keys
